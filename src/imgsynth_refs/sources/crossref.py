"""DOIs through Crossref's REST API (``/works/DOI``), mapped to the record model.

Mapping (Crossref ``message`` -> :class:`~imgsynth_refs.models.Reference`):

- ``type``: ``journal-article`` -> journal article (``journal`` = container title),
  ``proceedings-article`` and ``book-chapter`` -> conference paper (``booktitle``),
  ``dataset`` -> data set; other types are reported as unsupported.
- ``title`` (+ ``subtitle``) with JATS/HTML markup removed; ``author``/``editor`` as
  people (``given``/``family``/``suffix``, or ``name`` for an organisation).
- Date: ``published-print`` when the work has a volume (the issue's date, what a citation
  gives), else ``issued`` (Crossref's earliest publication date).
- ``volume``, ``issue``, ``page``, ``publisher``; the DOI as registered and its URL as
  ``https://doi.org/DOI``; the venue normalised (:mod:`imgsynth_refs.venues`), and a
  known conference's booktitle replaced by its canonical name.

``10.48550/arXiv.*`` is arXiv's own DataCite DOI, not a published version: it is never
looked up here but routed to the arXiv resolver given to :class:`CrossrefResolver`
(without one, it fails with a message naming the arXiv id).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..errors import SourceError, UsageError
from ..identifiers import Identifier, Kind, bare_doi, read_as
from ..models import Person, Reference, WorkType
from ..venues import identify, normalize_venue
from . import _fetch
from .base import Failed, Resolved

if TYPE_CHECKING:
    from collections.abc import Sequence

    import requests

    from ..identifiers import Identifier
    from .base import Outcome, Resolver
    from .config import Config

__all__ = [
    "CrossrefResolver",
    "arxiv_id_from_doi",
    "work_to_reference",
]


_TYPES = {
    "journal-article": WorkType.JOURNAL_ARTICLE,
    "proceedings-article": WorkType.CONFERENCE_PAPER,
    "book-chapter": WorkType.CONFERENCE_PAPER,
    "dataset": WorkType.DATASET,
}
_MARKUP = re.compile(r"<[^>]+>")
_PAGES = re.compile(r"^[\w.]+(?:\s*[-\u2013]+\s*[\w.]+)?$")


def arxiv_id_from_doi(doi: str) -> str | None:
    """The arXiv id of an arXiv DOI (``10.48550/arXiv.1511.06434`` -> ``1511.06434``)."""
    found = read_as(Kind.DOI, bare_doi(doi))
    return found.id if isinstance(found, Identifier) and found.kind is Kind.ARXIV else None


def _text(value: Any) -> str:
    """A Crossref string or list of strings as plain text, markup removed."""
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(_MARKUP.sub("", str(value or "")).split())


def _people(items: Any) -> list[Person]:
    people = []
    for item in items or ():
        family = _text(item.get("family")) or _text(item.get("name"))
        if family:
            people.append(
                Person(
                    family=family,
                    given=_text(item.get("given")),
                    suffix=_text(item.get("suffix")),
                )
            )
    return people


def _date(message: dict[str, Any]) -> tuple[int | None, int | None, int | None]:
    names = ("published-print", "issued") if message.get("volume") else ("issued",)
    for name in names:
        parts = ((message.get(name) or {}).get("date-parts") or [[]])[0]
        if parts and parts[0]:
            padded = [*parts, None, None]
            return padded[0], padded[1], padded[2]
    return None, None, None


def work_to_reference(message: dict[str, Any], *, url: str) -> Reference:
    """The record of one Crossref work (the ``message`` of ``/works/DOI``); ``url`` is its source.

    Raises :class:`~imgsynth_refs.errors.SourceError` for an unsupported type or a work
    without title or date.
    """
    kind = _TYPES.get(message.get("type", ""))
    if kind is None:
        raise SourceError(
            f"Crossref type {message.get('type')!r} is not supported "
            f"(supported: {', '.join(sorted(_TYPES))})",
            source="crossref",
            url=url,
        )
    title = _text(message.get("title"))
    subtitle = _text(message.get("subtitle"))
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    year, month, day = _date(message)
    if not title or year is None:
        raise SourceError("the work has no title or no date", source="crossref", url=url)
    container = _text(message.get("container-title")) or None
    known = identify(container) if container else None
    if known is not None and kind is WorkType.CONFERENCE_PAPER:
        container = known.full_name(year)
    pages = _text(message.get("page")) or None
    doi = _text(message.get("DOI"))
    values: dict[str, Any] = {
        "title": title,
        "authors": _people(message.get("author")),
        "editors": _people(message.get("editor")),
        "year": year,
        "month": month,
        "day": day,
        "journal": container if kind is WorkType.JOURNAL_ARTICLE else None,
        "booktitle": container if kind is WorkType.CONFERENCE_PAPER else None,
        "volume": _text(message.get("volume")) or None,
        "number": _text(message.get("issue")) or None,
        "pages": pages if pages and _PAGES.match(pages) else None,
        "publisher": _text(message.get("publisher")) or None,
        "doi": doi or None,
        "url": f"https://doi.org/{doi}" if doi else None,
    }
    values = {name: value for name, value in values.items() if value}
    values |= {
        "type": kind,
        "venue": normalize_venue(container, year) if container else None,
        "provenance": _fetch.provenance(sorted(values), url),
    }
    return _fetch.record(values, source="crossref", url=url)


class CrossrefResolver:
    """Resolves ``doi`` identifiers through Crossref; arXiv DOIs go to ``arxiv``."""

    name = "crossref"
    kinds = frozenset({"doi"})

    def __init__(
        self, session: requests.Session, config: Config, *, arxiv: Resolver | None = None
    ) -> None:
        self._session = session
        self._base = config.crossref_url
        self._arxiv = arxiv

    def work_url(self, doi: str) -> str:
        """The API URL of a DOI's work record."""
        return f"{self._base}/works/{quote(doi, safe='/:;()._-')}"

    def fetch(self, doi: str) -> Reference:
        """The record of ``doi`` (not an arXiv DOI: see :func:`arxiv_id_from_doi`)."""
        arxiv_id = arxiv_id_from_doi(doi)
        if arxiv_id is not None:
            raise UsageError(
                f"{doi} is arXiv's DOI of arXiv:{arxiv_id}, not a published version; "
                f"resolve arXiv:{arxiv_id} instead"
            )
        url = self.work_url(doi)
        data = _fetch.get_json(self._session, url, source=self.name)
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, dict) or data.get("message-type") != "work":
            raise SourceError("the answer is not a Crossref work record", source=self.name, url=url)
        return work_to_reference(message, url=url)

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        """One outcome per identifier; arXiv DOIs are resolved by the arXiv resolver, batched."""
        routed = {
            i: arxiv_id
            for i, ident in enumerate(identifiers)
            if (arxiv_id := arxiv_id_from_doi(ident.id)) is not None and self._arxiv is not None
        }
        outcomes = _fetch.resolve_each(
            [ident for i, ident in enumerate(identifiers) if i not in routed],
            lambda ident: self.fetch(ident.id),
        )
        if not routed or self._arxiv is None:
            return outcomes
        answers = iter(self._arxiv.resolve([Identifier("arxiv", a) for a in routed.values()]))
        others = iter(outcomes)
        merged: list[Outcome] = []
        for i, ident in enumerate(identifiers):
            if i not in routed:
                merged.append(next(others))
                continue
            answer = next(answers)
            if isinstance(answer, Resolved):
                merged.append(Resolved(ident, answer.reference))
            else:
                merged.append(Failed(ident, answer.reason, not_found=answer.not_found))
        return merged
