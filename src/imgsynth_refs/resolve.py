"""Resolve links, ids and files of links into records: the orchestration behind ``resolve``.

:func:`resolve` runs one pipeline, in this order:

1. **inputs**: each input is a link or id (:func:`~imgsynth_refs.identifiers.parse`) or a
   file (text, Markdown, HTML, ``.bib``) scanned as :func:`~imgsynth_refs.extract.extract` does;
   identifiers that name the same work (same kind and id) collapse into one;
2. **catalog first**: an identifier that a shipped record carries (arXiv id, DOI, NeurIPS,
   ACL Anthology or OpenReview id, or its ``url`` or the article's link, whatever kind they
   parse to: PMLR, CVF, a web page) gets that curated record as it is, offline; so does a CVF
   or old NeurIPS (``papers.nips.cc/paper/5423-...``) link whose file name names a shipped
   work exactly (:func:`catalog_match`);
3. **record store**: an identifier resolved before gets its stored record
   (:mod:`imgsynth_refs.record_store`; online only if stored in the last 30 days, offline of
   any age; skipped with ``refresh``), whatever ids it was asked with then;
4. **sources**: the rest are grouped by resolver and each resolver is called *once* with its
   whole group, so that arXiv ids go out in batched queries; what they resolve is stored;
5. **published version** (unless ``prefer="arxiv"``): a preprint is replaced by the version
   it was published as when :mod:`imgsynth_refs.sources.published` finds one with a strong
   match; a weak or ambiguous match is reported and never applied;
6. **keys**: every record without a citation key gets a unique one
   (:func:`~imgsynth_refs.keys.assign_keys`).

Failures are data, as in bibtexparser: an input that is no identifier, a file that cannot be
read, an id a source does not know or a source that is down becomes a :class:`Failure` in the
:class:`ResolveReport`; nothing raises for one bad input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import fileio
from .catalog import load_catalog
from .errors import InputTooLargeError, UsageError
from .extract import extract
from .fileio import decode_text, read_limited
from .identifiers import Identifier, Invalid, classify, neurips_old_paper
from .identity import (
    WorkIdentity,
    WorkIndex,
    link_ids,
    normalise_family,
    normalise_title,
    reference_ids,
)
from .keys import assign_keys
from .models import Catalog, Prefer, Reference, WorkType, check_prefer
from .run import Run, ask, from_store, one_line
from .sources.acl import AclResolver
from .sources.arxiv import ArxivResolver
from .sources.crossref import CrossrefResolver
from .sources.cvf import CvfResolver, cvf_paper
from .sources.neurips import NeuripsResolver
from .sources.openreview import OpenReviewResolver
from .sources.pmlr import PmlrResolver
from .sources.published import Status, Upgrade, find_published
from .sources.publisher import LinkResolver
from .venues import venue_label

if TYPE_CHECKING:
    import requests

    from .identity import WorkIdentity
    from .sources.base import Resolver
    from .sources.config import Config
    from .sources.published import Upgrade

__all__ = [
    "Failure",
    "Item",
    "ProgressCallback",
    "ResolveReport",
    "UpgradeFinder",
    "UpgradeSearch",
    "catalog_match",
    "default_resolvers",
    "read_inputs",
    "resolve",
]

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` with the steps done so far: one per distinct work,
then one per search for a preprint's published version (``total`` grows when they start)."""

FILE_SUFFIXES = frozenset({".bib", ".txt", ".md", ".markdown", ".html", ".htm", ".tex", ".rst"})
"""Suffixes that mark an input as a file name even when the file does not exist."""


@dataclass(frozen=True, slots=True)
class Failure:
    """An input (or one link found in an input file) that gave no record, and why."""

    input: str
    """The input as given, or ``FILE:LINE: text`` for a link found in a file."""
    reason: str
    """One line: why it failed."""
    identifier: Identifier | None = None
    """The identifier the input denotes, when it is one."""


