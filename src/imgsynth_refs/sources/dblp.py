"""DBLP: publication search by title, and a record's BibTeX.

- :meth:`DblpClient.search`: ``/search/publ/api?q=...&format=json&h=N``. DBLP's JSON
  has two shapes over the years (an ``author`` may be a string or ``{"@pid", "text"}``, a
  single author or venue may be a bare value instead of a list); both are read. Author
  names lose DBLP's homonym numbers (``Wei Liu 0005`` -> ``Wei Liu``), titles their final
  period.
- :meth:`DblpClient.record`: ``/rec/KEY.bib``, parsed with
  :func:`imgsynth_refs.bibtex.read.entry_to_reference`. DBLP's booktitles carry ordinals,
  places and dates; a known venue's is replaced by its canonical full name and the venue
  normalised (``ICLR 2016``, ``CVPR 2019``); a NeurIPS paper also gets the year's volume.

DBLP lists arXiv preprints too, as ``journals/corr`` articles in the journal *CoRR*
(:attr:`DblpHit.is_preprint`). Some published papers keep a ``journals/corr`` key (ICLR
2016 papers such as DCGAN), so a preprint is told by its venue and type, never its key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import SourceError, UsageError
from ..models import Reference, WorkType
from ..venues import NEURIPS_FIRST_VOLUME_YEAR, identify, neurips_volume, normalize_venue
from . import _fetch

if TYPE_CHECKING:
    import requests

    from .config import Config

__all__ = [
    "DBLP_KEY",
    "PREPRINT_TYPES",
    "DblpClient",
    "DblpHit",
    "normalize_record",
    "parse_hits",
    "search_query",
]

PREPRINT_TYPES = frozenset({"Informal Publications", "Informal and Other Publications"})
"""DBLP publication types of preprints (the older and the current name)."""

DBLP_KEY = re.compile(r"^[a-z]+/[A-Za-z0-9_-]+(?:/[A-Za-z0-9_.-]+)+$")
"""A DBLP record key: ``conf/cvpr/KarrasLA19``, ``journals/corr/RadfordMC15``."""

_HOMONYM = re.compile(r"\s+\d{4}$")


@dataclass(frozen=True, slots=True)
class DblpHit:
    """One publication of a DBLP search answer."""

    key: str
    """Record key (``conf/cvpr/KarrasLA19``)."""
    title: str
    """Title without DBLP's final period."""
    authors: tuple[str, ...]
    """Author names as DBLP writes them (``Given Family``), homonym numbers removed."""
    venue: str
    """DBLP's short venue (``CVPR``, ``ICLR (Poster)``, ``CoRR``); several joined by ``/``."""
    year: int | None
    type: str
    """DBLP's publication type (``Conference and Workshop Papers``, ``Journal Articles``)."""
    doi: str | None = None
    url: str | None = None
    """The record's page on DBLP."""

    @property
    def is_preprint(self) -> bool:
        """True for a CoRR (arXiv) listing: never a published version."""
        return self.type in PREPRINT_TYPES or self.venue.split(" (")[0] == "CoRR"


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _author_name(value: Any) -> str:
    text = value.get("text", "") if isinstance(value, dict) else str(value)
    return _HOMONYM.sub("", " ".join(text.split()))


def parse_hits(data: Any) -> list[DblpHit]:
    """The hits of a ``/search/publ/api`` JSON answer (entries without key or title skipped).

    Raises :class:`ValueError` if ``data`` is not a DBLP search answer.
    """
    try:
        result = data["result"]
        hits = _as_list(result.get("hits", {}).get("hit"))
    except (KeyError, TypeError, AttributeError):
        raise ValueError("not a DBLP search answer (no result.hits)") from None
    parsed = []
    for hit in hits:
        info = hit.get("info") if isinstance(hit, dict) else None
        if not isinstance(info, dict) or not info.get("key") or not info.get("title"):
            continue
        authors = _as_list((info.get("authors") or {}).get("author"))
        year = str(info.get("year", ""))
        parsed.append(
            DblpHit(
                key=str(info["key"]),
                title=" ".join(str(info["title"]).split()).removesuffix("."),
                authors=tuple(_author_name(a) for a in authors if _author_name(a)),
                venue="/".join(str(v) for v in _as_list(info.get("venue"))),
                year=int(year) if year.isdigit() else None,
                type=str(info.get("type", "")),
                doi=str(info["doi"]).lower() if info.get("doi") else None,
                url=str(info["url"]) if info.get("url") else None,
            )
        )
    return parsed


def search_query(title: str) -> str:
    """A DBLP query for a title: its words only (DBLP reads ``|``, ``-``, ``$`` as operators)."""
    return " ".join(re.findall(r"\w+", title))


def normalize_record(ref: Reference) -> Reference:
    """A DBLP record with its venue normalised and a known booktitle made canonical."""
    container = ref.booktitle or ref.journal
    if container is None:
        return ref
    known = identify(container)
    update: dict[str, Any] = {"key": None, "venue": normalize_venue(container, ref.year)}
    if known is not None and ref.type is WorkType.CONFERENCE_PAPER:
        update["booktitle"] = known.full_name(ref.year)
        if (
            known.acronym == "NeurIPS"
            and ref.volume is None
            and ref.year >= NEURIPS_FIRST_VOLUME_YEAR
        ):
            update["volume"] = str(neurips_volume(ref.year))
    if known is not None and ref.type is WorkType.JOURNAL_ARTICLE:
        update["journal"] = known.full_name(ref.year)
    return ref.model_copy(update=update)


class DblpClient:
    """Searches DBLP and reads its records, through the shared session."""

    name = "dblp"

    def __init__(self, session: requests.Session, config: Config, *, max_hits: int = 30) -> None:
        self._session = session
        self._base = config.dblp_url
        self._max_hits = max_hits

    def search(self, title: str) -> list[DblpHit]:
        """Publications whose title matches ``title`` (at most ``max_hits``), DBLP's order."""
        query = search_query(title)
        if not query:
            raise UsageError(f"nothing to search DBLP for in the title {title!r}")
        url = f"{self._base}/search/publ/api"
        params: dict[str, str | int] = {"q": query, "format": "json", "h": self._max_hits}
        data = _fetch.get_json(self._session, url, source=self.name, params=params)
        try:
            return parse_hits(data)
        except ValueError as exc:
            raise SourceError(str(exc), source=self.name, url=url) from None

    def bibtex_url(self, key: str) -> str:
        """URL of a record's BibTeX."""
        return f"{self._base}/rec/{key}.bib"

    def record(self, key: str) -> Reference:
        """The record ``key`` from its DBLP BibTeX, venue normalised (see the module doc)."""
        if not DBLP_KEY.match(key):
            raise UsageError(f"not a DBLP record key: {key!r}")
        url = self.bibtex_url(key)
        ref = normalize_record(_fetch.get_bib_entry(self._session, url, source=self.name))
        stated = sorted(name for name, value in ref if value and name not in ("key", "venue"))
        return ref.model_copy(update={"provenance": _fetch.provenance(stated, url)})
