"""Export formats behind one registry, in the manner of pybtex's plugins.

A format is a :class:`Writer` subclass that implements :meth:`Writer.write_stream` and
registers itself with :func:`register`; :meth:`Writer.to_string` and
:meth:`Writer.write_file` (atomic: a failed export leaves an existing file as it was)
come from the base class. :func:`find_writer` finds a format by name or by file suffix.

Formats: ``bibtex`` (.bib), ``biblatex``, ``csl-json`` (.csl.json, what pandoc's
citeproc reads), ``markdown`` (.md, a reading list per era), ``json`` (.json, the
records as the models dump them); ``html`` and ``svg`` (a reading-list page and a timeline
figure) live in :mod:`imgsynth_refs.timeline` and register here.

For scripts::

    from imgsynth_refs import load_catalog
    from imgsynth_refs.export import export

    refs = load_catalog().select(["gan"])
    text = export(refs, "bibtex", path="gan.bib")
"""

from __future__ import annotations

import io
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from .errors import UsageError

if TYPE_CHECKING:
    from .bibtex import Dialect
    from .house_style import HouseStyle
    from .models import Era, Person, Prefer, Reference

__all__ = [
    "BiblatexWriter",
    "BibtexWriter",
    "CslJsonWriter",
    "JsonWriter",
    "MarkdownWriter",
    "Writer",
    "available_formats",
    "csl_item",
    "csl_title",
    "export",
    "find_writer",
    "reading_list_links",
    "register",
    "short_venues",
    "venue_and_year",
]

_WRITERS: dict[str, type[Writer]] = {}


class Writer(ABC):
    """One export format. Subclasses set :attr:`name` and implement :meth:`write_stream`."""

    name: ClassVar[str]
    """Format name used on the command line (``bibtex``)."""
    suffixes: ClassVar[tuple[str, ...]] = ()
    """File name endings that select this format (``.bib``), longest match wins."""
    description: ClassVar[str] = ""
    """One line for ``--help``."""
    house_styled: ClassVar[bool] = True
    """Whether :meth:`to_string` applies the house style
    (:func:`~imgsynth_refs.house_style.apply_house_style`) before writing."""

    def __init__(
        self,
        *,
        prefer: Prefer = "published",
        eras: Sequence[Era] | None = None,
        style: HouseStyle | None = None,
    ) -> None:
        from .models import check_prefer

        check_prefer(prefer)
        self.prefer: Prefer = prefer
        """``published``: the published version; ``arxiv``: the preprint where there is one."""
        self._eras = list(eras) if eras is not None else None
        self.style = style
        """The house style (``None``: the registry's defaults)."""

    @property
    def eras(self) -> list[Era]:
        """Eras in the article's order (the shipped catalog's unless given)."""
        if self._eras is None:
            from .catalog import load_catalog

            self._eras = list(load_catalog().eras)
        return self._eras

    @abstractmethod
    def write_stream(self, refs: Sequence[Reference], stream: TextIO) -> None:
        """Write ``refs`` in this format to a text stream."""

    def to_string(self, refs: Iterable[Reference]) -> str:
        """``refs`` in this format as a string, in the house style if :attr:`house_styled`."""
        refs = list(refs)
        if self.house_styled:
            from .house_style import apply_house_style

            refs = apply_house_style(refs, self.style)
        stream = io.StringIO()
        self.write_stream(refs, stream)
        return stream.getvalue()

    def write_file(self, refs: Iterable[Reference], path: str | Path) -> str:
        """Write ``refs`` to ``path`` atomically; returns the text written.

        The whole text is rendered before the file is touched, and it replaces the file
        in one rename, so a failure leaves an existing file unchanged.
        """
        from .fileio import atomic_write_text

        text = self.to_string(refs)
        atomic_write_text(path, text)
        return text


def register(writer: type[Writer]) -> type[Writer]:
    """Class decorator adding a format to the registry."""
    _WRITERS[writer.name] = writer
    return writer


def available_formats() -> list[str]:
    """Names of the registered formats, sorted."""
    return sorted(_WRITERS)


def find_writer(name: str | None = None, *, filename: str | Path | None = None) -> type[Writer]:
    """The format called ``name``, else the one whose suffix ends ``filename``.

    Raises :class:`~imgsynth_refs.errors.UsageError` listing the valid names if neither
    finds one.
    """
    valid = ", ".join(available_formats())
    if name is not None:
        writer = _WRITERS.get(name.lower())
        if writer is None:
            raise UsageError(f"unknown format {name!r}; valid: {valid}")
        return writer
    if filename is not None:
        lowered = str(filename).lower()
        matches = [
            (len(suffix), writer)
            for writer in _WRITERS.values()
            for suffix in writer.suffixes
            if lowered.endswith(suffix)
        ]
        if matches:
            return max(matches, key=lambda match: match[0])[1]
        raise UsageError(f"cannot tell the format of {str(filename)!r}; use one of: {valid}")
    raise UsageError(f"no format given; valid: {valid}")