@dataclass(frozen=True, slots=True)
class Item:
    """A resolved input: where it came from, what it denotes and the record it got."""

    input: str
    """The input as given, or ``FILE:LINE: text`` for a link found in a file."""
    identifier: Identifier
    reference: Reference
    """The record (after the published-version step and with its citation key)."""
    source: str
    """``catalog`` or the name of the resolver that gave the record (``arxiv``, ``neurips``)."""


@dataclass(frozen=True, slots=True)
class UpgradeSearch:
    """The search for one preprint's published version, and what it found."""

    input: str
    """The input that named the preprint."""
    identifier: Identifier
    outcome: Upgrade
    """Status, evidence and candidates (see :mod:`imgsynth_refs.sources.published`)."""

    @property
    def applied(self) -> bool:
        """Whether the record was replaced by its published version."""
        return self.outcome.applied

    def describe(self) -> str:
        """One line: ``1511.06434 -> ICLR 2016 (dblp, confidence 0.97)`` for an upgrade."""
        outcome, name = self.outcome, self.identifier.id
        published, evidence = outcome.published, outcome.evidence
        if outcome.applied and published is not None and evidence is not None:
            venue = published.venue

            where = venue_label(venue, short=True) if venue else published.booktitle or "?"
            if venue is None or not venue.short:
                where = f"{where} {published.year}"
            return f"{name} -> {where} ({evidence.source}, confidence {evidence.confidence:.2f})"
        return f"{name}: {outcome.message}"


UpgradeFinder = Callable[[Reference], "Upgrade"]
"""Looks for the published version of one preprint record (default:
:func:`~imgsynth_refs.sources.published.find_published` on the run's session)."""


@dataclass
class ResolveReport:
    """What a run of :func:`resolve` produced."""

    items: list[Item] = field(default_factory=list)
    """Resolved inputs in input order, one per distinct identifier; two identifiers of one
    work (its arXiv id and its DOI) share one record."""
    failures: list[Failure] = field(default_factory=list)
    """Inputs that gave no record, in input order."""
    upgrades: list[UpgradeSearch] = field(default_factory=list)
    """Searches for published versions that found something, applied or not (weak,
    ambiguous), or failed; a search that found no candidate is not listed."""
    requests: int = 0
    """HTTP requests put on the wire (retries included; cached responses are not requests)."""
    stored: set[tuple[str, str]] = field(default_factory=set)
    """``(kind, id)`` of the identifiers whose record came from the record store."""

    @property
    def references(self) -> list[Reference]:
        """The distinct records, in input order, each once."""
        return list(_distinct(self.items).values())

    @property
    def ok(self) -> bool:
        """True when every input resolved."""
        return not self.failures


def _looks_like_path(text: str) -> bool:
    if "://" in text:
        return False
    return Path(text).suffix.lower() in FILE_SUFFIXES or text.startswith(("/", "./", "~"))


def read_inputs(inputs: Iterable[str]) -> list[tuple[str, Identifier] | Failure]:
    """What ``inputs`` (links, ids, files) denote, in order: ``(input, identifier)`` or a failure.

    An existing file is scanned for links and ids as ``extract`` does (a ``.bib`` file entry
    by entry, anything else as prose), each labelled ``FILE:LINE: text``; an invalid
    look-alike in it is a failure naming its line. Any other input must be one whole link or
    id. Duplicates are kept here; :func:`resolve` collapses them.
    """
    entries: list[tuple[str, Identifier] | Failure] = []
    for raw in inputs:
        text = raw.strip()
        if not text:
            entries.append(Failure(raw, "empty input"))
            continue
        path = Path(text).expanduser()
        try:
            # A device or pipe (/dev/null, <(...)) is read as a file.
            is_dir = path.is_dir()
            is_file = path.is_file() or path.is_char_device() or path.is_fifo()
        except (OSError, ValueError):
            is_file = is_dir = False
        if is_dir:
            entries.append(Failure(raw, "is a directory, not a file, link or id"))
            continue
        if not is_file:
            ident = classify(text)
            if isinstance(ident, Identifier):
                entries.append((raw, ident))
            elif isinstance(ident, Invalid):
                entries.append(Failure(raw, f"not a valid {ident.kind} identifier: {ident.reason}"))
            elif _looks_like_path(text):
                entries.append(Failure(raw, "no such file"))
            else:
                entries.append(Failure(raw, "not a link or identifier this tool knows"))
            continue
        try:
            data = read_limited(path, name=raw)
        except OSError as exc:
            entries.append(Failure(raw, f"cannot read: {exc.strerror or exc}"))
            continue
        except InputTooLargeError:
            too_big = f"larger than {fileio.MAX_INPUT_BYTES:,} bytes; split it into smaller files"
            entries.append(Failure(raw, too_big))
            continue
        works = extract([(raw, decode_text(data))])
        if not works:
            entries.append(Failure(raw, "no links or identifiers found in the file"))
        for work in works:
            label = f"{raw}:{work.line}: {' '.join(work.found.split())}"
            if work.identifier is None:
                entries.append(Failure(label, work.reason or "not a valid identifier"))
            else:
                entries.append((label, work.identifier))
    return entries


