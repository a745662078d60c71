"""Rules that compare an entry with the verified record of its work (the shipped catalog
first, then the arXiv look-up: record store, resolver cache, network): a published version
of a cited preprint, an older arXiv version, and facts that disagree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..bibfields import WORK_FIELDS
from ..bibfile import BibEntry, Edit
from ..bibtex import format_entries
from ..identifiers import Identifier
from ..models import Reference, WorkType
from ..venues import identify
from ._identity import arxiv_only_id, catalog_matches, entry_arxiv_ids
from .model import Context, Finding, LookupResult, Severity, register

__all__ = [
    "ArxivRecords",
    "arxiv_records",
    "differs_from_record",
    "entry_records",
    "published_versions",
    "stale_versions",
]


@dataclass
class ArxivRecords:
    """What is known about the arXiv ids of a file's entries."""

    cited: list[tuple[BibEntry, str | None, list[Identifier]]] = field(default_factory=list)
    """Entries with arXiv ids: the entry, its id when it cites only the preprint, and the
    versioned ids it names."""
    records: dict[str, Reference] = field(default_factory=dict)
    """A record per arXiv id (the catalog's, else the look-up's)."""
    curated: set[str] = field(default_factory=set)
    """Ids whose record is the catalog's."""


def arxiv_records(ctx: Context) -> ArxivRecords:
    """Records of the arXiv ids the entries name: the catalog's first, then one look-up
    (``ctx.lookup``) for the rest; ids it could not ask about go to ``ctx.unchecked``."""

    def make() -> ArxivRecords:
        found = ArxivRecords()
        unknown: set[str] = set()
        for entry in ctx.bib.entries:
            arxiv = entry_arxiv_ids(ctx, entry)
            if not arxiv:
                continue
            only = arxiv_only_id(entry)
            versioned = [i for i in arxiv if i.version]
            found.cited.append((entry, only, versioned))
            for ident in arxiv[:1] + versioned:
                ref = ctx.known.reference(entry, {("arxiv", ident.id.lower())})
                if ref is not None and ref.arxiv is not None and ref.arxiv.id == ident.id:
                    found.records[ident.id] = ref
                    found.curated.add(ident.id)
                else:
                    unknown.add(ident.id)
        if unknown and ctx.lookup is not None:
            answer = ctx.lookup(sorted(unknown))
            result = answer if isinstance(answer, LookupResult) else LookupResult(answer)
            for arxiv_id, ref in result.records.items():
                found.records.setdefault(arxiv_id, ref)
            ctx.unchecked.update(result.unchecked)
        return found

    records: ArxivRecords = ctx.shared("arxiv_records", make)
    return records


def entry_records(ctx: Context, entry: BibEntry) -> list[Reference]:
    """Verified records of ``entry``'s work: the catalog's, then the look-up's for its
    first arXiv id."""
    found = []
    known = catalog_matches(ctx).get(entry.start)
    if known is not None:
        found.append(known.reference)
    ids = entry_arxiv_ids(ctx, entry)
    if ids:
        looked_up = arxiv_records(ctx).records.get(ids[0].id)
        if looked_up is not None and all(looked_up is not ref for ref in found):
            found.append(looked_up)
    return found


@register(
    "published-version",
    Severity.WARNING,
    "an entry that cites only the arXiv preprint of a work that was published",
    "replace the entry by the published version, keeping its key (the entry is suggested)",
)
def published_versions(ctx: Context) -> Iterator[Finding]:
    """arXiv-only entries whose work has a published version."""
    known = arxiv_records(ctx)
    for entry, only, _ in known.cited:
        ref = known.records.get(only) if only else None
        if ref is not None and ref.type is not WorkType.PREPRINT:
            yield Finding(
                "published-version",
                entry.key,
                entry.line,
                f"cites the arXiv preprint {only}; the work was published: {_venue(ref)}",
                "replace the entry by the published version, keeping its key:\n"
                + _published_entry(ref, entry.key),
            )


@register(
    "stale-arxiv-version",
    Severity.WARNING,
    "an arXiv version older than the latest known",
    "cite the latest version, or drop the version (--fix does it)",
    safe_fix=True,
)
def stale_versions(ctx: Context) -> Iterator[Finding]:
    """Fields citing an arXiv version older than the latest known."""
    known = arxiv_records(ctx)
    for entry, _, versioned in known.cited:
        for ident in versioned:
            ref = known.records.get(ident.id)
            if ref is not None and ref.arxiv is not None and ref.arxiv.version:
                source = ref.key if ident.id in known.curated else None
                yield from _stale_version(ctx, entry, ident, ref.arxiv.version, source)


