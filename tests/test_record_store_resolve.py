"""The record store inside ``resolve``: subsets, reorderings and --offline need no request.

The real arXiv resolver and HTTP stack run against conftest's ``sources_server``, which
replays the recorded arXiv answers of tests/fixtures/arxiv (arxiv_helpers.ArxivReplay: an
id_list that was not recorded gets a feed ASSEMBLED from the recorded header and the
recorded entries of its ids) and the recorded DBLP search answer (one unrelated hit).
The HTTP cache alone answers a batch only when asked again with the same ids; these tests
ask in other batches, so the answers can only come from the record store (the control test
shows the HTTP cache alone asking again). The last test uses a fake source, to make it
answer "not found" and fail for other ids.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence

import pytest

from arxiv_helpers import API_PATH
from export_helpers import run_cli
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.models import Catalog, Person, Reference, WorkType
from imgsynth_refs.record_store import RECORDS_FILE
from imgsynth_refs.resolve import ResolveReport, resolve
from imgsynth_refs.sources.arxiv import ArxivResolver
from imgsynth_refs.sources.base import Failed, Outcome, Resolved
from imgsynth_refs.sources.config import Config
from imgsynth_refs.sources.http import make_session

EMPTY = Catalog(eras=[], references=[])

RECORDED = [
    "1202.4527",
    "1205.1866",
    "1605.08386",
    "1707.08567",
    "1812.11470",
    "2005.14124",
    "2104.12255",
    "2202.12139",
    "2204.08348",
    "2302.03287",
    "2405.13786",
    "2502.07719",
    "2503.05378",
    "astro-ph/0601001",
    "quant-ph/0201082",
]
"""Every paper with a recorded arXiv entry (none of them in the shipped bibliography)."""


def arxiv_requests(server) -> list[list[str]]:
    return [r.args["id_list"].split(",") for r, _ in server.log if r.path == API_PATH]


def run(ids: Sequence[str], *, batch_size: int = 100, **options) -> ResolveReport:
    """resolve() of arXiv ids with the real arXiv resolver, ``batch_size`` ids per query."""
    config = Config.from_env()
    offline, refresh = options.get("offline", False), options.get("refresh", False)
    with make_session(config, offline=offline, refresh=refresh) as session:
        resolver = ArxivResolver(session, config, batch_size=batch_size)
        return resolve(
            [f"arXiv:{i}" for i in ids],
            session=session,
            config=config,
            catalog=EMPTY,
            prefer="arxiv",
            resolvers=[resolver],
            **options,
        )


def titles(report: ResolveReport) -> dict[str, str]:
    return {item.identifier.id: item.reference.title for item in report.items}


def test_subsets_and_reorderings_of_earlier_batches_make_no_request(sources_server):
    first = run(RECORDED, batch_size=4)
    assert first.ok, first.failures
    assert first.requests == 4
    assert [len(batch) for batch in arxiv_requests(sources_server)] == [4, 4, 4, 3]

    again = run(list(reversed(RECORDED)), batch_size=4)  # other batches than before
    assert again.ok, again.failures
    assert again.requests == 0
    assert titles(again) == titles(first)

    subset = RECORDED[1::3]
    alone = run(subset, offline=True)
    assert alone.ok, alone.failures
    assert alone.requests == 0
    assert titles(alone) == {i: titles(first)[i] for i in subset}
    for one in ("1605.08386", "quant-ph/0201082"):
        assert run([one], offline=True).ok
    assert len(arxiv_requests(sources_server)) == 4


def test_without_the_store_the_http_cache_alone_would_ask_again(sources_server):
    """The control: the same reordering with the store deleted sends new batches."""
    run(RECORDED, batch_size=4)
    (Config.from_env().cache_dir / RECORDS_FILE).unlink()
    offline = run(RECORDED[:2], offline=True)
    assert [f.identifier.id for f in offline.failures] == RECORDED[:2]
    miss = "arXiv: request failed: offline, and not in the cache: "
    assert all(f.reason.startswith(miss) for f in offline.failures)
    assert f"id_list={'%2C'.join(RECORDED[:2])}&" in offline.failures[0].reason
    assert run(list(reversed(RECORDED)), batch_size=4).requests == 4


def test_refresh_bypasses_the_store_and_rewrites_it(sources_server):
    run(RECORDED[:3])
    path = Config.from_env().cache_dir / RECORDS_FILE
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE records SET stored = '2000-01-01T00:00:00+00:00', record = "
            "replace(record, 'Heat-bath', 'STALE')"
        )
    db.close()
    assert "STALE" in titles(run(RECORDED[:3], offline=True))["1605.08386"]

    fresh = run(list(reversed(RECORDED[:3])), refresh=True)
    assert fresh.requests == 1
    assert titles(fresh)["1605.08386"] == "Heat-bath random walks with Markov bases"
    with sqlite3.connect(path) as db:
        stored = db.execute("SELECT stored FROM records ORDER BY id").fetchall()
    db.close()
    assert len(stored) == 3
    assert all(not when.startswith("2000") for (when,) in stored)
    assert run(RECORDED[:1]).requests == 0


def test_online_an_expired_record_is_asked_again_offline_it_is_used(sources_server):
    run(RECORDED[:2])
    with sqlite3.connect(Config.from_env().cache_dir / RECORDS_FILE) as db:
        db.execute("UPDATE records SET stored = '2000-01-01T00:00:00+00:00'")
    db.close()
    assert run(RECORDED[1:2], offline=True).ok
    online = run(RECORDED[1:2])
    assert online.ok
    assert online.requests == 1  # one id alone: a batch the HTTP cache has not seen


@pytest.mark.parametrize(
    ("first", "then", "offline", "version", "requests"),
    [
        # 2204.08348 is at v3 in the recording; 2005.14124 at v2
        ("2204.08348", "2204.08348v3", True, 3, 0),  # the unversioned answer was v3
        ("2204.08348", "2204.08348", True, 3, 0),
        ("2204.08348v3", "2204.08348", True, 3, 0),  # offline: the latest stored version
        ("2204.08348v3", "2204.08348", False, 3, 1),  # online: arXiv says which is latest
        ("2005.14124v2", "2005.14124v2", False, 2, 0),
    ],
)
def test_versioned_and_unversioned_ids(sources_server, first, then, offline, version, requests):
    assert run([first, "1605.08386"]).ok
    report = run([then], offline=offline)
    assert report.ok, report.failures
    (ref,) = report.references
    assert ref.arxiv.version == version
    assert report.requests == requests


def test_a_version_never_resolved_is_not_taken_from_another(sources_server):
    assert run(["2204.08348"]).ok
    report = run(["2204.08348v1"], offline=True)
    (failure,) = report.failures
    assert "offline, and not in the cache" in failure.reason


# ----------------------------------------------------------------------------- CLI


def test_cli_offline_finds_each_id_of_an_earlier_batch_alone(sources_server, capsys):
    """Default --prefer published: the DBLP search of each preprint is one URL per title,
    so the HTTP cache answers it for any subset (the store keeps the source records)."""
    status, _out, err = run_cli(capsys, "resolve", "1605.08386", "1707.08567", "2502.07719")
    assert status == 0, err
    asked = len(sources_server.log)  # one arXiv batch and a DBLP search per preprint
    assert asked == 4
    assert len(arxiv_requests(sources_server)) == 1
    for one, eprint in (("1707.08567", "1707.08567"), ("arxiv.org/abs/2502.07719v2", "2502.07719")):
        status, out, err = run_cli(capsys, "resolve", one, "--offline")
        assert status == 0, err
        assert "eprint        = {" + eprint + "}" in out
        assert err.splitlines() == [
            "imgsynth-refs: resolved 1 work (0 from the shipped bibliography, 1 from the "
            "record store, 0 from the sources), 0 failed, "
            "0 requests (offline)"
        ]
    status, _out, err = run_cli(capsys, "resolve", "2502.07719", "1605.08386")
    assert status == 0, err
    assert (
        "resolved 2 works (0 from the shipped bibliography, 2 from the record store, "
        "0 from the sources), 0 failed, 0 requests"
    ) in err
    assert len(sources_server.log) == asked


def test_cli_a_corrupt_store_is_one_line_and_exit_1(sources_server, capsys):
    cache = Config.from_env().cache_dir
    cache.mkdir(parents=True)
    (cache / RECORDS_FILE).write_bytes(b"garbage" * 200)
    status, out, err = run_cli(capsys, "resolve", "1605.08386")
    assert status == 1
    assert out == ""
    assert err.splitlines() == [
        f"imgsynth-refs: error: {cache / RECORDS_FILE}: file is not a database; "
        "delete it to start a new cache"
    ]
    assert sources_server.log == []
    (cache / RECORDS_FILE).unlink()
    assert run_cli(capsys, "resolve", "1605.08386")[0] == 0


# ---------------------------------------------------------- 250 ids, three batches


def test_250_ids_make_3_requests_then_none_in_any_order_or_subset(sources_server):
    """The 15 recorded papers and 235 well-formed ids arXiv does not have (answered without
    an entry, as arXiv does): what arXiv said about each id is stored, records and "no such
    paper" alike."""
    import random

    unknown = [f"2101.{n:05d}" for n in range(1, 251 - len(RECORDED))]
    ids = RECORDED + unknown
    first = run(ids)
    assert (first.requests, len(first.references), len(first.failures)) == (3, 15, 235)
    assert {f.reason for f in first.failures} == {"arXiv has no paper with this id"}
    assert run(ids).requests == 0

    shuffled = run(random.Random(4).sample(ids, len(ids)))
    assert (shuffled.requests, len(shuffled.references), len(shuffled.failures)) == (0, 15, 235)
    assert titles(shuffled) == titles(first)
    (reason,) = {f.reason for f in shuffled.failures}
    assert re.fullmatch(
        r"arXiv has no paper with this id \(stored answer of \d{4}-\d\d-\d\d\)", reason
    )

    subset = run(ids[::7], offline=True)
    assert subset.requests == 0
    assert titles(subset) == {i: titles(first)[i] for i in ids[::7] if i in RECORDED}
    assert {f.identifier.id for f in subset.failures} == set(ids[::7]) - set(RECORDED)
    assert [len(batch) for batch in arxiv_requests(sources_server)] == [100, 100, 50]


