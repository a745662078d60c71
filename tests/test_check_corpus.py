"""check on a corpus of real public .bib files (tests/fixtures/corpus/PROVENANCE.md).

``judged.tsv`` is a judged sample of findings: each ``true`` row (a real problem) must
still be found, no ``false`` row (a false alarm, seen with an earlier version of the rules)
may come back. The corpus also pins what issue 11 measured: line numbers, the journal's
recurring columns, and files that checking leaves byte for byte as they were.
"""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.check import Finding, check_bib, fix_until_stable

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
FILES = sorted(p.name for p in CORPUS.glob("*.bib"))
CATALOG = load_catalog()


@cache
def read(name: str) -> BibFile:
    return BibFile.read(CORPUS / name, strict=False)


@cache
def findings(name: str) -> tuple[Finding, ...]:
    return tuple(check_bib(read(name), catalog=CATALOG))


def judged() -> list[dict[str, str]]:
    with (CORPUS / "judged.tsv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


ROWS = judged()


def test_the_corpus_is_what_the_provenance_lists() -> None:
    provenance = (CORPUS / "PROVENANCE.md").read_text(encoding="utf-8")
    assert len(FILES) >= 10
    assert all(f"| {name} |" in provenance for name in FILES)
    assert sum(p.stat().st_size for p in CORPUS.iterdir()) < 5_000_000
    assert max(len(read(name).entries) for name in FILES) > 3000


def test_the_judged_sample_is_large_enough() -> None:
    verdicts = Counter(row["verdict"] for row in ROWS)
    assert verdicts["true"] >= 60
    assert set(verdicts) == {"true", "false"}
    assert {row["file"] for row in ROWS} <= set(FILES)


def _matches(row: dict[str, str], finding: Finding) -> bool:
    return (
        finding.code == row["code"]
        and finding.key == row["key"]
        and row["detail"] in finding.message
        and (row["verdict"] == "false" or finding.line == int(row["line"]))
    )


@pytest.mark.parametrize(
    "row",
    [r for r in ROWS if r["verdict"] == "true"],
    ids=lambda r: f"{r['file']}:{r['line']}:{r['code']}:{r['key']}",
)
def test_each_real_problem_is_still_found(row: dict[str, str]) -> None:
    assert any(_matches(row, f) for f in findings(row["file"])), row["reason"]


@pytest.mark.parametrize(
    "row",
    [r for r in ROWS if r["verdict"] == "false"],
    ids=lambda r: f"{r['file']}:{r['code']}:{r['key']}",
)
def test_no_judged_false_alarm_comes_back(row: dict[str, str]) -> None:
    assert not [f for f in findings(row["file"]) if _matches(row, f)], row["reason"]


def test_the_journals_recurring_columns_are_not_duplicates() -> None:
    codes = Counter(f.code for f in findings("biber-tugboat.bib"))
    assert codes["duplicate-work"] == 0  # 900 before (issue 11)


def test_lines_are_those_of_the_file() -> None:
    """Every finding's line holds its entry's key or its field: the backslash at a line
    end in tugboat.bib (``\\TeX\\``) shifted them by 4 before."""
    for name in FILES:
        bib = read(name)
        lines = bib.text.splitlines()
        starts = {e.key: e.line for e in bib.entries}
        for finding in findings(name):
            if finding.key in starts and finding.code != "parse-error":
                assert starts[finding.key] <= finding.line <= len(lines)
                assert finding.key in lines[starts[finding.key] - 1], (name, finding)


@pytest.mark.parametrize("name", FILES)
def test_fixing_a_real_file_changes_only_fixed_values_and_adds_no_finding(name: str) -> None:
    bib = read(name)
    if bib.failures:
        return  # never rewritten
    before = findings(name)
    new, fixed = fix_until_stable(bib, catalog=CATALOG)
    after = BibFile.parse(new, source=name)
    assert after.keys == bib.keys and after.newline == bib.newline
    assert after.text.count("\n") == bib.text.count("\n")
    fixed_keys = {f.key for f in fixed}
    for old, now in zip(bib.entries, after.entries, strict=True):
        if now.fields != old.fields:
            assert old.key in fixed_keys
            assert {n for n in old.fields if now.fields[n] != old.fields[n]} <= {
                "title",
                "author",
                "editor",
                "url",
            }
    left = Counter((f.code, f.key, f.message) for f in check_bib(after, catalog=CATALOG))
    assert not left - Counter((f.code, f.key, f.message) for f in before)
