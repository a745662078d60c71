"""NeurIPS proceedings (proceedings.neurips.cc): a paper's record from its year and hash.

The proceedings' own BibTeX (``/paper_files/paper/YEAR/file/HASH-Bibtex.bib``) is the
source of truth: authors, title, editors, publisher, volume. Many years give
``pages = {}``; then, or when the BibTeX is missing or malformed, the abstract page
(``/paper_files/paper/YEAR/hash/HASH-Abstract.html``, ``HASH-Abstract-Conference.html``
from 2022) is read for what is missing, from its Highwire ``citation_*`` meta tags.
The venue is the year's (``NIPS 2017``, ``NeurIPS 2018``) and the volume, if no source
states it, follows from the year (:func:`imgsynth_refs.venues.neurips_volume`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..bibtex import parse_names
from ..errors import ImgsynthRefsError, NotFoundError, SourceError, UsageError
from ..identifiers import NEURIPS_PDF_LINK, Identifier, Kind, parse, read_as
from ..identity import normalise_title
from ..models import Person, Provenance, Reference, WorkType
from ..venues import (
    NEURIPS_FIRST_VOLUME_YEAR,
    NEURIPS_NAME,
    identify,
    neurips_venue,
    neurips_volume,
)
from . import _fetch
from .dblp import DblpClient
from .web import Page, page_year, parse_page

if TYPE_CHECKING:
    from collections.abc import Sequence

    import requests

    from ..identifiers import Identifier
    from .base import Outcome
    from .config import Config

__all__ = [
    "CONFERENCE_PAGES_FROM",
    "NeuripsResolver",
    "abstract_page",
    "abstract_urls",
    "bibtex_url",
    "page_fields",
]

"""A NeurIPS paper id: ``YEAR/HASH`` (the hash is 32 lower-case hex digits)."""

CONFERENCE_PAGES_FROM = 2022
"""First year whose abstract pages end in ``-Abstract-Conference.html``: 2021 papers are
still linked as ``.../2021/hash/HASH-Abstract.html`` (e.g. Dhariwal & Nichol, 49ad23d1...).
Either way, the other forms are tried when the first answers 404."""


_PAGE_SUFFIXES_OLD = ("Abstract", "Abstract-Conference")
_PAGE_SUFFIXES_NEW = ("Abstract-Conference", "Abstract-Datasets_and_Benchmarks", "Abstract")


def abstract_page(url: str) -> str:
    """The abstract page of a proceedings PDF link (``.../file/HASH-Paper[-Track].pdf`` ->
    ``.../hash/HASH-Abstract[-Track].html``); any other link unchanged.

    The BibTeX and the ``citation_pdf_url`` tag link the PDF; a record links the landing
    page, as ``check`` asks of a .bib (``pdf-url``).
    """
    return NEURIPS_PDF_LINK.sub(lambda m: f"/hash/{m['hash']}-Abstract{m['track'] or ''}.html", url)


def bibtex_url(base: str, year: int, paper_hash: str) -> str:
    """URL of the proceedings' BibTeX of a paper."""
    return f"{base}/paper_files/paper/{year}/file/{paper_hash}-Bibtex.bib"


def abstract_urls(base: str, year: int, paper_hash: str) -> list[str]:
    """URLs the abstract page of a paper may have, the year's usual form first."""
    suffixes = _PAGE_SUFFIXES_NEW if year >= CONFERENCE_PAGES_FROM else _PAGE_SUFFIXES_OLD
    return [f"{base}/paper_files/paper/{year}/hash/{paper_hash}-{s}.html" for s in suffixes]


def _page_person(name: str) -> Person | None:
    """``Family, Given`` (the proceedings' form) or ``Given Family`` as a person."""
    family, comma, given = name.partition(",")
    if comma and family.strip():
        return Person(family=family.strip(), given=given.strip())
    people = parse_names(name)
    return people[0] if people else None


def _page_pages(page: Page) -> str | None:
    first, last = page.first("citation_firstpage"), page.first("citation_lastpage")
    if first and last and first != last:
        return f"{first}--{last}"
    return first or None


def page_fields(page: Page) -> dict[str, Any]:
    """The record fields an abstract page states (only those it states)."""
    people = [_page_person(name) for name in page.meta.get("citation_author", [])]
    values: dict[str, Any] = {
        "title": page.first("citation_title"),
        "authors": [p for p in people if p is not None],
        "year": page_year(page),
        "volume": page.first("citation_volume"),
        "pages": _page_pages(page),
        "publisher": page.first("citation_publisher"),
        "doi": page.first("citation_doi"),
        "url": page.first("citation_pdf_url"),
    }
    return {name: value for name, value in values.items() if value}


def _both_failed(
    neurips_id: str, bib_error: ImgsynthRefsError, page_error: ImgsynthRefsError
) -> SourceError:
    if isinstance(bib_error, NotFoundError) and isinstance(page_error, NotFoundError):
        return NotFoundError(
            f"no paper {neurips_id} (no BibTeX, no abstract page)",
            source="neurips",
            url=bib_error.url,
        )
    bib, page = (str(e).removeprefix("neurips: ") for e in (bib_error, page_error))
    return SourceError(
        f"paper {neurips_id}: BibTeX: {bib}; abstract page: {page}", source="neurips"
    )


