"""A persistent store of resolved records, one per identifier, beside the HTTP cache.

The HTTP cache (requests-cache) keeps whole answers keyed by URL, and arXiv ids go out in
batched ``id_list`` queries, so an id asked with others is found there only when asked in the
same batch again. This store keeps what a source said about each identifier, under the
identifier it was asked as, so that any subset or reordering of earlier inputs is answered
without a request, online or offline (:func:`imgsynth_refs.resolve.resolve` asks it after
the shipped catalog and before the sources).

One table in ``Config.cache_dir / "records.sqlite"``, through the standard library's
:mod:`sqlite3` (the HTTP cache is SQLite too; no further dependency):

- key: ``kind`` and ``id`` as :class:`~imgsynth_refs.identifiers.Identifier` normalises them,
  and ``version``, the arXiv version asked for (0 when none was);
- the record as JSON (the model's own ``model_dump_json``) and the version it describes
  (arXiv), or, for an identifier the source answered it does not know, the source's reason
  (as the HTTP cache keeps arXiv's answer without an entry); the source; when it was stored
  (UTC, ISO 8601). Transient faults are never stored.

Lookups (:meth:`RecordStore.get`): a versioned arXiv id needs a record of that version (the
row asked with it, else an unversioned answer that was that version). An unversioned id takes
the highest version stored; online that needs a fresh row asked without a version (only arXiv
says which version is the latest), offline (``max_age=None``) any row will do. "Not known" is
the answer only for the identifier asked in that very form, and only when no record of the
work is stored. Rows older than ``max_age`` are not used. A row that no longer validates (the
record model changed) is a miss, replaced by the next answer. Each :meth:`RecordStore.put` is
one transaction.

The policy for both caches (this store and the HTTP cache): a file that cannot be *read*
(corrupt, another schema, unreadable) raises :class:`~imgsynth_refs.errors.DataError` naming
it and the remedy (exit status 1); a cache that cannot be *written* (full disk, read-only
folder, a folder that cannot be made) is a warning naming it (logger ``imgsynth_refs``, shown
on stderr), and the run goes on without storing: the results still go out.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

from .cache import CACHE_EXPIRY, cache_folder
from .errors import DataError
from .identifiers import Identifier
from .models import Reference

__all__ = ["EXPIRY", "RECORDS_FILE", "RecordStore", "StoreKey", "StoredRecord"]


class StoreKey(NamedTuple):
    """A key that is no identifier: an answer about one (``arxiv-published`` + an arXiv id:
    the published version ``upgrade`` found for that preprint)."""

    kind: str
    id: str
    version: int | None = None


RECORDS_FILE = "records.sqlite"
"""File name of the store inside ``Config.cache_dir``."""

EXPIRY = CACHE_EXPIRY
"""How long a stored record is used online, as the HTTP cache uses a response (offline, any
age is used)."""

_COLUMNS = "kind, id, version, record_version, source, stored, record, reason"
_INSERT = f"INSERT OR REPLACE INTO records ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    record_version INTEGER,
    source TEXT NOT NULL,
    stored TEXT NOT NULL,
    record TEXT,
    reason TEXT,
    CHECK ((record IS NULL) != (reason IS NULL)),
    PRIMARY KEY (kind, id, version)
)
"""


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """What the store holds for an identifier: a record, or the reason its source gave for
    not knowing it."""

    reference: Reference | None
    """The record; None when the source does not know the identifier."""
    source: str
    """The resolver that answered (``arxiv``, ``neurips``, ...)."""
    stored: datetime
    """When it was stored (UTC)."""
    reason: str = ""
    """Why there is no record (``arXiv has no paper with this id``)."""


def _now() -> datetime:
    return datetime.now(UTC)


