"""The house style: one form per venue series and one version per entry, for every export.

:func:`apply_house_style` rewrites records before a writer sees them, following the venue
registry (:mod:`imgsynth_refs.venues`, ``refs/venues.toml``) and a :class:`HouseStyle`:

- every conference paper or journal article of a known series gets the series' booktitle or
  journal (``2019 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)``,
  or with ``venue_style`` ``short`` ``CVPR``, ``abbrv`` ``Proc. CVPR``), its publisher and
  book series, and the place and editors only where the series writes them;
- versions: the pages, URL and DOI of an entry name one version, the one the DOI names. A
  ``url`` that only repeats the DOI (``https://doi.org/<doi>``, ``.../doi/<doi>``) or that
  points to a copy paginated otherwise (the registry's ``other_version_hosts``, such as
  CVF's open access beside IEEE's DOI) is not written;
- ``omit`` names optional fields of papers that are never written (``url``, ``month``...).

A user's house-style file (``export --house-style FILE``) is TOML::

    venue_style = "abbrv"        # full (default), short or abbrv
    omit = ["url", "month"]      # optional fields of papers not written
    [venues.cvpr]                # a series id of refs/venues.toml
    full = "Proc. IEEE/CVF Conf. Comput. Vis. Pattern Recognit. ({short} {year})"
    abbrv = "Proc. CVPR {year}"  # forms may use {year}, {short}, {ordinal}
    publisher = "IEEE Computer Society"
    address = true               # write the meeting's place
    editors = false              # write the proceedings' editors
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote, urlsplit

import tomli

from .errors import DataError
from .venues import VENUE_STYLES, KnownVenue, VenueStyle, identify, registry

if TYPE_CHECKING:
    from .models import Reference

__all__ = [
    "OMITTABLE",
    "HouseStyle",
    "SeriesStyle",
    "apply_house_style",
    "load_house_style",
    "series_of",
    "url_repeats_doi",
]

OMITTABLE = (
    "address",
    "day",
    "doi",
    "editors",
    "month",
    "note",
    "number",
    "organization",
    "pages",
    "publisher",
    "series",
    "url",
    "volume",
)
"""Fields of a conference paper or journal article a house style may leave out."""

_PAPERS = ("conference_paper", "journal_article")


class SeriesStyle(NamedTuple):
    """A house-style file's overrides for one series; ``None`` keeps the registry's."""

    full: str | None = None
    """The full booktitle/journal form (``{year}``, ``{short}``, ``{ordinal}``)."""
    short: str | None = None
    """The short form."""
    abbrv: str | None = None
    """The abbreviated form."""
    publisher: str | None = None
    series: str | None = None
    """The book series (``Proceedings of Machine Learning Research``)."""
    address: bool | None = None
    """Whether to write the meeting's place."""
    editors: bool | None = None
    """Whether to write the proceedings' editors."""


class HouseStyle(NamedTuple):
    """How exported entries name their venues and which optional fields they write."""

    venue_style: VenueStyle = "full"
    omit: frozenset[str] = frozenset()
    """Fields of :data:`OMITTABLE` never written for papers."""
    venues: Mapping[str, SeriesStyle] = MappingProxyType({})
    """Overrides by series id of the venue registry."""


def series_of(ref: Reference) -> KnownVenue | None:
    """The registry series of a conference paper or journal article, else ``None``."""
    if ref.type.value not in _PAPERS:
        return None
    name = (ref.venue.name if ref.venue else None) or ref.booktitle or ref.journal
    known = identify(name) if name else None
    wanted = "conference" if ref.type.value == "conference_paper" else "journal"
    return known if known is not None and known.kind == wanted else None


def url_repeats_doi(url: str, doi: str) -> bool:
    """Whether ``url`` only repeats ``doi``: its path ends with the DOI (``doi.org/<doi>``,
    ``dl.acm.org/doi/<doi>``), compared as DOIs are, without case."""
    path = unquote(urlsplit(url).path).rstrip("/").lower()
    return path.endswith("/" + doi.lower())


def _other_version(url: str, known: KnownVenue | None) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return known is not None and host in known.other_version_hosts


