"""Replace a .bib's arXiv-only entries by their published versions, in place, keys kept.

:func:`upgrade_bib` finds every entry that cites only a preprint (``eprint``,
``journal = {arXiv preprint arXiv:...}``, ``Ar{X}iv:...``, ``CoRR abs/...``, arXiv URLs,
``10.48550/arXiv.`` DOIs) and looks for its published version, in this order:

1. the shipped bibliography (a curated record with that arXiv id);
2. the record store (what an earlier run found: a published version, or that there is none);
3. the sources, batched: the arXiv records of all preprints (the record store first, as
   ``resolve`` fills it, then at most 100 ids per request; an entry's own fields stand in
   when arXiv cannot be asked), then **one** Semantic Scholar batch request
   (:mod:`imgsynth_refs.sources.semanticscholar`)
   for the candidates of all of them. Semantic Scholar's answer is only a candidate: the
   fields come from the record it names, Crossref by the published DOI or DBLP by a record
   key that is not a CoRR listing (one request each), and the matcher of
   :mod:`imgsynth_refs.sources.published` must still call it strong. A preprint Semantic
   Scholar does not know, or places at a venue without naming a record, goes to the DBLP
   title search (:func:`~imgsynth_refs.sources.published.find_published`); one it lists as
   an arXiv preprint only is left as it is, and so is an id neither arXiv nor Semantic
   Scholar knows (a typo is not searched by title).

Only strong matches are applied (all four facts of
:func:`~imgsynth_refs.sources.published.score` hold and the confidence reaches
``min_confidence``); weak and ambiguous ones are reported with their candidates and evidence.
An applied upgrade rewrites the bytes of that one entry: entry type and venue fields
(booktitle/journal, volume, number, pages, publisher, editors, DOI, year of the published
version) from the record, the key kept, the user's own fields (``note``, ``keywords``,
``file``, ``abstract``, a non-arXiv ``url``, ...) copied byte for byte after them, and the
arXiv posting kept as ``eprint``/``archivePrefix``/``primaryClass``. Every other byte of the
file stays; writing goes through :func:`~imgsynth_refs.bibfile.write_bib` (atomic, backup).
The JSON form of the report is a contract: ``docs/upgrade-json.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bibtexparser.model import Entry, Field

from .bibfields import identifiers_in_entry, preprint_only
from .bibfile import BibEntry, BibFile, Edit, WriteResult, write_bib
from .bibtex import reference_to_entry
from .bibtex.read import entry_to_reference
from .catalog import load_catalog
from .errors import BibParseError, DataError, ImgsynthRefsError, UsageError
from .identifiers import Identifier
from .models import ArxivInfo, Reference, WorkType
from .record_store import EXPIRY, StoreKey
from .run import Run, ask, from_store
from .sources.arxiv import ArxivResolver
from .sources.crossref import CrossrefResolver
from .sources.dblp import DblpClient
from .sources.published import THRESHOLD, Candidate, Evidence, find_published, merge, score
from .sources.published import Status as Search
from .sources.semanticscholar import SemanticScholarClient
from .venues import identify, is_satellite

if TYPE_CHECKING:
    import requests

    from .models import Catalog
    from .sources.config import Config
    from .sources.published import Upgrade
    from .sources.semanticscholar import S2Paper

__all__ = [
    "REPLACED_FIELDS",
    "STORE_KIND",
    "EntryUpgrade",
    "Status",
    "UpgradeReport",
    "cited_preprint",
    "judge",
    "render_entry",
    "upgrade_bib",
    "upgrade_file",
    "venue_and_year",
]

STORE_KIND = "arxiv-published"
"""Kind under which the record store keeps what a run found for an arXiv id: the published
version (its source column reads ``<source> <confidence>``, ``crossref 1.000``, so that a
later run with a higher ``min_confidence`` does not take it), or why there is none."""

REPLACED_FIELDS = frozenset(
    {
        # the work's facts, written from the published record
        "author", "editor", "title", "year", "month", "day", "date",
        "journal", "journaltitle", "booktitle", "series", "volume", "number", "issue",
        "pages", "publisher", "address", "location", "organization", "institution",
        "doi", "howpublished", "type",
        # the arXiv posting, written again as eprint fields
        "eprint", "archiveprefix", "eprinttype", "primaryclass", "eprintclass",
        "arxivid", "arxiv",
        # where the preprint's record came from (DBLP's CoRR listing)
        "biburl", "bibsource", "timestamp",
    }
)  # fmt: skip
"""Fields (lower-cased) an upgrade writes anew; every other field is the user's and is kept
byte for byte (``url`` too, unless it links arXiv)."""

_BIBLATEX_FIELDS = frozenset({"journaltitle", "date", "eprinttype", "eprintclass", "location"})


class Status(StrEnum):
    """What :func:`upgrade_bib` did with one preprint entry."""

    UPGRADED = "upgraded"
    """Replaced by its published version (or would be, in a dry run)."""
    WEAK = "weak"
    """A candidate was found but is too weak; the entry stands."""
    AMBIGUOUS = "ambiguous"
    """Several strong candidates and nothing to choose; the entry stands."""
    NOT_FOUND = "not_found"
    """No published version found; the entry stands."""
    FAILED = "failed"
    """A lookup could not be made (offline, refused, 429, timeout); the entry stands."""
    SKIPPED = "skipped"
    """A published version was found but the entry cannot be rewritten safely."""


@dataclass(frozen=True, slots=True)
class EntryUpgrade:
    """The outcome for one entry that cites only a preprint."""

    key: str
    line: int
    arxiv_id: str
    status: Status
    message: str
    """One line for the report."""
    published: Reference | None = None
    """The published version (applied or not), when one was found."""
    source: str | None = None
    """Where the published version came from: ``catalog``, ``store``, ``crossref``,
    ``dblp`` (a record Semantic Scholar named) or ``dblp-search``."""
    evidence: tuple[Evidence, ...] = ()
    """Which sources agreed on which facts, the deciding one first."""
    candidates: tuple[Candidate, ...] = ()
    """Every candidate considered (weak and ambiguous outcomes), best first."""

    @property
    def confidence(self) -> float | None:
        """The deciding evidence's confidence (``None`` when no candidate was found)."""
        if not self.evidence or self.status in (Status.NOT_FOUND, Status.FAILED):
            return None
        return self.evidence[0].confidence

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (see ``docs/upgrade-json.md``)."""
        ref = self.published
        return {
            "key": self.key,
            "line": self.line,
            "arxiv": self.arxiv_id,
            "status": self.status.value,
            "message": self.message,
            "source": self.source,
            "confidence": self.confidence,
            "published": None
            if ref is None
            else {
                "type": ref.type.value,
                "venue": _venue_name(ref),
                "year": ref.year,
                "doi": ref.doi,
                "title": ref.title,
            },
            "evidence": [_evidence_dict(e) for e in self.evidence],
            "candidates": [
                {
                    "label": c.label,
                    "strong": c.strong,
                    "rejected": c.rejected,
                    "evidence": _evidence_dict(c.evidence),
                }
                for c in self.candidates
            ],
        }


def _evidence_dict(evidence: Evidence) -> dict[str, Any]:
    return {
        "source": evidence.source,
        "url": evidence.url,
        "matched": list(evidence.matched),
        "confidence": evidence.confidence,
        "detail": evidence.detail,
    }


def _venue_name(ref: Reference) -> str | None:
    return (ref.venue.short or ref.venue.name) if ref.venue else (ref.booktitle or ref.journal)


def venue_and_year(ref: Reference) -> str:
    """``NeurIPS 2017`` (a short name carries its year), ``Nature Machine Intelligence 2024``."""
    if ref.venue is not None and ref.venue.short:
        return ref.venue.short
    return f"{_venue_name(ref) or '?'} {ref.year}"


@dataclass
class UpgradeReport:
    """What :func:`upgrade_bib` found and the file's new bytes; nothing is written until
    :meth:`write`."""

    bib: BibFile
    data: bytes
    entries: list[EntryUpgrade] = field(default_factory=list)
    """One outcome per preprint entry, in file order."""
    requests: int = 0
    """HTTP requests put on the wire (cached answers are not requests)."""
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the file's bytes change."""
        return self.data != self.bib.data

    @property
    def upgraded(self) -> list[EntryUpgrade]:
        """The entries replaced by their published versions."""
        return [e for e in self.entries if e.status is Status.UPGRADED]

    @property
    def failed(self) -> list[EntryUpgrade]:
        """The entries whose lookup could not be made."""
        return [e for e in self.entries if e.status is Status.FAILED]

    def write(self, path: str | Path, *, dry_run: bool = False) -> WriteResult:
        """Write the file atomically (backup ``path~``), or with ``dry_run`` only diff it."""
        return write_bib(path, self.bib, self.data, dry_run=dry_run)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (see ``docs/upgrade-json.md``)."""
        counts = {status.value: 0 for status in Status}
        for entry in self.entries:
            counts[entry.status.value] += 1
        return {
            "file": self.bib.source,
            "entries": [e.to_dict() for e in self.entries],
            "summary": counts,
            "requests": self.requests,
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------- identity
# The one place this module asks which work an entry names (bibfields.preprint_only) and
# whether a candidate is the same work (sources.published: score, find_published, merge).


def cited_preprint(entry: BibEntry) -> Identifier | None:
    """The arXiv id of an entry that cites only a preprint, else ``None``
    (:func:`imgsynth_refs.bibfields.preprint_only`: any field form users write)."""
    return preprint_only(entry.entry_type, entry.fields)


def _links_arxiv(url: str) -> bool:
    """Whether a ``url`` value links the arXiv posting (rewritten as eprint fields)."""
    return any(i.kind == "arxiv" for i in identifiers_in_entry({"url": url}))


def _preprint_of_entry(entry: BibEntry, arxiv_id: str) -> Reference | None:
    """The entry's own facts as a preprint record (when arXiv cannot be asked)."""
    try:
        ref = entry_to_reference(
            Entry(entry.entry_type, entry.key, [Field(k, v) for k, v in entry.fields.items()])
        )
    except ImgsynthRefsError:
        return None
    if ref.type is not WorkType.PREPRINT:
        ref = ref.model_copy(update={"type": WorkType.PREPRINT})
    if ref.arxiv is None or ref.arxiv.id != arxiv_id:
        ref = ref.model_copy(update={"arxiv": ArxivInfo(id=arxiv_id)})
    return ref