# ------------------------------------------------- what is stored, with fake sources


class Source:
    """A source that knows some ids, says it does not know ``unknown`` and fails the rest;
    records every call."""

    name = "fake"
    kinds = frozenset({"doi"})

    def __init__(self, known: dict[str, Reference], unknown: set[str]) -> None:
        self.known, self.unknown = known, unknown
        self.calls: list[list[str]] = []

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        self.calls.append([i.id for i in identifiers])
        return [
            Resolved(i, self.known[i.id])
            if i.id in self.known
            else Failed(i, "fake: no such DOI", not_found=True)
            if i.id in self.unknown
            else Failed(i, "fake: HTTP 503")
            for i in identifiers
        ]


def test_only_records_and_not_found_answers_are_stored_never_faults():
    record = Reference(
        type=WorkType.JOURNAL_ARTICLE,
        title="Known",
        authors=[Person(family="Doe", given="Jo")],
        journal="J",
        year=2020,
        doi="10.1000/known",
    )
    source = Source({"10.1000/known": record}, {"10.1000/gone"})
    inputs = ["10.1000/known", "10.1000/gone", "10.1000/down"]
    options = {"catalog": EMPTY, "prefer": "arxiv", "resolvers": [source]}
    first = resolve(inputs, **options)
    again = resolve(list(reversed(inputs)), **options)
    assert source.calls == [inputs, ["10.1000/down"]]
    keyed = record.model_copy(update={"key": "doe2020known"})
    assert again.references == first.references == [keyed]
    assert [item.source for item in again.items] == ["fake"]
    reasons = {f.identifier.id: f.reason for f in again.failures}
    assert reasons["10.1000/down"] == "fake: HTTP 503"
    assert reasons["10.1000/gone"].startswith("fake: no such DOI (stored answer of ")
    resolve(inputs, refresh=True, **options)
    assert source.calls[-1] == inputs