def _styled(ref: Reference, style: HouseStyle) -> Reference:
    known = series_of(ref)
    update: dict[str, Any] = {}
    if known is not None:
        over = style.venues.get(known.id, SeriesStyle())
        template = {"full": over.full, "short": over.short, "abbrv": over.abbrv}
        form = known.form(ref.year, style.venue_style, template[style.venue_style])
        if form:
            update["booktitle" if known.kind == "conference" else "journal"] = form
        for name in ("publisher", "series"):
            value = getattr(over, name) or known.value(name, ref.year)
            if value:
                update[name] = value
        if not (known.address if over.address is None else over.address):
            update["address"] = None
        if not (known.editors if over.editors is None else over.editors):
            update["editors"] = []
    url, doi = ref.url, ref.doi
    if url and doi and (url_repeats_doi(url, doi) or _other_version(url, known)):
        update["url"] = None
    if ref.type.value in _PAPERS:
        update.update({name: [] if name == "editors" else None for name in style.omit})
    return ref.model_copy(update=update) if update else ref


def apply_house_style(
    refs: Iterable[Reference], style: HouseStyle | None = None
) -> list[Reference]:
    """``refs`` as the house style writes them (default: :class:`HouseStyle`'s defaults)."""
    style = style or HouseStyle()
    return [_styled(ref, style) for ref in refs]


_SERIES_KEYS = SeriesStyle._fields


def _formats(template: str) -> bool:
    """Whether ``template`` formats with the placeholders of a venue form."""
    try:
        template.format(year=2000, short="X", ordinal="1st")
    except (KeyError, IndexError, ValueError):
        return False
    return True


def _check_value(where: str, value: object, flag: bool, file: str) -> None:
    """A flag must be a boolean, a name a non-empty string that formats as a venue form."""
    if flag and not isinstance(value, bool):
        raise DataError(f"{where} must be true or false", file=file)
    if not flag and (not isinstance(value, str) or not value.strip()):
        raise DataError(f"{where} must be a non-empty string", file=file)
    if isinstance(value, str) and not _formats(value):
        raise DataError(
            f"{where}: only {{year}}, {{short}}, {{ordinal}} may stand in braces", file=file
        )


def _check_keys(table: Mapping[str, Any], allowed: Iterable[str], where: str, file: str) -> None:
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise DataError(
            f"unknown key {unknown[0]!r} in {where}; valid: {', '.join(allowed)}", file=file
        )


def _venue_style(value: object, file: str | None) -> VenueStyle:
    for style in VENUE_STYLES:
        if value == style:
            return style
    raise DataError(f"venue_style must be one of {', '.join(VENUE_STYLES)}", file=file)


def load_house_style(path: str | Path | None, venue_style: str | None = None) -> HouseStyle:
    """A user's house-style file (see the module docstring; ``None``: the defaults);
    ``venue_style`` (the command line's) overrides the file's. Raises
    :class:`~imgsynth_refs.errors.DataError` naming the file and the key at fault."""
    if path is None:
        return HouseStyle(venue_style=_venue_style(venue_style or "full", None))
    file = str(path)
    try:
        raw = tomli.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"cannot read the house style: {exc.strerror or exc}", file=file) from None
    except (tomli.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"not valid TOML: {exc}", file=file) from None
    _check_keys(raw, ("venue_style", "omit", "venues"), "the house style", file)
    chosen = _venue_style(venue_style or raw.get("venue_style", "full"), file)
    omit = raw.get("omit", [])
    if not isinstance(omit, list) or any(name not in OMITTABLE for name in omit):
        raise DataError(f"omit must list fields of: {', '.join(OMITTABLE)}", file=file)
    ids = [venue.id for venue in registry()]
    venues: dict[str, SeriesStyle] = {}
    tables = raw.get("venues", {})
    if not isinstance(tables, dict):
        raise DataError("venues must be a table of series tables", file=file)
    for series_id, table in tables.items():
        if series_id not in ids:
            raise DataError(f"unknown series {series_id!r}; valid: {', '.join(ids)}", file=file)
        if not isinstance(table, dict):
            raise DataError(f"venues.{series_id} must be a table", file=file)
        _check_keys(table, _SERIES_KEYS, f"venues.{series_id}", file)
        for key, value in table.items():
            _check_value(f"venues.{series_id}.{key}", value, key in ("address", "editors"), file)
        venues[series_id] = SeriesStyle(**table)
    return HouseStyle(venue_style=chosen, omit=frozenset(omit), venues=venues)
