"""arXiv: preprint records through the ``arxiv`` package, in batched ``id_list`` queries.

Every arXiv id of a call goes out in ``id_list`` queries of at most 100 ids
(``max_results`` = 100, so arXiv does not cut the list at 10), never one request per id.
:class:`arxiv.Client` builds its own :class:`requests.Session`; here it is given the
project's session instead (cache, timeouts, retries, per-host interval; see
:mod:`imgsynth_refs.sources.http`) and the configured API URL, and its own delay and
retries are switched off so that arXiv is not waited for or retried twice.

Outcomes, per id (see the `API manual <https://info.arxiv.org/help/api/user-manual.html>`_):

- found: a :class:`~imgsynth_refs.models.Reference` of type ``preprint``;
- well-formed but unknown (arXiv answers 200 without an entry for it): ``Failed(not_found=True)``
  for that id alone;
- malformed (arXiv answers 400 with an error entry, "incorrect id format for abc"): ``Failed``
  with arXiv's own message for that id; the rest of its batch is asked again without it;
- a transport fault or a bad response (timeout, 5xx after retries, truncated Atom): ``Failed``
  for the ids of that batch only; other batches keep their records.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import arxiv
import requests
from bibtexparser.middlewares.names import parse_single_name_into_parts
from lxml import etree
from pydantic import ValidationError

from ..models import ArxivInfo, Person, Provenance, Reference, WorkType, is_arxiv_doi, is_doi
from . import _fetch
from .base import Failed, Outcome, Resolved
from .config import Config
from .http import HttpSession, describe_error

if TYPE_CHECKING:
    import arxiv

    from ..identifiers import Identifier

__all__ = ["MAX_BATCH", "ArxivResolver", "split_name"]

MAX_BATCH = 100
"""Most ids in one ``id_list`` query."""

# The arxiv package logs each bad feed as a warning; the outcome already names the fault,
# so keep Python's last-resort handler from printing it (handlers an application sets on the
# root logger still receive it).
logging.getLogger("arxiv").addHandler(logging.NullHandler())

_ATOM = "{http://www.w3.org/2005/Atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_ERROR_ID = "/api/errors"
_ERROR_FOR = re.compile(r"\bfor (\S+)\s*$")
_SHORT_ID = re.compile(r"^(?P<id>.+?)(?:v(?P<version>\d+))?$")
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_GROUPS = re.compile(r"\b(?:collaboration|consortium|team|group|project)\b", re.IGNORECASE)


def split_name(name: str) -> Person:
    """An arXiv author name (``First von Last Jr.``) split the way BibTeX splits it.

    Uses bibtexparser's implementation of BibTeX's rules (lower-case particles are the
    *von* part, the last word the family name); a trailing ``Jr.``/``III`` is a suffix, and a
    collaboration (``The ATLAS Collaboration``) stays whole as the family name.
    """
    name = " ".join(name.split())
    if _GROUPS.search(name):
        return Person(family=name)
    words = name.split(" ")
    suffix = ""
    if "," not in name and len(words) > 2 and words[-1].lower() in _SUFFIXES:
        suffix, name = words[-1], " ".join(words[:-1])
    parts = parse_single_name_into_parts(name, strict=False)
    family, given = " ".join(parts.last), " ".join(parts.first)
    if not family:
        family, given = given, ""
    return Person(
        family=family,
        given=given,
        prefix=" ".join(parts.von),
        suffix=suffix or " ".join(parts.jr),
    )


class _Recorder:
    """What :class:`arxiv.Client` sees as its session: ours, remembering the last response.

    The client reports a non-200 status without the body; arXiv's error message is in it.
    The client's own User-Agent header is dropped so that the session's one is sent.
    """

    def __init__(self, session: requests.Session) -> None:
        self.session = session
        self.last: requests.Response | None = None

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        kwargs.pop("headers", None)
        self.last = None
        self.last = self.session.get(url, **kwargs)
        return self.last

    def forget_last(self) -> None:
        """Drop the last response from the session's cache (it was unusable)."""
        if self.last is not None:
            _fetch.forget(self.session, self.last)