def _stale_version(
    ctx: Context, entry: BibEntry, ident: Identifier, latest: int, source: str | None
) -> Iterator[Finding]:
    if ident.version is None or ident.version >= latest:
        return
    spans = ctx.spans(entry)
    pattern = re.compile(re.escape(ident.id) + r"v(" + str(ident.version) + r")(?!\d)", re.I)
    for name in WORK_FIELDS:
        where = spans.get(name)
        found = pattern.search(ctx.bib.text, where.start, where.end) if where else None
        if where is None or found is None:
            continue
        yield Finding(
            "stale-arxiv-version",
            entry.key,
            where.line,
            f"{name} cites arXiv:{ident.id}v{ident.version}; the latest known version is "
            f"v{latest} ({f'catalog {source!r}' if source else 'arXiv'})",
            f"cite arXiv:{ident.id}v{latest}, or drop the version",
            Edit(found.start(1), found.end(1), str(latest)),
        )


def _year(value: str | None) -> int | None:
    found = re.search(r"\b(1[89]\d\d|20\d\d)\b", value or "")
    return int(found.group()) if found else None


def _pages(value: str) -> str:
    return re.sub(r"[\s{}]", "", re.sub(r"-+|\u2013", "--", value))


@register(
    "differs-from-record",
    Severity.WARNING,
    "a fact that disagrees with the verified record of the work: the year, the pages (or "
    "none), another venue",
    "write the record's value (given in the fix)",
)
def differs_from_record(ctx: Context) -> Iterator[Finding]:
    """Year, pages, volume and venue of entries compared with their work's record."""
    for entry in ctx.bib.entries:
        records = entry_records(ctx, entry)
        published = [r for r in records if r.type is not WorkType.PREPRINT]
        if records:
            yield from _differences(ctx, entry, (published or records)[0])


def _differences(ctx: Context, entry: BibEntry, ref: Reference) -> Iterator[Finding]:
    fields = entry.fields
    preprint = arxiv_only_id(entry) is not None
    label = f"the verified record {ref.key!r}" if ref.key else "the arXiv record"

    def finding(name: str, message: str, value: str) -> Finding:
        return Finding(
            "differs-from-record",
            entry.key,
            ctx.line(entry, name),
            f"{message} ({label})",
            f"{name} = {{{value}}}",
        )

    year = _year(fields.get("year") or fields.get("date"))
    if preprint:
        posted = ref.arxiv.published if ref.arxiv is not None else None
        if year is not None and posted is not None and year not in (posted.year, ref.year):
            yield finding(
                "year",
                f"year {year}, but the preprint was first posted in {posted.year} "
                "(arXiv's own BibTeX gives the year of the latest version)",
                str(posted.year),
            )
        return
    if ref.type is WorkType.PREPRINT:
        return
    if year is not None and year != ref.year:
        yield finding("year", f"year {year}, but the work appeared in {ref.year}", str(ref.year))
    if ref.pages and not fields.get("pages"):
        yield finding("pages", f"no pages; the work has pages {ref.pages}", ref.pages)
    elif ref.pages and fields.get("pages") and _pages(fields["pages"]) != _pages(ref.pages):
        yield finding("pages", f"pages {fields['pages']}, but the work has {ref.pages}", ref.pages)
    venue_field = "booktitle" if "booktitle" in fields else "journal"
    venue = fields.get(venue_field) or fields.get("journaltitle")
    theirs = ref.booktitle or ref.journal
    if venue and theirs:
        mine_known, their_known = identify(venue), identify(theirs)
        if mine_known and their_known and mine_known.acronym != their_known.acronym:
            yield finding(
                venue_field,
                f"{venue_field} {{{venue}}} is {mine_known.acronym}, but the work appeared "
                f"in {their_known.acronym} ({theirs})",
                theirs,
            )


def _venue(ref: Reference) -> str:
    where = ref.venue.short if ref.venue and ref.venue.short else (ref.booktitle or ref.journal)
    extra = f", doi:{ref.doi}" if ref.doi else ""
    return f"{where or ref.type.value} ({ref.year}){extra}"


def _published_entry(ref: Reference, key: str) -> str:
    return format_entries([ref.model_copy(update={"key": key})]).strip()
