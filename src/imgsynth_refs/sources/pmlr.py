"""PMLR (proceedings.mlr.press): a paper's record from the volume's page sources.

Each PMLR volume is a Jekyll site built from a public repository (``mlresearch/v139``):
``_config.yml`` describes the volume (booktitle, series, editors, publisher, conference
name and short name, year, dates, publication day) and ``_posts/<published>-<paper>.md``
holds each paper's front matter (title, authors, first and last page), from which the
paper's page and its BibTeX are rendered. Those two files are what this resolver reads, on
the ``gh-pages`` branch that is served: ``<base>/v139/gh-pages/_config.yml`` and
``<base>/v139/gh-pages/_posts/2021-07-01-radford21a.md`` (base
``IMGSYNTH_REFS_PMLR_URL``, by default ``https://raw.githubusercontent.com/mlresearch``).
No rendered PMLR page is available as recorded material, the sources are, and they carry
every fact the page shows.

The record: title and authors from the post, pages ``first--last``, volume, editors,
booktitle, series and publisher from the volume (the post where it states them), the year
from the volume and the month of the conference's first day (as PMLR's own BibTeX gives
``month = {18--24 Jul}``). The venue is the volume's conference: ``ICML 2021`` for a venue
:mod:`imgsynth_refs.venues` knows, else the conference's name with PMLR's short name
(``AISTATS 2021``, ``ICBINB 2020``).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import NotFoundError, SourceError, UsageError
from ..identifiers import Identifier
from ..models import Person, Reference, Venue, WorkType
from ..venues import identify, normalize_venue
from . import _fetch

if TYPE_CHECKING:
    from collections.abc import Sequence

    import requests

    from ..identifiers import Identifier
    from .base import Outcome
    from .config import Config

__all__ = [
    "PMLR_ID",
    "PmlrResolver",
    "front_matter",
    "paper_fields",
    "volume_venue",
]

PMLR_ID = re.compile(r"^(?P<volume>[vr]\d{1,4})/(?P<paper>[A-Za-z][\w-]{0,79})$", re.ASCII)
"""A PMLR paper id: volume (``v139``, reissue ``r12``) and paper (``radford21a``)."""

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?P<yaml>.*?)^---[ \t]*$", re.DOTALL | re.MULTILINE)


def front_matter(text: str) -> dict[str, Any]:
    """The YAML front matter of a Jekyll post (or a whole ``_config.yml``) as a mapping.

    Raises :class:`ValueError` if it is not YAML or not a mapping.
    """
    match = _FRONT_MATTER.match(text)
    try:
        data = yaml.safe_load(match["yaml"] if match else text)
    except yaml.YAMLError as exc:
        raise ValueError(f"malformed YAML ({' '.join(str(exc).split())[:200]})") from None
    if not isinstance(data, dict):
        raise ValueError("the YAML is not a mapping")
    return data


def _text(value: Any) -> str | None:
    text = " ".join(str(value).split()) if value is not None else ""
    return text or None


def _people(items: Any) -> list[Person]:
    people = []
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue
        family = _text(item.get("family")) or _text(item.get("name"))
        if family:
            people.append(
                Person(
                    family=family,
                    given=_text(item.get("given")) or "",
                    prefix=_text(item.get("prefix")) or "",
                    suffix=_text(item.get("suffix")) or "",
                )
            )
    return people


def volume_venue(volume: dict[str, Any], year: int) -> Venue | None:
    """The conference of a volume: a known venue normalised (``ICML 2021``), else its name
    with PMLR's short name (``AISTATS 2021``)."""
    conference = volume.get("conference")
    name = _text(conference.get("name")) if isinstance(conference, dict) else None
    name = name or _text(volume.get("booktitle"))
    if name is None:
        return None
    if identify(name) is not None:
        return normalize_venue(name, year)
    short = _text(volume.get("shortname"))
    return Venue(name=name, short=f"{short} {year}" if short else None)


def _year(volume: dict[str, Any], post: dict[str, Any]) -> int | None:
    stated = _text(volume.get("year")) or ""
    if stated.isdigit():
        return int(stated)
    issued = post.get("issued")
    parts = issued.get("date-parts") if isinstance(issued, dict) else None
    if isinstance(parts, list) and parts and isinstance(parts[0], int):
        return parts[0]
    return None


