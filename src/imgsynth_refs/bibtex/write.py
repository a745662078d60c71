"""Writing: records as BibTeX or BibLaTeX entries in the project's style. The entry type
follows what the work is; a work written as its arXiv preprint (:func:`is_preprint_form`)
takes the title and authors arXiv lists; every value is checked so that it cannot end its
field, entry or file (:func:`format_entries` refuses what it cannot make safe)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

import bibtexparser
from bibtexparser import BibtexFormat
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.model import Entry, Field

from ..errors import DataError, UsageError
from ..house_style import url_repeats_doi
from ..keys import assign_keys, make_key
from ..models import Person, Prefer, Reference, WorkType, check_prefer
from .latex import Dialect, encode_text
from .macros import MONTHS
from .names import format_names
from .titles import _encode_title

if TYPE_CHECKING:
    from bibtexparser.model import Entry

__all__ = [
    "arxiv_abs_url",
    "format_entries",
    "is_preprint_form",
    "reference_to_entry",
    "with_keys",
    "year_is_access_year",
]


def arxiv_abs_url(arxiv_id: str) -> str:
    """The abstract page of an arXiv id."""
    return f"https://arxiv.org/abs/{arxiv_id}"


def is_preprint_form(ref: Reference, prefer: Prefer = "published") -> bool:
    """Whether ``ref`` is written as its arXiv preprint: then under the title and authors
    arXiv lists (:attr:`~imgsynth_refs.models.Reference.arxiv_title`, ``arxiv_authors``)."""
    return ref.arxiv is not None and (ref.type is WorkType.PREPRINT or prefer == "arxiv")


def _check_options(dialect: str, prefer: str) -> None:
    if dialect not in ("bibtex", "biblatex"):
        raise UsageError(f"unknown dialect {dialect!r}; valid: bibtex, biblatex")
    check_prefer(prefer)


_WEB_TYPES = (WorkType.DATASET, WorkType.SOFTWARE, WorkType.WEB_PAGE, WorkType.BLOG_POST)
_BIBLATEX_TYPES = {
    WorkType.CONFERENCE_PAPER: "inproceedings",
    WorkType.JOURNAL_ARTICLE: "article",
    WorkType.PREPRINT: "online",
    WorkType.DATASET: "dataset",
    WorkType.SOFTWARE: "software",
    WorkType.WEB_PAGE: "online",
    WorkType.BLOG_POST: "online",
}
_BIBTEX_TYPES = {
    WorkType.CONFERENCE_PAPER: "inproceedings",
    WorkType.JOURNAL_ARTICLE: "article",
}


_UNDATED_TYPES = (WorkType.WEB_PAGE, WorkType.BLOG_POST, WorkType.DATASET)

_URL_SAFE = re.compile(r"[^\s%#{}\\^~]+")
"""A URL that ``\\url`` sets as it is inside a field's value."""


def year_is_access_year(ref: Reference) -> bool:
    """Whether ``ref.year`` is only the year a web page, blog post or data set was read: its
    provenance names sources but none for ``year``, and the year is the ``urldate``'s (the
    web resolver fills the required year so for a page that states no date). BibLaTeX and
    CSL-JSON then write no publication date, only the access date; plain BibTeX keeps the
    year (plainnat warns "empty year" without one). A record without provenance (read from a
    .bib) keeps its year."""
    return (
        ref.type in _UNDATED_TYPES
        and ref.urldate is not None
        and ref.year == ref.urldate.year
        and bool(ref.provenance)
        and "year" not in ref.provenance
    )


def _date(year: int, month: int | None, day: int | None) -> str:
    text = f"{year:04d}"
    if month:
        text += f"-{month:02d}"
        if day:
            text += f"-{day:02d}"
    return text


