"""What the page and the figure share: bands of works placed at their dates, and escaping.

A band is an era (or, for a user's .bib, a year or a field's value) with its works in the
order of their milestone dates: the date the article gives a work where it names a year
(``2014-12``), else the work's own date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, NamedTuple

from ..bibtex import is_preprint_form
from ..formats.markdown import venue_and_year

if TYPE_CHECKING:
    from ..models import Era, Person, Prefer, Reference

__all__ = [
    "COLOURS",
    "DEFAULT_TITLE",
    "Band",
    "Placed",
    "Shown",
    "author_line",
    "bands",
    "escape_text",
    "pack",
    "place",
    "short_label",
    "shown",
    "works_text",
    "year_range",
]

COLOURS: tuple[tuple[str, str], ...] = (
    ("#8a4b00", "#fbf1e6"),
    ("#005f8f", "#e6f2f8"),
    ("#6b2c91", "#f3ebf8"),
    ("#00695c", "#e5f3f1"),
    ("#a1123f", "#fbe9ef"),
    ("#3d5a00", "#eef4e2"),
)
"""(colour, wash) of each band in turn: dark enough for white text on it and for text in it
on white (WCAG AA), a wash light enough for black text."""
DEFAULT_TITLE = "Ten years of image synthesis: a reading list"
"""Title of a page or figure when the caller gives none."""

_ARTICLE_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})\b)?")
"""The year and month an article date starts with (``2014-12``, ``2018-2020``, ``2006``)."""
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
"""Characters XML 1.0 forbids (and HTML reports as errors): dropped from any text."""
_LABEL_LENGTH = 40


def works_text(count: int) -> str:
    """``1 work``, ``21 works``."""
    return f"{count} work" if count == 1 else f"{count} works"


def escape_text(text: str) -> str:
    """``text`` safe as HTML or XML text and as a quoted attribute value."""
    return escape(_NOT_XML.sub("", text), quote=True)


@dataclass(frozen=True, slots=True)
class Placed:
    """One work at its place on the timeline."""

    ref: Reference
    year: int
    month: int | None
    date_text: str
    """The date as shown: the article's (``2018-2020``), else ``2014-12`` or ``2014``."""
    label: str
    """The milestone's label (``GAN``), else a short title."""

    @property
    def iso(self) -> str:
        """``2014-12`` or ``2014``, for ``<time datetime>``."""
        return _iso(self.year, self.month)

    @property
    def position(self) -> float:
        """Years as a number: the middle of the month, else the middle of the year."""
        return self.year + ((self.month - 0.5) / 12 if self.month else 0.5)


@dataclass(frozen=True, slots=True)
class Band:
    """An era (or a group of a user's works) with its works in date order."""

    anchor: str
    """HTML id (``era-gan``)."""
    heading: str
    years: str
    """Years as the era gives them (``2015-2020``), else the span of its works."""
    description: str
    works: list[Placed]

    @property
    def first(self) -> int:
        """Year of the earliest work."""
        return min(work.year for work in self.works)

    @property
    def last(self) -> int:
        """Year of the latest work."""
        return max(work.year for work in self.works)


def short_label(ref: Reference) -> str:
    """The milestone's label, else the title before a colon (``DreamBooth``), else the title
    cut at a word before 40 characters."""
    if ref.milestone:
        return ref.milestone.label
    head = ref.title.split(":", 1)[0].strip()
    if len(head) <= _LABEL_LENGTH:
        return head or ref.title
    cut = head[:_LABEL_LENGTH].rsplit(" ", 1)[0]
    return f"{cut}…"


def place(ref: Reference) -> Placed:
    """``ref`` at its milestone date (where the article's date names a year), else its own."""
    year, month = ref.sort_date[0], ref.sort_date[1]
    shown = ref.milestone.article_date if ref.milestone else None
    found = _ARTICLE_DATE.match(shown) if shown else None
    if found:
        year, month = int(found[1]), int(found[2] or 0)
    month_or_none = month if 1 <= month <= 12 else None
    return Placed(ref, year, month_or_none, shown or _iso(year, month_or_none), short_label(ref))


def _iso(year: int, month: int | None) -> str:
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def bands(refs: Sequence[Reference], eras: Sequence[Era]) -> list[Band]:
    """The works by era in the eras' order, each era's in date order; works of no known era
    last, as ``Other works``. Eras without works are left out."""
    order = {era.id: i for i, era in enumerate(eras)}
    groups: dict[int, list[Placed]] = {}
    for ref in refs:
        groups.setdefault(order.get(ref.era or "", len(eras)), []).append(place(ref))
    result = []
    for index in sorted(groups):
        works = sorted(groups[index], key=lambda w: (w.position, w.ref.sort_date, w.ref.key or ""))
        if index < len(eras):
            era = eras[index]
            band = Band(f"era-{era.id}", era.name, era.years, era.description, works)
        else:
            band = Band("era-other", "Other works", "", "", works)
        if not band.years:
            span = f"{band.first}-{band.last}" if band.first != band.last else str(band.first)
            band = Band(band.anchor, band.heading, span, band.description, works)
        result.append(band)
    return result


def year_range(all_bands: Sequence[Band]) -> tuple[int, int]:
    """The first and last year of any work."""
    return min(b.first for b in all_bands), max(b.last for b in all_bands)


def pack(
    choices: Sequence[Sequence[tuple[float, float]]], gap: float = 0.0
) -> list[tuple[int, int]]:
    """For each item, a row and which of its ``(start, end)`` spans (at least one, in order
    of preference) it takes, so that spans in one row are ``gap`` apart: greedily, in the
    given order, the first row where one of its spans fits, and there its first span that
    fits."""
    rows: list[list[tuple[float, float]]] = []
    placed = []
    for spans in choices:
        row, choice = next(
            (row, i)
            for row, taken in enumerate([*rows, []])
            for i, (start, end) in enumerate(spans)
            if all(end + gap <= left or right + gap <= start for left, right in taken)
        )
        if row == len(rows):
            rows.append([])
        rows[row].append(spans[choice])
        placed.append((row, choice))
    return placed


def author_line(people: Sequence[Person]) -> tuple[str, str]:
    """(``Goodfellow et al.``, every name): the first author, both of two, or the first and
    *et al.*; BibTeX's ``and others`` also makes *et al.*"""
    names = [p.display() for p in people if p.family != "others"]
    more = len(names) < len(people)
    if not names:
        return "", ""
    if len(names) == 2 and not more:
        short = " and ".join(names)
    else:
        short = names[0] + (" et al." if more or len(names) > 1 else "")
    return short, ", ".join(names) + (" et al." if more else "")


class Shown(NamedTuple):
    """What a card or a milestone's hover text says about a work, in the form cited."""

    title: str
    authors: str
    """``Goodfellow et al.``"""
    every_author: str
    venue: str
    """``NIPS``, ``arXiv preprint``; empty if none."""
    year: str

    @property
    def venue_and_year(self) -> str:
        """``NIPS 2014``, ``Neural Computation, 2006``, ``2015``."""
        if not self.venue:
            return self.year
        return self.venue if self.year in self.venue else f"{self.venue}, {self.year}"


def shown(ref: Reference, prefer: Prefer) -> Shown:
    """Title, authors, venue and year as cited with ``prefer``: the preprint's title and
    authors where the preprint is cited."""
    preprint = is_preprint_form(ref, prefer)
    short, every = author_line(ref.arxiv_authors if preprint else ref.authors)
    venue, year = venue_and_year(ref, prefer)
    return Shown(ref.arxiv_title if preprint else ref.title, short, every, venue, year)
