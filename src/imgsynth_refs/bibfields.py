"""Which fields of a BibTeX entry name a work, and the identifiers they name.

The one place that reads identifiers out of .bib entries: :mod:`imgsynth_refs.extract`,
:mod:`imgsynth_refs.merge`, :mod:`imgsynth_refs.check` and the BibTeX reader
(:func:`imgsynth_refs.bibtex.read.entry_to_reference`) all ask it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .identifiers import (
    DBLP_CORR_VOLUME,
    Identifier,
    Invalid,
    Kind,
    _prefixed_arxiv,
    classify,
    read_as,
)
from .models import is_arxiv_doi
from .scan import find

__all__ = [
    "BIB_ID_FIELDS",
    "BIB_TEXT_FIELDS",
    "WORK_FIELDS",
    "arxiv_in_entry",
    "classify_entry",
    "identifiers_in_entry",
    "is_arxiv_venue",
    "journal_of",
    "preprint_only",
]

BIB_ESCAPE = re.compile(r"\\([_%&#$~{}])")
"""LaTeX escapes found in .bib URLs and DOIs (``content\\_CVPR\\_2019``, ``50\\%``)."""

BIB_ID_FIELDS: tuple[str, ...] = ("eprint", "arxivid", "arxiv", "doi", "openreview", "url")
"""Fields whose whole value is an identifier (several URLs in ``url``), read in this order."""

BIB_TEXT_FIELDS: tuple[str, ...] = (
    "journal",
    "journaltitle",
    "booktitle",
    "howpublished",
    "note",
    "addendum",
    "number",
    "volume",
    "pages",
    "eid",
)
"""Free-text fields where .bib files also name works, scanned as prose after the id fields:
Google Scholar's ``journal = {arXiv preprint arXiv:ID}`` (d2l's ``Ar{X}iv:ID``), biblatex's
``journaltitle``, web works' ``howpublished = {\\url{...}}``, links in ``note``, Zotero's
``number = {arXiv:ID}``, ADS's ``eid``/``pages = {arXiv:ID}`` and dblp's CoRR
``volume = {abs/ID}`` (also without ``journal = {CoRR}``)."""

WORK_FIELDS: tuple[str, ...] = BIB_ID_FIELDS + BIB_TEXT_FIELDS
"""Every field of an entry that can name a work, in reading order."""

BRACED_WORD = re.compile(r"\{([A-Za-z0-9]{1,40})\}")
"""A word (or letter) in braces, as case protection writes it (``Ar{X}iv``, ``{arXiv}:``)."""

ARXIV_VENUE = re.compile(r"\s*(?:arxiv|corr)\b", re.IGNORECASE)
"""A ``journal`` naming arXiv itself (``arXiv preprint``, ``ArXiv``, dblp's ``CoRR``)."""


def _unbrace(value: str) -> str:
    if "\\" in value:
        value = BIB_ESCAPE.sub(r"\1", value)
    if "{" in value or "}" in value:
        value = value.replace("{", "").replace("}", "")
    return value.strip()


def _lowered(fields: Mapping[str, str]) -> Mapping[str, str]:
    """``fields`` with lower-case names (as given when they already are, the common case)."""
    if all(map(str.islower, fields)):
        return fields
    return {key.lower(): value for key, value in fields.items()}


def journal_of(fields: Mapping[str, str]) -> str | None:
    """The journal an entry names: BibTeX's ``journal``, else biblatex's ``journaltitle``
    (field names lower-case, as bibtexparser and :class:`~imgsynth_refs.bibfile.BibEntry`
    give them)."""
    return fields.get("journal") or fields.get("journaltitle") or None


def is_arxiv_venue(value: str | None, *, corr: bool = True) -> bool:
    """Whether a ``journal``/``journaltitle`` value is arXiv (or, unless ``corr`` is false,
    dblp's CoRR), not a venue."""
    match = ARXIV_VENUE.match(BRACED_WORD.sub(r"\1", value or "")) if value else None
    return match is not None and (corr or match.group().strip().lower() != "corr")


def _id_field(key: str, value: str, prefix: str) -> Identifier | Invalid | None:
    if key in ("eprint", "arxivid", "arxiv"):
        result = _prefixed_arxiv(value) or read_as(Kind.ARXIV, value)
        if result is None and prefix == "arxiv":
            return Invalid(Kind.ARXIV, value, f"not an arXiv id: {value!r}")
        return result
    if key == "openreview":
        return read_as(Kind.OPENREVIEW, value)
    return classify(value) or Invalid(Kind.DOI, value, f"not a DOI: {value!r}")


def _text_field(key: str, value: str) -> list[tuple[str, str, Identifier | Invalid]]:
    text = BRACED_WORD.sub(r"\1", value) if "{" in value else value
    corr = DBLP_CORR_VOLUME.fullmatch(text.strip()) if key in ("volume", "number") else None
    if corr is not None:
        result = read_as(Kind.ARXIV, corr["rest"])
        return [(key, text.strip(), result)] if result is not None else []
    found: list[tuple[str, str, Identifier | Invalid]] = []
    for hit in find(text):
        if hit.identifier is not None:
            found.append((key, hit.found, hit.identifier))
        else:
            invalid = classify(hit.found)
            kind = invalid.kind if isinstance(invalid, Invalid) else Kind.URL
            found.append((key, hit.found, Invalid(kind, hit.found, hit.reason or "invalid")))
    return found


def classify_entry(fields: Mapping[str, str]) -> list[tuple[str, str, Identifier | Invalid]]:
    """Each identifier (or invalid look-alike) in a BibTeX entry, as (field, text, result).

    The one reader of identifiers in .bib entries. ``fields`` maps field names (any case) to
    raw values; :data:`WORK_FIELDS` are read in order. The id fields
    (:data:`BIB_ID_FIELDS`): ``eprint`` (when ``archiveprefix``/``eprinttype`` is ``arXiv``
    or absent), ``arxivid``, ``arxiv``, ``doi``, ``openreview`` and ``url`` (several URLs
    may be separated by spaces), ``text`` being the value (or the one URL) with LaTeX escapes
    (``\\_``) and braces undone. The text fields (:data:`BIB_TEXT_FIELDS`) are scanned as
    prose (:func:`imgsynth_refs.scan.find`) after braced words are unbraced, ``text`` being
    what was found; a ``volume`` or ``number`` of dblp's form ``abs/ID`` is that arXiv id.
    A value that is neither an identifier nor a look-alike of one (an ``eprint`` of another
    archive, a ``url`` that is no link) gives nothing. Field names come back lower-cased.
    """
    raw = _lowered(fields)
    archive = raw.get("archiveprefix") or raw.get("eprinttype")
    prefix = _unbrace(archive).lower() if archive else ""
    found: list[tuple[str, str, Identifier | Invalid]] = []
    for key in BIB_ID_FIELDS:
        given = raw.get(key)
        value = _unbrace(given) if given else ""
        if not value or (key == "eprint" and prefix not in ("", "arxiv")):
            continue
        if key == "url":
            found += [(key, part, url) for part in value.split() if (url := classify(part))]
        elif (result := _id_field(key, value, prefix)) is not None:
            found.append((key, value, result))
    for key in BIB_TEXT_FIELDS:
        if raw.get(key):
            found += _text_field(key, raw[key])
    return found


def identifiers_in_entry(fields: Mapping[str, str]) -> list[Identifier]:
    """The valid identifiers of a BibTeX entry (see :func:`classify_entry`), without duplicates.

    Used to tell which works a .bib already holds: an entry with ``eprint = {1511.06434}``,
    ``archiveprefix = {arXiv}`` and ``url = {https://arxiv.org/abs/1511.06434v2}`` gives one
    identifier, ``Identifier("arxiv", "1511.06434")``. Invalid values are skipped.
    """
    seen: dict[tuple[str, str], Identifier] = {}
    for _field, _text, result in classify_entry(fields):
        if isinstance(result, Identifier):
            seen.setdefault((result.kind, result.id), result)
    return list(seen.values())


def arxiv_in_entry(fields: Mapping[str, str]) -> tuple[str, Identifier] | None:
    """The first arXiv identifier an entry names, with the field that names it, or ``None``."""
    for name, _text, result in classify_entry(fields):
        if isinstance(result, Identifier) and result.kind is Kind.ARXIV:
            return name, result
    return None


PREPRINT_TYPES = frozenset(
    {"article", "misc", "unpublished", "techreport", "online", "report", "preprint"}
)
"""Entry types a preprint is written as."""

BARE_ARXIV_NUMBER = re.compile(r"\s*(?:abs/)?(\d{4}\.\d{4,5}(?:v\d{1,4})?)\s*")
"""A bare new-style arXiv id as a whole ``volume``/``number``/``pages`` value, read as one
only beside ``journal = {arXiv}`` (``number = {1511.06434}``)."""


def preprint_only(entry_type: str, fields: Mapping[str, str]) -> Identifier | None:
    """The arXiv id of an entry that cites only the preprint, else ``None``.

    Only the preprint: an entry type a preprint is written as (:data:`PREPRINT_TYPES`), no
    ``booktitle``, no DOI but arXiv's own, no ``journal``/``journaltitle`` but arXiv's or
    dblp's CoRR, and an arXiv id in any field form :func:`classify_entry` reads (or, beside
    ``journal = {arXiv}``, a bare id as the whole ``volume``, ``number`` or ``pages``).
    """
    raw = _lowered(fields)
    if entry_type.lower() not in PREPRINT_TYPES or raw.get("booktitle"):
        return None
    doi = _unbrace(raw.get("doi", "")).removeprefix("https://doi.org/")
    if doi and not is_arxiv_doi(doi):
        return None
    journal = journal_of(raw)
    if journal and not is_arxiv_venue(journal):
        return None
    found = arxiv_in_entry(raw)
    if found is not None:
        return found[1]
    if journal:
        for name in ("volume", "number", "pages"):
            bare = BARE_ARXIV_NUMBER.fullmatch(raw.get(name, ""))
            result = read_as(Kind.ARXIV, bare[1]) if bare else None
            if isinstance(result, Identifier):
                return result
    return None
