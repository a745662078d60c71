"""Find every work referenced in a text: one entry per work, in order of first appearance.

Prose (plain text, Markdown, HTML, the article's Chinese text) is scanned with
:func:`imgsynth_refs.scan.find`; a .bib file is read entry by entry, from the fields that
can name a work (:func:`imgsynth_refs.bibfields.classify_entry`: ``url``, ``doi``,
``eprint`` with ``archiveprefix``, and the free-text fields where .bib files cite preprints
and links, such as ``journal = {arXiv preprint arXiv:ID}``); an entry that does not parse
is scanned as prose, so nothing in it is lost. The same work written several ways
(``arXiv:1511.06434v2``, ``https://arxiv.org/pdf/1511.06434.pdf``,
``https://doi.org/10.48550/arXiv.1511.06434``) is one :class:`Work`: works are equal when
their identifiers' ``kind`` and ``id`` are, or when the shipped catalog or the DOI's form
says two identifiers name one work (StyleGAN's arXiv id and CVPR DOI; the ACL DOI
``10.18653/v1/P18-1238`` and the ACL id ``P18-1238``); the first appearance gives the
kind, id, version, found text and line. Invalid look-alikes (``arXiv:1513.00001``) are
kept, with the reason, once per distinct text. Lines count LF, CR LF and old-Mac CR endings
alike; a text that is one identifier and nothing else is taken whole (a SICI DOI keeps its
``<...>``, where prose stops a link at ``<``).

:meth:`Work.as_json` is the JSON contract of ``imgsynth-refs extract --format json``
(docs/extract-json.md).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import bibtexparser

from .bibfields import classify_entry
from .catalog import load_catalog
from .identifiers import ARXIV_LISTING, Identifier, parse
from .identity import WorkId, catalog_ids, identifier_ids
from .scan import iter_find

__all__ = ["JSON_KEYS", "Work", "extract", "extract_bib", "extract_text", "reads_as_bib"]

JSON_KEYS: tuple[str, ...] = ("kind", "id", "version", "url", "found", "line", "reason")
"""The keys of every JSON object, in order (the stable contract)."""


@dataclass(frozen=True, slots=True)
class Work:
    """One work found in a text (or one invalid look-alike)."""

    kind: str
    """An identifier kind (:data:`imgsynth_refs.identifiers.KINDS`) or ``"invalid"``."""
    id: str
    """The normalised id; for ``invalid``, the found text with line breaks removed."""
    version: int | None
    """arXiv version of the first appearance, else ``None``."""
    url: str | None
    """Canonical URL; ``None`` for ``invalid``."""
    found: str
    """The text as it first appeared (a wrapped link keeps its line break)."""
    line: int
    """1-based line of the first appearance in :attr:`source`."""
    reason: str | None
    """Why an ``invalid`` look-alike is invalid; ``None`` otherwise."""
    source: str = "<text>"
    """The input it was first found in (a file name, ``-`` or ``<text>``); not in the JSON."""

    @property
    def identifier(self) -> Identifier | None:
        """The identifier, or ``None`` for an invalid look-alike."""
        if self.kind == "invalid":
            return None
        return Identifier(self.kind, self.id, self.version)

    @property
    def key(self) -> tuple[str, str]:
        """What makes two works the same: kind and id (versions of one paper are one work)."""
        return (self.kind, self.id)

    def as_json(self) -> dict[str, Any]:
        """The JSON object of the ``extract`` contract: exactly :data:`JSON_KEYS`."""
        return {
            "kind": self.kind,
            "id": self.id,
            "version": self.version,
            "url": self.url,
            "found": self.found,
            "line": self.line,
            "reason": self.reason,
        }


def _work(result: Identifier | str, found: str, line: int, source: str) -> Work:
    """A work from an identifier, or an invalid look-alike from the reason it is invalid."""
    if isinstance(result, Identifier):
        return Work(result.kind, result.id, result.version, result.url, found, line, None, source)
    flat = re.sub(r"\s*\n\s*", "", found).strip()
    return Work("invalid", flat, None, None, found, line, result, source)


def _unique(works: Iterable[Work]) -> list[Work]:
    """The first appearance of each work. Identifiers of one work are one: the same kind and
    id, or ids that :mod:`imgsynth_refs.identity` ties together (an ACL DOI and its ACL id;
    the arXiv id and the DOI of a shipped record, such as StyleGAN's)."""
    distinct: dict[tuple[str, str], Work] = {}
    for work in works:  # one per key as they come: memory grows with works, not occurrences
        distinct.setdefault(work.key, work)
    works = list(distinct.values())
    known = _catalog_ids(works)
    first: dict[tuple[str, str], Work] = {}
    group_of: dict[tuple[str, str], tuple[str, str]] = {}
    for work in works:
        keys = {work.key}
        if (ident := work.identifier) is not None:
            keys |= identifier_ids([ident])
            keys |= {same for key in list(keys) for same in known.get(key, ())}
        group = next((group_of[key] for key in keys if key in group_of), work.key)
        first.setdefault(group, work)
        for key in keys:
            group_of.setdefault(key, group)
    return list(first.values())


def _catalog_ids(works: list[Work]) -> Mapping[WorkId, frozenset[WorkId]]:
    """The shipped catalog's ids by id (:func:`~imgsynth_refs.identity.catalog_ids`), read
    only when two works could be one (it costs a catalog load)."""
    if sum(work.kind not in ("url", "invalid") for work in works) < 2:
        return {}

    return catalog_ids(load_catalog())


def _newlines(text: str) -> str:
    """``text`` with CR LF and old-Mac CR line endings as LF, so that every kind counts a line."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


WHOLE_LIMIT = 2000
"""Longest single-token text tried as one whole identifier before it is scanned as prose."""


def _text(text: str, source: str) -> Iterator[Work]:
    """The works in a text read as prose, or the one work of a text that is one identifier
    and nothing else (so a DOI with ``<`` and ``>``, such as a SICI DOI, is whole; in prose
    a link stops at ``<``)."""
    token = text.strip()
    whole = not any(c.isspace() for c in token) or ARXIV_LISTING.fullmatch(token)
    if token and len(token) <= WHOLE_LIMIT and whole:
        ident = parse(token)
        if ident is not None:
            yield _work(ident, token, text.count("\n", 0, text.index(token)) + 1, source)
            return
    yield from _prose(text, source)


def _prose(text: str, source: str, first_line: int = 1) -> Iterator[Work]:
    for hit in iter_find(text):  # lazily: _unique keeps one Work per work, not per occurrence
        result = hit.identifier or hit.reason or "invalid"
        yield _work(result, hit.found, hit.line + first_line - 1, source)


def extract_text(text: str, *, source: str = "<text>") -> list[Work]:
    """The works referenced in prose, once each, in order of first appearance."""
    return _unique(_text(_newlines(text), source))


BIB_START = re.compile(r"\A(?:\s*%[^\n]*\n)*\s*@[A-Za-z]{1,30}\s*[{(]")
"""A text whose first non-comment character opens a BibTeX entry is read as a .bib file."""


def reads_as_bib(text: str, name: str = "") -> bool:
    """Whether to read ``text`` as a .bib file: its name ends in ``.bib`` or it starts with an
    ``@type{`` entry (after ``%`` comments)."""
    return name.lower().endswith(".bib") or bool(BIB_START.match(text))


def _bib(text: str, source: str) -> Iterator[Work]:
    # bibtexparser logs each unparsable block; such blocks are scanned as prose below instead.
    log = logging.getLogger("bibtexparser")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        library = bibtexparser.parse_string(text)
    finally:
        log.setLevel(level)
    blocks = sorted(
        [*library.entries, *library.failed_blocks], key=lambda block: block.start_line or 0
    )
    for block in blocks:
        start = (block.start_line or 0) + 1
        fields = getattr(block, "fields", None)
        if fields is None:
            yield from _prose(block.raw or "", source, start)
            continue
        lines = {field.key.lower(): (field.start_line or 0) + 1 for field in fields}
        values = {field.key.lower(): str(field.value) for field in fields}
        found = [
            (name, value, result if isinstance(result, Identifier) else result.reason)
            for name, value, result in classify_entry(values)
        ]
        # Within an entry, report in the order the fields are written.
        for name, value, outcome in sorted(found, key=lambda item: lines.get(item[0], start)):
            yield _work(outcome, value, lines.get(name, start), source)


def extract_bib(text: str, *, source: str = "<bib>") -> list[Work]:
    """The works a .bib file's entries identify, once each, in file order.

    Unparsable blocks are scanned as prose, so their links are still found.
    """
    return _unique(_bib(_newlines(text), source))


def extract(inputs: Iterable[tuple[str, str]]) -> list[Work]:
    """The works in several inputs, given as ``(name, text)``, once each across all of them.

    A text is read as a .bib file when :func:`reads_as_bib` says so, else as prose.
    """

    def works() -> Iterator[Work]:
        for name, raw in inputs:
            text = _newlines(raw)
            yield from _bib(text, name) if reads_as_bib(text, name) else _text(text, name)

    return _unique(works())
