"""Fetching for the resolvers: one GET, its failures as :mod:`imgsynth_refs.errors`.

Every resolver asks the shared session the same way and needs the same answers: a 404 is
:class:`~imgsynth_refs.errors.NotFoundError`, any other failure (HTTP status, timeout,
refused connection, oversized or truncated body, malformed JSON) is a
:class:`~imgsynth_refs.errors.SourceError` with a one-line reason and the URL. Retries,
throttling, caching and size limits live in the session
(:func:`imgsynth_refs.sources.http.make_session`), not here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import requests
from pydantic import ValidationError

from ..bibtex.read import entry_to_reference, parse_bib
from ..errors import ImgsynthRefsError, NotFoundError, SourceError
from ..models import Provenance, Reference, first_error
from .base import Failed, Outcome, Resolved
from .http import describe_error, dropped_if_unusable

if TYPE_CHECKING:
    import requests

    from ..identifiers import Identifier
    from ..models import Reference

NOT_FOUND_STATUSES = frozenset({404, 410})
"""Statuses meaning the source does not know what was asked."""


def get(
    session: requests.Session,
    url: str,
    *,
    source: str,
    params: Mapping[str, str | int] | None = None,
    accept: str | None = None,
) -> requests.Response:
    """``GET url`` (with ``params``); the 200 response, else NotFoundError/SourceError."""
    if params:
        url = f"{url}?{urlencode(params)}"
    headers = {"Accept": accept} if accept else None
    try:
        response = session.get(url, headers=headers)
    except requests.RequestException as exc:
        raise SourceError(describe_error(exc), source=source, url=url) from None
    if response.status_code in NOT_FOUND_STATUSES:
        raise NotFoundError(f"not found (HTTP {response.status_code})", source=source, url=url)
    if response.status_code != 200:
        reason = f"HTTP {response.status_code} {response.reason or ''}".strip()
        raise SourceError(reason, source=source, url=url)
    return response


def text_of(response: requests.Response) -> str:
    """The body as text: the declared charset, else UTF-8, else (bytes that are no UTF-8, as
    on a page that declares nothing) Windows-1252 as browsers read such pages; never
    requests' Latin-1 guess. Only bytes invalid in a *declared* charset become U+FFFD, which
    the record models then refuse, so a lost character never reaches a .bib."""
    declared = "charset=" in response.headers.get("Content-Type", "").lower()
    if declared and response.encoding:
        try:
            return response.content.decode(response.encoding, errors="replace")
        except LookupError:
            pass
    try:
        return response.content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return response.content.decode("cp1252")
        except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
            return response.content.decode("latin-1")


def get_text(session: requests.Session, url: str, *, source: str, accept: str | None = None) -> str:
    """The body of ``GET url`` as text (see :func:`get`, :func:`text_of`)."""
    return text_of(get(session, url, source=source, accept=accept))


def forget(session: requests.Session, response: requests.Response) -> None:
    """Drop ``response`` from the session's cache: its body was unusable (truncated,
    malformed), so the next run asks again instead of failing on it for the cache's life."""
    cache = getattr(session, "cache", None)
    key = getattr(response, "cache_key", None)
    if cache is not None and key:
        cache.delete(key)


def get_bib_entry(session: requests.Session, url: str, *, source: str) -> Reference:
    """The one BibTeX entry at ``url`` as a record; none or several is a SourceError."""
    response = get(session, url, source=source)
    try:
        entries = parse_bib(text_of(response), source=url)
        if len(entries) != 1:
            raise SourceError(
                f"expected one BibTeX entry, got {len(entries)}", source=source, url=url
            )
    except ImgsynthRefsError:
        forget(session, response)
        raise
    return entry_to_reference(entries[0])


def get_json(
    session: requests.Session,
    url: str,
    *,
    source: str,
    params: Mapping[str, str | int] | None = None,
) -> Any:
    """The body of ``GET url`` parsed as JSON; a malformed body is a SourceError."""
    response = get(session, url, source=source, params=params, accept="application/json")
    try:
        return json.loads(response.content)
    except ValueError as exc:
        forget(session, response)
        raise SourceError(f"malformed JSON ({exc})", source=source, url=response.url) from None
    except RecursionError:
        forget(session, response)
        raise SourceError(
            "malformed JSON (nested too deeply)", source=source, url=response.url
        ) from None


def record(fields: Mapping[str, Any], *, source: str, url: str | None) -> Reference:
    """A validated record of ``fields``; invalid upstream data is a one-line SourceError."""
    try:
        return Reference.model_validate(fields)
    except ValidationError as exc:
        where, message = first_error(exc)
        raise SourceError(
            f"unusable record ({where}: {message})" if where else f"unusable record ({message})",
            source=source,
            url=url,
        ) from None


def provenance(fields: Sequence[str], url: str, note: str | None = None) -> dict[str, Provenance]:
    """The same :class:`Provenance` (``url``, read today) for each of ``fields``."""
    fact = Provenance(source=url, retrieved=date.today(), note=note)
    return dict.fromkeys(fields, fact)


def resolve_each(
    identifiers: Sequence[Identifier], fetch: Callable[[Identifier], Reference]
) -> list[Outcome]:
    """One outcome per identifier: ``fetch``'s record, or its error as :class:`Failed`.

    The answers behind a failure other than "not found" are dropped from the cache
    (:func:`~imgsynth_refs.sources.http.dropped_if_unusable`)."""
    outcomes: list[Outcome] = []
    for identifier in identifiers:
        try:
            with dropped_if_unusable():
                outcomes.append(Resolved(identifier, fetch(identifier)))
        except NotFoundError as exc:
            outcomes.append(Failed(identifier, str(exc), not_found=True))
        except ImgsynthRefsError as exc:
            outcomes.append(Failed(identifier, str(exc)))
    return outcomes
