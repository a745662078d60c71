"""Venue names: canonical full names, year-correct short names, NeurIPS volumes.

Sources name the same venue many ways: DBLP's booktitles carry ordinals, places and
dates (``4th International Conference on Learning Representations, {ICLR} 2016, San
Juan, ...``), its search API gives bare acronyms (``ICLR (Poster)``, ``ACL (1)``), the
proceedings give their own titles. :func:`normalize_venue` maps all of them to one
:class:`~imgsynth_refs.models.Venue`: the canonical full name of the year and the short
name with the year-correct spelling (``NIPS 2017``, ``NeurIPS 2018``, ``CVPR 2019``).

The table :data:`VENUES` is the data; order matters (``NAACL`` and ``EMNLP`` are tried
before ``ACL``). Workshops, *Findings* and other satellite venues are deliberately not
recognised: they are not the main conference, so their name is kept as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Venue

__all__ = [
    "NEURIPS_FIRST_VOLUME_YEAR",
    "NEURIPS_NAME",
    "NEURIPS_RENAMED",
    "VENUES",
    "KnownVenue",
    "identify",
    "is_satellite",
    "neurips_venue",
    "neurips_volume",
    "normalize_venue",
    "venue_label",
]

NEURIPS_NAME = "Advances in Neural Information Processing Systems"
"""Title of the NeurIPS proceedings, every year."""

NEURIPS_RENAMED = 2018
"""First year of the name NeurIPS; the conference was NIPS before (renamed Nov. 2018)."""

NEURIPS_FIRST_VOLUME_YEAR = 1988
"""NIPS 1988 is volume 1 of *Advances in Neural Information Processing Systems*."""


def neurips_volume(year: int) -> int:
    """Volume of the NeurIPS proceedings of ``year`` (2012 -> 25, 2017 -> 30, 2023 -> 36).

    Raises :class:`ValueError` before 1988 (NIPS 1987 was published without a volume).
    """
    if year < NEURIPS_FIRST_VOLUME_YEAR:
        raise ValueError(f"NIPS {year} has no volume of Advances in NIPS (the first is 1988)")
    return year - NEURIPS_FIRST_VOLUME_YEAR + 1


@dataclass(frozen=True, slots=True)
class KnownVenue:
    """A venue this module recognises, with its names over the years."""

    acronym: str
    """Acronym used in short names (``ICLR``); see :meth:`acronym_in`."""
    names: tuple[tuple[int, str], ...]
    """``(first year, full name)`` pairs in ascending order of year."""
    pattern: re.Pattern[str]
    """Recognises the venue in a long or short name."""

    def full_name(self, year: int) -> str:
        """The canonical full name in ``year``."""
        name = self.names[0][1]
        for first_year, candidate in self.names:
            if year >= first_year:
                name = candidate
        return name

    def acronym_in(self, year: int) -> str:
        """The acronym in ``year`` (``NIPS`` before 2018, ``NeurIPS`` from 2018)."""
        if self.acronym == "NeurIPS" and year < NEURIPS_RENAMED:
            return "NIPS"
        return self.acronym

    def short_name(self, year: int) -> str:
        """Acronym and year: ``NIPS 2017``, ``NeurIPS 2018``, ``CVPR 2019``."""
        return f"{self.acronym_in(year)} {year}"


_LONG_NAME_END = r"(?=\s*(?:[,(:;]|\d|$))"
"""A long name must end there (so that *International Conference on Machine Learning and
Applications* is not ICML, nor *... on Computer Vision Theory and Applications* ICCV)."""


def _venue(
    acronym: str,
    names: tuple[tuple[int, str], ...],
    short: str,
    long: str,
) -> KnownVenue:
    """A table row: ``short`` matches abbreviations anywhere, ``long`` the full name."""
    pattern = re.compile(f"{short}|(?:{long}){_LONG_NAME_END}", re.IGNORECASE)
    return KnownVenue(acronym, names, pattern)


VENUES: tuple[KnownVenue, ...] = (
    _venue(
        "NeurIPS",
        ((0, NEURIPS_NAME),),
        r"\bNeurIPS\b|\bNIPS\b",
        "Neural Information Processing Systems",
    ),
    _venue(
        "ICLR",
        ((0, "International Conference on Learning Representations"),),
        r"\bICLR\b",
        "International Conference on Learning Representations",
    ),
    _venue(
        "ICML",
        ((0, "International Conference on Machine Learning"),),
        r"\bICML\b",
        "International Conference on Machine Learning",
    ),
    _venue(
        "CVPR",
        (
            (0, "IEEE Conference on Computer Vision and Pattern Recognition"),
            (2020, "IEEE/CVF Conference on Computer Vision and Pattern Recognition"),
        ),
        r"\bCVPR\b",
        "Conference on Computer Vision and Pattern Recognition",
    ),
    _venue(
        "ICCV",
        (
            (0, "IEEE International Conference on Computer Vision"),
            (2019, "IEEE/CVF International Conference on Computer Vision"),
        ),
        r"\bICCV\b",
        "International Conference on Computer Vision",
    ),
    _venue(
        "ECCV",
        ((0, "European Conference on Computer Vision"),),
        r"\bECCV\b",
        "European Conference on Computer Vision",
    ),
    _venue(
        "NAACL",
        (
            (
                0,
                "Conference of the North American Chapter of the Association for "
                "Computational Linguistics: Human Language Technologies",
            ),
        ),
        r"\bNAACL\b",
        "North American Chapter of the Association for Computational Linguistics",
    ),
    _venue(
        "EMNLP",
        ((0, "Conference on Empirical Methods in Natural Language Processing"),),
        r"\bEMNLP\b",
        "Empirical Methods in Natural Language Processing",
    ),
    _venue(
        "ACL",
        ((0, "Annual Meeting of the Association for Computational Linguistics"),),
        r"^ACL\b|\bACL \(\d\)",
        "Annual Meeting of the Association for Computational Linguistics",
    ),
    _venue(
        "AAAI",
        ((0, "AAAI Conference on Artificial Intelligence"),),
        r"^AAAI\b",
        "AAAI Conference on Artificial Intelligence",
    ),
    _venue(
        "TPAMI",
        ((0, "IEEE Transactions on Pattern Analysis and Machine Intelligence"),),
        r"IEEE Trans\. Pattern Anal\. Mach\. Intell\.",
        "Transactions on Pattern Analysis and Machine Intelligence",
    ),
    _venue(
        "JMLR",
        ((0, "Journal of Machine Learning Research"),),
        r"^J\. Mach\. Learn\. Res\.",
        "Journal of Machine Learning Research",
    ),
    _venue(
        "TMLR",
        ((0, "Transactions on Machine Learning Research"),),
        r"^Trans\. Mach\. Learn\. Res\.",
        "Transactions on Machine Learning Research",
    ),
    _venue(
        "TOG",
        ((0, "ACM Transactions on Graphics"),),
        r"^ACM Trans\. Graph\.",
        "ACM Transactions on Graphics",
    ),
    _venue(
        "CACM",
        ((0, "Communications of the ACM"),),
        r"^Commun\. ACM",
        "Communications of the ACM",
    ),
)
"""Recognised venues, tried in this order (``NAACL``/``EMNLP`` before ``ACL``)."""

_SATELLITE = re.compile(
    r"\bworkshops?\b|\bfindings\b|\bcompanion\b|\btutorials?\b|datasets and benchmarks", re.I
)
"""Satellite venues that must not pass for the main conference."""


def is_satellite(name: str) -> bool:
    """True for a workshop, *Findings*, companion or tutorial volume (not the main venue)."""
    return bool(_SATELLITE.search(name))


def identify(name: str) -> KnownVenue | None:
    """The known venue ``name`` denotes, or ``None`` (also for workshops and *Findings*)."""
    if is_satellite(name):
        return None
    for venue in VENUES:
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