# ------------------------------------------------- one policy for caches: read vs write


def test_a_shipped_work_offline_needs_nothing_writable(tmp_path):
    """HOME that cannot be written and no cache variable: the shipped catalog suffices."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("IMGSYNTH_REFS_", "XDG_"))}
    env["HOME"] = "/proc/1/no-such-home"  # not even root can make a folder here
    done = subprocess.run(
        [sys.executable, "-m", "imgsynth_refs", "resolve", "--offline", "arXiv:1511.06434"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr.count("error")) == (0, 0), done.stderr
    assert "radford2016unsupervised" in done.stdout


def test_a_cache_folder_that_cannot_be_made_is_a_warning(
    sources_server, monkeypatch, capsys, caplog
):
    """Warnings go to the ``imgsynth_refs`` loggers (on stderr when nothing else is set up)."""
    monkeypatch.setenv("IMGSYNTH_REFS_CACHE_DIR", "/proc/1/no-such-cache")
    status, out, _ = run_cli(capsys, "resolve", "1605.08386", "1707.08567")
    assert status == 0
    assert out.count("@misc{") == 2
    assert "records.sqlite: cannot store resolved records" in caplog.text
    assert "http-cache.sqlite: cannot write the HTTP cache" in caplog.text


def test_a_full_disk_under_the_store_is_a_warning_and_the_results_go_out(
    sources_server, monkeypatch, capsys, caplog, tmp_path
):
    """SYNTHESISED full disk: SQLite's own 'database or disk is full', from a page limit."""
    import imgsynth_refs.record_store as record_store

    real = sqlite3.connect

    def small_disk(*args, **kwargs):
        db = real(*args, **kwargs)
        if str(args[0]).endswith(RECORDS_FILE):
            db.execute("PRAGMA max_page_count = 3")
        return db

    monkeypatch.setattr(record_store.sqlite3, "connect", small_disk)
    out_file = tmp_path / "out.bib"
    status, _, err = run_cli(capsys, "resolve", *RECORDED[:6], "-o", str(out_file))
    assert status == 0
    assert out_file.read_text().count("@misc{") == 6
    assert "cannot store resolved records (database or disk is full)" in caplog.text
    assert "delete it" not in err + caplog.text


