"""Identifier knowledge has one home: no other module writes an id pattern or a field list.

Patterns of arXiv ids, DOIs and NeurIPS/ACL ids, and the list of .bib fields that can name a
work, live in :mod:`imgsynth_refs.identifiers` (with the prose scanner :mod:`.scan` and the
entry reader :mod:`.bibfields`, which only apply them). A copy elsewhere drifts (it did: five
arXiv patterns, four field lists); this test finds one by reading every module's string
constants.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import imgsynth_refs

PACKAGE = Path(imgsynth_refs.__file__).parent
HOME = {"identifiers.py", "scan.py", "bibfields.py"}

ID_PATTERN = re.compile(
    r"""
      10\\\.                              # a DOI's directory indicator, 10\.
    | \\d\{4\}\\\.\\d\{4                  # a new-style arXiv id, \d{4}\.\d{4,5}
    | arxiv(?:\\\.org)?[^a-z\s]           # arxiv written into a pattern: arxiv[:\s], arxiv\.org
    | \[0-9a-f\]\{32\}                    # a NeurIPS paper hash
    | \[A-Z\]\\d\{2\}-\\d\{4\}            # an old ACL Anthology id
    | (?:papers\\\.nips|neurips\\\.cc|aclanthology\\\.org|openreview\\\.net)
    """,
    re.IGNORECASE | re.VERBOSE,
)
"""What an identifier pattern written as a regular expression looks like."""

ID_FIELDS = {"eprint", "arxivid", "archiveprefix", "eprinttype", "openreview"}
TEXT_FIELDS = {"journal", "journaltitle", "note", "howpublished", "addendum"}
OTHER_WORK_FIELDS = {"url", "doi", "arxiv", "booktitle", "volume", "number", "pages", "eid"}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name not in HOME or p.parent != PACKAGE)


def _regex_strings(tree: ast.AST) -> list[str]:
    """String constants that are regular expressions: raw-looking strings with escapes."""
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    found = []
    for node in ast.walk(tree):
        if id(node) in docstrings:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value
            if "\\" in value or "(?" in value or "[" in value:
                found.append(value)
    return found


def _field_lists(tree: ast.AST) -> list[list[str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            names = [
                e.value
                for e in node.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            ]
            named = set(names) & (ID_FIELDS | TEXT_FIELDS | OTHER_WORK_FIELDS)
            mostly = 2 * len(named) >= len(set(names))  # not a list of every field
            if mostly and (len(set(names) & ID_FIELDS) >= 2 or len(set(names) & TEXT_FIELDS) >= 3):
                found.append(names)
    return found


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_identifier_pattern_outside_identifiers(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    copies = [s for s in _regex_strings(tree) if ID_PATTERN.search(s)]
    assert copies == [], f"{path.name} writes id patterns; use imgsynth_refs.identifiers"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_list_of_identifier_fields_outside_bibfields(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert _field_lists(tree) == [], (
        f"{path.name} lists .bib fields that name works; use imgsynth_refs.bibfields"
    )


@pytest.mark.parametrize(
    "copy",
    [
        r"(?i)^10\.48550/arxiv\.(.+)$",
        r"^((?:19|20)\d\d)/([0-9a-f]{32})$",
        r"^(?:[A-Z]\d{2}-\d{4}|\d{4}\.[a-z0-9-]+\.\d+)$",
        r"(?i)arxiv[:\s]*(\d{4}\.\d{4,5})",
        r"openreview\.net/(?:forum|pdf)\?id=([A-Za-z0-9_-]+)",
    ],
)
def test_the_copies_that_were_there_are_caught(copy: str) -> None:
    assert ID_PATTERN.search(copy)


def test_a_list_of_every_field_is_not_a_list_of_id_fields() -> None:
    everything = ["author", "editor", "title", "year", "month", "date", "series", "publisher"]
    everything += ["address", "organization", "institution", "type", "journal", "booktitle"]
    everything += ["volume", "doi", "eprint", "archiveprefix"]
    assert _field_lists(ast.parse(f"ORDER = {everything!r}")) == []


def test_a_list_of_id_fields_is_caught() -> None:
    tree = ast.parse(
        'A = ("doi", "eprint", "archiveprefix")\nB = ["journal", "note", "howpublished"]'
    )
    assert _field_lists(tree) == [
        ["doi", "eprint", "archiveprefix"],
        ["journal", "note", "howpublished"],
    ]


def test_the_home_modules_hold_the_patterns() -> None:
    text = (PACKAGE / "identifiers.py").read_text(encoding="utf-8")
    assert len([s for s in _regex_strings(ast.parse(text)) if ID_PATTERN.search(s)]) >= 3