class RecordStore:
    """The record store in ``cache_dir`` (created when missing); close it after use."""

    def __init__(self, cache_dir: Path, *, clock: Callable[[], datetime] = _now) -> None:
        """Open (or create) ``cache_dir / RECORDS_FILE``; ``clock`` gives the current UTC time.

        Raises :class:`UsageError` when the folder cannot be used and :class:`DataError`
        when the file is not a record store.
        """
        self.path = cache_dir / RECORDS_FILE
        self._clock = clock
        self.unwritable: str | None = None
        """Why nothing is stored (the store could not be written), or None."""
        self._db = sqlite3.connect(":memory:")
        with cache_folder(cache_dir, ()):
            pass  # a file where the folder should be is a usage error
        existed = self.path.exists()
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            if existed:
                raise DataError(f"cannot read it: {exc}", file=str(self.path)) from None
            self._cannot_write(exc)
            return
        try:
            with db:
                if _has_table(db):
                    db.execute(f"SELECT {_COLUMNS} FROM records LIMIT 0")
                else:
                    db.execute(_SCHEMA)
        except sqlite3.OperationalError as exc:
            db.close()
            if not existed or _is_write_error(exc):
                self._cannot_write(exc)
                return
            raise self._broken(exc) from None
        except sqlite3.Error as exc:
            db.close()
            raise self._broken(exc) from None
        self._db.close()
        self._db = db

    def _broken(self, exc: sqlite3.Error) -> DataError:
        return DataError(f"{exc}; delete it to start a new cache", file=str(self.path))

    def _cannot_write(self, exc: BaseException) -> None:
        """Go on without storing (an empty store in memory), saying so once."""
        reason = getattr(exc, "strerror", None) or str(exc)
        self.unwritable = reason
        _log.warning(
            "imgsynth-refs: warning: %s: cannot store resolved records (%s); the results "
            "still go out, but a later run asks the sources again",
            self.path,
            reason,
        )
        self._db.close()
        self._db = sqlite3.connect(":memory:")
        with self._db:
            self._db.execute(_SCHEMA)

    def get(
        self, ident: Identifier | StoreKey, *, max_age: timedelta | None
    ) -> StoredRecord | None:
        """What is stored for ``ident``, or None; rows older than ``max_age`` are skipped
        (``None``: any age, and an unversioned arXiv id may take any stored version). Of two
        records of one version, the one asked in the same form as ``ident`` wins."""
        query = f"SELECT {_COLUMNS} FROM records WHERE kind = ? AND id = ?"
        try:
            rows = self._db.execute(query, (ident.kind, ident.id)).fetchall()
        except sqlite3.Error as exc:
            raise self._broken(exc) from None
        now = self._clock()
        asked = ident.version or 0
        records: list[tuple[int, bool, StoredRecord]] = []
        unknown: StoredRecord | None = None
        for _kind, _id, version, record_version, source, stored, record, reason in rows:
            found = _load(source, stored, record, reason)
            if found is None or (max_age is not None and now - found.stored > max_age):
                continue
            if found.reference is None:
                if version == asked:
                    unknown = found
            elif ident.version is None or ident.version in (version, record_version):
                records.append((record_version or 0, version == asked, found))
        if ident.version is None and max_age is not None and not any(r[1] for r in records):
            # online, only arXiv says which version is the latest
            return unknown if not records else None
        if records:
            return max(records, key=lambda row: row[:2])[2]
        return unknown

    def put(self, answers: Iterable[tuple[Identifier | StoreKey, Reference | str, str]]) -> None:
        """Store ``(identifier, answer, source)`` triples in one transaction, replacing what
        was stored for the same identifier. An answer is a record, or the source's reason for
        not knowing the identifier (never a transient fault)."""
        stored = self._clock().isoformat(timespec="seconds")
        rows = [
            (
                ident.kind,
                ident.id,
                ident.version or 0,
                answer.arxiv.version
                if isinstance(answer, Reference) and answer.arxiv is not None
                else None,
                source,
                stored,
                answer.model_dump_json() if isinstance(answer, Reference) else None,
                None if isinstance(answer, Reference) else answer,
            )
            for ident, answer, source in answers
        ]
        if not rows:
            return
        try:
            with self._db:
                self._db.executemany(_INSERT, rows)
        except sqlite3.OperationalError as exc:
            if not _is_write_error(exc):
                raise self._broken(exc) from None
            self._cannot_write(exc)
        except sqlite3.DatabaseError as exc:
            raise self._broken(exc) from None

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


_log = logging.getLogger(__name__)

_WRITE_ERRORS = ("full", "readonly", "read-only", "unable to open", "disk i/o")


def _is_write_error(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite failed to write (full disk, read-only file or folder)."""
    return any(words in str(exc).lower() for words in _WRITE_ERRORS)


def _has_table(db: sqlite3.Connection) -> bool:
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'records'")
    return found.fetchone() is not None


def _load(source: object, stored: object, record: object, reason: object) -> StoredRecord | None:
    """A row's answer, or None when it no longer reads as one."""
    if not isinstance(source, str) or not isinstance(stored, str):
        return None
    try:
        when = datetime.fromisoformat(stored)
        if when.tzinfo is None:
            return None
        if isinstance(record, str):
            return StoredRecord(Reference.model_validate_json(record), source, when)
    except ValueError:  # pydantic's ValidationError is one
        return None
    if isinstance(reason, str) and reason:
        return StoredRecord(None, source, when, reason)
    return None