class _Form(NamedTuple):
    """What an entry says of a record, before any dialect: the published version, or the
    arXiv posting (the preprint form: arXiv's title, authors, date and abstract page)."""

    ref: Reference
    published: bool
    kind: WorkType
    title: str
    authors: list[Person]
    year: int
    month: int | None
    day: int | None
    url: str | None
    note: str | None
    where: str | None
    """Where a web resource appeared: the blog, the site, the organisation behind it."""
    publisher: str | None
    organization: str | None

    @property
    def web(self) -> bool:
        return self.kind in _WEB_TYPES


def _form(ref: Reference, prefer: Prefer) -> _Form:
    """The stage that chooses the version an entry writes (:func:`is_preprint_form`)."""
    preprint = is_preprint_form(ref, prefer)
    arxiv = ref.arxiv
    kind = WorkType.PREPRINT if preprint else ref.type
    year, month, day = ref.year, ref.month, ref.day
    if preprint and ref.type is not WorkType.PREPRINT and arxiv and arxiv.published:
        year, month, day = arxiv.published.year, arxiv.published.month, arxiv.published.day
    url = ref.url
    if preprint and (url is None or ref.type is not WorkType.PREPRINT):
        url = arxiv_abs_url(arxiv.id) if arxiv else url
    if not preprint and ref.doi and url:
        url = None if url_repeats_doi(url, ref.doi) else url  # the doi field links it
    where = (ref.venue.name if ref.venue else None) or ref.organization or ref.publisher
    publisher, organization = ref.publisher, ref.organization
    if kind in _WEB_TYPES:
        publisher = where if kind in (WorkType.DATASET, WorkType.SOFTWARE) else None
        organization = where if publisher is None else None
    return _Form(
        ref=ref,
        published=not preprint,
        kind=kind,
        # The preprint form is the arXiv posting, under the title and authors arXiv lists.
        title=ref.arxiv_title if preprint else ref.title,
        authors=list(ref.arxiv_authors if preprint else ref.authors),
        year=year,
        month=month,
        day=day,
        url=url,
        # A note on the published version does not carry over to its preprint form.
        note=ref.note if not preprint or ref.type is WorkType.PREPRINT else None,
        where=where,
        publisher=publisher,
        organization=organization,
    )


def _eprint(form: _Form, dialect: Dialect) -> list[tuple[str, str | None]]:
    arxiv = form.ref.arxiv
    if arxiv is None:
        return []
    return [
        ("eprint", arxiv.id),
        # arXiv's own spelling for BibTeX; biblatex's format name is lower case.
        ("archivePrefix", "arXiv") if dialect == "bibtex" else ("eprinttype", "arxiv"),
        ("primaryClass" if dialect == "bibtex" else "eprintclass", arxiv.primary_class),
    ]


def _bibtex_fields(form: _Form) -> tuple[str, list[tuple[str, str | None]]]:
    """Plain BibTeX: for every standard style, 8-bit safe."""
    ref, published, web, url = form.ref, form.published, form.web, form.url

    def enc(value: str | None) -> str | None:
        return encode_text(value, "bibtex") if value else None

    entry_type = _BIBTEX_TYPES.get(form.kind, "misc")
    # Styles that ignore eprint and url (plain, alpha, ieeetr...) print howpublished: it
    # names the arXiv id of a preprint, and where a web resource is with its \url (not
    # repeated in url, which plainnat would print a second time).
    howpublished = [enc(form.where) if web else None]
    if web and url and _URL_SAFE.fullmatch(url):
        howpublished.append(f"\\url{{{url}}}")
        url = None
    elif form.kind is WorkType.PREPRINT and ref.arxiv:
        howpublished.append(f"arXiv:{ref.arxiv.id}")
    notes = [
        f"Version {ref.version}" if ref.version and published else None,
        form.note,
        f"Accessed {ref.urldate.isoformat()}" if web and ref.urldate else None,
    ]
    return entry_type, [
        # plainnat and friends sort by author, else by this field.
        ("key", None if form.authors else enc(form.where or form.title)),
        ("author", format_names(form.authors, "bibtex")),
        ("editor", format_names(ref.editors, "bibtex") if published else None),
        ("title", _encode_title(form.title, "bibtex")),
        ("booktitle", enc(ref.booktitle) if published else None),
        ("journal", enc(ref.journal) if published else None),
        ("howpublished", ", ".join(p for p in howpublished if p)),
        ("series", enc(ref.series) if published else None),
        ("volume", enc(ref.volume) if published else None),
        ("number", enc(ref.number) if published else None),
        ("pages", enc(ref.pages) if published else None),
        # No publisher in @article: biber's data model has none (--validate-datamodel).
        (
            "publisher",
            enc(form.publisher) if published and entry_type == "inproceedings" else None,
        ),
        ("address", enc(ref.address) if published else None),
        ("organization", enc(form.organization) if published and not web else None),
        ("year", str(form.year)),
        ("month", MONTHS[form.month - 1] if form.month else None),
        ("doi", ref.doi if published else None),
        ("url", url),
        *_eprint(form, "bibtex"),
        ("note", enc("; ".join(n for n in notes if n))),
    ]


