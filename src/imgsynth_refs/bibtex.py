"""BibTeX and BibLaTeX entries <-> :class:`~imgsynth_refs.models.Reference` records.

Reading (:func:`parse_bib`, :func:`entry_to_reference`) turns the text of a .bib file into
bibtexparser v2 entries and those into validated records: LaTeX becomes Unicode
(:mod:`pylatexenc`), names are split the way BibTeX splits them (``First von Last``,
``von Last, First``, ``von Last, Jr, First``; braces group), field names are
case-insensitive. A block that does not parse is an error naming its line.

Writing (:func:`reference_to_entry`, :func:`format_entries`) is the project's style:
the entry type follows what the work is, titles brace acronyms and proper nouns (see
:data:`PROTECTED_WORDS`), names are ``Family, Given and ...``, and plain BibTeX gets
non-ASCII characters as LaTeX escapes.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from .errors import BibParseError, DataError
from .models import ArxivInfo, Person, Reference, Venue, WorkType

if TYPE_CHECKING:
    from bibtexparser.model import Entry

Dialect = Literal["bibtex", "biblatex"]
Prefer = Literal["published", "arxiv"]

# bibtexparser logs an aborted block as a multi-line warning; parse_bib raises instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""BibTeX's month macros, January first."""

_MONTH_NAMES = {
    name: number
    for number, full in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
    for name in (full, full[:3], full[:4])
}

# URLs and DOIs are verbatim: only undo the backslash escapes some sources add (dblp).
_URL_ESCAPE = re.compile(r"\\([_%&#$~])")
_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z-]+(?:\.[A-Z]{2})?/\d{7}"
_ARXIV_ID = re.compile(rf"^(?:arxiv:)?({_ARXIV_NEW}|{_ARXIV_OLD})(?:v(\d+))?$", re.IGNORECASE)
_ARXIV_IN_TEXT = re.compile(rf"arxiv[:\s]*({_ARXIV_NEW}|{_ARXIV_OLD})(?:v(\d+))?", re.IGNORECASE)
_ARXIV_URL = re.compile(
    rf"arxiv\.org/(?:abs|pdf)/({_ARXIV_NEW}|{_ARXIV_OLD})(?:v(\d+))?", re.IGNORECASE
)
_ARXIV_DOI = re.compile(rf"^10\.48550/arxiv\.({_ARXIV_NEW}|{_ARXIV_OLD})$", re.IGNORECASE)
_DBLP_CORR_VOLUME = re.compile(rf"^abs/({_ARXIV_NEW}|{_ARXIV_OLD})$")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_NEURIPS_URL = re.compile(
    r"(?:papers\.nips\.cc|proceedings\.neurips\.cc)/paper(?:_files/paper)?/((?:19|20)\d\d)/"
    r"(?:file|hash)/([0-9a-f]{32})-"
)
_ACL_URL = re.compile(r"aclanthology\.org/([A-Za-z0-9.-]+?)(?:\.pdf)?/?$")
_OPENREVIEW_URL = re.compile(r"openreview\.net/(?:forum|pdf)\?id=([A-Za-z0-9_-]+)")
_LATEX_URL = re.compile(r"\\url\{([^}]*)\}")

_TYPES: dict[str, WorkType] = {
    "inproceedings": WorkType.CONFERENCE_PAPER,
    "conference": WorkType.CONFERENCE_PAPER,
    "incollection": WorkType.CONFERENCE_PAPER,
    "article": WorkType.JOURNAL_ARTICLE,
    "dataset": WorkType.DATASET,
    "data": WorkType.DATASET,
    "software": WorkType.SOFTWARE,
    "online": WorkType.WEB_PAGE,
    "electronic": WorkType.WEB_PAGE,
    "www": WorkType.WEB_PAGE,
    "misc": WorkType.WEB_PAGE,
}
"""Entry type (lower case) to the kind of work; an arXiv eprint makes a preprint of the rest."""

_ARXIV_ONLY_TYPES = ("unpublished", "techreport", "report")


