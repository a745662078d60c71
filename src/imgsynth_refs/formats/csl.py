"""``csl-json``: CSL-JSON items, as pandoc's citeproc, Zotero and citation.js read them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ..bibtex import arxiv_abs_url, is_preprint_form, protect_title, with_keys, year_is_access_year
from ..export import Writer, register
from . import write_json

if TYPE_CHECKING:
    from ..models import Person, Prefer, Reference

__all__ = ["CslJsonWriter", "csl_item", "csl_title"]


_CSL_TYPES = {
    "conference_paper": "paper-conference",
    "journal_article": "article-journal",
    "preprint": "article",
    "dataset": "dataset",
    "software": "software",
    "web_page": "webpage",
    "blog_post": "post-weblog",
}


def _csl_names(people: Iterable[Person]) -> list[dict[str, str]]:
    """CSL names; BibTeX's final ``and others`` is the literal name ``others``, as pandoc
    reads it from BibTeX and citeproc renders it (*et al.*); an inner ``others`` is dropped."""
    people = list(people)
    names: list[dict[str, str]] = []
    for i, person in enumerate(people):
        if person.family == "others":
            if i == len(people) - 1 and names:
                names.append({"literal": "others"})
            continue
        name = {"family": person.family}
        if person.given:
            name["given"] = person.given
        if person.prefix:
            name["non-dropping-particle"] = person.prefix
        if person.suffix:
            name["suffix"] = person.suffix
        names.append(name)
    return names


def _date_parts(year: int, month: int | None, day: int | None) -> dict[str, list[list[int]]]:
    parts = [year]
    if month:
        parts.append(month)
        if day:
            parts.append(day)
    return {"date-parts": [parts]}


def csl_title(title: str) -> str:
    """``title`` with what BibTeX output braces (:func:`~imgsynth_refs.bibtex.protect_title`)
    in CSL's ``<span class="nocase">``, so that styles which change a title's case keep it:
    Chicago's title case otherwise writes ``YFCC100M`` as ``Yfcc100m``."""
    protected = protect_title(title.replace("{", "").replace("}", ""))
    return re.sub(r"\{([^{}]*)\}", r'<span class="nocase">\1</span>', protected)


def csl_item(ref: Reference, prefer: Prefer = "published") -> dict[str, Any]:
    """One record as a CSL-JSON item (CSL 1.0.2 variables)."""
    preprint = is_preprint_form(ref, prefer)
    arxiv = ref.arxiv
    # The preprint form of a published work takes the date of its first arXiv version.
    converted = preprint and ref.type.value != "preprint"
    kind = "article" if preprint else _CSL_TYPES[ref.type.value]
    year, month, day = ref.year, ref.month, ref.day
    if converted and arxiv and arxiv.published:
        year, month, day = arxiv.published.year, arxiv.published.month, arxiv.published.day
    item: dict[str, Any] = {"id": ref.key, "citation-key": ref.key, "type": kind}
    # The preprint form is the arXiv posting, under the title and authors arXiv lists.
    item["title"] = csl_title(ref.arxiv_title if preprint else ref.title)
    authors = ref.arxiv_authors if preprint else ref.authors
    if authors:
        item["author"] = _csl_names(authors)
    if not year_is_access_year(ref):
        item["issued"] = _date_parts(year, month, day)
    if preprint and arxiv:
        item["publisher"] = "arXiv"
        item["number"] = f"arXiv:{arxiv.id}"
        item["URL"] = arxiv_abs_url(arxiv.id) if converted or not ref.url else ref.url
        if ref.note and not converted:
            item["note"] = ref.note
    else:
        if ref.editors:
            item["editor"] = _csl_names(ref.editors)
        container = ref.booktitle or ref.journal or (ref.venue.name if ref.venue else None)
        optional = {
            "container-title": container,
            "collection-title": ref.series,
            "volume": ref.volume,
            "issue": ref.number,
            "page": ref.pages.replace("--", "-") if ref.pages else None,
            "publisher": ref.publisher or ref.organization,
            "publisher-place": ref.address,
            "DOI": ref.doi,
            "URL": ref.url,
            "version": ref.version,
            "note": ref.note,
        }
        item.update({k: v for k, v in optional.items() if v})
        if arxiv and "URL" not in item:
            item["URL"] = arxiv_abs_url(arxiv.id)
    if ref.urldate:
        item["accessed"] = _date_parts(ref.urldate.year, ref.urldate.month, ref.urldate.day)
    return item


@register
class CslJsonWriter(Writer):
    """CSL-JSON, as read by pandoc's citeproc, Zotero and citation.js."""

    name = "csl-json"
    suffixes = (".csl.json", ".csljson")
    description = "CSL-JSON for pandoc --citeproc and Zotero"

    def write_stream(self, refs: Sequence[Reference], stream: TextIO) -> None:
        write_json([csl_item(ref, self.prefer) for ref in with_keys(refs)], stream)
