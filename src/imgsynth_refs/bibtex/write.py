"""Writing: records as BibTeX or BibLaTeX entries in the project's style. The entry type
follows what the work is; a work written as its arXiv preprint (:func:`is_preprint_form`)
takes the title and authors arXiv lists; every value is checked so that it cannot end its
field, entry or file (:func:`format_entries` refuses what it cannot make safe)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import DataError
from ..models import Prefer, Reference, WorkType, check_prefer
from .latex import Dialect, encode_text
from .names import format_names
from .read import MONTHS
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
    from ..errors import UsageError

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


def _fields(ref: Reference, dialect: Dialect, prefer: Prefer) -> tuple[str, list[tuple[str, str]]]:
    """Entry type and ordered (name, raw LaTeX value) pairs; the month as a macro name."""

    def enc(value: str | None) -> str | None:
        return encode_text(value, dialect) if value else None

    preprint = is_preprint_form(ref, prefer)
    published = not preprint
    arxiv = ref.arxiv
    kind = WorkType.PREPRINT if preprint else ref.type
    # The preprint form is the arXiv posting, under the title and authors arXiv lists.
    title = ref.arxiv_title if preprint else ref.title
    authors = ref.arxiv_authors if preprint else ref.authors
    year, month, day = ref.year, ref.month, ref.day
    if preprint and ref.type is not WorkType.PREPRINT and arxiv and arxiv.published:
        year, month, day = arxiv.published.year, arxiv.published.month, arxiv.published.day
    web = kind in _WEB_TYPES
    # Where a web resource appeared: the blog, the site, the organisation behind it.
    where = (ref.venue.name if ref.venue else None) or ref.organization or ref.publisher
    url = ref.url
    if preprint and (url is None or ref.type is not WorkType.PREPRINT):
        url = arxiv_abs_url(arxiv.id) if arxiv else url
    # A note on the published version does not carry over to its preprint form.
    note = ref.note if published or ref.type is WorkType.PREPRINT else None
    if web:
        publisher = where if kind in (WorkType.DATASET, WorkType.SOFTWARE) else None
        organization = where if publisher is None else None
    else:
        publisher, organization = ref.publisher, ref.organization
    eprint: list[tuple[str, str | None]] = []
    if arxiv:
        eprint = [
            ("eprint", arxiv.id),
            # arXiv's own spelling for BibTeX; biblatex's format name is lower case.
            ("archivePrefix", "arXiv") if dialect == "bibtex" else ("eprinttype", "arxiv"),
            ("primaryClass" if dialect == "bibtex" else "eprintclass", arxiv.primary_class),
        ]
    if published and ref.doi and url:
        from ..house_style import url_repeats_doi

        url = None if url_repeats_doi(url, ref.doi) else url  # the doi field links it
    if dialect == "bibtex":
        entry_type = _BIBTEX_TYPES.get(kind, "misc")
        # Styles that ignore eprint and url (plain, alpha, ieeetr...) print howpublished: it
        # names the arXiv id of a preprint, and where a web resource is with its \url (not
        # repeated in url, which plainnat would print a second time).
        howpublished = [enc(where) if web else None]
        if web and url and _URL_SAFE.fullmatch(url):
            howpublished.append(f"\\url{{{url}}}")
            url = None
        elif kind is WorkType.PREPRINT and arxiv:
            howpublished.append(f"arXiv:{arxiv.id}")
        notes = [
            f"Version {ref.version}" if ref.version and published else None,
            note,
            f"Accessed {ref.urldate.isoformat()}" if web and ref.urldate else None,
        ]
        pairs = [
            # plainnat and friends sort by author, else by this field.
            ("key", None if authors else enc(where or title)),
            ("author", format_names(authors, dialect)),
            ("editor", format_names(ref.editors, dialect) if published else None),
            ("title", _encode_title(title, dialect)),
            ("booktitle", enc(ref.booktitle) if published else None),
            ("journal", enc(ref.journal) if published else None),
            ("howpublished", ", ".join(p for p in howpublished if p)),
            ("series", enc(ref.series) if published else None),
            ("volume", enc(ref.volume) if published else None),
            ("number", enc(ref.number) if published else None),
            ("pages", enc(ref.pages) if published else None),
            # No publisher in @article: biber's data model has none (--validate-datamodel).
            ("publisher", enc(publisher) if published and entry_type == "inproceedings" else None),
            ("address", enc(ref.address) if published else None),
            ("organization", enc(organization) if published and not web else None),
            ("year", str(year)),
            ("month", MONTHS[month - 1] if month else None),
            ("doi", ref.doi if published else None),
            ("url", url),
            *eprint,
            ("note", enc("; ".join(n for n in notes if n))),
        ]
    else:
        entry_type = _BIBLATEX_TYPES[kind]
        if arxiv and url == arxiv_abs_url(arxiv.id):
            url = None  # the eprint fields link it (also for a paper published on arXiv only)
        pairs = [
            ("author", format_names(authors, dialect)),
            ("editor", format_names(ref.editors, dialect) if published else None),
            ("title", _encode_title(title, dialect)),
            ("booktitle", enc(ref.booktitle) if published else None),
            ("journaltitle", enc(ref.journal) if published else None),
            ("series", enc(ref.series) if published else None),
            ("volume", enc(ref.volume) if published else None),
            ("number", enc(ref.number) if published else None),
            ("pages", enc(ref.pages) if published else None),
            # biber's datamodel has no publisher for @article.
            ("publisher", enc(publisher) if published and entry_type != "article" else None),
            ("location", enc(ref.address) if published else None),
            ("organization", enc(organization) if published else None),
            ("date", None if year_is_access_year(ref) else _date(year, month, day)),
            ("doi", ref.doi if published else None),
            ("url", url),
            ("urldate", ref.urldate.isoformat() if ref.urldate else None),
            *eprint,
            ("version", enc(ref.version) if ref.version and published else None),
            ("note", enc(note)),
        ]
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
    from bibtexparser.model import Entry, Field

    _check_options(dialect, prefer)
    entry_type, pairs = _fields(ref, dialect, prefer)
    if ref.key is None:
        from ..keys import make_key

        key = make_key(ref)
    else:
        key = ref.key
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
        from ..keys import assign_keys

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
    import bibtexparser
    from bibtexparser import BibtexFormat
    from bibtexparser.middlewares import AddEnclosingMiddleware

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
