"""Web pages (data sets, demos, project pages) as ``@misc``/``@online`` records.

A page becomes a :attr:`~imgsynth_refs.models.WorkType.WEB_PAGE` (or, when asked,
:attr:`~imgsynth_refs.models.WorkType.DATASET`) record with its title, its URL and the
day it was read (``urldate``). The title is the page's ``citation_title`` meta tag if it
has one, else its ``<title>``, else its ``og:title``; the site's name (``og:site_name``)
becomes the organization. The year is the page's own
publication date (``citation_publication_date``, ``article:published_time``, ...) if it
states one, else the year it was read. Pages are parsed with the standard library's
:class:`html.parser.HTMLParser`, which never fails on bad markup.

The shared session reaches only the configured sources until the resolver opens a page's
origin with :func:`~imgsynth_refs.sources.http.allow_origin` (https, same timeouts, size
cap and politeness); a redirect to yet another host fails with a one-line reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from ..errors import SourceError, UsageError
from ..models import Reference, WorkType
from . import _fetch
from .http import allow_origin

if TYPE_CHECKING:
    from collections.abc import Sequence

    import requests

    from ..identifiers import Identifier
    from .base import Outcome
    from .config import Config

__all__ = [
    "Page",
    "WebResolver",
    "page_year",
    "parse_page",
]

_DATE_META = (
    "citation_publication_date",
    "citation_date",
    "dc.date",
    "dcterms.issued",
    "article:published_time",
)
"""Meta tags that state when a page was published, most specific first."""

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass
class Page:
    """What a page says about itself: ``<title>`` and ``<meta>`` tags."""

    title: str | None = None
    """Text of the first ``<title>``, whitespace collapsed."""
    meta: dict[str, list[str]] = field(default_factory=dict)
    """``content`` of each ``<meta name=...>`` or ``<meta property=...>``, by lower-case name."""

    def first(self, *names: str) -> str | None:
        """The first non-empty value among the meta tags ``names``."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value:
                    return value
        return None


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_title = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            values = {k.lower(): v for k, v in attrs if v is not None}
            name = values.get("name") or values.get("property")
            content = values.get("content")
            if name and content is not None:
                self.page.meta.setdefault(name.lower(), []).append(" ".join(content.split()))
        elif tag == "title" and self.page.title is None:
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.page.title = " ".join("".join(self._title).split()) or None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)


def parse_page(html: str) -> Page:
    """The title and meta tags of an HTML document (tolerates any markup, even truncated)."""
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    return parser.page


def page_year(page: Page) -> int | None:
    """The publication year a page states in its meta tags, if any."""
    for name in _DATE_META:
        value = page.first(name)
        match = _YEAR.search(value or "")
        if match:
            return int(match.group())
    return None


class WebResolver:
    """Resolves ``url`` identifiers to web-page (or data-set) records."""

    name = "web"
    kinds = frozenset({"url"})

    def __init__(
        self, session: requests.Session, config: Config, *, work_type: WorkType = WorkType.WEB_PAGE
    ) -> None:
        if work_type not in (WorkType.WEB_PAGE, WorkType.DATASET):
            raise UsageError(f"a web page is a web_page or a dataset, not {work_type.value}")
        self._session = session
        self._work_type = work_type

    def fetch(self, url: str) -> Reference:
        """The record of the page at ``url``, accessed today."""
        url = allow_origin(self._session, url)
        html = _fetch.get_text(self._session, url, source=self.name, accept="text/html")
        return self.page_record(parse_page(html), url)

    def page_record(self, page: Page, url: str) -> Reference:
        """The record of ``page``, read at ``url`` today."""
        title = page.first("citation_title", "dc.title") or page.title or page.first("og:title")
        if not title:
            raise SourceError("the page has no title", source=self.name, url=url)
        today = date.today()
        stated = page_year(page)
        site = page.first("og:site_name")
        fields = ["title", "url", "urldate"]
        fields += (["year"] if stated else []) + (["organization"] if site else [])
        values = {
            "type": self._work_type,
            "title": title,
            "year": stated or today.year,
            "organization": site,
            "url": url,
            "urldate": today,
            "provenance": _fetch.provenance(fields, url),
        }
        return _fetch.record(values, source=self.name, url=url)

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        """One outcome per identifier (see :class:`~imgsynth_refs.sources.base.Resolver`)."""
        return _fetch.resolve_each(identifiers, lambda ident: self.fetch(ident.url))