def judge(
    preprint: Reference,
    record: Reference,
    *,
    source: str,
    url: str,
    threshold: float = THRESHOLD,
    extra: tuple[str, ...] = (),
) -> tuple[Evidence, bool]:
    """The matcher's evidence that ``record`` (a record a candidate named) is the published
    version of ``preprint``, and whether it is strong: all four facts of
    :func:`~imgsynth_refs.sources.published.score` hold, the confidence reaches
    ``threshold``, and the record is not itself a preprint. (A strong workshop version is
    still left to the DBLP search, which prefers the main venue.)"""
    evidence, all_hold = score(
        preprint,
        title=record.title,
        authors=[p.display() for p in record.authors],
        year=record.year,
        source=source,
        url=url,
        extra=extra,
    )
    strong = all_hold and evidence.confidence >= threshold and record.type is not WorkType.PREPRINT
    return evidence, strong


def _search(
    preprint: Reference, session: requests.Session, config: Config, threshold: float
) -> Upgrade:
    """The DBLP title search (the published-version finder of ``resolve``)."""
    return find_published(preprint, session=session, config=config, threshold=threshold)


def _merged(preprint: Reference, published: Reference) -> Reference:
    return merge(preprint, published)


# --------------------------------------------------------------------------- finding


@dataclass(slots=True)
class _Found:
    """A published version and how it was found (before the entry is rewritten)."""

    status: Status
    message: str
    published: Reference | None = None
    source: str | None = None
    evidence: tuple[Evidence, ...] = ()
    candidates: tuple[Candidate, ...] = ()


