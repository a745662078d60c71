"""Every call ``check`` makes into the identifier and work-identity helpers, in one place
(which ids an entry names, whether two entries or an entry and a record are one work), so
that moving those helpers changes this module only."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..bibfields import preprint_only
from ..bibfile import BibEntry
from ..identifiers import HOST_RULES, Identifier, Kind, parse
from ..identity import WorkIdentity as Work
from ..identity import WorkIndex, entry_identifiers, work_of_entry, work_of_reference
from ..identity import normalise_family as normalise_family  # re-exported for duplicates
from ..models import Catalog, Reference

if TYPE_CHECKING:
    from .model import Context

__all__ = [
    "CatalogIndex",
    "Known",
    "arxiv_only_id",
    "catalog_matches",
    "entry_arxiv_ids",
    "entry_work",
    "entry_works",
    "may_be_paper_link",
    "parse_identifier",
    "plain_title",
]


def arxiv_only_id(entry: BibEntry) -> str | None:
    """The arXiv id of an entry that cites only the preprint, else ``None``
    (:func:`imgsynth_refs.bibfields.preprint_only`)."""
    found = preprint_only(entry.entry_type, entry.fields)
    return found.id if found else None


_PAPER_HOSTS = frozenset().union(*(hosts for hosts, _ in HOST_RULES))


def may_be_paper_link(url: str) -> bool:
    """Whether a link's host is one whose links name a paper (arXiv, DOI, NeurIPS, ...)."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return False
    return host is not None and host.lower() in _PAPER_HOSTS


def parse_identifier(text: str) -> Identifier | None:
    """The identifier a link or id denotes, if any."""
    return parse(text)


class CatalogIndex:
    """Works of a catalog (the shipped one, or records from elsewhere) by id and title, to
    recognise the work of an entry."""

    def __init__(self, catalog: Catalog) -> None:
        self.references = {ref.key: ref for ref in catalog.references}
        self.index = WorkIndex(work_of_reference(ref) for ref in catalog.references)

    def match(
        self, entry: BibEntry | Work, ids: set[tuple[str, str]] | None = None
    ) -> Known | None:
        """The catalog's record of the work of ``entry`` (or of a :class:`Work`) and why, or
        ``None``; ``ids`` replace the ids the entry names."""
        work = entry_work(entry) if isinstance(entry, BibEntry) else entry
        if ids is not None:
            work = replace(work, ids=ids)
        found = self.index.find(work)
        if found is None:
            return None
        ref = self.references.get(found.work.label)
        return Known(ref, found.reason) if ref is not None else None

    def reference(
        self, entry: BibEntry | Work, ids: set[tuple[str, str]] | None = None
    ) -> Reference | None:
        """The catalog's record of ``entry``'s work, or ``None``."""
        known = self.match(entry, ids)
        return known.reference if known else None


@dataclass(frozen=True, slots=True)
class Known:
    """A catalog record recognised as an entry's work, and why."""

    reference: Reference
    reason: str


def _identifiers(ctx: Context, entry: BibEntry) -> list[Identifier]:
    """The identifiers ``entry`` names, read once per run (work identity and the arXiv
    rules both need them)."""
    cached: dict[int, list[Identifier]] = ctx.shared("identifiers", dict)
    found = cached.get(entry.start)
    if found is None:
        found = cached[entry.start] = entry_identifiers(entry)
    return found


def entry_arxiv_ids(ctx: Context, entry: BibEntry) -> list[Identifier]:
    """The arXiv identifiers ``entry`` names, in any field form (``eprint``, ``Ar{X}iv:``,
    ``arXiv preprint arXiv:``, ``CoRR abs/``, arXiv links and DOIs: see
    :func:`imgsynth_refs.bibfields.classify_entry`), read once per run."""
    return [i for i in _identifiers(ctx, entry) if i.kind is Kind.ARXIV]


def catalog_matches(ctx: Context) -> dict[int, Known]:
    """The verified record of each entry's work, by the entry's offset (computed once per
    run, shared by the rules)."""

    def make() -> dict[int, Known]:
        found = {}
        works = entry_works(ctx)
        for entry in ctx.bib.entries:
            known = ctx.known.match(works[entry.start])
            if known is not None:
                found[entry.start] = known
        return found

    result: dict[int, Known] = ctx.shared("catalog_matches", make)
    return result


def entry_works(ctx: Context) -> dict[int, Work]:
    """The :class:`Work` of each entry, by the entry's offset (computed once per run)."""

    def make() -> dict[int, Work]:
        return {
            entry.start: entry_work(entry, _identifiers(ctx, entry)) for entry in ctx.bib.entries
        }

    result: dict[int, Work] = ctx.shared("works", make)
    return result


_FONT = re.compile(
    r"\\(?:em|it|bf|sc|tt|rm|sl|sf|up|emph|text(?:it|bf|sc|tt|rm|sl|sf|up|normal)|mbox|"
    r"url|path|relax|protect|noopsort\{[^{}]*\})(?![A-Za-z])\s*"
)
_LETTER_MACROS = frozenset({"ss", "ae", "AE", "oe", "OE", "aa", "AA", "o", "O", "l", "L", "i", "j"})
_MACRO = re.compile(r"\\([A-Za-z]{2,})(?![A-Za-z])\s*(\{)?")
_SYMBOL = re.compile(r"\\([^A-Za-z\"'`^~=.])")


def plain_title(title: str) -> str:
    """``title`` with the LaTeX that needs no decoder spelled out: font commands dropped,
    logos kept as their names (``\\TeX`` -> ``TeX``), ``\\&`` -> ``&``, math dollars
    dropped; accents are left for :func:`normalise_title`. A fast path that spares the full
    LaTeX decoder for most titles of a TeX journal's bibliography."""
    if "\\" not in title and "$" not in title:
        return title
    text = _FONT.sub("", title)
    text = _MACRO.sub(_macro, text)
    return _SYMBOL.sub(r"\1", text).replace("$", "")


def _macro(match: re.Match[str]) -> str:
    """A letter (``\\ss``) stays for :func:`normalise_title`; a command with an argument
    (``\\mathcal{O}``) leaves the argument; a logo (``\\TeX``) leaves its name."""
    name, brace = match.group(1), match.group(2) or ""
    if name in _LETTER_MACROS:
        return match.group(0)
    return brace if brace else name + " "


def entry_work(entry: BibEntry, identifiers: list[Identifier] | None = None) -> Work:
    """The :class:`Work` of an entry, its title read through :func:`plain_title`
    (``identifiers``: the entry's, when already read)."""
    title = entry.fields.get("title")
    if title is not None and ("\\" in title or "$" in title):
        entry = replace(entry, fields={**entry.fields, "title": plain_title(title)})
    return work_of_entry(entry, identifiers)
