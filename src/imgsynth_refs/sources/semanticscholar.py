"""Semantic Scholar Graph API: candidate published versions of arXiv preprints, in batches.

- :meth:`SemanticScholarClient.batch`: ``POST {root}/paper/batch?fields=...`` with
  ``{"ids": ["ArXiv:1511.06434", ...]}``, at most :data:`MAX_BATCH` ids per request
  (API docs: https://api.semanticscholar.org/api-docs/graph, "Paper Data").
  The answer is a list in the order asked, ``null`` for an id Semantic Scholar does not know.
- :meth:`SemanticScholarClient.paper`: ``GET {root}/paper/{id}?fields=...`` for one paper
  (404 ``{"error": "Paper with id ... not found"}`` is
  :class:`~imgsynth_refs.errors.NotFoundError`).

Semantic Scholar merges a preprint and its publication into one paper, but is known to mix
their facts (a conference venue with the arXiv year, a DBLP key of the CoRR listing), so a
:class:`S2Paper` is only a *candidate*: it names where the published record may be read
(:attr:`S2Paper.dblp_key`, :attr:`S2Paper.doi`), never the record itself.

Politeness: the API allows about one request per second with a key (``x-api-key``, from
``IMGSYNTH_REFS_S2_KEY``) and a shared pool without one; the session keeps
``IMGSYNTH_REFS_HOST_DELAY`` (1 s) between requests to the host, retries 429 and 5xx with
backoff, honouring ``Retry-After`` when sent (Semantic Scholar's 429 usually has none), and
caches answers (the batch POST's body is part of the cache key).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import requests

from ..errors import NotFoundError, SourceError
from ..models import is_arxiv_doi, is_doi
from . import _fetch
from .http import describe_error

if TYPE_CHECKING:
    import requests

    from .config import Config

__all__ = [
    "FIELDS",
    "MAX_BATCH",
    "S2Paper",
    "SemanticScholarClient",
    "parse_paper",
]

MAX_BATCH = 500
"""Most ids in one ``/paper/batch`` request (the API's limit)."""

FIELDS = "externalIds,venue,publicationVenue,year,title,authors,journal,publicationTypes"
"""Fields asked for each paper."""

_MAX_TEXT = 1000
"""Longest text value kept from an answer (titles, venues, names)."""
_DBLP_KEY = re.compile(r"^[a-z]+/[A-Za-z0-9_-]+(?:/[A-Za-z0-9_.-]+)+$")
_ARXIV_VENUES = frozenset({"arxiv", "arxiv.org", "corr", ""})


@dataclass(frozen=True, slots=True)
class S2Paper:
    """What Semantic Scholar says about one paper: a candidate, never a record."""

    paper_id: str
    title: str
    authors: tuple[str, ...]
    """Author names as listed (``Given Family``)."""
    year: int | None
    venue: str
    """Semantic Scholar's venue name (``Neural Information Processing Systems``, ``arXiv.org``)."""
    publication_types: tuple[str, ...]
    """``JournalArticle``, ``Conference``, ``Review``, ..."""
    journal: str | None
    """``journal.name`` (``ArXiv`` for a preprint)."""
    arxiv_id: str | None
    doi: str | None
    """The DOI of the published version (never arXiv's own 10.48550 DOI)."""
    dblp_key: str | None
    """The DBLP record key Semantic Scholar links (``conf/cvpr/KarrasLA19``)."""

    @property
    def dblp_is_corr(self) -> bool:
        """True when the DBLP key is a CoRR (arXiv) listing's."""
        return bool(self.dblp_key and self.dblp_key.startswith("journals/corr/"))

    @property
    def names_venue(self) -> bool:
        """True when Semantic Scholar names a venue other than arXiv/CoRR."""
        venues = (self.venue, self.journal or "")
        return any(v.strip().lower() not in _ARXIV_VENUES for v in venues) or (
            "Conference" in self.publication_types
        )

    @property
    def dblp_url(self) -> str | None:
        """The DBLP record page of :attr:`dblp_key`."""
        return f"https://dblp.org/rec/{self.dblp_key}" if self.dblp_key else None

    def describe(self) -> str:
        """One line: ``Neural Information Processing Systems 2017, DBLP journals/corr/...``."""
        links = [
            f"DOI {self.doi}" if self.doi else "",
            f"DBLP {self.dblp_key}" if self.dblp_key else "",
        ]
        where = self.venue or self.journal or "no venue"
        extra = ", ".join(link for link in links if link)
        return f"{where} {self.year or '?'}" + (f" ({extra})" if extra else "")


def _text(value: Any) -> str:
    return " ".join(value.split())[:_MAX_TEXT] if isinstance(value, str) else ""


def parse_paper(data: Any) -> S2Paper:
    """A paper object of the Graph API, each field checked; ValueError if it is none."""
    if not isinstance(data, dict) or not isinstance(data.get("paperId"), str):
        raise ValueError("not a Semantic Scholar paper (no paperId)")
    external = data.get("externalIds")
    external = external if isinstance(external, dict) else {}
    arxiv = _text(external.get("ArXiv")) or None
    doi = _text(external.get("DOI")) or None
    if doi is not None and (not is_doi(doi) or is_arxiv_doi(doi)):
        doi = None
    dblp = _text(external.get("DBLP")) or None
    if dblp is not None and not _DBLP_KEY.match(dblp):
        dblp = None
    year = data.get("year")
    journal = data.get("journal")
    venue = _text(data.get("venue"))
    publication_venue = data.get("publicationVenue")
    if not venue and isinstance(publication_venue, dict):
        venue = _text(publication_venue.get("name"))
    authors = data.get("authors")
    types = data.get("publicationTypes")
    return S2Paper(
        paper_id=_text(data["paperId"]),
        title=_text(data.get("title")),
        authors=tuple(
            name
            for a in (authors if isinstance(authors, list) else [])
            if isinstance(a, dict) and (name := _text(a.get("name")))
        ),
        year=year if isinstance(year, int) and not isinstance(year, bool) else None,
        venue=venue,
        publication_types=tuple(
            t for t in (types if isinstance(types, list) else []) if isinstance(t, str)
        ),
        journal=_text(journal.get("name")) or None if isinstance(journal, dict) else None,
        arxiv_id=arxiv,
        doi=doi,
        dblp_key=dblp,
    )


class SemanticScholarClient:
    """Asks the Graph API through the shared session (see the module docstring)."""

    name = "semanticscholar"

    def __init__(self, session: requests.Session, config: Config) -> None:
        self._session = session
        self._root = config.s2_api
        # Spelled as requests-cache's list of secrets spells it, so the cache redacts it.
        self._headers = {"X-API-Key": config.s2_key} if config.s2_key else {}

    def batch_url(self) -> str:
        """The batch endpoint with the fields asked."""
        return f"{self._root}/paper/batch?fields={quote(FIELDS, safe='')}"

    def batch(self, arxiv_ids: Sequence[str]) -> dict[str, S2Paper | None]:
        """Each arXiv id's paper, or ``None`` when Semantic Scholar does not know it.

        One request per :data:`MAX_BATCH` distinct ids; raises SourceError when a request
        fails or its answer is not a list of papers (the ids of earlier batches are lost
        then too: a caller treats the whole lookup as not made).
        """
        ids = list(dict.fromkeys(arxiv_ids))
        found: dict[str, S2Paper | None] = {}
        for start in range(0, len(ids), MAX_BATCH):
            chunk = ids[start : start + MAX_BATCH]
            body = {"ids": [f"ArXiv:{i}" for i in chunk]}
            answer, response = self._ask("POST", self.batch_url(), body)
            try:
                if not isinstance(answer, list) or len(answer) != len(chunk):
                    raise ValueError(f"expected a list of {len(chunk)} papers")
                for arxiv_id, item in zip(chunk, answer, strict=True):
                    found[arxiv_id] = None if item is None else parse_paper(item)
            except ValueError as exc:
                _fetch.forget(self._session, response)
                raise SourceError(str(exc), source=self.name, url=self.batch_url()) from None
        return found

    def paper(self, paper_id: str) -> S2Paper:
        """One paper (``ArXiv:1511.06434``, ``DOI:10.1145/...``, a paper id)."""
        url = f"{self._root}/paper/{quote(paper_id, safe=':/')}?fields={quote(FIELDS, safe='')}"
        data, response = self._ask("GET", url)
        try:
            return parse_paper(data)
        except ValueError as exc:
            _fetch.forget(self._session, response)
            raise SourceError(str(exc), source=self.name, url=url) from None

    def _ask(
        self, method: str, url: str, body: dict[str, Any] | None = None
    ) -> tuple[Any, requests.Response]:
        """The JSON answer of one request and the response; NotFoundError for 404, else
        SourceError."""
        try:
            response = self._session.request(method, url, json=body, headers=self._headers)
        except requests.RequestException as exc:
            raise SourceError(describe_error(exc), source=self.name, url=url) from None
        if response.status_code in _fetch.NOT_FOUND_STATUSES:
            raise NotFoundError(
                f"not found (HTTP {response.status_code})", source=self.name, url=url
            )
        if response.status_code != 200:
            reason = f"HTTP {response.status_code} {response.reason or ''}".strip()
            raise SourceError(reason, source=self.name, url=url)
        try:
            return json.loads(response.content), response
        except ValueError as exc:
            _fetch.forget(self._session, response)
            raise SourceError(f"malformed JSON ({exc})", source=self.name, url=url) from None
