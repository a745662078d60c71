"""Venue names and house style: canonical full names, year-correct short names, NeurIPS volumes.

Sources name the same venue many ways: DBLP's booktitles carry ordinals, places and
dates (``4th International Conference on Learning Representations, {ICLR} 2016, San
Juan, ...``), its search API gives bare acronyms (``ICLR (Poster)``, ``ACL (1)``), the
proceedings give their own titles. :func:`normalize_venue` maps all of them to one
:class:`~imgsynth_refs.models.Venue`: the canonical full name of the year and the short
name with the year-correct spelling (``NIPS 2017``, ``NeurIPS 2018``, ``CVPR 2019``).

The data is the venue registry ``refs/venues.toml`` (:func:`registry`, in its order:
``NAACL`` and ``EMNLP`` are tried before ``ACL``): per series its names by year and the
house style of its entries (:meth:`KnownVenue.form`, publisher, book series, whether the
place and the editors are written). Workshops, *Findings* and other satellite venues are
deliberately not recognised: they are not the main conference, so their name is kept.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

import tomli

from .catalog import data_dir
from .errors import DataError
from .models import Venue

__all__ = [
    "NEURIPS_FIRST_VOLUME_YEAR",
    "NEURIPS_NAME",
    "NEURIPS_RENAMED",
    "VENUE_STYLES",
    "KnownVenue",
    "VenueStyle",
    "identify",
    "is_satellite",
    "load_venues",
    "neurips_venue",
    "neurips_volume",
    "normalize_venue",
    "registry",
    "venue_label",
]

NEURIPS_NAME = "Advances in Neural Information Processing Systems"
"""Title of the NeurIPS proceedings, every year."""

NEURIPS_RENAMED = 2018
"""First year of the name NeurIPS; the conference was NIPS before (renamed Nov. 2018)."""

NEURIPS_FIRST_VOLUME_YEAR = 1988
"""NIPS 1988 is volume 1 of *Advances in Neural Information Processing Systems*."""

VenueStyle = Literal["full", "short", "abbrv"]
"""How a booktitle or journal is written: the house form (``2019 IEEE/CVF Conference on
Computer Vision and Pattern Recognition (CVPR)``), the acronym (``CVPR``) or the
abbreviation (``Proc. CVPR``)."""

VENUE_STYLES: tuple[VenueStyle, ...] = ("full", "short", "abbrv")
"""Values of :data:`VenueStyle`, the default first."""

_REGISTRY_FILE = "venues.toml"


def neurips_volume(year: int) -> int:
    """Volume of the NeurIPS proceedings of ``year`` (2012 -> 25, 2017 -> 30, 2023 -> 36).

    Raises :class:`ValueError` before 1988 (NIPS 1987 was published without a volume).
    """
    if year < NEURIPS_FIRST_VOLUME_YEAR:
        raise ValueError(f"NIPS {year} has no volume of Advances in NIPS (the first is 1988)")
    return year - NEURIPS_FIRST_VOLUME_YEAR + 1


def _ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``38th``, ``111th``."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


class KnownVenue(NamedTuple):
    """A series of the venue registry, with its names and house style over the years."""

    id: str
    """The registry's id (``neurips``), which a house-style file names."""
    kind: Literal["conference", "journal"]
    """Whether entries name it in ``booktitle`` or ``journal``."""
    years: tuple[tuple[int, dict[str, str]], ...]
    """``(first year, values)`` in ascending order; each inherits the earlier values."""
    pattern: re.Pattern[str]
    """Recognises the venue in a long or short name."""
    first: int | None = None
    """Year of the first meeting, for ``{ordinal}`` (ICML 1984)."""
    address: bool = True
    """Whether the house style writes the meeting's place."""
    editors: bool = True
    """Whether the house style writes the proceedings' editors."""
    other_version_hosts: tuple[str, ...] = ()
    """Hosts of a copy paginated otherwise than the version the DOI names."""

    def value(self, name: str, year: int) -> str | None:
        """The registry's ``name`` value in ``year`` (``None`` where it gives none)."""
        found = None
        for first_year, values in self.years:
            if year >= first_year and name in values:
                found = values[name]
        return found

    @property
    def acronym(self) -> str:
        """The acronym today (``NeurIPS``); see :meth:`acronym_in`."""
        return self.value("short", 9999) or self.id.upper()

    def full_name(self, year: int) -> str:
        """The canonical full name in ``year``."""
        return self.value("name", year) or self.acronym

    def acronym_in(self, year: int) -> str:
        """The acronym in ``year`` (``NIPS`` before 2018, ``NeurIPS`` from 2018)."""
        return self.value("short", year) or self.acronym

    def short_name(self, year: int) -> str:
        """Acronym and year: ``NIPS 2017``, ``NeurIPS 2018``, ``CVPR 2019``."""
        return f"{self.acronym_in(year)} {year}"

    def _template(self, year: int, style: VenueStyle) -> str:
        if style == "short":
            return "{short}"
        if style == "abbrv":
            default = "Proc. {short}" if self.kind == "conference" else self.full_name(year)
            return self.value("abbrv", year) or default
        form = self.value("form", year)
        return self.full_name(year) if form is None else form

    def form(
        self, year: int, style: VenueStyle = "full", template: str | None = None
    ) -> str | None:
        """The booktitle or journal the house style writes in ``year``, from ``template``
        (a house-style file's) or the registry's; ``None`` where the registry keeps the
        record's (an ACL booktitle names its volume)."""
        short = self.acronym_in(year)
        if template is None:
            template = self._template(year, style)
        if not template:
            return None
        ordinal = _ordinal(year - self.first + 1) if self.first else ""
        return template.format(year=year, short=short, ordinal=ordinal)