def default_resolvers(session: requests.Session, config: Config) -> list[Resolver]:
    """One resolver per source, all on ``session``: arXiv, NeurIPS, ACL Anthology, Crossref
    (DOIs), PMLR, CVF open access, OpenReview, and links (publisher pages to their DOI, old
    NeurIPS links to the proceedings, other pages as web pages)."""
    arxiv = ArxivResolver(session, config)
    neurips = NeuripsResolver(session, config)
    crossref = CrossrefResolver(session, config, arxiv=arxiv)
    return [
        arxiv,
        neurips,
        AclResolver(session, config),
        crossref,
        PmlrResolver(session, config),
        CvfResolver(session, config),
        OpenReviewResolver(session, config),
        LinkResolver(session, config, crossref=crossref, neurips=neurips),
    ]


def _catalog_index(catalog: Catalog) -> dict[tuple[str, str], Reference]:
    index: dict[tuple[str, str], Reference] = {}
    for ref in catalog.references:
        for key in reference_ids(ref) | link_ids(ref):
            index.setdefault(key, ref)
    return index


def _work(ref: Reference) -> WorkIdentity | None:
    """A record's title and first author for :class:`~imgsynth_refs.identity.WorkIndex` (no ids:
    the link being matched has none)."""
    if not ref.authors:
        return None
    family = normalise_family(ref.authors[0].family)
    return WorkIdentity(
        ref.key or ref.title, None, set(), normalise_title(ref.title), family, ref.year
    )


def catalog_match(ident: Identifier, catalog: Catalog) -> tuple[Reference, str] | None:
    """The catalog's record that a CVF or old NeurIPS link names by its file name, and why.

    A CVF page's file name gives the first author's family name, the title and the
    conference and year (``Karras_A_Style-Based_..._CVPR_2019``): a record matches when
    :class:`~imgsynth_refs.identity.WorkIndex` finds it by title and first author (the same
    normalised title, or a near-identical one) and its venue is that conference of that
    year. An old NeurIPS link's slug (``5423-generative-adversarial-nets``) must be a NeurIPS
    record's title, normalised, word for word. Anything less is no match: a wrong work is
    worse than a request.
    """
    if ident.kind == "cvf":
        paper = cvf_paper(ident.id)
        if paper is None or paper.workshop:
            return None
        works = {id(work): (work, ref) for ref in catalog.references if (work := _work(ref))}
        title, family = normalise_title(paper.title), normalise_family(paper.family)
        index = WorkIndex(work for work, _ in works.values())
        match = index.find(WorkIdentity(ident.id, None, set(), title, family, paper.year))
        if match is None:
            return None
        ref, short = works[id(match.work)][1], f"{paper.conference} {paper.year}"
        if ref.year == paper.year and ref.venue is not None and ref.venue.short == short:
            return ref, f"CVF file name: {match.reason}, {short}"
        return None
    old = neurips_old_paper(ident)
    if old is not None:
        slug = old[1]
        for ref in catalog.references:
            if ref.neurips_id and "-".join(normalise_title(ref.title).split()) == slug:
                return ref, f"old NeurIPS link: the slug {slug!r} is the proceedings title"
    return None