class _Run(Run):
    """The session, config, catalog and record store of one upgrade, made when needed."""

    def __init__(
        self,
        session: requests.Session | None,
        config: Config | None,
        catalog: Catalog | None,
        *,
        offline: bool,
        threshold: float,
    ) -> None:
        super().__init__(session, config, offline=offline)
        self._catalog = catalog
        self.threshold = threshold

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = load_catalog()
        return self._catalog


def _from_catalog(run: _Run, arxiv_ids: Iterable[str]) -> dict[str, Reference]:
    wanted = set(arxiv_ids)
    return {
        ref.arxiv.id: ref
        for ref in run.catalog.references
        if ref.arxiv is not None and ref.arxiv.id in wanted and ref.type is not WorkType.PREPRINT
    }


def _from_store(run: _Run, arxiv_ids: Iterable[str]) -> dict[str, _Found]:
    """Earlier runs' answers: a published version strong enough for this run's threshold, or
    "no published version" (both kept 30 days online, as the HTTP cache keeps answers)."""
    found = {}
    for arxiv_id in arxiv_ids:
        stored = run.store.get(
            StoreKey(STORE_KIND, arxiv_id), max_age=None if run.offline else EXPIRY
        )
        if stored is None:
            continue
        day = stored.stored.date().isoformat()
        if stored.reference is None:
            found[arxiv_id] = _Found(Status.NOT_FOUND, f"{stored.reason} (stored answer of {day})")
            continue
        source, _, confidence = stored.source.partition(" ")
        try:
            strong_enough = float(confidence) >= run.threshold
        except ValueError:
            strong_enough = False
        if strong_enough:
            origin = f"{source}, confidence {confidence}, stored {day}"
            detail = f"found strong by an earlier run ({origin})"
            url = f"{STORE_KIND}:{arxiv_id}"
            found[arxiv_id] = _known(stored.reference, "store", url, detail, "record store")
    return found