_LONG_NAME_END = r"(?=\s*(?:[,(:;]|\d|$))"
"""A long name must end there (so that *International Conference on Machine Learning and
Applications* is not ICML, nor *... on Computer Vision Theory and Applications* ICCV)."""


def _known(raw: dict[str, Any]) -> KnownVenue:
    """One ``[[venue]]`` table as a :class:`KnownVenue`; :class:`ValueError` names what is
    wrong with it."""
    missing = [key for key in ("id", "kind", "match", "match_long", "years") if key not in raw]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    if raw["kind"] not in ("conference", "journal"):
        raise ValueError(f"kind must be conference or journal, not {raw['kind']!r}")
    if not raw["years"] or any("from" not in item for item in raw["years"]):
        raise ValueError("years must be [[venue.years]] tables, each with 'from'")
    pattern = re.compile(f"{raw['match']}|(?:{raw['match_long']}){_LONG_NAME_END}", re.IGNORECASE)
    years = tuple(
        (int(item["from"]), {k: str(v) for k, v in item.items() if k != "from"})
        for item in raw["years"]
    )
    return KnownVenue(
        id=raw["id"],
        kind=raw["kind"],
        years=years,
        pattern=pattern,
        first=raw.get("first"),
        address=raw.get("address", True),
        editors=raw.get("editors", True),
        other_version_hosts=tuple(raw.get("other_version_hosts", ())),
    )


def load_venues(path: str | None = None) -> tuple[KnownVenue, ...]:
    """The venue registry (default: the shipped ``refs/venues.toml``), in its order.

    Raises :class:`~imgsynth_refs.errors.DataError` naming the file and the series when
    a table lacks a key or has a bad pattern.
    """
    file = Path(path) if path is not None else data_dir() / _REGISTRY_FILE
    try:
        with file.open("rb") as handle:
            raw = tomli.load(handle)
    except (OSError, tomli.TOMLDecodeError) as exc:
        raise DataError(f"cannot read the venue registry: {exc}", file=str(file)) from None
    venues = []
    for index, table in enumerate(raw.get("venue", [])):
        try:
            venues.append(_known(table))
        except (TypeError, ValueError, re.error) as exc:
            record = str(table.get("id", index))
            raise DataError(f"bad venue table: {exc}", file=str(file), record=record) from None
    return tuple(venues)


@cache
def registry() -> tuple[KnownVenue, ...]:
    """The shipped venue registry, read once on first use: the recognised venues, tried in
    this order (``NAACL``/``EMNLP`` before ``ACL``)."""
    return load_venues()


_SATELLITE = re.compile(
    r"\bworkshops?\b|\bfindings\b|\bcompanion\b|\btutorials?\b|datasets and benchmarks", re.I
)
"""Satellite venues that must not pass for the main conference."""


def is_satellite(name: str) -> bool:
    """True for a workshop, *Findings*, companion or tutorial volume (not the main venue)."""
    return bool(_SATELLITE.search(name))


@lru_cache(maxsize=4096)
def identify(name: str) -> KnownVenue | None:
    """The known venue ``name`` denotes, or ``None`` (also for workshops and *Findings*);
    remembered, since a bibliography names the same few journals and proceedings again
    and again."""
    if is_satellite(name):
        return None
    for venue in registry():
        if venue.pattern.search(name):
            return venue
    return None


def normalize_venue(name: str, year: int) -> Venue:
    """The canonical :class:`Venue` of ``name`` in ``year``.

    A known venue gets its full name of that year and a short name
    (``normalize_venue("NIPS", 2019)`` -> ``Advances in Neural Information Processing
    Systems`` / ``NeurIPS 2019``); an unknown one keeps its name (whitespace collapsed)
    and gets no short name.
    """
    known = identify(name)
    if known is None:
        return Venue(name=" ".join(name.split()))
    return Venue(name=known.full_name(year), short=known.short_name(year))


def neurips_venue(year: int) -> Venue:
    """The NeurIPS proceedings of ``year``: ``NIPS 2017``, ``NeurIPS 2018``, ..."""
    return normalize_venue("NeurIPS", year)


def venue_label(venue: Venue, *, short: bool = False) -> str:
    """The name to print: the full name, or with ``short=True`` the short name if known."""
    return venue.short if short and venue.short else venue.name