def _lookup(
    finder: UpgradeFinder, label: str, ident: Identifier, preprint: Reference
) -> UpgradeSearch:
    """The published-version search for one preprint; a crash becomes a failed search."""
    try:
        outcome = finder(preprint)
    except Exception as exc:  # a search's bug must not lose the resolved preprint
        outcome = Upgrade(Status.FAILED, preprint, message=one_line(exc))
    return UpgradeSearch(label, ident, outcome)


class _Sources(Run):
    """The session, resolvers and published-version finder of one run, made when first needed."""

    def __init__(
        self,
        session: requests.Session | None,
        config: Config | None,
        *,
        offline: bool,
        refresh: bool,
        resolvers: Sequence[Resolver] | None,
        find_upgrades: UpgradeFinder | None,
    ) -> None:
        super().__init__(session, config, offline=offline, refresh=refresh)
        self._resolvers = resolvers
        self._find_upgrades = find_upgrades

    @property
    def resolvers(self) -> Sequence[Resolver]:
        if self._resolvers is None:
            self._resolvers = default_resolvers(self.session, self.config)
        return self._resolvers

    @property
    def find_upgrades(self) -> UpgradeFinder:
        if self._find_upgrades is None:
            session, config = self.session, self.config
            self._find_upgrades = lambda ref: find_published(ref, session=session, config=config)
        return self._find_upgrades


def resolve(
    inputs: Iterable[str],
    *,
    session: requests.Session | None = None,
    config: Config | None = None,
    prefer: Prefer = "published",
    offline: bool = False,
    refresh: bool = False,
    catalog: Catalog | None = None,
    progress: ProgressCallback | None = None,
    resolvers: Sequence[Resolver] | None = None,
    find_upgrades: UpgradeFinder | None = None,
    taken: Iterable[str] = (),
    key_style: str = "google",
) -> ResolveReport:
    """Resolve ``inputs`` (links, ids or files of them) into records; see the module docs.

    ``session`` defaults to :func:`~imgsynth_refs.sources.http.make_session` with
    ``offline``/``refresh``, made only when something must be asked online; ``config`` to
    :meth:`Config.from_env`. ``catalog`` defaults to the shipped one; pass
    ``Catalog(eras=[], references=[])`` to ask the sources for everything. ``resolvers``
    and ``find_upgrades`` replace the default sources and published-version search.
    New records get keys in ``key_style`` that avoid ``taken``. What the sources answer is
    kept in the record store of ``config.cache_dir`` (:mod:`imgsynth_refs.record_store`).
    Raises :class:`~imgsynth_refs.errors.UsageError` only for bad arguments.
    """
    check_prefer(prefer)
    if offline and refresh:
        raise UsageError("offline and refresh exclude each other")
    entries = read_inputs(inputs)

    # Identifiers naming the same work collapse; the first input names it.
    unique: dict[tuple[str, str], Identifier] = {}
    labels: dict[tuple[str, str], str] = {}
    for entry in entries:
        if not isinstance(entry, Failure):
            label, ident = entry
            unique.setdefault((ident.kind, ident.id), ident)
            labels.setdefault((ident.kind, ident.id), label)
    records: dict[tuple[str, str], tuple[Reference, str]] = {}
    reasons: dict[tuple[str, str], str] = {}

    shipped = catalog if catalog is not None else _shipped_catalog()
    index = _catalog_index(shipped)
    pending = []
    for key, ident in unique.items():
        curated = index.get(key)
        if curated is None and ident.kind in ("cvf", "url"):
            matched = catalog_match(ident, shipped)
            curated = matched[0] if matched else None
        if curated is not None:
            records[key] = (curated, "catalog")
        else:
            pending.append(ident)

    sources = _Sources(
        session,
        config,
        offline=offline,
        refresh=refresh,
        resolvers=resolvers,
        find_upgrades=find_upgrades,
    )
    upgrades: list[UpgradeSearch] = []
    try:
        if pending and not refresh:
            pending = from_store(sources.store, pending, records, reasons, offline=offline)
        stored = {key for key, (_, source) in records.items() if source != "catalog"}
        total = len(unique)
        done = total - len(pending)
        if progress is not None:
            progress(done, total)

        # Nothing left to ask: no session or cache folder is needed (shipped works offline).
        for resolver, idents in _by_resolver(
            sources.resolvers if pending else [], pending, reasons
        ):
            sources.store.put(ask(resolver, idents, records, reasons))
            done += len(idents)
            if progress is not None:
                progress(done, total)

        preprints = [
            key
            for key in unique
            if key in records
            and records[key][1] != "catalog"
            and records[key][0].type is WorkType.PREPRINT
        ]
        if prefer == "published" and preprints:
            total += len(preprints)
            for key in preprints:
                lookup = _lookup(sources.find_upgrades, labels[key], unique[key], records[key][0])
                if lookup.outcome.status not in (Status.NOT_FOUND, Status.NOT_PREPRINT):
                    upgrades.append(lookup)
                if lookup.applied:
                    records[key] = (lookup.outcome.reference, records[key][1])
                done += 1
                if progress is not None:
                    progress(done, total)
        requests_made = sources.requests
    finally:
        sources.close()

    items, failures = _collect(entries, records, reasons)
    return ResolveReport(
        items=_with_keys(items, taken, key_style),
        failures=failures,
        upgrades=upgrades,
        requests=requests_made,
        stored=stored,
    )