@dataclass(slots=True)
class _Arxiv:
    """What arXiv said about the ids: records, ids it does not have, why others failed."""

    records: dict[str, Reference] = field(default_factory=dict)
    unknown: set[str] = field(default_factory=set)
    reasons: dict[str, str] = field(default_factory=dict)


def _preprints(run: _Run, arxiv_ids: Sequence[str]) -> _Arxiv:
    """arXiv's records of the ids: the record store first, then batched requests (at most
    100 ids each), whose answers are stored, as ``resolve`` does."""
    records: dict[tuple[str, str], tuple[Reference, str]] = {}
    stored_unknown: dict[tuple[str, str], str] = {}
    reasons: dict[tuple[str, str], str] = {}
    idents = [Identifier("arxiv", arxiv_id) for arxiv_id in arxiv_ids]
    todo = from_store(run.store, idents, records, stored_unknown, offline=run.offline)
    answers = []
    if todo:
        answers = ask(ArxivResolver(run.session, run.config), todo, records, reasons)
        run.store.put(answers)
    return _Arxiv(
        records={arxiv_id: ref for (_, arxiv_id), (ref, _) in records.items()},
        unknown={arxiv_id for _, arxiv_id in stored_unknown}
        | {ident.id for ident, answer, _ in answers if isinstance(answer, str)},
        reasons={arxiv_id: reason for (_, arxiv_id), reason in reasons.items()},
    )


def _candidates(
    run: _Run, arxiv_ids: Sequence[str]
) -> tuple[dict[str, S2Paper | None], str | None]:
    """Semantic Scholar's paper for each id (``None``: unknown), or why it could not be asked."""
    if not arxiv_ids:
        return {}, None
    try:
        return SemanticScholarClient(run.session, run.config).batch(arxiv_ids), None
    except ImgsynthRefsError as exc:
        return {}, str(exc)