# --------------------------------------------------------------------------- reading


def parse_bib(text: str, *, source: str) -> list[Entry]:
    """The entries of a .bib text, in order; ``@string`` macros are resolved.

    Field names are lower-cased. Raises :class:`~imgsynth_refs.errors.BibParseError`
    naming ``source`` and the (1-based) line of the first block that fails to parse,
    including a duplicate key or a field given twice.
    """
    import bibtexparser

    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        block = library.failed_blocks[0]
        line = None if block.start_line is None else block.start_line + 1
        reason = getattr(block.error, "abort_reason", None) or str(block.error)
        raise BibParseError(
            " ".join(reason.split()) or "cannot parse block", file=source, line=line
        )
    entries = library.entries
    for entry in entries:
        for field in entry.fields:
            field.key = field.key.lower()
    return entries


def _clean(value: str) -> str:
    return " ".join(value.split())


def latex_to_unicode(value: str) -> str:
    """LaTeX markup to plain Unicode text (``Bj{\\"o}rn`` -> ``Björn``); whitespace collapsed."""
    if not any(c in value for c in "\\{}$~"):
        return _clean(value)
    from pylatexenc.latex2text import LatexNodes2Text

    text = LatexNodes2Text(math_mode="text").latex_to_text(value)
    return _clean(text.replace("\xa0", " "))


def _verbatim(value: str) -> str:
    return _URL_ESCAPE.sub(r"\1", value.strip())