def _by_resolver(
    resolvers: Sequence[Resolver], pending: list[Identifier], reasons: dict[tuple[str, str], str]
) -> list[tuple[Resolver, list[Identifier]]]:
    """``pending`` grouped by the first resolver that takes its kind; an
    identifier no resolver takes gets its reason in ``reasons``."""
    groups: dict[int, list[Identifier]] = {}
    for ident in pending:
        owner = next((i for i, r in enumerate(resolvers) if ident.kind in r.kinds), None)
        if owner is None:
            reasons[(ident.kind, ident.id)] = f"no source resolves {ident.kind} identifiers"
        else:
            groups.setdefault(owner, []).append(ident)
    return [(resolvers[owner], idents) for owner, idents in groups.items()]


def _collect(
    entries: list[tuple[str, Identifier] | Failure],
    records: dict[tuple[str, str], tuple[Reference, str]],
    reasons: dict[tuple[str, str], str],
) -> tuple[list[Item], list[Failure]]:
    """Items and failures in input order, each work once; records sharing an id become one."""
    items: list[Item] = []
    failures: list[Failure] = []
    seen: set[tuple[str, str]] = set()
    by_identity: dict[tuple[str, str], Reference] = {}
    for entry in entries:
        if isinstance(entry, Failure):
            failures.append(entry)
            continue
        label, ident = entry
        key = (ident.kind, ident.id)
        if key in seen:
            continue
        seen.add(key)
        if key not in records:
            failures.append(Failure(label, reasons.get(key, "not resolved"), ident))
            continue
        ref, source = records[key]
        same = next((by_identity[k] for k in reference_ids(ref) if k in by_identity), None)
        if same is not None:
            ref = same
        for k in reference_ids(ref):
            by_identity.setdefault(k, ref)
        items.append(Item(label, ident, ref, source))
    return items, failures


def _distinct(items: Iterable[Item]) -> dict[int, Reference]:
    """The items' records by object identity, each once, in order (one work's items share
    one record)."""
    distinct: dict[int, Reference] = {}
    for item in items:
        distinct.setdefault(id(item.reference), item.reference)
    return distinct


def _with_keys(items: list[Item], taken: Iterable[str], style: str) -> list[Item]:
    distinct = _distinct(items)
    keyed = dict(zip(distinct, assign_keys(distinct.values(), taken, style), strict=True))
    return [
        Item(item.input, item.identifier, keyed[id(item.reference)], item.source) for item in items
    ]


def _shipped_catalog() -> Catalog:
    return load_catalog()