def _record_named(run: _Run, paper: S2Paper) -> tuple[Reference, str, str] | str | None:
    """The record Semantic Scholar names (Crossref by DOI, else DBLP by a key that is not a
    CoRR listing): ``(record, source, url)``, why it could not be read, or ``None``."""
    try:
        if paper.doi:
            crossref = CrossrefResolver(run.session, run.config)
            return crossref.fetch(paper.doi), "crossref", crossref.work_url(paper.doi)
        if paper.dblp_key and not paper.dblp_is_corr:
            dblp = DblpClient(run.session, run.config)
            return dblp.record(paper.dblp_key), "dblp", dblp.bibtex_url(paper.dblp_key)
    except ImgsynthRefsError as exc:
        return str(exc)
    return None


def _s2_evidence(run: _Run, paper: S2Paper, record: Reference | None) -> Evidence:
    matched = ["arxiv"]
    if record is not None and record.venue is not None and paper.venue:
        known = identify(paper.venue)
        if known is not None and known is identify(record.venue.name):
            matched.append("venue")
    if record is not None and paper.year == record.year:
        matched.append("year")
    return Evidence(
        source="semanticscholar",
        url=f"{run.config.s2_api}/paper/ArXiv:{paper.arxiv_id}",
        matched=tuple(matched),
        confidence=1.0 if record is not None else 0.0,
        detail=f"lists arXiv:{paper.arxiv_id} as {paper.describe()}",
    )


def _decide(run: _Run, preprint: Reference, paper: S2Paper | None, s2_failed: str | None) -> _Found:
    """The published version of one preprint from its Semantic Scholar candidate, else the
    DBLP title search."""
    notes: list[str] = []
    if paper is not None:
        named = _record_named(run, paper)
        if isinstance(named, tuple):
            record, source, url = named
            extra = ("doi",) if source == "crossref" else ()
            evidence, strong = judge(
                preprint, record, source=source, url=url, threshold=run.threshold, extra=extra
            )
            label = f"{venue_and_year(record)}: {record.title}"
            satellite = bool(record.venue and is_satellite(record.venue.name))
            s2 = _s2_evidence(run, paper, record)
            if strong and not satellite:
                return _Found(
                    Status.UPGRADED,
                    f"published version: {label} ({source}, confidence {evidence.confidence:.2f})",
                    record,
                    source,
                    (evidence, s2),
                )
            if not strong:
                candidate = Candidate(label, evidence, False)
                return _Found(
                    Status.WEAK,
                    f"too weak, not applied: {label} ({evidence.detail})",
                    record,
                    source,
                    (evidence, s2),
                    (candidate,),
                )
            notes.append(f"Semantic Scholar names a workshop version ({label})")
        elif isinstance(named, str):
            notes.append(f"the record Semantic Scholar names could not be read: {named}")
        elif not paper.names_venue:
            return _Found(
                Status.NOT_FOUND,
                "no published version: Semantic Scholar lists it as an arXiv preprint only",
                evidence=(_s2_evidence(run, paper, None),),
            )
        else:
            notes.append(f"Semantic Scholar names {paper.describe()} without a record")
    elif s2_failed is not None:
        notes.append(f"Semantic Scholar not asked: {s2_failed}")
    outcome = _search(preprint, run.session, run.config, run.threshold)
    message = "; ".join([*notes, outcome.message])
    found_evidence = (outcome.evidence,) if outcome.evidence is not None else ()
    status = {
        Search.APPLIED: Status.UPGRADED,
        Search.WEAK: Status.WEAK,
        Search.AMBIGUOUS: Status.AMBIGUOUS,
        Search.NOT_FOUND: Status.NOT_FOUND,
    }.get(outcome.status, Status.FAILED)
    return _Found(
        status, message, outcome.published, "dblp-search", found_evidence, outcome.candidates
    )


def _known(ref: Reference, source: str, url: str, detail: str, where: str) -> _Found:
    """A published version known without a search (shipped, or stored by an earlier run):
    the arXiv id decides, with confidence 1."""
    evidence = Evidence(source=source, url=url, matched=("arxiv",), confidence=1.0, detail=detail)
    message = f"published version: {venue_and_year(ref)} ({where})"
    return _Found(Status.UPGRADED, message, ref, source, (evidence,))


