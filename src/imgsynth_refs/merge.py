"""Add works to a user's .bib without adding any work twice and without changing a byte.

A work counts as present whatever its key or form when an entry shares an identifier
with it (arXiv id in any version, DOI, NeurIPS hash, ACL id, OpenReview id) or, failing
that, has the same normalised title (the work's own, or its arXiv listing's where that
differs: GAN cited as "Generative Adversarial Networks") and the same first author's family
name. Titles are
compared after LaTeX, braces, accents, case and punctuation are removed, with
:func:`rapidfuzz.fuzz.ratio` at least :data:`TITLE_THRESHOLD`, and the first authors must
share a family name; two works without authors match only on an identical title and year.
Different arXiv, NeurIPS, ACL or OpenReview ids, different numbers in the titles
("GPT-2", "GPT-3"), or years more than :data:`YEAR_GAP` apart keep similar-looking works
apart. Present works are reported, not added.

New entries get keys from :mod:`imgsynth_refs.keys`; a key already in the file never
changes, a new one that collides gets a deterministic suffix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from anyascii import anyascii

from .bibfile import BibEntry, BibFile, WriteResult, write_bib
from .keys import Transliteration, check_style, make_key, unique_key
from .models import Reference, doi_key

if TYPE_CHECKING:
    from .bibtex import Dialect
    from .identifiers import Identifier
    from .models import Prefer

__all__ = [
    "TITLE_THRESHOLD",
    "YEAR_GAP",
    "Match",
    "MergeResult",
    "Present",
    "Work",
    "WorkId",
    "WorkIndex",
    "entry_identifiers",
    "entry_ids",
    "first_family",
    "identifier_ids",
    "inputs_present",
    "merge_references",
    "normalise_family",
    "normalise_title",
    "reference_ids",
    "work_of_entry",
    "work_of_reference",
]

TITLE_THRESHOLD = 95.0
"""Least :func:`rapidfuzz.fuzz.ratio` (0-100) of two normalised titles by the same first
author that makes them one work: a typo or a changed hyphen passes, a changed word in a
short title does not (``tests/test_merge.py`` pins both sides)."""

YEAR_GAP = 3
"""Most years between two entries of one work matched by title and first author (a preprint
and its publication; the published-version search allows +3 too). Further apart, the same
title names another work (Goodfellow et al.'s 2014 paper and their 2020 CACM article)."""

WorkId = tuple[str, str]
"""``(kind, id)``: ``arxiv`` id without version, lower-case ``doi``, ``neurips`` hash,
``acl`` and ``openreview`` ids."""

_ACCENT_COMMAND = re.compile(
    r"\\(?:[\"'`^~=.]|[cvuHkrdb](?=[\s{])|(?:emph|textit|textbf|textsc|textrm|mathrm|mbox|text)\b)\s*"
)
# LaTeX letter commands, spelled as anyascii spells the letters they make (å -> a, ø -> o).
_LETTERS = {"i": "i", "j": "j", "o": "o", "O": "O", "l": "l", "L": "L", "aa": "a", "AA": "A"}
_LETTERS |= {"ss": "ss", "ae": "ae", "AE": "AE", "oe": "oe", "OE": "OE"}
_LETTER_COMMAND = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[ijoOlL])(?![A-Za-z])\s*")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def normalise_title(value: str) -> str:
    """A title reduced for comparison: ``{GAN}s: M{\\"u}ller's`` -> ``gans mullers``.

    Accent commands and the letters ``\\ss``, ``\\o``, ``\\i``, ... are undone by table;
    any other LaTeX goes through :mod:`pylatexenc` (slower, so only when needed).
    """
    text = _LETTER_COMMAND.sub(lambda m: _LETTERS[m.group(1)], _ACCENT_COMMAND.sub("", value))
    if "\\" in text or "$" in text:
        from .bibtex import latex_to_unicode

        text = latex_to_unicode(value)
    text = anyascii(text.replace("{", "").replace("}", "")).lower().replace("'", "")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def normalise_family(value: str) -> str:
    """The last word of a family name, reduced as titles are (``van der Maaten`` -> ``maaten``)."""
    words = normalise_title(value).split()
    return words[-1] if words else ""


def identifier_ids(identifiers: Iterable[Identifier]) -> set[WorkId]:
    """Work ids of parsed identifiers (the arXiv DOI counts as the arXiv id)."""
    ids: set[WorkId] = set()
    for ident in identifiers:
        kind: str = ident.kind
        value = ident.id
        if kind == "doi" and value.lower().startswith("10.48550/arxiv."):
            kind, value = "arxiv", value[len("10.48550/arxiv.") :]
        if kind == "neurips":
            value = value.rsplit("/", 1)[-1]
        if kind in ("arxiv", "doi", "neurips", "acl", "openreview"):
            ids.add((kind, value.lower()))
    return ids


