"""Every call ``check`` makes into the identifier and work-identity helpers, in one place
(which ids an entry names, whether two entries or an entry and a record are one work), so
that moving those helpers changes this module only."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..bibfields import preprint_only
from ..bibfile import BibEntry
from ..identifiers import Identifier, Kind, parse
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
    "entry_works",
    "identifiers_of",
    "parse_identifier",
]


def arxiv_only_id(entry: BibEntry) -> str | None:
    """The arXiv id of an entry that cites only the preprint, else ``None``
    (:func:`imgsynth_refs.bibfields.preprint_only`)."""
    found = preprint_only(entry.entry_type, entry.fields)
    return found.id if found else None


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
        work = work_of_entry(entry) if isinstance(entry, BibEntry) else entry
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


def identifiers_of(ctx: Context, entry: BibEntry) -> list[Identifier]:
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
    return [i for i in identifiers_of(ctx, entry) if i.kind is Kind.ARXIV]


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
            entry.start: work_of_entry(entry, identifiers_of(ctx, entry))
            for entry in ctx.bib.entries
        }

    result: dict[int, Work] = ctx.shared("works", make)
    return result
