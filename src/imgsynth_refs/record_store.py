"""A persistent store of resolved records, one per identifier, beside the HTTP cache.

The HTTP cache (requests-cache) keeps whole answers keyed by URL, and arXiv ids go out in
batched ``id_list`` queries, so an id asked with others is found there only when asked in the
same batch again. This store keeps every record a source gave under the identifier it was
asked as, so that any subset or reordering of earlier inputs is answered without a request,
online or offline (:func:`imgsynth_refs.resolve.resolve` asks it after the shipped catalog
and before the sources).

One table in ``Config.cache_dir / "records.sqlite"``, through the standard library's
:mod:`sqlite3` (the HTTP cache is SQLite too; no further dependency):

- key: ``kind`` and ``id`` as :class:`~imgsynth_refs.identifiers.Identifier` normalises them,
  and ``version``, the arXiv version asked for (0 when none was);
- the record as JSON (the model's own ``model_dump_json``), the version the record describes
  (arXiv), the source that gave it, and when it was stored (UTC, ISO 8601).

Lookups (:meth:`RecordStore.get`): a versioned arXiv id needs a record of that version (the
row asked with it, else an unversioned answer that was that version). An unversioned id takes
the highest version stored; online that needs a fresh row asked without a version (only arXiv
says which version is the latest), offline (``max_age=None``) any row will do. Rows older
than ``max_age`` are not used. A row that no longer validates (the record model changed) is a
miss, replaced by the next answer. Each :meth:`RecordStore.put` is one transaction. A file
that is not a store (corrupt, another schema) raises :class:`~imgsynth_refs.errors.DataError`
naming it and the remedy, as the HTTP cache does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from .errors import DataError, UsageError
from .identifiers import Identifier
from .models import Reference

__all__ = ["EXPIRY", "RECORDS_FILE", "RecordStore", "StoredRecord"]

RECORDS_FILE = "records.sqlite"
"""File name of the store inside ``Config.cache_dir``."""

EXPIRY = timedelta(days=30)
"""How long a stored record is used online; the HTTP cache's ``CACHE_EXPIRY`` (offline, any
age is used)."""

_COLUMNS = "kind, id, version, record_version, source, stored, record"
_INSERT = f"INSERT OR REPLACE INTO records ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    record_version INTEGER,
    source TEXT NOT NULL,
    stored TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (kind, id, version)
)
"""


@dataclass(frozen=True, slots=True)
class StoredRecord:
    """A record found in the store."""

    reference: Reference
    source: str
    """The resolver that gave it (``arxiv``, ``neurips``, ...)."""
    stored: datetime
    """When it was stored (UTC)."""


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
        if cache_dir.exists() and not cache_dir.is_dir():
            raise UsageError(f"IMGSYNTH_REFS_CACHE_DIR: {cache_dir} is not a folder")
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(f"IMGSYNTH_REFS_CACHE_DIR: {cache_dir}: {exc}") from None
        try:
            with self._db:
                self._db.execute(_SCHEMA)
                self._db.execute(f"SELECT {_COLUMNS} FROM records LIMIT 0")
        except sqlite3.Error as exc:
            self._db.close()
            raise self._broken(exc) from None

    def _broken(self, exc: sqlite3.Error) -> DataError:
        return DataError(f"{exc}; delete it to start a new cache", file=str(self.path))

    def get(self, ident: Identifier, *, max_age: timedelta | None) -> StoredRecord | None:
        """The stored record for ``ident``, or None; rows older than ``max_age`` are skipped
        (``None``: any age, and an unversioned arXiv id may take any stored version). Of two
        rows of one version, the one asked in the same form as ``ident`` wins."""
        query = (
            "SELECT version, record_version, source, stored, record FROM records "
            "WHERE kind = ? AND id = ?"
        )
        try:
            rows = self._db.execute(query, (ident.kind, ident.id)).fetchall()
        except sqlite3.Error as exc:
            raise self._broken(exc) from None
        now = self._clock()
        asked = ident.version or 0
        usable: list[tuple[int, bool, StoredRecord]] = []
        for version, record_version, source, stored, record in rows:
            if ident.version is not None and ident.version not in (version, record_version):
                continue
            found = _load(source, stored, record)
            if found is None or (max_age is not None and now - found.stored > max_age):
                continue
            usable.append((record_version or 0, version == asked, found))
        if not usable:
            return None
        if ident.version is None and max_age is not None and not any(row[1] for row in usable):
            return None  # online, only arXiv says which version is the latest
        return max(usable, key=lambda row: row[:2])[2]

    def put(self, records: Iterable[tuple[Identifier, Reference, str]]) -> None:
        """Store ``(identifier, record, source)`` triples in one transaction, replacing rows
        of the same identifier."""
        stored = self._clock().isoformat(timespec="seconds")
        rows = [
            (
                ident.kind,
                ident.id,
                ident.version or 0,
                ref.arxiv.version if ref.arxiv is not None else None,
                source,
                stored,
                ref.model_dump_json(),
            )
            for ident, ref, source in records
        ]
        if not rows:
            return
        try:
            with self._db:
                self._db.executemany(
                    f"INSERT OR REPLACE INTO records ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.Error as exc:
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


def _load(source: object, stored: object, record: object) -> StoredRecord | None:
    """A row's record, or None when it no longer reads as one."""
    if not isinstance(source, str) or not isinstance(stored, str) or not isinstance(record, str):
        return None
    try:
        when = datetime.fromisoformat(stored)
        reference = Reference.model_validate_json(record)
    except ValueError:  # pydantic's ValidationError is one
        return None
    if when.tzinfo is None:
        return None
    return StoredRecord(reference, source, when)
