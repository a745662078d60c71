"""Work identity: which ids a record or a .bib entry carries, and whether two are one work.

The one place that decides "same work", for :mod:`imgsynth_refs.resolve` (the catalog by
id), :mod:`imgsynth_refs.merge` and :mod:`imgsynth_refs.check` (is this work in the file or
the catalog?), :mod:`imgsynth_refs.extract` (each work once) and the published-version
matcher (:mod:`imgsynth_refs.sources.published`, through :func:`normalise_title`).

Ids first: two works sharing an identifier (arXiv id in any version, DOI in any case,
NeurIPS paper, ACL id, OpenReview id; an ACL DOI ``10.18653/v1/ID`` is the ACL id ``ID``)
are one. Failing that, the same normalised title (the work's own, or its arXiv listing's
where that differs: GAN cited as "Generative Adversarial Networks") and the same first
author's family name make one work. Titles are compared after LaTeX, braces, accents, case
and punctuation are removed, with :func:`rapidfuzz.fuzz.ratio` at least
:data:`TITLE_THRESHOLD`; two works without authors match only on an identical title and
year. Different arXiv, NeurIPS, ACL or OpenReview ids, different numbers in the titles
("GPT-2", "GPT-3"), or years more than :data:`YEAR_GAP` apart keep similar-looking works
apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from anyascii import anyascii
from rapidfuzz import fuzz, process

from .bibfields import identifiers_in_entry
from .bibtex import latex_to_unicode
from .identifiers import Identifier, Kind, implied, parse, read_as

if TYPE_CHECKING:
    from .bibfile import BibEntry
    from .models import Catalog, Reference

__all__ = [
    "TITLE_THRESHOLD",
    "WORK_KINDS",
    "YEAR_GAP",
    "Match",
    "WorkId",
    "WorkIdentity",
    "WorkIndex",
    "catalog_ids",
    "entry_identifiers",
    "entry_ids",
    "first_family",
    "identifier_ids",
    "link_ids",
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
"""``(kind, id)`` of an identifier that names one work, in the normalised form
:func:`imgsynth_refs.identifiers.parse` gives (arXiv id without version, lower-case DOI,
NeurIPS ``YEAR/HASH``, ACL and OpenReview ids)."""

WORK_KINDS: frozenset[Kind] = frozenset(
    {Kind.ARXIV, Kind.DOI, Kind.NEURIPS, Kind.ACL, Kind.OPENREVIEW}
)
"""Kinds whose id names exactly one work (a link to a page may name several, or none)."""

_ACCENT_COMMAND = re.compile(r"\\(?:[\"'`^~=.]|[cvuHkrdb](?=[\s{]))\s*")
# LaTeX letter commands, spelled as anyascii spells the letters they make (å -> a, ø -> o).
_LETTERS = {"i": "i", "j": "j", "o": "o", "O": "O", "l": "l", "L": "L", "aa": "a", "AA": "A"}
_LETTERS |= {"ss": "ss", "ae": "ae", "AE": "AE", "oe": "oe", "OE": "OE"}
_LETTER_COMMAND = re.compile(r"\\(ss|ae|AE|oe|OE|aa|AA|[ijoOlL])(?![A-Za-z])\s*")
_FONT = re.compile(
    r"\\(?:em|it|bf|sc|tt|rm|sl|sf|up|emph|text(?:it|bf|sc|tt|rm|sl|sf|up|normal)?|mathrm|"
    r"mbox|url|path|relax|protect|noopsort\{[^{}]*\})(?![A-Za-z])\s*"
)
_MACRO = re.compile(r"\\([A-Za-z]{2,})(?![A-Za-z])\s*(\{\}|\{)?")
_SYMBOL = re.compile(r"\\([^A-Za-z\"'`^~=.])")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)


def normalise_title(value: str) -> str:
    """A title reduced for comparison: ``{GAN}s: M{\\"u}ller's`` -> ``gans muller s``.

    LaTeX, braces, accents, case and punctuation go; words stay apart. Text LaTeX is read
    by table (:func:`_plain_latex`); math (``$\\beta$-VAE``) goes through the LaTeX decoder
    (:mod:`pylatexenc`, slower), so that it reads as the Unicode title of a record does.
    """
    text = value
    if "$" in text:
        text = latex_to_unicode(text)
    elif "\\" in text:
        text = _plain_latex(text)
    text = anyascii(text.replace("{", "").replace("}", "")).lower()
    return " ".join(_WORD.findall(text))


def _plain_latex(text: str) -> str:
    """Text-mode LaTeX spelled out for comparison: font commands dropped, accents undone and
    letters (``\\ss``, ``\\o``) spelled by table, a command's argument kept
    (``\\acro{GUI}`` -> ``GUI``), a logo kept as its name (``\\TeX`` or ``\\TeX{}`` ->
    ``TeX``, where the decoder would drop it), punctuation commands dropped, escaped
    symbols unescaped (``\\&`` -> ``&``)."""
    text = _ACCENT_COMMAND.sub("", _FONT.sub("", text))
    text = _MACRO.sub(_macro, _LETTER_COMMAND.sub(lambda m: _LETTERS[m.group(1)], text))
    return _SYMBOL.sub(r"\1", text)


_PUNCTUATION_MACROS = frozenset(
    {
        "textemdash", "textendash", "textquotedblleft", "textquotedblright", "textquoteleft",
        "textquoteright", "textquotesingle", "textasciitilde", "textasciicircum",
        "textbackslash", "textbar", "textless", "textgreater", "textregistered",
        "texttrademark", "textcopyright", "textperiodcentered", "textbullet", "textdagger",
        "ldots", "dots", "slash", "quad", "qquad", "newline", "linebreak", "break", "nobreak",
    }
)  # fmt: skip
"""Commands that print punctuation or space: no word of the title."""


def _macro(match: re.Match[str]) -> str:
    name, brace = match.group(1), match.group(2)
    if brace == "{":
        return brace  # the argument stays
    return " " if name in _PUNCTUATION_MACROS else name + " "


_WORD = re.compile(r"[a-z0-9]+")


def normalise_family(value: str) -> str:
    """The last word of a family name, reduced as titles are (``van der Maaten`` -> ``maaten``)."""
    words = normalise_title(value).split()
    return words[-1] if words else ""


def identifier_ids(identifiers: Iterable[Identifier]) -> set[WorkId]:
    """Work ids of identifiers, with the ids their form implies (an ACL DOI's ACL id)."""
    ids: set[WorkId] = set()
    for ident in identifiers:
        for same in (ident, *implied(ident)):
            if same.kind in WORK_KINDS:
                ids.add((same.kind, same.id))
    return ids


def reference_ids(ref: Reference) -> set[WorkId]:
    """Work ids a record carries (its arXiv id, DOI, NeurIPS, ACL and OpenReview ids)."""
    values = (
        (Kind.ARXIV, ref.arxiv.id if ref.arxiv else None),
        (Kind.DOI, ref.doi),
        (Kind.NEURIPS, ref.neurips_id),
        (Kind.ACL, ref.acl_id),
        (Kind.OPENREVIEW, ref.openreview_id),
    )
    found = (read_as(kind, value) for kind, value in values if value)
    return identifier_ids(ident for ident in found if isinstance(ident, Identifier))


def entry_identifiers(entry: BibEntry) -> list[Identifier]:
    """Identifiers an entry names (:func:`imgsynth_refs.bibfields.identifiers_in_entry`)."""
    return identifiers_in_entry(entry.fields)


def entry_ids(entry: BibEntry) -> set[WorkId]:
    """Work ids an entry names."""
    return identifier_ids(entry_identifiers(entry))


def link_ids(ref: Reference) -> set[WorkId]:
    """``(kind, id)`` of the links a record carries, its ``url`` and the article's link (a
    CVF or PMLR page, an arXiv abstract, or a plain ``url``)."""
    links = (ref.url, ref.milestone.link if ref.milestone else None)
    found = (parse(link) for link in links if link)
    return {(ident.kind, ident.id) for ident in found if ident is not None}


def catalog_ids(catalog: Catalog) -> Mapping[WorkId, frozenset[WorkId]]:
    """Every id of the catalog's records (their work ids, and the paper ids their links
    name, such as a CVF or PMLR page), mapped to all the ids of its record: StyleGAN's
    arXiv id leads to its CVPR DOI, Stable Diffusion's CVF page to its arXiv id."""
    by_id: dict[WorkId, frozenset[WorkId]] = {}
    for ref in catalog.references:
        named = {work_id for work_id in link_ids(ref) if work_id[0] != Kind.URL}
        ids = frozenset(reference_ids(ref) | named)
        for work_id in ids:
            by_id.setdefault(work_id, ids)
    return by_id


@dataclass(slots=True)
class WorkIdentity:
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


def work_of_reference(ref: Reference) -> WorkIdentity:
    """The :class:`WorkIdentity` of a record."""
    family = normalise_family(ref.authors[0].family) if ref.authors else None
    title = normalise_title(ref.title)
    listed = normalise_title(ref.arxiv_title)
    aliases = (listed,) if listed != title else ()
    return WorkIdentity(
        ref.key or ref.title, None, reference_ids(ref), title, family, ref.year, aliases
    )


def first_family(author: str) -> str | None:
    """The normalised family name of the first person in a BibTeX name list:
    ``Goodfellow, Ian and ...`` and ``Ian Goodfellow and ...`` both give ``goodfellow``."""
    first = _AND.split(author.strip(), maxsplit=1)[0]
    if first.count("{") != first.count("}"):
        first = author  # an "and" inside braces ({Barnes and Noble}): one name
    family = first.split(",", 1)[0] if "," in first else first
    return normalise_family(family) or None


_FOUR_DIGITS = re.compile(r"\d{4}")


def _year(value: str | None) -> int | None:
    match = _FOUR_DIGITS.search(value or "")
    return int(match.group()) if match else None


def work_of_entry(entry: BibEntry, identifiers: Iterable[Identifier] | None = None) -> WorkIdentity:
    """The :class:`WorkIdentity` of a .bib entry; ``identifiers`` are the entry's
    (:func:`entry_identifiers`) when the caller has read them already."""
    fields = entry.fields
    author = fields.get("author") or fields.get("editor")
    return WorkIdentity(
        entry.key,
        entry.line,
        entry_ids(entry) if identifiers is None else identifier_ids(identifiers),
        normalise_title(fields.get("title", "")),
        first_family(author) if author else None,
        _year(fields.get("year") or fields.get("date")),
    )


@dataclass(frozen=True, slots=True)
class Match:
    """An earlier work that is the same as the one looked up, and why."""

    work: WorkIdentity
    reason: str


class WorkIndex:
    """Works by id, by normalised title and by first author, for "is this work here?".

    The fuzzy title search only compares works whose first authors share a family name, so
    a look-up costs in proportion to that author's works, not to the size of the file.
    """

    def __init__(self, works: Iterable[WorkIdentity] = ()) -> None:
        self._by_id: dict[WorkId, WorkIdentity] = {}
        self._by_title: dict[str, list[WorkIdentity]] = {}
        self._by_family: dict[str, tuple[list[str], list[WorkIdentity]]] = {}
        """Titles and works by first author's family, for the fuzzy search."""
        for work in works:
            self.add(work)

    def add(self, work: WorkIdentity) -> None:
        """Index ``work``; earlier works win for a shared id."""
        for work_id in work.ids:
            self._by_id.setdefault(work_id, work)
        for title in work.titles:
            self._by_title.setdefault(title, []).append(work)
            if work.family:
                titles, works = self._by_family.setdefault(work.family, ([], []))
                titles.append(title)
                works.append(work)

    def find(self, work: WorkIdentity) -> Match | None:
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


_EXCLUSIVE_KINDS = (Kind.ARXIV, Kind.NEURIPS, Kind.ACL, Kind.OPENREVIEW)
"""Id kinds of which a work has exactly one: two works with different ones differ."""


def _conflicting(work: WorkIdentity, other: WorkIdentity) -> bool:
    """Whether ids, years or numbers in the titles tell two similar-looking works apart
    (``1511.06434`` vs ``1406.2661``; 2014 vs 2020; "Part 1" vs "Part 2"; GPT-2 vs GPT-3)."""
    if work.year and other.year and abs(work.year - other.year) > YEAR_GAP:
        return True
    if _NUMBER.findall(work.title) != _NUMBER.findall(other.title):
        return True
    if work.ids and other.ids:
        for kind in _EXCLUSIVE_KINDS:
            mine = {value for k, value in work.ids if k == kind}
            theirs = {value for k, value in other.ids if k == kind}
            if mine and theirs and not mine & theirs:
                return True
    return False


_NUMBER = re.compile(r"\d+")

_KIND_NAMES: dict[str, str] = {
    Kind.ARXIV: "arXiv id",
    Kind.DOI: "DOI",
    Kind.NEURIPS: "NeurIPS paper",
    Kind.ACL: "ACL Anthology id",
    Kind.OPENREVIEW: "OpenReview id",
}