def parse_names(value: str) -> list[Person]:
    """A BibTeX name list (``A and B and others``) as people, split the BibTeX way.

    ``others`` stays as a person with family name ``others`` (BibTeX's *et al.*).
    """
    from bibtexparser.middlewares.names import (
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    people = []
    for name in split_multiple_persons_names(_clean(value)):
        parts = parse_single_name_into_parts(name, strict=False)
        family = latex_to_unicode(" ".join(parts.last))
        given = latex_to_unicode(" ".join(parts.first))
        if not family:
            # BibTeX keeps a lone given name as the last name.
            family, given = given, ""
        if not family:
            continue
        people.append(
            Person(
                family=family,
                given=given,
                prefix=latex_to_unicode(" ".join(parts.von)),
                suffix=latex_to_unicode(" ".join(parts.jr)),
            )
        )
    return people


def _month(value: str) -> int | None:
    value = value.strip().lower().rstrip(".")
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    return _MONTH_NAMES.get(value)


def _year(value: str) -> int | None:
    match = re.search(r"\d{4}", value)
    return int(match.group()) if match else None


def _date_parts(value: str) -> tuple[int | None, int | None, int | None]:
    match = re.match(r"^\s*(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value)
    if not match:
        return None, None, None
    year, month, day = match.groups()
    return int(year), month and int(month), day and int(day)


def _arxiv_info(fields: dict[str, str]) -> ArxivInfo | None:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    eprint = fields.get("eprint", "").strip()
    candidates: list[re.Match[str] | None] = []
    if eprint and prefix in ("", "arxiv"):
        candidates.append(_ARXIV_ID.match(eprint))
    candidates.append(_DBLP_CORR_VOLUME.match(fields.get("volume", "").strip()))
    for name in ("journal", "note", "howpublished"):
        candidates.append(_ARXIV_IN_TEXT.search(fields.get(name, "")))
    candidates.append(_ARXIV_DOI.match(fields.get("doi", "").strip()))
    candidates.append(_ARXIV_URL.search(fields.get("url", "")))
    for match in candidates:
        if match:
            groups = match.groups()
            version = int(groups[1]) if len(groups) > 1 and groups[1] else None
            primary = fields.get("primaryclass") or fields.get("eprintclass") or None
            return ArxivInfo(id=groups[0], version=version, primary_class=primary)
    return None


def _is_arxiv_venue(value: str | None) -> bool:
    return bool(value) and bool(re.match(r"^\s*(arxiv|corr)\b", value or "", re.IGNORECASE))


def entry_to_reference(entry: Entry) -> Reference:
    """A validated record from one parsed entry (BibTeX or BibLaTeX field names).

    Raises :class:`~imgsynth_refs.errors.DataError` naming the entry key (and field) when
    the entry cannot make a valid record, e.g. an unknown entry type or no year.
    """
    from pydantic import ValidationError

    raw = {field.key.lower(): str(field.value) for field in entry.fields}
    verbatim = {"url", "doi", "eprint", "urldate", "date", "file"}
    text = {k: (_verbatim(v) if k in verbatim else latex_to_unicode(v)) for k, v in raw.items()}
    text = {k: v for k, v in text.items() if v}
    entry_type = entry.entry_type.lower()
    arxiv = _arxiv_info(text)

    kind = _TYPES.get(entry_type)
    journal = text.get("journal") or text.get("journaltitle")
    if kind is WorkType.JOURNAL_ARTICLE and _is_arxiv_venue(journal):
        kind, journal = WorkType.PREPRINT, None
    elif arxiv is not None and (
        entry_type in ("misc", "online") or entry_type in _ARXIV_ONLY_TYPES
    ):
        kind = WorkType.PREPRINT
    if kind is None:
        raise DataError(
            f"entry type @{entry.entry_type} is not supported "
            f"(supported: {', '.join(sorted({*_TYPES, *_ARXIV_ONLY_TYPES}))})",
            record=entry.key,
        )

    year, month, day = _date_parts(text.get("date", ""))
    year = _year(text["year"]) if "year" in text else year
    if "month" in text:
        month = _month(text["month"])
    url = text.get("url")
    if url is None and "howpublished" in raw:
        found = _LATEX_URL.search(raw["howpublished"])
        url = _verbatim(found.group(1)) if found else None
    doi = _DOI_PREFIX.sub("", text.get("doi", "")).lower() or None
    if doi and doi.startswith("10.48550/"):
        doi = None
    booktitle = text.get("booktitle")
    container = booktitle if kind is WorkType.CONFERENCE_PAPER else journal
    neurips = _NEURIPS_URL.search(url or "")
    acl = _ACL_URL.search(url or "")
    openreview = _OPENREVIEW_URL.search(url or "")
    urldate = text.get("urldate")
    data: dict[str, Any] = {
        "key": entry.key,
        "type": kind,
        "title": text.get("title"),
        "authors": parse_names(raw["author"]) if "author" in raw else [],
        "editors": parse_names(raw["editor"]) if "editor" in raw else [],
        "year": year,
        "month": month,
        "day": day,
        "venue": Venue(name=container) if container else None,
        "booktitle": booktitle if kind is WorkType.CONFERENCE_PAPER else None,
        "journal": journal if kind is WorkType.JOURNAL_ARTICLE else None,
        "volume": None if _DBLP_CORR_VOLUME.match(text.get("volume", "")) else text.get("volume"),
        "number": text.get("number") or text.get("issue"),
        "pages": text.get("pages"),
        "series": text.get("series"),
        "publisher": text.get("publisher"),
        "address": text.get("address") or text.get("location"),
        "organization": text.get("organization") or text.get("institution"),
        "doi": doi,
        "arxiv": arxiv,
        "neurips_id": f"{neurips.group(1)}/{neurips.group(2)}" if neurips else None,
        "acl_id": acl.group(1) if acl else None,
        "openreview_id": openreview.group(1) if openreview else None,
        "url": url,
        "urldate": _date_or_none(urldate),
        "note": text.get("note"),
    }
    try:
        return Reference.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(part) for part in first["loc"]) or None
        message = first["msg"].removeprefix("Value error, ")
        raise DataError(message, record=entry.key, field=loc) from None


def _date_or_none(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def references_from_bib(text: str, *, source: str) -> list[Reference]:
    """Every entry of a .bib text as a record (see :func:`parse_bib`)."""
    return [entry_to_reference(entry) for entry in parse_bib(text, source=source)]
