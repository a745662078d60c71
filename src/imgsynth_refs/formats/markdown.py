"""``markdown``: a reading list, one section per era; its links and venue line serve the
timeline page too."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from ..bibtex import arxiv_abs_url, is_preprint_form, year_is_access_year
from ..export import Writer, register

if TYPE_CHECKING:
    from ..models import Person, Prefer, Reference

__all__ = ["MarkdownWriter", "reading_list_links", "venue_and_year"]


_MARKDOWN_SPECIAL = r"([\\`*_\[\]<>|])"


def _md(text: str) -> str:
    return re.sub(_MARKDOWN_SPECIAL, r"\\\1", text)


def _md_names(people: Sequence[Person]) -> str:
    """``A``, ``A and B``, ``A, B, and C``; BibTeX's ``and others`` is ``A et al.``,
    ``A, B, et al.``."""
    names = [p.display() for p in people if p.family != "others"]
    if len(names) < len(people):
        return f"{', '.join(names)}{',' if len(names) > 1 else ''} et al."
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def reading_list_links(ref: Reference) -> list[tuple[str, str]]:
    """(label, URL) pairs for a reading list: arXiv abstract, PDF, DOI, then the
    proceedings, journal or web page (unless it is the DOI's or arXiv's)."""
    links: list[tuple[str, str]] = []
    if ref.arxiv:
        links.append(("arXiv", arxiv_abs_url(ref.arxiv.id)))
        links.append(("PDF", f"https://arxiv.org/pdf/{ref.arxiv.id}"))
    elif ref.milestone and ref.milestone.link and ref.milestone.link.lower().endswith(".pdf"):
        links.append(("PDF", ref.milestone.link))
    if ref.doi:
        links.append(("DOI", f"https://doi.org/{ref.doi}"))
    same_as_doi = ref.doi is not None and ref.url is not None and "doi.org/" in ref.url
    if ref.url and "arxiv.org/" not in ref.url and not same_as_doi:
        label = {"conference_paper": "proceedings", "journal_article": "journal"}
        links.append((label.get(ref.type.value, "web"), ref.url))
    return links


def venue_and_year(ref: Reference, prefer: Prefer = "published") -> tuple[str, str]:
    """The venue as a reading list names it (``NIPS``, ``Neural Computation``, ``arXiv
    preprint``; empty if none) and the year (``2014``; ``accessed 2026-11-26`` for a page
    dated only by its reading)."""
    year: int | str = ref.year
    if year_is_access_year(ref) and ref.urldate:
        year = f"accessed {ref.urldate.isoformat()}"
    if is_preprint_form(ref, prefer):
        venue = "arXiv preprint"
        if ref.arxiv and ref.arxiv.published:
            year = ref.arxiv.published.year
    elif ref.venue and ref.venue.short:
        venue = ref.venue.short
    else:
        venue = (
            ref.booktitle
            or ref.journal
            or (ref.venue.name if ref.venue else None)
            or ref.organization
            or ref.publisher
            or ""
        )
    return venue, str(year)


def _venue_and_year(ref: Reference, prefer: Prefer) -> str:
    """``*NIPS 2014*``, ``*Neural Computation*, 2006``, ``*arXiv preprint*, 2022``."""
    venue, year = venue_and_year(ref, prefer)
    if not venue:
        return year
    return f"*{_md(venue)}*" if year in venue else f"*{_md(venue)}*, {year}"


def _link(label: str, url: str) -> str:
    return f"[{label}](<{url}>)" if re.search(r"[\s()<>]", url) else f"[{label}]({url})"


@register
class MarkdownWriter(Writer):
    """A reading list: one heading per era in the article's order, works by date."""

    name = "markdown"
    suffixes = (".md", ".markdown")
    description = "a Markdown reading list, one section per era"

    def write_stream(self, refs: Sequence[Reference], stream: TextIO) -> None:
        order = {era.id: i for i, era in enumerate(self.eras)}
        by_id = {era.id: era for era in self.eras}
        groups: dict[str, list[Reference]] = {}
        for ref in refs:
            groups.setdefault(ref.era if ref.era in order else "", []).append(ref)
        sections = []
        for era_id in sorted(groups, key=lambda e: order.get(e, len(order))):
            era = by_id.get(era_id)
            heading = f"{era.name} ({era.years})" if era else "Other works"
            items = sorted(groups[era_id], key=lambda r: r.sort_date)
            about = [_md(era.description), ""] if era and era.description else []
            lines = [f"## {_md(heading)}", "", *about, *(self._item(ref) for ref in items)]
            sections.append("\n".join(lines))
        stream.write("# Reading list\n\n" + "\n\n".join(sections) + "\n")

    def _item(self, ref: Reference) -> str:
        preprint = is_preprint_form(ref, self.prefer)
        authors = ref.arxiv_authors if preprint else ref.authors
        parts = ["-"]
        if ref.milestone:
            parts.append(f"**{_md(ref.milestone.label)}**:")
        if authors:
            names = _md(_md_names(authors))
            parts.append(names if names.endswith(".") else f"{names}.")
        parts.append(f"“{_md(ref.arxiv_title if preprint else ref.title)}”.")
        parts.append(f"{_venue_and_year(ref, self.prefer)}.")
        links = [_link(label, url) for label, url in reading_list_links(ref)]
        if links:
            parts.append(" · ".join(links))
        return " ".join(parts)