def _biblatex_fields(form: _Form) -> tuple[str, list[tuple[str, str | None]]]:
    """BibLaTeX for biber: its own types and fields, UTF-8."""
    ref, published, url = form.ref, form.published, form.url

    def enc(value: str | None) -> str | None:
        return encode_text(value, "biblatex") if value else None

    entry_type = _BIBLATEX_TYPES[form.kind]
    if ref.arxiv and url == arxiv_abs_url(ref.arxiv.id):
        url = None  # the eprint fields link it (also for a paper published on arXiv only)
    return entry_type, [
        ("author", format_names(form.authors, "biblatex")),
        ("editor", format_names(ref.editors, "biblatex") if published else None),
        ("title", _encode_title(form.title, "biblatex")),
        ("booktitle", enc(ref.booktitle) if published else None),
        ("journaltitle", enc(ref.journal) if published else None),
        ("series", enc(ref.series) if published else None),
        ("volume", enc(ref.volume) if published else None),
        ("number", enc(ref.number) if published else None),
        ("pages", enc(ref.pages) if published else None),
        # biber's datamodel has no publisher for @article.
        ("publisher", enc(form.publisher) if published and entry_type != "article" else None),
        ("location", enc(ref.address) if published else None),
        ("organization", enc(form.organization) if published else None),
        (
            "date",
            None if year_is_access_year(ref) else _date(form.year, form.month, form.day),
        ),
        ("doi", ref.doi if published else None),
        ("url", url),
        ("urldate", ref.urldate.isoformat() if ref.urldate else None),
        *_eprint(form, "biblatex"),
        ("version", enc(ref.version) if ref.version and published else None),
        ("note", enc(form.note)),
    ]


_DIALECTS = {"bibtex": _bibtex_fields, "biblatex": _biblatex_fields}
"""One writer stage per dialect, after the version stage (:func:`_form`)."""


def _fields(ref: Reference, dialect: Dialect, prefer: Prefer) -> tuple[str, list[tuple[str, str]]]:
    """Entry type and ordered (name, raw LaTeX value) pairs; the month as a macro name."""
    entry_type, pairs = _DIALECTS[dialect](_form(ref, prefer))
    return entry_type, [(name, value) for name, value in pairs if value]


