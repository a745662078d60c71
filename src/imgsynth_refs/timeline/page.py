"""``html``: the reading list as one self-contained page.

The eras are bands along the years (an overview that links to each era), then one
section per era with its works as cards in the order of their milestone dates. A card has
its date, the label, title, authors, venue and year, links, and a "Copy BibTeX" button that copies
the work's entry exactly as the ``bibtex`` format writes it. A search box filters the
cards as one types. CSS and script are inline (``assets/``); a Content-Security-Policy
forbids every request, so the page works from ``file://`` and never touches the network.
The cards are written in the HTML, so the page reads without the script and in print.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from typing import TYPE_CHECKING, ClassVar, TextIO

from ..bibtex import format_entries, with_keys
from ..export import Writer, register
from ..formats.markdown import reading_list_links
from .layout import (
    COLOURS,
    DEFAULT_TITLE,
    Band,
    Placed,
    bands,
    escape_text,
    shown,
    works_text,
    year_range,
)

if TYPE_CHECKING:
    from ..house_style import HouseStyle
    from ..models import Era, Prefer, Reference

__all__ = ["HtmlWriter"]

_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)
"""Inline style and script only: no request of any kind leaves the page."""
_COLOUR_RULES = "".join(
    f".c{i} {{ --era: {colour}; --wash: {wash}; }}\n" for i, (colour, wash) in enumerate(COLOURS)
)
"""``.c0``, ``.c1``...: one class per band colour."""


def _asset(name: str) -> str:
    return (resources.files(__package__) / "assets" / name).read_text(encoding="utf-8")


def _is_web_link(url: str) -> bool:
    """Only ``http(s)`` links become links: a ``javascript:`` URL in a .bib stays text."""
    return url.lower().startswith(("https://", "http://"))


@register
class HtmlWriter(Writer):
    """A self-contained HTML page: eras as bands along the years, search, copy BibTeX."""

    name = "html"
    suffixes: ClassVar[tuple[str, ...]] = (".html", ".htm")
    description = "a self-contained HTML reading list: eras along the years, search, copy BibTeX"

    def __init__(
        self,
        *,
        prefer: Prefer = "published",
        eras: Sequence[Era] | None = None,
        style: HouseStyle | None = None,
        title: str = DEFAULT_TITLE,
        intro: str | None = None,
    ) -> None:
        super().__init__(prefer=prefer, eras=eras, style=style)
        self.title = title
        """The page's title and heading."""
        self.intro = intro
        """The paragraph under the heading (default: how many works and eras)."""

    def write_stream(self, refs: Sequence[Reference], stream: TextIO) -> None:
        # Keys for all works at once, so that each card's entry has its key in the whole export.
        refs = with_keys(refs)
        entries = {ref.key or "": format_entries([ref], prefer=self.prefer) for ref in refs}
        groups = bands(refs, self.eras)
        intro = self.intro
        if intro is None:
            intro = (
                f"{works_text(len(refs))}, era by era, each at its milestone date. "
                "Search, follow the links, or copy a work's BibTeX entry."
            )
        title = escape_text(self.title)
        parts = [
            "<!DOCTYPE html>\n",
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n',
            '<meta name="generator" content="imgsynth-refs">\n',
            f"<title>{title}</title>\n",
            '<link rel="icon" href="data:,">\n',
            f"<style>\n{_asset('page.css')}{_COLOUR_RULES}</style>\n</head>\n<body>\n",
            '<a class="skip" href="#works">Skip to the works</a>\n',
            f"<header>\n<h1>{title}</h1>\n",
            f'<p class="intro">{escape_text(intro)}</p>\n',
            '<div class="search" role="search">\n',
            '<label for="q">Search titles, authors, venues, labels</label>\n',
            '<input id="q" type="search" autocomplete="off" spellcheck="false" '
            'aria-controls="works" aria-describedby="status">\n',
            f'<p id="status" role="status">{works_text(len(refs))}</p>\n</div>\n',
            *self._overview(groups),
            '</header>\n<main id="works">\n',
            *(self._band(band, i, entries) for i, band in enumerate(groups)),
            "</main>\n",
            '<p id="said" class="visually-hidden" aria-live="polite"></p>\n',
            "<footer>Made with imgsynth-refs. Press / to search.</footer>\n",
            f"<script>\n{_asset('page.js')}</script>\n</body>\n</html>\n",
        ]
        stream.write("".join(parts))

    @staticmethod
    def _overview(groups: Sequence[Band]) -> list[str]:
        """The eras as bars on a track of years, one row each with its name, count and link,
        and the years below."""
        if not groups:
            return []
        first, last = year_range(groups)
        span = last - first + 1
        columns = f"grid-template-columns:repeat({span},minmax(0,1fr))"
        out = ['<nav class="overview" aria-label="Eras">\n<ol class="bands">\n']
        for i, band in enumerate(groups):
            years = f" ({band.years})" if band.years != band.heading else ""
            where = f"grid-column:{band.first - first + 1}/{band.last - first + 2}"
            out.append(
                f'<li class="band c{i % len(COLOURS)}"><a href="#{band.anchor}">'
                f"{escape_text(band.heading + years)} · {len(band.works)}</a>"
                f'<span class="track" style="{columns}"><span class="bar" style="{where}">'
                "</span></span></li>\n"
            )
        step = -(-span // 6)  # at most six year labels, each as wide as its years
        out.append(
            f'</ol>\n<div class="axis" aria-hidden="true"><span></span><ol style="{columns}">'
        )
        out.extend(
            f'<li style="grid-column:span {min(step, last + 1 - year)}">{year}</li>'
            for year in range(first, last + 1, step)
        )
        out.append("</ol></div>\n</nav>\n")
        return out

    def _band(self, band: Band, index: int, entries: dict[str, str]) -> str:
        heading = escape_text(band.heading)
        years = f' <span class="years">{escape_text(band.years)}</span>'
        if band.years == band.heading:
            years = ""
        out = [
            f'<section class="era c{index % len(COLOURS)}" id="{band.anchor}" '
            f'aria-labelledby="{band.anchor}-h">\n',
            f'<h2 id="{band.anchor}-h">{heading}{years}</h2>\n',
        ]
        if band.description:
            out.append(f'<p class="description">{escape_text(band.description)}</p>\n')
        out.append('<ol class="cards">\n')
        out.extend(self._card(work, entries[work.ref.key or ""]) for work in band.works)
        out.append("</ol>\n")
        out.append("</section>\n")
        return "".join(out)

    def _card(self, work: Placed, entry: str) -> str:
        ref = work.ref
        facts = shown(ref, self.prefer)
        search = [work.label, facts.title, facts.every_author, facts.venue, facts.year]
        out = [
            f'<li class="card" data-key="{escape_text(ref.key or "")}" '
            f'data-search="{escape_text(" ".join([*search, work.iso]).lower())}">\n',
            f'<p class="when"><time datetime="{work.iso}">'
            f"{escape_text(work.date_text)}</time></p>\n",
            f"<h3>{escape_text(work.label)}</h3>\n",
        ]
        if work.label != facts.title:
            out.append(f'<p class="title">{escape_text(facts.title)}</p>\n')
        byline = []
        if facts.authors:
            every = escape_text(facts.every_author)
            byline.append(f'<span title="{every}">{escape_text(facts.authors)}</span>')
        if facts.venue:
            venue = f"<i>{escape_text(facts.venue)}</i>"
            year = escape_text(facts.year)
            byline.append(venue if facts.year in facts.venue else f"{venue}, {year}")
        else:
            byline.append(escape_text(facts.year))
        out.append(f'<p class="byline">{" · ".join(byline)}</p>\n')
        links = [(label, url) for label, url in reading_list_links(ref) if _is_web_link(url)]
        if links:
            out.append('<ul class="links">')
            out.extend(
                f'<li><a href="{escape_text(url)}" rel="noopener noreferrer">'
                f"{escape_text(label)}</a></li>"
                for label, url in links
            )
            out.append("</ul>\n")
        out.append(
            '<div class="bibtex"><button type="button" class="copy" data-label="Copy BibTeX">'
            "Copy BibTeX</button>\n"
            f'<details><summary>BibTeX</summary><pre class="bib">{escape_text(entry)}</pre>'
            "</details></div>\n</li>\n"
        )
        return "".join(out)
