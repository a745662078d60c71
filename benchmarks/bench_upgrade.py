"""Requests and wall time of ``upgrade`` on 250 arXiv-only entries, against the one-search-
per-preprint path that ``check`` uses today (``resolve(..., prefer="published")``).

Every source is a local server (pytest-httpserver on 127.0.0.1) replaying recorded answers
(tests/upgrade_helpers.py); politeness delays are 0. Two files:

- **A** (250 entries): 14 works of the shipped bibliography, the 3 preprints Semantic Scholar
  answers were recorded for (one published: Nature Machine Intelligence; two arXiv only), and
  231 well-formed ids that neither arXiv nor Semantic Scholar knows (the replay has no
  answer for them, as in bench_arxiv_requests.py);
- **B** (15 entries): the preprints whose arXiv answers were recorded but for which no
  Semantic Scholar answer was (its replay answers ``null``), so both paths search DBLP.

Run: ``python benchmarks/bench_upgrade.py``. Prints requests by kind and wall times for a cold
run, a warm rerun (same cache) and the old path, and checks the budget of file A: at most 3
arXiv requests, 1 Semantic Scholar request and 1 record request per upgraded entry.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pytest_httpserver import HTTPServer

from arxiv_helpers import ATOM, recorded_entries, recorded_ids
from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.models import WorkType
from imgsynth_refs.resolve import resolve
from imgsynth_refs.sources.http import make_session
from imgsynth_refs.upgrade import Status, upgrade_bib
from s2_helpers import recorded_papers
from upgrade_helpers import NATMI_ENTRY, PAPERQA_ENTRY, UpgradeServer

KINDS = {
    "/api/query": "arxiv",
    "/graph/v1/paper/batch": "s2",
    "/search/publ/api": "search",
}


def _kind(path: str) -> str:
    return KINDS.get(path, "record")


def _entry(key: str, title: str, authors: list[str], arxiv_id: str, year: int) -> str:
    people = " and ".join(authors)
    return (
        f"@article{{{key},\n  title = {{{title}}},\n  author = {{{people}}},\n"
        f"  journal = {{arXiv preprint arXiv:{arxiv_id}}},\n  year = {{{year}}}\n}}"
    )


def file_a() -> tuple[str, list[str]]:
    """250 arXiv-only entries and their ids (see the module docstring)."""
    blocks, ids = [], []
    for ref in load_catalog().references:
        if ref.arxiv is not None and ref.type is not WorkType.PREPRINT:
            names = [p.display() for p in ref.arxiv_authors]
            blocks.append(_entry(ref.key or "", ref.arxiv_title, names, ref.arxiv.id, ref.year))
            ids.append(ref.arxiv.id)
    risks = recorded_papers()["2306.12001"]
    names = [a["name"] for a in risks["authors"]]
    blocks += [
        NATMI_ENTRY,
        PAPERQA_ENTRY,
        _entry("hendrycks2023", risks["title"], names, "2306.12001", 2023),
    ]
    ids += ["2304.05376", "2312.07559", "2306.12001"]
    for n in range(250 - len(blocks)):
        arxiv_id = f"0808.{1000 + n:04d}"
        blocks.append(
            _entry(f"unknown{n}", f"A work arXiv does not know {n}", ["Doe, Jane"], arxiv_id, 2008)
        )
        ids.append(arxiv_id)
    return "\n\n".join(blocks) + "\n", ids


def file_b() -> tuple[str, list[str]]:
    """The recorded arXiv preprints (arXiv answers recorded, Semantic Scholar's not)."""
    entries = recorded_entries()
    blocks, ids = [], []
    for n, arxiv_id in enumerate(i for i in recorded_ids() if i not in recorded_papers()):
        entry = entries[arxiv_id]
        title = " ".join(entry.findtext(f"{ATOM}title").split()) or "Untitled"
        names = [a.findtext(f"{ATOM}name") for a in entry.findall(f"{ATOM}author")][:5]
        year = int(entry.findtext(f"{ATOM}published")[:4])
        blocks.append(
            _entry(f"recorded{n}", title.replace("{", "").replace("}", ""), names, arxiv_id, year)
        )
        ids.append(arxiv_id)
    return "\n\n".join(blocks) + "\n", ids


def new_path(server: UpgradeServer, config, text: str, label: str):
    before = len(server.server.log)
    started = time.monotonic()
    with make_session(config) as session:
        report = upgrade_bib(BibFile.parse(text.encode()), session=session, config=config)
    elapsed = time.monotonic() - started
    asked = Counter(_kind(r.path) for r, _ in server.server.log[before:])
    statuses = Counter(e.status.value for e in report.entries)
    print(f"  {label:<22} requests={sum(asked.values()):>3} {dict(asked)} "
          f"wall={elapsed:.2f} s outcomes={dict(statuses)}")  # fmt: skip
    return asked, report


def old_path(server: UpgradeServer, config, ids: list[str]) -> Counter[str]:
    before = len(server.server.log)
    started = time.monotonic()
    with make_session(config) as session:
        report = resolve([f"arXiv:{i}" for i in ids], session=session, config=config)
    elapsed = time.monotonic() - started
    asked = Counter(_kind(r.path) for r, _ in server.server.log[before:])
    published = sum(item.reference.type is not WorkType.PREPRINT for item in report.items)
    print(f"  {'old path (resolve)':<22} requests={sum(asked.values()):>3} {dict(asked)} "
          f"wall={elapsed:.2f} s published versions={published}")  # fmt: skip
    return asked


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = HTTPServer(host="127.0.0.1")
    server.start()
    try:
        replay = UpgradeServer(server)
        for name, (text, ids) in (("A", file_a()), ("B", file_b())):
            print(f"file {name}: {len(ids)} arXiv-only entries")
            with tempfile.TemporaryDirectory() as new, tempfile.TemporaryDirectory() as old:
                config = replay.config(Path(new))
                cold, report = new_path(replay, config, text, "upgrade, cold")
                warm, _ = new_path(replay, config, text, "upgrade, warm rerun")
                old_path(replay, replay.config(Path(old)), ids)
            upgraded = sum(
                e.status is Status.UPGRADED and e.source != "catalog" for e in report.entries
            )
            if name == "A":
                assert cold["arxiv"] <= 3 and cold["s2"] == 1 and not cold["search"], cold
                assert cold["record"] <= upgraded, (cold, upgraded)
            assert sum(warm.values()) == 0, warm
    finally:
        server.stop()


if __name__ == "__main__":
    main()