class NeuripsResolver:
    """Resolves ``neurips`` identifiers (``YEAR/HASH``) through the proceedings site."""

    name = "neurips"
    kinds = frozenset({"neurips"})

    def __init__(self, session: requests.Session, config: Config) -> None:
        self._session = session
        self._config = config
        self._base = config.neurips_url

    def _bibtex(self, year: int, paper_hash: str) -> tuple[Reference, str]:
        url = bibtex_url(self._base, year, paper_hash)
        return _fetch.get_bib_entry(self._session, url, source=self.name), url

    def _page(self, year: int, paper_hash: str) -> tuple[Page, str]:
        urls = abstract_urls(self._base, year, paper_hash)
        for url in urls[:-1]:
            try:
                return parse_page(_fetch.get_text(self._session, url, source=self.name)), url
            except NotFoundError:
                continue
        return parse_page(_fetch.get_text(self._session, urls[-1], source=self.name)), urls[-1]

    def fetch(self, year: int, paper_hash: str) -> Reference:
        """The record of the paper ``YEAR/HASH``.

        Raises :class:`~imgsynth_refs.errors.NotFoundError` if neither the BibTeX nor
        the abstract page exists, :class:`~imgsynth_refs.errors.SourceError` if neither
        can be read.
        """
        neurips_id = f"{year}/{paper_hash}"
        if read_as(Kind.NEURIPS, neurips_id) != Identifier(Kind.NEURIPS, neurips_id):
            raise UsageError(f"not a NeurIPS paper id YEAR/HASH: {neurips_id!r}")
        values: dict[str, Any] = {}
        sources: dict[str, str] = {}
        bib_error: ImgsynthRefsError | None = None
        try:
            bib, bib_url = self._bibtex(year, paper_hash)
        except ImgsynthRefsError as exc:
            bib_error = exc
        else:
            names = ("title", "authors", "editors", "year", "volume", "pages", "publisher", "url")
            for name in names:
                value = getattr(bib, name)
                if value:
                    values[name], sources[name] = value, bib_url
        if bib_error is not None or "pages" not in values:
            try:
                page, page_url = self._page(year, paper_hash)
            except ImgsynthRefsError as page_error:
                # Without a BibTeX nothing stands; with one, only its missing pages stay missing.
                if bib_error is not None:
                    raise _both_failed(neurips_id, bib_error, page_error) from None
            else:
                for name, value in page_fields(page).items():
                    if name not in values:
                        values[name], sources[name] = value, page_url
        if "title" not in values or "authors" not in values:
            raise SourceError(
                f"paper {neurips_id}: no title or no authors in "
                + (f"the abstract page (BibTeX: {bib_error})" if bib_error else "the BibTeX"),
                source=self.name,
            )
        if "url" in values:
            values["url"] = abstract_page(values["url"])
        year = values.get("year", year)
        provenance: dict[str, Provenance] = {}
        for name, source in sources.items():
            provenance |= _fetch.provenance([name], source)
        if "volume" not in values and year >= NEURIPS_FIRST_VOLUME_YEAR:
            values["volume"] = str(neurips_volume(year))
            provenance |= _fetch.provenance(
                ["volume"], f"{self._base}/paper_files/paper/{year}", note="computed from the year"
            )
        values |= {
            "type": WorkType.CONFERENCE_PAPER,
            "booktitle": NEURIPS_NAME,
            "venue": neurips_venue(year),
            "neurips_id": neurips_id,
            "provenance": provenance,
        }
        return _fetch.record(values, source=self.name, url=sources.get("title"))

    def fetch_old(self, number: int, slug: str) -> Reference:
        """The record of an old-style link ``papers.nips.cc/paper/NUMBER-SLUG``.

        Such a link has no year and no hash; the slug is the proceedings title. DBLP is
        searched for the slug's words; a NIPS/NeurIPS paper whose title, normalised, is the
        slug word for word is the one (evidence: that title, and DBLP's record, which links
        the paper's page on proceedings.neurips.cc with its year and hash). Its record then
        comes from the proceedings, as for ``YEAR/HASH``. Anything less is not found.
        """
        dblp = DblpClient(self._session, self._config)
        for hit in dblp.search(slug.replace("-", " ")):
            known = identify(hit.venue)
            same = "-".join(normalise_title(hit.title).split()) == slug
            if not same or hit.is_preprint or known is None or known.acronym != "NeurIPS":
                continue
            found = dblp.record(hit.key)
            ident = parse(found.url or "")
            if ident is None or ident.kind != Kind.NEURIPS:
                continue
            year, digest = ident.id.split("/")  # parse gives NeurIPS ids as YEAR/HASH
            ref = self.fetch(int(year), digest)
            evidence = _fetch.provenance(
                ["neurips_id"],
                dblp.bibtex_url(hit.key),
                note=f"old link {number}-{slug}: DBLP's NeurIPS paper of that exact title",
            )
            return ref.model_copy(update={"provenance": ref.provenance | evidence})
        raise NotFoundError(
            f"no NeurIPS paper titled {slug!r} (old link {number}-{slug}) found in DBLP",
            source=self.name,
        )

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        """One outcome per identifier (see :class:`~imgsynth_refs.sources.base.Resolver`)."""

        def fetch(identifier: Identifier) -> Reference:
            year, _, paper_hash = identifier.id.partition("/")
            if not year.isdigit():
                raise UsageError(f"not a NeurIPS paper id YEAR/HASH: {identifier.id!r}")
            return self.fetch(int(year), paper_hash)

        return _fetch.resolve_each(identifiers, fetch)
