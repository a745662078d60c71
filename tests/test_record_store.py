"""The record store (record_store.py) on its own: keys, versions, expiry, broken files.

The records stored here are built by the test (the store keeps any record); the tests of
the store inside ``resolve`` (tests/test_record_store_resolve.py) use the real arXiv resolver
on recorded responses.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from imgsynth_refs.errors import DataError, UsageError
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.models import ArxivInfo, Person, Reference, WorkType
from imgsynth_refs.record_store import EXPIRY, RECORDS_FILE, RecordStore

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
ARXIV_ID = "2204.08348"


class Clock:
    """A settable UTC clock."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def preprint(version: int) -> Reference:
    return Reference(
        type=WorkType.PREPRINT,
        title=f"Version {version}",
        authors=[Person(family="Müller", given="Ann")],
        year=2022,
        arxiv=ArxivInfo(id=ARXIV_ID, version=version, published=date(2022, 4, 18)),
        url=f"https://arxiv.org/abs/{ARXIV_ID}",
    )


def arxiv(version: int | None = None) -> Identifier:
    return Identifier("arxiv", ARXIV_ID, version)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock):
    with RecordStore(tmp_path / "cache", clock=clock) as store:
        yield store


def test_a_record_comes_back_as_stored_with_its_source_and_time(tmp_path, clock):
    doi = Identifier("doi", "10.1145/3422622")
    record = preprint(3).model_copy(update={"doi": "10.1145/3422622"})
    with RecordStore(tmp_path, clock=clock) as store:
        store.put([(doi, record, "crossref")])
    clock.now = T0 + timedelta(days=1)
    with RecordStore(tmp_path, clock=clock) as store:  # persistent: a new connection
        found = store.get(doi, max_age=EXPIRY)
        assert store.get(Identifier("doi", "10.1145/other"), max_age=None) is None
    assert found is not None
    assert found.reference == record
    assert found.source == "crossref"
    assert found.stored == T0
    assert (tmp_path / RECORDS_FILE).is_file()


# Rows are (version asked, version of the record); None asks without a version.
@pytest.mark.parametrize(
    ("rows", "asked", "online", "offline"),
    [
        ([(None, 3)], None, 3, 3),
        ([(None, 3)], 3, 3, 3),  # the unversioned answer was v3: it is that version
        ([(None, 3)], 2, None, None),  # a versioned id needs that version
        ([(1, 1)], 1, 1, 1),
        ([(1, 1)], None, None, 1),  # online, only arXiv says which version is the latest
        ([(1, 1), (None, 3)], 1, 1, 1),
        ([(1, 1), (None, 3)], None, 3, 3),
        ([(None, 2), (3, 3)], None, 3, 3),  # a later version stored since wins
        ([(1, 1), (2, 2)], None, None, 2),  # offline: the latest stored version
    ],
)
def test_versioned_and_unversioned_arxiv_ids(store, rows, asked, online, offline):
    store.put([(arxiv(version), preprint(record), "arxiv") for version, record in rows])
    for max_age, expected in ((EXPIRY, online), (None, offline)):
        found = store.get(arxiv(asked), max_age=max_age)
        assert (found.reference.arxiv.version if found else None) == expected, max_age


def test_of_two_rows_of_one_version_the_one_asked_that_way_wins(store):
    asked_v3 = preprint(3).model_copy(update={"url": f"https://arxiv.org/abs/{ARXIV_ID}v3"})
    store.put([(arxiv(None), preprint(3), "arxiv"), (arxiv(3), asked_v3, "arxiv")])
    assert store.get(arxiv(3), max_age=EXPIRY).reference == asked_v3
    assert store.get(arxiv(None), max_age=EXPIRY).reference == preprint(3)


NO_PAPER = "arXiv has no paper with this id"


def test_a_source_not_knowing_an_id_is_stored_and_then_replaced_by_a_record(store, clock):
    store.put([(arxiv(), NO_PAPER, "arxiv")])
    found = store.get(arxiv(), max_age=EXPIRY)
    assert (found.reference, found.reason, found.source, found.stored) == (
        None,
        NO_PAPER,
        "arxiv",
        T0,
    )
    clock.now = T0 + EXPIRY + timedelta(seconds=1)
    assert store.get(arxiv(), max_age=EXPIRY) is None
    store.put([(arxiv(), preprint(1), "arxiv")])
    assert store.get(arxiv(), max_age=EXPIRY).reference == preprint(1)


