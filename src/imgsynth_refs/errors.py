"""Errors raised by imgsynth_refs.

Every error carries enough context for a one-line message naming the input, and pickles
with that context (so it crosses process boundaries, as multiprocessing needs)::

    ImgsynthRefsError
    ├── DataError        invalid shipped or user data (file, record, field)
    │   └── InputTooLargeError  an input past the input limit (file)
    ├── UsageError       bad command-line or API arguments (unknown era, format, ...)
    ├── BibParseError    a .bib file that does not parse (file, line)
    │   └── EntryParseError  one block of a .bib that does not parse (file, line, key)
    └── SourceError      a network source failed (source, url)
        └── NotFoundError    the source answered, but does not know the id

The HTTP layer's own transport errors (:mod:`imgsynth_refs.sources.http`:
``HostNotAllowedError``, ``ResponseTooLargeError``, ``OfflineError``, ``RequestDeadlineError``,
``RunDeadlineError``, ``RetryAfterTooLongError``) are ``requests``
exceptions, raised inside a session and reported as :class:`SourceError`; they live there so
that this module needs no ``requests``.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BibParseError",
    "DataError",
    "EntryParseError",
    "ImgsynthRefsError",
    "InputTooLargeError",
    "NotFoundError",
    "SourceError",
    "UsageError",
]


def _rebuild(cls: type[ImgsynthRefsError], message: str, context: dict[str, Any]) -> Any:
    return cls(message, **context)


class ImgsynthRefsError(Exception):
    """Base class of every error this package raises on purpose."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message
        """The message as given, without the context prefix."""

    def context(self) -> dict[str, Any]:
        """The keyword arguments that, with :attr:`message`, rebuild this error."""
        return {}

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, self.context()))


class DataError(ImgsynthRefsError):
    """Invalid data: names the file, the record and the field."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        record: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.record = record
        self.field = field
        where = ": ".join(
            p for p in (file, record and f"record {record!r}", field and f"field {field!r}") if p
        )
        super().__init__(f"{where}: {message}" if where else message)
        self.message = message

    def context(self) -> dict[str, Any]:
        return {"file": self.file, "record": self.record, "field": self.field}


class InputTooLargeError(DataError):
    """An input larger than the one input limit (:data:`imgsynth_refs.fileio.MAX_INPUT_BYTES`);
    names the input."""


class UsageError(ImgsynthRefsError):
    """Arguments that cannot be acted on (exit status 2 on the command line)."""


class BibParseError(ImgsynthRefsError):
    """A .bib file that does not parse; names the file and the line."""

    def __init__(self, message: str, *, file: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")
        self.message = message

    def context(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line}


class EntryParseError(BibParseError):
    """A block of a .bib file that does not parse; names the file, line and entry key."""

    def __init__(self, message: str, *, file: str, line: int | None, key: str | None) -> None:
        super().__init__(message, file=file, line=line)
        self.key = key

    def context(self) -> dict[str, Any]:
        return {**super().context(), "key": self.key}


class SourceError(ImgsynthRefsError):
    """A network source failed; carries the source name and the URL asked."""

    def __init__(self, message: str, *, source: str, url: str | None = None) -> None:
        self.source = source
        self.url = url
        named = url is not None and url in message
        super().__init__(f"{source}: {message}" + (f" ({url})" if url and not named else ""))
        self.message = message

    def context(self) -> dict[str, Any]:
        return {"source": self.source, "url": self.url}


class NotFoundError(SourceError):
    """The source answered but does not know the identifier."""