@pytest.mark.parametrize("name", [RECORDS_FILE, "http-cache.sqlite"])
def test_a_cache_file_that_cannot_be_read_is_one_error_naming_it(sources_server, capsys, name):
    """Both caches, one policy: exit status 1, the file named (here a folder in its place)."""
    cache = Config.from_env().cache_dir
    (cache / name).mkdir(parents=True)
    status, out, err = run_cli(capsys, "resolve", "1605.08386")
    assert (status, out) == (1, "")
    assert err.startswith(f"imgsynth-refs: error: {cache / name}: ")
    assert err.count("\n") == 1


def test_a_corrupt_page_of_the_http_cache_is_one_error_naming_it(sources_server, capsys):
    assert run_cli(capsys, "resolve", "1605.08386")[0] == 0
    cache = Config.from_env().cache_dir / "http-cache.sqlite"
    data = bytearray(cache.read_bytes())
    data[4096:] = b"\xff" * (len(data) - 4096)  # every page after the first
    cache.write_bytes(bytes(data))
    (cache.parent / RECORDS_FILE).unlink()
    status, out, err = run_cli(capsys, "resolve", "1605.08386")
    assert (status, out) == (1, "")
    assert f"{cache}: " in err and "delete it to start a new cache" in err
    assert "DatabaseError" not in err