# --------------------------------------------------------------------------- rewriting


def _dialect(entry: BibEntry) -> str:
    return "biblatex" if _BIBLATEX_FIELDS & entry.fields.keys() else "bibtex"


def render_entry(bib: BibFile, entry: BibEntry, published: Reference) -> str:
    """The new text of ``entry``: the published record's fields under the entry's key, then
    the user's own fields as written, in the entry's indentation and the file's newlines.

    Raises :class:`BibParseError` when the entry's fields cannot be located safely.
    """
    spans = bib.field_spans(entry)
    raw = bib.text[entry.start : entry.end]
    indent_match = re.search(r"\n([ \t]+)\S", raw)
    indent = indent_match[1] if indent_match else "  "
    kept: list[tuple[str, str]] = []
    for name, span in spans.items():
        value = bib.text[span.start : span.end]
        if name in REPLACED_FIELDS or (name == "url" and _links_arxiv(value)):
            continue
        # The field as written, from its name to the end of its value.
        name_at = bib.text.rfind(span.name, entry.start, span.start)
        kept.append((span.name, bib.text[name_at : span.end]))
    kept_names = {name.lower() for name, _ in kept}
    new = reference_to_entry(
        published.model_copy(update={"key": entry.key, "note": None}),
        dialect=_dialect(entry),  # type: ignore[arg-type]
    )
    lines = [f"@{new.entry_type}{{{entry.key},"]
    for item in new.fields:
        if item.key.lower() in kept_names:
            continue  # the user's own (url) wins
        value = str(item.value)
        written = value if item.key == "month" else "{" + value + "}"
        lines.append(f"{indent}{item.key} = {written},")
    lines.extend(f"{indent}{field}," for _, field in kept)
    lines.append("}")
    return bib.newline.join(lines)


# --------------------------------------------------------------------------- the run


def upgrade_bib(
    bib: BibFile,
    *,
    offline: bool = False,
    min_confidence: float = THRESHOLD,
    only: Iterable[str] | None = None,
    session: requests.Session | None = None,
    config: Config | None = None,
    catalog: Catalog | None = None,
) -> UpgradeReport:
    """Find the published version of every preprint-only entry of ``bib`` and rewrite the
    strong ones (see the module docstring). ``only``: keys to consider (each must be in the
    file). Nothing is written; see :meth:`UpgradeReport.write`.

    Never raises for a source failure: the entry gets :attr:`Status.FAILED` with the reason.
    """
    if not 0 < min_confidence <= 1:
        raise UsageError(f"--min-confidence must be in (0, 1], not {min_confidence!r}")
    if bib.failures:
        raise bib.failures[0]
    entries = _selected(bib, only)
    cited = [(entry, ident) for entry in entries if (ident := cited_preprint(entry)) is not None]
    run = _Run(session, config, catalog, offline=offline, threshold=min_confidence)
    found: dict[str, _Found] = {}
    preprints: dict[str, Reference] = {}
    try:
        ids = list(dict.fromkeys(ident.id for _, ident in cited))
        for arxiv_id, ref in _from_catalog(run, ids).items():
            detail = f"the shipped record {ref.key!r} of arXiv:{arxiv_id}"
            url = f"refs/works/{ref.key}.toml"
            found[arxiv_id] = _known(ref, "catalog", url, detail, "catalog")
        todo = uncatalogued = [i for i in ids if i not in found]
        if todo:
            found.update(_from_store(run, todo))
            todo = [i for i in todo if i not in found]
        arxiv = _preprints(run, todo)
        by_id = {ident.id: entry for entry, ident in reversed(cited)}
        asked: list[str] = []
        for arxiv_id in todo:
            record = arxiv.records.get(arxiv_id) or _preprint_of_entry(by_id[arxiv_id], arxiv_id)
            if record is None:
                reason = arxiv.reasons.get(arxiv_id, "the entry has no title or year to match")
                found[arxiv_id] = _Found(Status.FAILED, f"arXiv record not available: {reason}")
            else:
                preprints[arxiv_id] = record
                asked.append(arxiv_id)
        # The batch asks for every id outside the catalog, including those the store answers,
        # so that the same file asks the same batch again (and the HTTP cache answers it).
        papers, s2_failed = _candidates(run, uncatalogued if asked else [])
        for arxiv_id in asked:
            paper = papers.get(arxiv_id)
            if s2_failed is None and paper is None and arxiv_id in arxiv.unknown:
                found[arxiv_id] = _Found(
                    Status.NOT_FOUND,
                    f"neither arXiv nor Semantic Scholar knows arXiv:{arxiv_id} (a typo?)",
                )
                continue
            outcome = _decide(run, preprints[arxiv_id], paper, s2_failed)
            if outcome.status is Status.UPGRADED and outcome.published is not None:
                outcome.published = _merged(preprints[arxiv_id], outcome.published)
            found[arxiv_id] = outcome
        if asked:
            run.store.put(_answers(found, fresh=set(asked)))
        requests_made = run.requests
    finally:
        run.close()
    return _rewrite(bib, cited, found, requests_made)