def reference_ids(ref: Reference) -> set[WorkId]:
    """Work ids a record carries."""
    ids: set[WorkId] = set()
    if ref.arxiv is not None:
        ids.add(("arxiv", ref.arxiv.id.lower()))
    if ref.doi:
        ids.add(("doi", doi_key(ref.doi)))
    if ref.neurips_id:
        ids.add(("neurips", ref.neurips_id.rsplit("/", 1)[-1].lower()))
    if ref.acl_id:
        ids.add(("acl", ref.acl_id.lower()))
    if ref.openreview_id:
        ids.add(("openreview", ref.openreview_id.lower()))
    return ids


def entry_identifiers(entry: BibEntry) -> list[Identifier]:
    """Identifiers an entry names (:func:`imgsynth_refs.bibfields.identifiers_in_entry`)."""
    from .bibfields import identifiers_in_entry

    return identifiers_in_entry(entry.fields)


def entry_ids(entry: BibEntry) -> set[WorkId]:
    """Work ids an entry names."""
    return identifier_ids(entry_identifiers(entry))


@dataclass(slots=True)
class Work:
    """What identifies one work: ids, normalised title, first author's family name."""

    label: str
    """Citation key (or a name for messages)."""
    line: int | None
    ids: set[WorkId]
    title: str
    family: str | None
    year: int | None
    aliases: tuple[str, ...] = ()
    """Other normalised titles of the same work (its arXiv listing's, where it differs)."""

    @property
    def titles(self) -> tuple[str, ...]:
        """The title and its aliases."""
        return (self.title, *self.aliases) if self.title else self.aliases


def work_of_reference(ref: Reference) -> Work:
    """The :class:`Work` of a record."""
    family = normalise_family(ref.authors[0].family) if ref.authors else None
    title = normalise_title(ref.title)
    listed = normalise_title(ref.arxiv_title)
    aliases = (listed,) if listed != title else ()
    return Work(ref.key or ref.title, None, reference_ids(ref), title, family, ref.year, aliases)


def first_family(author: str) -> str | None:
    """The normalised family name of the first person in a BibTeX name list:
    ``Goodfellow, Ian and ...`` and ``Ian Goodfellow and ...`` both give ``goodfellow``."""
    first = _AND.split(author.strip(), maxsplit=1)[0]
    if first.count("{") != first.count("}"):
        first = author  # an "and" inside braces ({Barnes and Noble}): one name
    family = first.split(",", 1)[0] if "," in first else first
    return normalise_family(family) or None


def _year(value: str | None) -> int | None:
    match = re.search(r"\d{4}", value or "")
    return int(match.group()) if match else None


def work_of_entry(entry: BibEntry) -> Work:
    """The :class:`Work` of a .bib entry."""
    fields = entry.fields
    author = fields.get("author") or fields.get("editor")
    return Work(
        entry.key,
        entry.line,
        entry_ids(entry),
        normalise_title(fields.get("title", "")),
        first_family(author) if author else None,
        _year(fields.get("year") or fields.get("date")),
    )


@dataclass(frozen=True, slots=True)
class Match:
    """An earlier work that is the same as the one looked up, and why."""

    work: Work
    reason: str


class WorkIndex:
    """Works by id, by normalised title and by first author, for "is this work here?".

    The fuzzy title search only compares works whose first authors share a family name, so
    a look-up costs in proportion to that author's works, not to the size of the file.
    """

    def __init__(self, works: Iterable[Work] = ()) -> None:
        self._by_id: dict[WorkId, Work] = {}
        self._by_title: dict[str, list[Work]] = {}
        self._by_family: dict[str, tuple[list[str], list[Work]]] = {}
        """Titles and works by first author's family, for the fuzzy search."""
        for work in works:
            self.add(work)

    def add(self, work: Work) -> None:
        """Index ``work``; earlier works win for a shared id."""
        for work_id in work.ids:
            self._by_id.setdefault(work_id, work)
        for title in work.titles:
            self._by_title.setdefault(title, []).append(work)
            if work.family:
                titles, works = self._by_family.setdefault(work.family, ([], []))
                titles.append(title)
                works.append(work)

    def find(self, work: Work) -> Match | None:
        """The indexed work that is ``work``, or ``None``."""
        for kind, value in sorted(work.ids):
            other = self._by_id.get((kind, value))
            if other is not None and other is not work:
                return Match(other, f"same {_KIND_NAMES[kind]} {value}")
        for title in work.titles:
            for other in self._by_title.get(title, []):
                if other is work or _conflicting(work, other):
                    continue
                if work.family is not None and other.family == work.family:
                    return Match(other, "same title and first author")
                if work.family is None and other.family is None and work.year == other.year:
                    return Match(other, "same title and year, no authors")
        if work.family is None:
            return None  # without authors, only an identical title (and year) will do
        from rapidfuzz import fuzz, process

        titles, works = self._by_family.get(work.family, ((), ()))
        for title in work.titles:
            for _, score, index in process.extract(
                title, titles, scorer=fuzz.ratio, score_cutoff=TITLE_THRESHOLD, limit=None
            ):
                other = works[index]
                if other is work or title in other.titles or _conflicting(work, other):
                    continue
                return Match(
                    other, f"near-identical title (similarity {score:.0f}) and same first author"
                )
        return None


