"""Errors raised by imgsynth_refs.

Every error carries enough context for a one-line message naming the input::

    ImgsynthRefsError
    ├── DataError        invalid shipped or user data (file, record, field)
    ├── UsageError       bad command-line or API arguments (unknown era, format, ...)
    ├── BibParseError    a .bib file that does not parse (file, line)
    └── SourceError      a network source failed (source, url)
        └── NotFoundError    the source answered, but does not know the id
"""

from __future__ import annotations

__all__ = [
    "BibParseError",
    "DataError",
    "ImgsynthRefsError",
    "NotFoundError",
    "SourceError",
    "UsageError",
]


class ImgsynthRefsError(Exception):
    """Base class of every error this package raises on purpose."""


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


class UsageError(ImgsynthRefsError):
    """Arguments that cannot be acted on (exit status 2 on the command line)."""


class BibParseError(ImgsynthRefsError):
    """A .bib file that does not parse; names the file and the line."""

    def __init__(self, message: str, *, file: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {message}")


class SourceError(ImgsynthRefsError):
    """A network source failed; carries the source name and the URL asked."""

    def __init__(self, message: str, *, source: str, url: str | None = None) -> None:
        self.source = source
        self.url = url
        named = url is not None and url in message
        super().__init__(f"{source}: {message}" + (f" ({url})" if url and not named else ""))


class NotFoundError(SourceError):
    """The source answered but does not know the identifier."""
