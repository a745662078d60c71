"""Reading: the text of a .bib file into bibtexparser v2 entries, and those into validated
:class:`~imgsynth_refs.models.Reference` records (field names case-insensitive; a block that
does not parse is an error naming its line)."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import TYPE_CHECKING, Any

import bibtexparser
from pydantic import ValidationError

from ..bibfields import (
    BRACED_WORD,
    arxiv_in_entry,
    identifiers_in_entry,
    is_arxiv_venue,
    journal_of,
)
from ..errors import BibParseError, DataError
from ..identifiers import Kind, bare_doi, parse
from ..models import ArxivInfo, Reference, Venue, WorkType, first_error, is_arxiv_doi
from .latex import _clean, latex_to_unicode
from .names import parse_names

if TYPE_CHECKING:
    from bibtexparser.model import Entry

__all__ = ["entry_to_reference", "parse_bib"]

# bibtexparser logs an aborted block as a multi-line warning; parse_bib raises instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

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

# Patterns are strings that re compiles (and caches) on first use, and the reading side's
# modules (bibfields, with the prose scanner) are imported where they are used, so that
# importing this module for writing (export) does not pay for the reading side.
# URLs and DOIs are verbatim: only undo the backslash escapes some sources add (dblp).
_URL_ESCAPE = r"\\([_%&#$~])"
_LATEX_URL = r"\\url\{([^}]*)\}"
_VERSION_NOTE = r"^Version ([^\s;]+)(?:;\s*|$)"

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

_ARXIV_ONLY_FIELDS = ("volume", "number", "pages", "eid")
"""Fields that some exports fill with the arXiv id alone (dblp, Zotero, ADS): not kept."""


def parse_bib(text: str, *, source: str) -> list[Entry]:
    """The entries of a .bib text, in order; ``@string`` macros are resolved.

    Field names are lower-cased. Raises :class:`~imgsynth_refs.errors.BibParseError`
    naming ``source`` and the (1-based) line of the first block that fails to parse,
    including a duplicate key or a field given twice.
    """
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


def _verbatim(value: str) -> str:
    return re.sub(_URL_ESCAPE, r"\1", value.strip())


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
    return int(year), int(month) if month else None, int(day) if day else None


def _arxiv_info(raw: dict[str, str]) -> tuple[ArxivInfo | None, list[str]]:
    """The arXiv posting an entry names (:func:`~imgsynth_refs.bibfields.arxiv_in_entry`),
    and the fields that hold nothing but its id (``number = {arXiv:ID}``, dblp's ``volume =
    {abs/ID}``, ADS's ``pages``): those are the id, not a volume, number or pages."""
    found = arxiv_in_entry(raw)
    if found is None:
        return None, []
    ident = found[1]
    primary = _clean(raw.get("primaryclass") or raw.get("eprintclass") or "") or None
    info = ArxivInfo(id=ident.id, version=ident.version, primary_class=primary)
    alone = []
    for name in _ARXIV_ONLY_FIELDS:
        value = BRACED_WORD.sub(r"\1", raw.get(name, "")).strip().replace("abs/", "arXiv:", 1)
        same = parse(value)
        if same is not None and (same.kind, same.id) == (ident.kind, ident.id):
            alone.append(name)
    return info, alone


def entry_to_reference(entry: Entry) -> Reference:
    """A validated record from one parsed entry (BibTeX or BibLaTeX field names).

    Raises :class:`~imgsynth_refs.errors.DataError` naming the entry key (and field) when
    the entry cannot make a valid record, e.g. an unknown entry type or no year.
    """
    raw = {field.key.lower(): str(field.value) for field in entry.fields}
    verbatim = {"url", "doi", "eprint", "urldate", "date", "file"}
    text = {k: (_verbatim(v) if k in verbatim else latex_to_unicode(v)) for k, v in raw.items()}
    text = {k: v for k, v in text.items() if v}
    entry_type = entry.entry_type.lower()
    arxiv, only_id = _arxiv_info(raw)
    text = {k: v for k, v in text.items() if k not in only_id}

    kind = _TYPES.get(entry_type)
    journal = journal_of(text)
    if kind is WorkType.JOURNAL_ARTICLE and is_arxiv_venue(journal):
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
        found = re.search(_LATEX_URL, raw["howpublished"])
        url = _verbatim(found.group(1)) if found else None
    doi = bare_doi(text.get("doi", "")) or None
    if doi and is_arxiv_doi(doi):
        doi = None
    booktitle = text.get("booktitle")
    container = booktitle if kind is WorkType.CONFERENCE_PAPER else journal
    in_url = {i.kind: i.id for i in reversed(identifiers_in_entry({"url": url or ""}))}
    urldate = text.get("urldate")
    # Plain BibTeX has no version field: the writer leads the note with "Version X".
    version, note = text.get("version"), text.get("note")
    written = re.match(_VERSION_NOTE, note) if note and version is None else None
    if written and note:
        version, note = written[1], note[written.end() :] or None
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
        "volume": text.get("volume"),
        "number": text.get("number") or text.get("issue"),
        "pages": text.get("pages"),
        "series": text.get("series"),
        "publisher": text.get("publisher"),
        "address": text.get("address") or text.get("location"),
        "organization": text.get("organization") or text.get("institution"),
        "doi": doi,
        "arxiv": arxiv,
        "neurips_id": in_url.get(Kind.NEURIPS),
        "acl_id": in_url.get(Kind.ACL),
        "openreview_id": in_url.get(Kind.OPENREVIEW),
        "url": url,
        "urldate": _date_or_none(urldate),
        "version": version,
        "note": note,
    }
    try:
        return Reference.model_validate(data)
    except ValidationError as exc:
        loc, message = first_error(exc)
        raise DataError(message, record=entry.key, field=loc) from None


def _date_or_none(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None