def short_venues(refs: Iterable[Reference]) -> list[Reference]:
    """``refs`` with booktitle or journal replaced by the venue's short name.

    ``Advances in Neural Information Processing Systems`` becomes ``NIPS`` (2014) or
    ``NeurIPS`` (2021), as the venue's year-correct short name says; the year is not
    repeated, since the entry carries it. Works without a short venue name are unchanged.
    """
    result = []
    for ref in refs:
        short = ref.venue.short if ref.venue else None
        field = {"conference_paper": "booktitle", "journal_article": "journal"}.get(ref.type)
        if short and field:
            short = re.sub(rf"\s*'?{ref.year}$|\s*'{ref.year % 100:02d}$", "", short) or short
            ref = ref.model_copy(update={field: short})
        result.append(ref)
    return result


def export(
    refs: Iterable[Reference],
    format: str | None = None,
    path: str | Path | None = None,
    *,
    prefer: Prefer = "published",
    eras: Sequence[Era] | None = None,
    style: HouseStyle | None = None,
) -> str:
    """``refs`` in ``format`` (default: from ``path``'s suffix, else ``bibtex``), in the
    house ``style`` (default: the venue registry's).

    With ``path``, also writes the file atomically. Returns the text.
    """
    if format is None and path is None:
        format = "bibtex"
    writer = find_writer(format, filename=path)(prefer=prefer, eras=eras, style=style)
    if path is None:
        return writer.to_string(refs)
    return writer.write_file(refs, path)


# --------------------------------------------------------------------------- formats


@register
class BibtexWriter(Writer):
    """BibTeX for any style (natbib, plainnat, IEEEtran...): 8-bit safe, LaTeX-escaped."""

    name = "bibtex"
    suffixes: ClassVar[tuple[str, ...]] = (".bib",)
    description = "BibTeX (.bib), ASCII with LaTeX escapes"
    dialect: ClassVar[Dialect] = "bibtex"

    def write_stream(self, refs: Sequence[Reference], stream: TextIO) -> None:
        from .bibtex import format_entries

        stream.write(format_entries(refs, dialect=self.dialect, prefer=self.prefer))


@register
class BiblatexWriter(BibtexWriter):
    """BibLaTeX (biber): its own entry types and fields, UTF-8."""

    name = "biblatex"
    suffixes = ()
    description = "BibLaTeX for biber (.bib), UTF-8"
    dialect = "biblatex"


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
    from .bibtex import protect_title

    protected = protect_title(title.replace("{", "").replace("}", ""))
    return re.sub(r"\{([^{}]*)\}", r'<span class="nocase">\1</span>', protected)


def csl_item(ref: Reference, prefer: Prefer = "published") -> dict[str, Any]:
    """One record as a CSL-JSON item (CSL 1.0.2 variables)."""
    from .bibtex import arxiv_abs_url, is_preprint_form, year_is_access_year

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


def _write_json(data: list[dict[str, Any]], stream: TextIO) -> None:
    """``data`` as indented UTF-8 JSON and a final newline (the JSON writers' layout)."""
    stream.write(json.dumps(data, indent=2, ensure_ascii=False))
    stream.write("\n")


@register
class CslJsonWriter(Writer):
    """CSL-JSON, as read by pandoc's citeproc, Zotero and citation.js."""

    name = "csl-json"
    suffixes = (".csl.json", ".csljson")
    description = "CSL-JSON for pandoc --citeproc and Zotero"

    def write_stream(self, refs: Sequence[Reference], stream: TextIO) -> None:
        from .bibtex import with_keys

        _write_json([csl_item(ref, self.prefer) for ref in with_keys(refs)], stream)


@register
class JsonWriter(Writer):
    """The records as the models dump them; read back with ``TypeAdapter(list[Reference])``."""

    name = "json"
    suffixes = (".json",)
    description = "the records as JSON (imgsynth_refs.models.Reference)"
    house_styled = False

    def write_stream(self, refs: Sequence[Reference], stream: TextIO) -> None:
        _write_json([ref.model_dump(mode="json", exclude_none=True) for ref in refs], stream)


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
    from .bibtex import arxiv_abs_url

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
    from .bibtex import is_preprint_form, year_is_access_year

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
        from .bibtex import is_preprint_form

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


# The timeline's writers (html, svg) register themselves on import.
from .timeline import figure, page  # noqa: E402, F401