def _answers(
    found: dict[str, _Found], *, fresh: set[str]
) -> list[tuple[Identifier | StoreKey, Reference | str, str]]:
    """What to keep in the record store from this run's lookups (``fresh``): the published
    versions applied, with their source and confidence, and the "not found" answers."""
    answers: list[tuple[Identifier | StoreKey, Reference | str, str]] = []
    for arxiv_id in sorted(fresh):
        outcome = found[arxiv_id]
        ident = StoreKey(STORE_KIND, arxiv_id)
        if outcome.status is Status.UPGRADED and outcome.published and outcome.evidence:
            source = f"{outcome.source} {outcome.evidence[0].confidence:.3f}"
            answers.append((ident, outcome.published, source))
        elif outcome.status is Status.NOT_FOUND:
            answers.append((ident, outcome.message, "upgrade"))
    return answers


def _selected(bib: BibFile, only: Iterable[str] | None) -> list[BibEntry]:
    if only is None:
        return list(bib.entries)
    wanted = {key.lower(): key for key in only}
    present = {entry.key.lower() for entry in bib.entries}
    missing = [key for folded, key in wanted.items() if folded not in present]
    if missing:
        raise UsageError(f"{bib.source}: no entry with key {', '.join(map(repr, missing))}")
    return [entry for entry in bib.entries if entry.key.lower() in wanted]


def _rewrite(
    bib: BibFile,
    cited: list[tuple[BibEntry, Identifier]],
    found: dict[str, _Found],
    requests_made: int,
) -> UpgradeReport:
    edits: list[Edit] = []
    outcomes: list[EntryUpgrade] = []
    for entry, ident in cited:
        result = found[ident.id]
        status, message = result.status, result.message
        if status is Status.UPGRADED and result.published is not None:
            try:
                new = render_entry(bib, entry, result.published)
                edits.append(Edit(entry.start, entry.end, new))
            except (BibParseError, DataError) as exc:
                status, message = Status.SKIPPED, f"not rewritten: {exc}"
        outcomes.append(
            EntryUpgrade(
                key=entry.key,
                line=entry.line,
                arxiv_id=ident.id,
                status=status,
                message=message,
                published=result.published,
                source=result.source,
                evidence=result.evidence,
                candidates=result.candidates,
            )
        )
    return UpgradeReport(
        bib=bib,
        data=bib.apply(edits),
        entries=outcomes,
        requests=requests_made,
        notes=list(bib.notes),
    )


def upgrade_file(
    path: str | Path, *, dry_run: bool = False, **options: Any
) -> tuple[UpgradeReport, WriteResult]:
    """Upgrade the .bib at ``path`` (options as for :func:`upgrade_bib`) and write it
    atomically with a backup, or with ``dry_run`` only compute the unified diff."""
    if not Path(path).exists():
        raise BibParseError("no such file", file=str(path))
    report = upgrade_bib(BibFile.read(path), **options)
    return report, report.write(path, dry_run=dry_run)