# Rows are (version asked, record version or None for "not known").
@pytest.mark.parametrize(
    ("rows", "asked", "online", "offline"),
    [
        ([(None, None)], None, NO_PAPER, NO_PAPER),
        ([(None, None)], 2, None, None),  # only the form that was asked
        ([(2, None)], 2, NO_PAPER, NO_PAPER),
        ([(2, None)], None, None, None),
        ([(None, None), (1, 1)], None, None, 1),  # a stored record proves the paper exists
        ([(None, None), (1, 1)], 1, 1, 1),
    ],
)
def test_not_known_answers_only_the_form_asked(store, rows, asked, online, offline):
    store.put(
        [
            (arxiv(version), NO_PAPER if record is None else preprint(record), "arxiv")
            for version, record in rows
        ]
    )
    for max_age, expected in ((EXPIRY, online), (None, offline)):
        found = store.get(arxiv(asked), max_age=max_age)
        got = found and (found.reason or found.reference.arxiv.version)
        assert got == expected, max_age


def test_online_a_record_expires_with_the_http_cache_offline_never(store, clock):
    from imgsynth_refs.sources.http import CACHE_EXPIRY

    assert EXPIRY == CACHE_EXPIRY
    store.put([(arxiv(), preprint(3), "arxiv")])
    clock.now = T0 + EXPIRY
    assert store.get(arxiv(), max_age=EXPIRY) is not None
    clock.now = T0 + EXPIRY + timedelta(seconds=1)
    assert store.get(arxiv(), max_age=EXPIRY) is None
    assert store.get(arxiv(), max_age=None) is not None


def test_put_replaces_the_row_of_the_same_identifier(store, clock):
    store.put([(arxiv(), preprint(2), "arxiv")])
    clock.now = T0 + timedelta(hours=1)
    store.put([(arxiv(), preprint(3), "arxiv")])
    found = store.get(arxiv(), max_age=None)
    assert (found.reference, found.stored) == (preprint(3), clock.now)
    assert store._db.execute("SELECT count(*) FROM records").fetchone() == (1,)


def test_one_put_is_one_transaction(store):
    """A row the database refuses (no source: a bug) leaves none of the put stored."""
    doi = Identifier("doi", "10.1000/x")
    with pytest.raises(DataError, match="NOT NULL constraint failed"):
        store.put([(arxiv(), preprint(3), "arxiv"), (doi, preprint(3), None)])  # type: ignore[list-item]
    assert store.get(arxiv(), max_age=None) is None


def test_a_row_that_no_longer_reads_as_a_record_is_a_miss(store):
    """E.g. written by a version whose record model had other fields."""
    store.put([(arxiv(), preprint(3), "arxiv")])
    with store._db:
        store._db.execute("UPDATE records SET record = ?", ('{"title": "x", "colour": 1}',))
    assert store.get(arxiv(), max_age=None) is None
    store.put([(arxiv(), preprint(3), "arxiv")])
    assert store.get(arxiv(), max_age=None).reference == preprint(3)


def test_a_corrupt_store_is_one_error_naming_the_file_and_the_remedy(tmp_path):
    (tmp_path / RECORDS_FILE).write_bytes(b"not a database, just bytes" * 100)
    with pytest.raises(DataError, match=r"records\.sqlite: .*not a database.*delete it"):
        RecordStore(tmp_path)


def test_a_file_with_another_table_of_that_name_is_refused_likewise(tmp_path):
    with sqlite3.connect(tmp_path / RECORDS_FILE) as other:
        other.execute("CREATE TABLE records (key TEXT PRIMARY KEY, value BLOB)")
    other.close()
    with pytest.raises(DataError, match=r"records\.sqlite: .*no such column.*delete it"):
        RecordStore(tmp_path)


def test_a_cache_dir_that_is_a_file_is_a_usage_error_naming_the_variable(tmp_path):
    (tmp_path / "cache").write_text("")
    with pytest.raises(UsageError, match=r"^IMGSYNTH_REFS_CACHE_DIR: .*cache is not a folder"):
        RecordStore(tmp_path / "cache")
