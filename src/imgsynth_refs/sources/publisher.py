"""Links that are no identifier of a known kind: publisher pages, old NeurIPS links, web pages.

:class:`LinkResolver` takes every ``url`` identifier and sends it the right way:

- an old NeurIPS link (``papers.nips.cc/paper/5423-generative-adversarial-nets``) to the
  NeurIPS resolver (:meth:`~imgsynth_refs.sources.neurips.NeuripsResolver.fetch_old`);
- any other page is read once: a publisher's landing page names its DOI in a meta tag
  (``citation_doi``, the Highwire tag Google Scholar reads; ``dc.identifier`` /
  ``prism.doi`` otherwise), and the record is then the DOI's, from the DOI resolver
  (Crossref), as if the DOI had been given. IEEE Xplore ``/document/NNN`` and ScienceDirect
  ``/pii/...`` links carry no DOI in their address, so this is their way to a record;
- a page that names no DOI (a project page, a blog, a data set) becomes a web-page record
  (:class:`~imgsynth_refs.sources.web.WebResolver`, from the page already read).

The arXiv DOI (``10.48550/arXiv.*``) in a page's tags is not a published version and is
ignored, as everywhere in this package.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import NotFoundError, SourceError
from ..identifiers import Identifier, neurips_old_paper, parse
from ..models import is_arxiv_doi
from . import _fetch
from .base import Failed, Resolved
from .http import allow_origin
from .web import Page, WebResolver, parse_page

if TYPE_CHECKING:
    from collections.abc import Sequence

    import requests

    from ..identifiers import Identifier
    from .base import Outcome, Resolver
    from .config import Config
    from .neurips import NeuripsResolver

__all__ = [
    "DOI_META",
    "LinkResolver",
    "page_doi",
]

DOI_META = ("citation_doi", "dc.identifier", "prism.doi", "bepress_citation_doi")
"""Meta tags that name a landing page's DOI, most trusted first."""


def page_doi(page: Page) -> str | None:
    """The (non-arXiv) DOI a landing page names in its meta tags, lower-cased, or ``None``.

    ``doi:`` and ``https://doi.org/`` prefixes are accepted; other identifiers in
    ``dc.identifier`` (ISBNs, URLs) are skipped.
    """
    for name in DOI_META:
        for value in page.meta.get(name, ()):
            ident = parse(value if value.lower().startswith(("doi:", "http")) else f"doi:{value}")
            if ident is not None and ident.kind == "doi" and not is_arxiv_doi(ident.id):
                return ident.id
    return None


class LinkResolver:
    """Resolves ``url`` identifiers: old NeurIPS links, publisher pages (by their DOI), and
    other pages (as web pages)."""

    name = "links"
    kinds = frozenset({"url"})

    def __init__(
        self,
        session: requests.Session,
        config: Config,
        *,
        crossref: Resolver | None = None,
        neurips: NeuripsResolver | None = None,
    ) -> None:
        self._session = session
        self._crossref = crossref
        self._neurips = neurips
        self._web = WebResolver(session, config)

    def _by_page(self, ident: Identifier) -> Outcome:
        url = allow_origin(self._session, ident.id)
        try:
            html = _fetch.get_text(self._session, url, source="web", accept="text/html")
        except SourceError as exc:
            return Failed(ident, str(exc), not_found=isinstance(exc, NotFoundError))
        page = parse_page(html)
        doi = page_doi(page)
        if doi is None or self._crossref is None:
            return _fetch.resolve_each([ident], lambda _ident: self._web.page_record(page, url))[0]
        (answer,) = self._crossref.resolve([Identifier("doi", doi)])
        if isinstance(answer, Failed):
            return Failed(ident, f"the page names DOI {doi}; {answer.reason}", answer.not_found)
        ref = answer.reference
        evidence = _fetch.provenance(["doi"], url, note="the landing page's DOI meta tag")
        return Resolved(ident, ref.model_copy(update={"provenance": ref.provenance | evidence}))

    def _one(self, ident: Identifier) -> Outcome:
        old = neurips_old_paper(ident)
        neurips = self._neurips
        if old is None:
            return self._by_page(ident)
        if neurips is None:
            return Failed(ident, "old NeurIPS link, and no NeurIPS source to ask")
        (outcome,) = _fetch.resolve_each([ident], lambda _ident: neurips.fetch_old(*old))
        return outcome

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        """One outcome per identifier (see :class:`~imgsynth_refs.sources.base.Resolver`)."""
        return [self._one(ident) for ident in identifiers]