def reference_to_entry(
    ref: Reference, *, dialect: Dialect = "bibtex", prefer: Prefer = "published"
) -> Entry:
    """The entry for one record in the project's style.

    ``bibtex``: @inproceedings / @article (without ``publisher``, which biber's data
    model lacks) for published papers, @misc with ``eprint``, ``archivePrefix`` and
    ``primaryClass`` for an arXiv preprint (as arXiv recommends) and ``howpublished =
    {arXiv:ID}``, @misc with ``howpublished = {Site, \\url{URL}}`` and an "Accessed" note
    (where an access was recorded) for data sets, software and web pages, so that styles
    ignoring ``eprint`` and ``url`` print where to find them. No ``url`` that only repeats
    the DOI. ``biblatex``: its own types (@online, @dataset, @software) and fields
    (``journaltitle``, ``location``, ``date``, ``urldate``, ``eprinttype``, ``eprintclass``),
    UTF-8 kept. A published paper keeps its arXiv eprint; ``prefer="arxiv"`` writes the
    preprint form of every work that has one. A record without a key gets
    :func:`~imgsynth_refs.keys.make_key`'s.
    """
    _check_options(dialect, prefer)
    entry_type, pairs = _fields(ref, dialect, prefer)
    key = make_key(ref) if ref.key is None else ref.key
    fields = []
    for name, value in pairs:
        _check_value(value, record=key, field=name)
        field = Field(name, value)
        if name == "month":
            field.enclosing = "no-enclosing"
        fields.append(field)
    return Entry(entry_type, key, fields)


_ESCAPED_BRACE = re.compile(r"\\[{}]")
_LINE_OR_CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def _check_value(value: str, *, record: str | None = None, field: str | None = None) -> None:
    """Refuse (:class:`DataError`) a raw field value that could end its field, entry or file
    in some reader: unbalanced braces (BibTeX counts every brace), a backslash before a brace
    (bibtexparser does not count ``\\}``, BibTeX does), a line break or control character;
    and U+FFFD, a character lost when a source's bytes were decoded.

    The writer escapes every text value (:func:`encode_text`) and the models validate the
    rest (DOI, URL, arXiv id and class, key), so this refuses only what slipped past both.
    """
    depth = 0
    if "{" in value or "}" in value:
        for char in value:
            depth += (char == "{") - (char == "}")
            if depth < 0:
                break
    problem = (
        "unbalanced braces"
        if depth
        else "a backslash before a brace"
        if _ESCAPED_BRACE.search(value)
        else "a line break or control character"
        if _LINE_OR_CONTROL.search(value)
        else "U+FFFD, a character lost in decoding"
        if "\ufffd" in value
        else None
    )
    if problem is not None:
        raise DataError(
            f"value {value[:60]!r} cannot be written as BibTeX safely ({problem})",
            record=record,
            field=field,
        )


def with_keys(refs: Iterable[Reference]) -> list[Reference]:
    """``refs`` with :func:`~imgsynth_refs.keys.assign_keys` run for those lacking a key.

    Two records with the same key (compared as BibTeX does, ignoring case) are an error.
    """
    refs = list(refs)
    if any(ref.key is None for ref in refs):
        refs = assign_keys(refs)
    seen: set[str] = set()
    for ref in refs:
        key = (ref.key or "").lower()
        if key in seen:
            raise DataError("two records share this key", record=ref.key)
        seen.add(key)
    return refs


def format_entries(
    refs: Iterable[Reference], *, dialect: Dialect = "bibtex", prefer: Prefer = "published"
) -> str:
    """The records as one .bib text, in the given order.

    Existing keys are kept; records without one get unique keys (:func:`with_keys`).
    """
    _check_options(dialect, prefer)
    library = bibtexparser.Library(
        [reference_to_entry(ref, dialect=dialect, prefer=prefer) for ref in with_keys(refs)]
    )
    style = BibtexFormat()
    style.indent = "  "
    style.value_column = "auto"
    style.trailing_comma = True
    style.block_separator = "\n"
    # The library is ours, so the enclosing can be added in place (no deep copy).
    enclose = AddEnclosingMiddleware(
        allow_inplace_modification=True,
        default_enclosing="{",
        reuse_previous_enclosing=False,
        enclose_integers=True,
    )
    text = bibtexparser.write_string(library, unparse_stack=[enclose], bibtex_format=style)
    return text if text.endswith("\n") else text + "\n"