class _BatchError(Exception):
    """A whole query failed; ``bad_id`` is set when arXiv named one malformed id."""

    def __init__(self, reason: str, bad_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.bad_id = bad_id


class ArxivResolver:
    """Resolves ``arxiv`` identifiers through the arXiv API, at most 100 ids per request."""

    name = "arxiv"
    kinds = frozenset({"arxiv"})

    def __init__(
        self, session: requests.Session, config: Config, *, batch_size: int = MAX_BATCH
    ) -> None:
        """Use ``session`` (from :func:`~imgsynth_refs.sources.http.make_session`) for every
        request to ``config.arxiv_api``; ``batch_size`` (1-100) ids go in one query."""
        if not 1 <= batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size must be 1..{MAX_BATCH}, not {batch_size}")
        self._config = config
        self._batch_size = batch_size
        self._recorder = _Recorder(session)
        # The project's session keeps the per-host interval and retries; a plain session
        # does not, so then the client keeps arXiv's interval itself.
        polite = isinstance(session, HttpSession)
        self._client = arxiv.Client(
            page_size=MAX_BATCH,
            delay_seconds=0.0 if polite else config.arxiv_delay,
            num_retries=0 if polite else 3,
        )
        self._client._session = self._recorder
        self._client.query_url_format = config.arxiv_api + "?{}"

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        """One outcome per identifier, in order; all arXiv ids go out in batched queries."""
        wanted: dict[str, list[int]] = {}
        outcomes: list[Outcome | None] = [None] * len(identifiers)
        for index, ident in enumerate(identifiers):
            if ident.kind not in self.kinds:
                outcomes[index] = Failed(ident, f"arxiv: cannot resolve a {ident.kind} id")
                continue
            query = ident.id + (f"v{ident.version}" if ident.version else "")
            wanted.setdefault(query, []).append(index)
        queries = list(wanted)
        for start in range(0, len(queries), self._batch_size):
            batch = queries[start : start + self._batch_size]
            for query, result in self._resolve_batch(batch).items():
                for index in wanted[query]:
                    ident = identifiers[index]
                    if isinstance(result, Reference):
                        outcomes[index] = Resolved(ident, result)
                    else:
                        reason, not_found = result
                        outcomes[index] = Failed(ident, reason, not_found=not_found)
        assert all(outcome is not None for outcome in outcomes)
        return outcomes  # type: ignore[return-value]

    def _resolve_batch(self, batch: list[str]) -> dict[str, Reference | tuple[str, bool]]:
        """Records or ``(reason, not_found)`` for every query id of one batch."""
        out: dict[str, Reference | tuple[str, bool]] = {}
        todo = list(batch)
        while todo:
            try:
                results = self._query(todo)
            except _BatchError as err:
                if err.bad_id is not None and err.bad_id in todo:
                    out[err.bad_id] = (f"arXiv: {err.reason}", False)
                    todo.remove(err.bad_id)
                    continue
                out.update((query, (f"arXiv: {err.reason}", False)) for query in todo)
                return out
            found = {}
            latest: dict[str, tuple[int, arxiv.Result]] = {}
            for result in results:
                short = result.get_short_id()
                found[short] = result
                base, version = _split_version(short)
                if base not in latest or (version or 0) > latest[base][0]:
                    latest[base] = (version or 0, result)
            for base, (_, result) in latest.items():
                found.setdefault(base, result)
            for query in todo:
                result = found.get(query)
                if result is None:
                    out[query] = ("arXiv has no paper with this id", True)
                    continue
                try:
                    out[query] = self._to_reference(result, query)
                except ValueError as exc:
                    reason = str(exc).splitlines()[0]
                    out[query] = (f"arXiv: record not usable: {reason}", False)
            return out
        return out

    def _query(self, ids: list[str]) -> list[arxiv.Result]:
        """One ``id_list`` request for ``ids``; raises :class:`_BatchError`."""
        search = arxiv.Search(id_list=ids, max_results=len(ids))
        try:
            results = list(self._client.results(search))
        except arxiv.HTTPError as err:
            raise self._http_error(err.status) from None
        except requests.RequestException as exc:
            raise _BatchError(f"request failed: {describe_error(exc)}") from None
        except (arxiv.ArxivError, ValueError) as exc:
            # e.g. an entry with an unreadable date, or a page arXiv left empty
            self._check_last_feed()
            self._recorder.forget_last()
            raise _BatchError(f"unreadable answer: {' '.join(str(exc).split())}") from None
        self._check_last_feed()
        errors = [r for r in results if _ERROR_ID in r.entry_id]
        if errors:
            raise _batch_error(" ".join(errors[0].summary.split()))
        return results

    def _check_last_feed(self) -> None:
        """Raise :class:`_BatchError` (and forget the answer) unless it is a complete feed."""
        response = self._recorder.last
        if response is None:
            return
        try:
            _check_feed(response.content)
        except _BatchError:
            self._recorder.forget_last()
            raise

    def _http_error(self, status: int) -> _BatchError:
        response = self._recorder.last
        body = response.content if response is not None else b""
        message = _error_entry(body)
        if message is not None:
            return _batch_error(message)
        text = " ".join(body[:200].decode("utf-8", "replace").split())
        detail = f" ({text})" if text and "<" not in text else ""
        return _BatchError(f"HTTP {status}{detail}")

    def _to_reference(self, result: arxiv.Result, query: str) -> Reference:
        """The preprint record of one arXiv entry; ValueError if it is not usable."""
        arxiv_id, version = _split_version(result.get_short_id())
        published = result.published.date()
        source = f"{self._config.arxiv_api}?id_list={query}"
        fields: dict[str, Any] = {
            "type": WorkType.PREPRINT,
            "title": " ".join(result.title.split()),
            "authors": [split_name(a.name) for a in result.authors if a.name.strip()],
            "year": published.year,
            "month": published.month,
            "arxiv": ArxivInfo(
                id=arxiv_id,
                version=version,
                primary_class=result.primary_category or None,
                published=published,
                journal_ref=_clean(result.journal_ref),
                comment=_clean(result.comment),
            ),
            "doi": _published_doi(result.doi),
            "url": f"https://arxiv.org/abs/{query}",
        }
        fields = {name: value for name, value in fields.items() if value is not None}
        today = date.today()
        fields["provenance"] = {
            name: Provenance(source=source, retrieved=today) for name in fields if name != "type"
        }
        try:
            return Reference(**fields)
        except ValidationError as exc:
            raise ValueError(
                "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            ) from None


def _split_version(short_id: str) -> tuple[str, int | None]:
    match = _SHORT_ID.match(short_id)
    assert match is not None
    version = match["version"]
    return match["id"], int(version) if version else None


def _clean(text: str | None) -> str | None:
    text = " ".join((text or "").split())
    return text or None


def _published_doi(value: str | None) -> str | None:
    """The first DOI of arXiv's ``doi`` field, as registered, unless it is arXiv's own
    (10.48550)."""
    for token in (value or "").split():
        token = token.rstrip(".,;")
        if is_doi(token) and not is_arxiv_doi(token):
            return token
    return None


def _batch_error(message: str) -> _BatchError:
    match = _ERROR_FOR.search(message)
    return _BatchError(message, bad_id=match[1] if match else None)


def _parse_xml(body: bytes) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    return etree.fromstring(body, parser=parser)


def _check_feed(body: bytes) -> None:
    """Raise :class:`_BatchError` unless ``body`` is a complete Atom feed from the API."""
    try:
        root = _parse_xml(body)
    except etree.XMLSyntaxError as exc:
        raise _BatchError(f"malformed Atom response: {exc.msg or exc}") from None
    if root is None or root.tag != f"{_ATOM}feed":
        raise _BatchError("response is not an Atom feed")
    total = root.findtext(f"{_OPENSEARCH}totalResults")
    if total is None:
        raise _BatchError("Atom response without opensearch:totalResults")
    if total.strip().isdigit() and int(total) > 0 and root.find(f"{_ATOM}entry") is None:
        # arXiv's sporadic empty page (arxiv.py: UnexpectedEmptyPageError): no proof that
        # the ids are unknown, so a fault of the batch, not "not found" (and not cached).
        raise _BatchError(f"arXiv sent an empty page for {int(total)} results; try again")


def _error_entry(body: bytes) -> str | None:
    """arXiv's message from an error feed (``<entry><id>.../api/errors#...``), if any."""
    try:
        root = _parse_xml(body)
    except etree.XMLSyntaxError:
        return None
    if root is None:
        return None
    for entry in root.iter(f"{_ATOM}entry"):
        entry_id = entry.findtext(f"{_ATOM}id") or ""
        if _ERROR_ID in entry_id:
            summary = entry.findtext(f"{_ATOM}summary") or entry.findtext(f"{_ATOM}title") or ""
            return " ".join(summary.split()) or "error"
    return None