_EXCLUSIVE_KINDS = ("arxiv", "neurips", "acl", "openreview")
"""Id kinds of which a work has exactly one: two works with different ones differ."""


def _conflicting(work: Work, other: Work) -> bool:
    """Whether ids, years or numbers in the titles tell two similar-looking works apart
    (``1511.06434`` vs ``1406.2661``; 2014 vs 2020; "Part 1" vs "Part 2"; GPT-2 vs GPT-3)."""
    for kind in _EXCLUSIVE_KINDS:
        mine = {value for k, value in work.ids if k == kind}
        theirs = {value for k, value in other.ids if k == kind}
        if mine and theirs and not mine & theirs:
            return True
    if work.year and other.year and abs(work.year - other.year) > YEAR_GAP:
        return True
    return _NUMBER.findall(work.title) != _NUMBER.findall(other.title)


_NUMBER = re.compile(r"\d+")

_KIND_NAMES = {
    "arxiv": "arXiv id",
    "doi": "DOI",
    "neurips": "NeurIPS paper",
    "acl": "ACL Anthology id",
    "openreview": "OpenReview id",
}


@dataclass(frozen=True, slots=True)
class Present:
    """A work that was not added because the file (or the batch) already has it."""

    reference: Reference
    key: str
    """Key of the entry that has it."""
    line: int | None
    """Its line in the file; ``None`` when it came earlier in the same batch."""
    reason: str


def inputs_present(
    bib: BibFile, inputs: Iterable[str]
) -> tuple[list[tuple[str, Match]], list[str]]:
    """Split links/ids into those whose work ``bib`` already has (by id; nothing needs to be
    resolved for them) and the rest, in order."""
    from .identifiers import parse

    index = WorkIndex(work_of_entry(entry) for entry in bib.entries)
    present: list[tuple[str, Match]] = []
    rest: list[str] = []
    for text in inputs:
        ident = parse(text.strip())
        ids = identifier_ids([ident]) if ident is not None else set()
        match = index.find(Work(text, None, ids, "", None, None)) if ids else None
        if match is not None:
            present.append((text, match))
        else:
            rest.append(text)
    return present, rest


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The outcome of :func:`merge_references`: nothing is written until :meth:`write`."""

    bib: BibFile
    added: list[Reference]
    """New works with the keys they were given, in the order asked."""
    present: list[Present]
    data: bytes
    """The new file's bytes."""
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the file's bytes change."""
        return self.data != self.bib.data

    def write(self, path: str | Path, *, dry_run: bool = False) -> WriteResult:
        """Write the file atomically (backup ``path~``), or with ``dry_run`` only diff it."""
        return write_bib(path, self.bib, self.data, dry_run=dry_run)


def merge_references(
    bib: BibFile,
    references: Iterable[Reference],
    *,
    key_style: str = "google",
    transliteration: Transliteration = "ascii",
    sort: bool = False,
    dialect: Dialect = "bibtex",
    prefer: Prefer = "published",
) -> MergeResult:
    """Add the ``references`` that ``bib`` lacks: appended, or with ``sort`` inserted at
    their sorted position, in the project's BibTeX style and the file's line endings.

    Each work is added at most once; existing entries and keys are never changed.
    """
    from .bibtex import format_entries

    check_style(key_style)
    index = WorkIndex(work_of_entry(entry) for entry in bib.entries)
    taken = {key.lower() for key in bib.keys}
    added: list[Reference] = []
    present: list[Present] = []
    for ref in references:
        work = work_of_reference(ref)
        match = index.find(work)
        if match is not None:
            present.append(Present(ref, match.work.label, match.work.line, match.reason))
            continue
        base = make_key(ref.model_copy(update={"key": None}), key_style, transliteration)
        folded = base.lower()
        # unique_key compares case-insensitively; only keys sharing the prefix can collide.
        key = (
            unique_key(base, {k for k in taken if k.startswith(folded)})
            if folded in taken
            else base
        )
        taken.add(key.lower())
        new = ref.model_copy(update={"key": key})
        work.label = key
        index.add(work)
        added.append(new)
    rendered = [
        (ref.key or "", format_entries([ref], dialect=dialect, prefer=prefer)) for ref in added
    ]
    data = bib.apply(bib.render_insertions(rendered, sort=sort))
    return MergeResult(bib=bib, added=added, present=present, data=data, notes=list(bib.notes))
