"""Every call ``check`` makes into the identifier and work-identity helpers, in one place
(which ids an entry names, whether two entries or an entry and a record are one work), so
that moving those helpers changes this module only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..bibfile import BibEntry
from ..identifiers import Identifier, parse
from ..merge import (
    Match,
    Work,
    WorkIndex,
    entry_identifiers,
    normalise_title,
    work_of_entry,
    work_of_reference,
)
from ..models import Catalog, Reference, is_arxiv_doi

if TYPE_CHECKING:
    from .model import Context

__all__ = [
    "CatalogIndex",
    "EntryWork",
    "Match",
    "WorkIndex",
    "arxiv_ids",
    "arxiv_only_id",
    "catalog_matches",
    "is_arxiv_doi",
    "is_arxiv_venue",
    "normalise_title",
    "parse_identifier",
    "work_of_entry",
]


def arxiv_ids(entry: BibEntry) -> list[Identifier]:
    """The arXiv identifiers ``entry`` names, in any field form."""
    return [i for i in entry_identifiers(entry) if i.kind == "arxiv"]


_ARXIV_VENUE = re.compile(r"^\s*(?:arxiv|corr)\b", re.IGNORECASE)
_PREPRINT_TYPES = frozenset({"article", "misc", "unpublished", "techreport", "online", "report"})


def is_arxiv_venue(value: str) -> bool:
    """Whether a journal name is arXiv's (``arXiv preprint arXiv:...``, ``CoRR``)."""
    return bool(_ARXIV_VENUE.match(value))


def arxiv_only_id(entry: BibEntry) -> str | None:
    """The arXiv id of an entry that cites only the preprint, else ``None``."""
    fields = entry.fields
    if fields.get("booktitle") or (fields.get("doi") and not is_arxiv_doi(fields["doi"])):
        return None
    journal = fields.get("journal") or fields.get("journaltitle")
    if journal and not is_arxiv_venue(journal):
        return None
    if entry.entry_type not in _PREPRINT_TYPES:
        return None
    found = arxiv_ids(entry)
    return found[0].id if found else None


def parse_identifier(text: str) -> Identifier | None:
    """The identifier a link or id denotes, if any."""
    return parse(text)


EntryWork = Work


class CatalogIndex:
    """Works of a catalog (the shipped one, or records from elsewhere) by id and title, to
    recognise the work of an entry."""

    def __init__(self, catalog: Catalog) -> None:
        self.references = {ref.key: ref for ref in catalog.references}
        self.index = WorkIndex(work_of_reference(ref) for ref in catalog.references)

    def match(self, entry: BibEntry, ids: set[tuple[str, str]] | None = None) -> Known | None:
        """The catalog's record of ``entry``'s work and why, or ``None``."""
        work = work_of_entry(entry)
        if ids is not None:
            work.ids = ids
        found = self.index.find(work)
        if found is None:
            return None
        ref = self.references.get(found.work.label)
        return Known(ref, found.reason) if ref is not None else None

    def reference(
        self, entry: BibEntry, ids: set[tuple[str, str]] | None = None
    ) -> Reference | None:
        """The catalog's record of ``entry``'s work, or ``None``."""
        known = self.match(entry, ids)
        return known.reference if known else None


@dataclass(frozen=True, slots=True)
class Known:
    """A catalog record recognised as an entry's work, and why."""

    reference: Reference
    reason: str


def catalog_matches(ctx: Context) -> dict[int, Known]:
    """The verified record of each entry's work, by the entry's offset (computed once per
    run, shared by the rules)."""

    def make() -> dict[int, Known]:
        found = {}
        for entry in ctx.bib.entries:
            known = ctx.known.match(entry)
            if known is not None:
                found[entry.start] = known
        return found

    result: dict[int, Known] = ctx.shared("catalog_matches", make)
    return result