def paper_fields(volume: dict[str, Any], post: dict[str, Any]) -> dict[str, Any]:
    """The record fields a volume's ``_config.yml`` and a paper's front matter state."""
    first, last = _text(post.get("firstpage")), _text(post.get("lastpage"))
    pages = f"{first}--{last}" if first and last and first != last else first
    start = volume.get("start")
    year = _year(volume, post)
    values: dict[str, Any] = {
        "title": _text(post.get("title")),
        "authors": _people(post.get("author")),
        "editors": _people(post.get("editor")) or _people(volume.get("editor")),
        "year": year,
        "month": start.month if isinstance(start, date) else None,
        "booktitle": _text(volume.get("booktitle")) or _text(post.get("container-title")),
        "series": _text(post.get("series")) or _text(volume.get("series")),
        "volume": _text(volume.get("volume")) or _text(post.get("volume")),
        "pages": pages,
        "publisher": _text(post.get("publisher")) or _text(volume.get("publisher")),
        "address": _text(post.get("address")),
        "venue": volume_venue(volume, year) if year else None,
    }
    return {name: value for name, value in values.items() if value}


class PmlrResolver:
    """Resolves ``pmlr`` identifiers (``v139/radford21a``) through PMLR's page sources."""

    name = "pmlr"
    kinds = frozenset({"pmlr"})

    def __init__(self, session: requests.Session, config: Config) -> None:
        self._session = session
        self._base = config.pmlr_url

    def _yaml(self, url: str, *, missing: str) -> dict[str, Any]:
        """The YAML front matter at ``url``; a 404 raises :class:`NotFoundError` ``missing``."""
        try:
            response = _fetch.get(self._session, url, source=self.name)
        except NotFoundError:
            raise NotFoundError(missing, source=self.name, url=url) from None
        try:
            return front_matter(_fetch.text_of(response))
        except ValueError as exc:
            _fetch.forget(self._session, response)
            raise SourceError(str(exc), source=self.name, url=url) from None

    def fetch(self, pmlr_id: str) -> Reference:
        """The record of the PMLR paper ``pmlr_id`` (``v139/radford21a``)."""
        match = PMLR_ID.match(pmlr_id)
        if match is None:
            raise UsageError(f"not a PMLR paper id VOLUME/PAPER: {pmlr_id!r}")
        volume_id, paper = match["volume"], match["paper"]
        config_url = f"{self._base}/{volume_id}/gh-pages/_config.yml"
        volume = self._yaml(config_url, missing=f"no PMLR volume {volume_id}")
        published = volume.get("published")
        if not isinstance(published, date):
            raise SourceError(
                "the volume states no publication day", source=self.name, url=config_url
            )
        post_url = f"{self._base}/{volume_id}/gh-pages/_posts/{published.isoformat()}-{paper}.md"
        post = self._yaml(post_url, missing=f"no paper {pmlr_id} in PMLR volume {volume_id}")
        values = paper_fields(volume, post)
        if "title" not in values or not values.get("authors") or "year" not in values:
            raise SourceError("no title, authors or year", source=self.name, url=post_url)
        from_post = {"title", "authors", "pages", "address"}
        if _people(post.get("editor")):
            from_post.add("editors")
        provenance = _fetch.provenance(sorted(from_post & values.keys()), post_url)
        provenance |= _fetch.provenance(sorted(values.keys() - from_post - {"venue"}), config_url)
        provenance |= _fetch.provenance(["url"], post_url, note="the paper's page address")
        values |= {
            "type": WorkType.CONFERENCE_PAPER,
            "url": Identifier("pmlr", pmlr_id).url,
            "provenance": provenance,
        }
        if "booktitle" not in values:
            raise SourceError("the volume states no booktitle", source=self.name, url=config_url)
        return _fetch.record(values, source=self.name, url=post_url)

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        """One outcome per identifier (see :class:`~imgsynth_refs.sources.base.Resolver`)."""
        return _fetch.resolve_each(identifiers, lambda ident: self.fetch(ident.id))
