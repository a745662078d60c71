"""``duplicate-work``: one work cited under two keys, found by id, by title and first
author, or through the verified record both entries are a form of (arXiv's "Generative
Adversarial Networks" and NeurIPS's "Generative adversarial nets")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..bibfile import BibEntry
from ._identity import (
    WorkIndex,
    arxiv_only_id,
    catalog_matches,
    entry_works,
    normalise_family,
)
from .model import Context, Finding, Severity, register

__all__ = [
    "different_issues",
    "different_people_and_years",
    "duplicate_works",
]

_PARTS = ("volume", "number", "pages")


_PART_NOISE = re.compile(r"[\s{}]|-+")


def _part(value: str) -> str:
    return _PART_NOISE.sub(lambda m: "-" if "-" in m.group() else "", value).lower()


def different_issues(a: BibEntry, b: BibEntry) -> bool:
    """Whether volume, number or pages tell two entries apart (recurring columns of a
    journal: "Calendar" in volume 20(4) and in 17(1)); preprints carry none that count."""
    if arxiv_only_id(a) or arxiv_only_id(b):
        return False
    for name in _PARTS:
        mine, theirs = a.fields.get(name), b.fields.get(name)
        if mine and theirs and _part(mine) != _part(theirs):
            return True
    return False


def _people(entry: BibEntry) -> list[str] | None:
    """Normalised family names of the author (or editor) list; ``None`` when it is cut short
    (``and others``) or absent."""
    value = entry.fields.get("author") or entry.fields.get("editor")
    if not value:
        return None
    names = [n.strip() for n in _AND.split(value)]
    if any(n.lower() in ("others", "et al.", "et al") for n in names):
        return None
    return [normalise_family(n.split(",")[0] if "," in n else n) for n in names]


_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_YEAR = re.compile(r"\d{4}")


def _extended_names(entry: BibEntry) -> bool:
    """Whether the names are in biber's extended format (``given=Richard, family=Rabble``,
    ``useprefix=false``), whose first family name the title match cannot read."""
    return "=" in (entry.fields.get("author") or entry.fields.get("editor") or "")


def different_people_and_years(a: BibEntry, b: BibEntry) -> bool:
    """Whether two entries with the same title have other years and other authors (biber's
    test entries "A title" by AAA, BBB, CCC in 2000 and by AAA, ..., EEE in 2003): a
    preprint and its publication keep the authors."""
    mine_year, their_year = (_YEAR.search(e.get("year") or e.get("date") or "") for e in (a, b))
    if mine_year is None or their_year is None or mine_year.group() == their_year.group():
        return False
    mine, theirs = _people(a), _people(b)
    return mine is not None and theirs is not None and mine != theirs


@register(
    "duplicate-work",
    Severity.WARNING,
    "the same work as an earlier entry under another key (by id, by title and first "
    "author, or through the verified record both are forms of)",
    "keep one entry and cite its key",
)
def duplicate_works(ctx: Context) -> Iterator[Finding]:
    """Later entries of a work an earlier entry already cites."""
    index = WorkIndex()
    entries: dict[str, BibEntry] = {}
    by_record: dict[str, BibEntry] = {}
    matches = catalog_matches(ctx)
    works = entry_works(ctx)
    for entry in ctx.bib.entries:
        work = works[entry.start]
        match = index.find(work)
        reported = False
        if match is not None and match.work.label.lower() != entry.key.lower():
            other = entries[match.work.label.lower()]
            by_title = "title" in match.reason
            if not different_issues(entry, other) and not (
                by_title
                and (
                    different_people_and_years(entry, other)
                    or _extended_names(entry)
                    or _extended_names(other)
                )
            ):
                reported = True
                yield _finding(entry, match.work.label, other.line, match.reason)
        known = matches.get(entry.start)
        if known is not None and known.reference.key:
            first = by_record.setdefault(known.reference.key, entry)
            if first is not entry and not reported and first.key.lower() != entry.key.lower():
                yield _finding(
                    entry,
                    first.key,
                    first.line,
                    f"both are forms of the verified record {known.reference.key!r} "
                    f"({known.reference.title}, {known.reference.year})",
                )
        index.add(work)
        entries.setdefault(entry.key.lower(), entry)


def _finding(entry: BibEntry, other: str, line: int, reason: str) -> Finding:
    return Finding(
        "duplicate-work",
        entry.key,
        entry.line,
        f"same work as {other!r} (line {line}): {reason}",
        f"keep one entry: remove {entry.key!r} and cite {other!r}",
    )
