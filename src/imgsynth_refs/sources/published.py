"""The published version of a preprint, found with evidence or not at all.

ML conference papers rarely carry a DOI on arXiv, so :func:`find_published` asks, in order:

1. arXiv's own DOI (the authors' link to the published version), read from Crossref (if
   Crossref does not know it or cannot say, the search goes on);
2. DBLP's publication search by title, then the chosen record's BibTeX.

A candidate is scored (:func:`score`) on four facts: normalised-title similarity
(rapidfuzz), the first author's family name, author overlap, and a year window (published
``-1..+3`` years from the preprint's first version). It is *strong* only if all four hold
(title >= 0.9, same first author, overlap >= 0.5, year in the window) and its confidence
reaches the threshold (0.85 by default). Rules, so that a wrong paper never replaces a
preprint (a wrong paper is worse than a preprint):

- DBLP's CoRR listings are preprints themselves: never an upgrade.
- Of several strong candidates, workshops give way to the main venue and later versions
  (a journal extension) to the first publication; two strong candidates left in the same
  year at different venues are *ambiguous* unless the arXiv ``journal_ref`` or comment
  names one of them. Ambiguous and weak matches are reported, never applied.
- ``prefer="published"`` (default) returns the published record, keeping the preprint's
  key, arXiv data (eprint fields, and arXiv's title and authors where they differ), era,
  milestone and note; ``prefer="arxiv"`` keeps the preprint and reports what was found.

Every outcome is an :class:`Upgrade` carrying the :class:`Evidence` of its choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ..errors import ImgsynthRefsError, NotFoundError, UsageError
from ..identity import normalise_title as normalize_title
from ..models import Prefer, Reference, WorkType, check_prefer, doi_key
from ..venues import KnownVenue, identify, is_satellite, venue_label
from .crossref import CrossrefResolver
from .dblp import DblpClient, DblpHit

if TYPE_CHECKING:
    import requests

    from ..models import Person
    from .config import Config

__all__ = [
    "OVERLAP_MIN",
    "REPORT_MIN",
    "THRESHOLD",
    "TITLE_MIN",
    "WEIGHTS",
    "YEAR_WINDOW",
    "Candidate",
    "Evidence",
    "Status",
    "Upgrade",
    "find_published",
    "merge",
    "score",
    "title_similarity",
]

THRESHOLD = 0.85
"""Default least confidence for applying an upgrade."""
TITLE_MIN = 0.9
"""Least normalised-title similarity of a strong candidate."""
OVERLAP_MIN = 0.5
"""Least share of authors in common of a strong candidate."""
YEAR_WINDOW = (-1, 3)
"""Published this many years before/after the preprint's first version (inclusive)."""
REPORT_MIN = 0.5
"""Candidates below this confidence, unless their title matches, are unrelated search hits
left out of the report."""
WEIGHTS = {"title": 0.4, "first_author": 0.2, "authors": 0.25, "year": 0.15}
"""Weights of the four facts in the confidence (they sum to 1)."""

_KEPT_FROM_PREPRINT = ("key", "arxiv", "era", "milestone", "note")
"""Fields an upgrade keeps from the preprint record."""


class Status(StrEnum):
    """What :func:`find_published` did."""

    APPLIED = "applied"
    """A strong match was found and returned instead of the preprint."""
    KEPT = "kept"
    """A strong match was found, but ``prefer="arxiv"`` kept the preprint."""
    WEAK = "weak"
    """The best candidate is too weak to apply; the preprint stands."""
    AMBIGUOUS = "ambiguous"
    """Several strong candidates and nothing to choose between them; the preprint stands."""
    NOT_FOUND = "not_found"
    """No candidate at all (only CoRR listings, or nothing)."""
    FAILED = "failed"
    """A source failed; the preprint stands."""
    NOT_PREPRINT = "not_preprint"
    """The record is not a preprint; nothing to do."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a candidate is (or is not) the published version of a preprint."""

    source: str
    """Where the candidate came from: ``arxiv-doi`` (arXiv's DOI, read on Crossref) or ``dblp``."""
    url: str
    """The candidate's record (Crossref work, DBLP record page)."""
    matched: tuple[str, ...]
    """Facts that agree: ``doi``, ``title``, ``first_author``, ``authors``, ``year``,
    ``journal_ref``."""
    confidence: float
    """0..1; see :data:`WEIGHTS`."""
    detail: str
    """The facts in words: ``title 100%, first author Karras, authors 3/3, year +1``."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A scored candidate, for the report."""

    label: str
    """``ICLR (Poster) 2016: <title>`` or similar."""
    evidence: Evidence
    strong: bool
    rejected: str | None = None
    """Why it was set aside (``CoRR preprint``, ``later version``), if it was."""


@dataclass(frozen=True, slots=True)
class Upgrade:
    """The outcome of looking for a preprint's published version."""

    status: Status
    reference: Reference
    """The record to use: the published one (applied) or the input unchanged."""
    published: Reference | None = None
    """The published record found (applied or kept), else ``None``."""
    evidence: Evidence | None = None
    """Evidence of the chosen (or best) candidate."""
    candidates: tuple[Candidate, ...] = ()
    """Every candidate considered, best first."""
    message: str = ""
    """One line for the report."""

    @property
    def applied(self) -> bool:
        """True if :attr:`reference` is the published version."""
        return self.status is Status.APPLIED


# --------------------------------------------------------------------------- matching


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(normalize_title(name).split())


def _family_tokens(person: Person) -> tuple[str, ...]:
    return _tokens(person.family)


def _same_person(person: Person, name: str) -> bool:
    """``name`` (``Given Family``) ends with ``person``'s family name."""
    family = _family_tokens(person)
    tokens = _tokens(name)
    return bool(family) and tokens[-len(family) :] == family


def title_similarity(a: str, b: str) -> float:
    """Similarity 0..1 of two titles after :func:`normalize_title` (rapidfuzz ratio)."""
    return fuzz.ratio(normalize_title(a), normalize_title(b)) / 100


def score(
    preprint: Reference,
    *,
    title: str,
    authors: list[str],
    year: int | None,
    source: str,
    url: str,
    extra: tuple[str, ...] = (),
) -> tuple[Evidence, bool]:
    """Evidence that a candidate (title, ``Given Family`` author names, year) is ``preprint``.

    Returns the evidence and whether the candidate is strong (all four facts hold).
    ``extra`` names facts matched elsewhere (``doi``, ``journal_ref``).
    """
    similarity = title_similarity(preprint.title, title)
    first = bool(preprint.authors and authors) and _same_person(preprint.authors[0], authors[0])
    common = sum(any(_same_person(p, name) for name in authors) for p in preprint.authors)
    overlap = common / max(len(preprint.authors), len(authors), 1)
    base = preprint.arxiv.published.year if preprint.arxiv and preprint.arxiv.published else None
    base = base or preprint.year
    delta = None if year is None else year - base
    in_window = delta is not None and YEAR_WINDOW[0] <= delta <= YEAR_WINDOW[1]
    confidence = (
        WEIGHTS["title"] * similarity
        + WEIGHTS["first_author"] * first
        + WEIGHTS["authors"] * overlap
        + WEIGHTS["year"] * in_window
    )
    facts = {
        "title": similarity >= TITLE_MIN,
        "first_author": first,
        "authors": overlap >= OVERLAP_MIN,
        "year": in_window,
    }
    first_name = preprint.first_author_family or "?"
    detail = ", ".join(
        [
            f"title {similarity:.0%}",
            f"first author {first_name} {'matches' if first else 'differs'}",
            f"authors {common}/{max(len(preprint.authors), len(authors))}",
            "year ?" if delta is None else f"year {delta:+d}",
        ]
    )
    evidence = Evidence(
        source=source,
        url=url,
        matched=tuple(extra) + tuple(name for name, ok in facts.items() if ok),
        confidence=round(confidence, 3),
        detail=detail,
    )
    return evidence, all(facts.values())


def _hint(preprint: Reference) -> tuple[KnownVenue, int | None] | None:
    """The venue (and year) the authors name in arXiv's journal_ref or comment."""
    if preprint.arxiv is None:
        return None
    for text in (preprint.arxiv.journal_ref, preprint.arxiv.comment):
        known = identify(text) if text else None
        if known is not None and text is not None:
            found = re.search(r"\b(?:19|20)\d\d\b", text)
            return known, int(found.group()) if found else None
    return None


def _agrees(hint: tuple[KnownVenue, int | None] | None, venue: str, year: int | None) -> bool:
    if hint is None:
        return False
    known, hint_year = hint
    return identify(venue) is known and (hint_year is None or hint_year == year)


# --------------------------------------------------------------------------- finding


def merge(preprint: Reference, published: Reference) -> Reference:
    """The published record with the preprint's key, arXiv data, era, milestone and note.

    Where arXiv lists the preprint under another title or author list than the published
    version (compared as :func:`~imgsynth_refs.models.same_title` and
    :func:`~imgsynth_refs.models.same_authors` do), the preprint's go into ``arxiv.title`` /
    ``arxiv.authors``, so that its preprint form is still cited as arXiv lists it.
    """
    update = {name: getattr(preprint, name) for name in _KEPT_FROM_PREPRINT}
    posting = preprint.arxiv or published.arxiv
    if preprint.arxiv is not None and preprint.type is WorkType.PREPRINT:
        posting = preprint.arxiv.with_listing(preprint.title, preprint.authors, against=published)
    update["arxiv"] = posting
    provenance = dict(published.provenance)
    for name in _KEPT_FROM_PREPRINT:
        if name in preprint.provenance:
            provenance[name] = preprint.provenance[name]
    update["provenance"] = provenance
    return published.model_copy(update=update)


def _finish(
    preprint: Reference,
    published: Reference,
    evidence: Evidence,
    candidates: tuple[Candidate, ...],
    prefer: Prefer,
) -> Upgrade:
    where = venue_label(published.venue, short=True) if published.venue else "?"
    said = f"{where} ({evidence.source}, confidence {evidence.confidence:.2f}: {evidence.detail})"
    if prefer == "arxiv":
        return Upgrade(
            Status.KEPT,
            preprint,
            published,
            evidence,
            candidates,
            f"kept the preprint as asked; published version: {said}",
        )
    return Upgrade(
        Status.APPLIED,
        merge(preprint, published),
        published,
        evidence,
        candidates,
        f"published version: {said}",
    )


def _from_arxiv_doi(
    preprint: Reference, doi: str, crossref: CrossrefResolver, threshold: float
) -> tuple[Reference, Candidate] | str:
    """The work of arXiv's DOI, scored; or why there is none (DBLP is asked next)."""
    try:
        work = crossref.fetch(doi)
    except NotFoundError:
        return f"Crossref does not know arXiv's DOI {doi}"
    except ImgsynthRefsError as exc:
        return f"arXiv's DOI {doi} not usable ({exc})"
    evidence, _ = score(
        preprint,
        title=work.title,
        authors=[p.display() for p in work.authors],
        year=work.year,
        source="arxiv-doi",
        url=crossref.work_url(doi),
        extra=("doi",),
    )
    # The authors linked this DOI themselves: the same first author in the year window
    # suffices (titles change between versions).
    strong = "first_author" in evidence.matched and "year" in evidence.matched
    if strong:
        evidence = replace(evidence, confidence=max(evidence.confidence, 0.95))
    strong = strong and evidence.confidence >= threshold
    return work, Candidate(
        f"{work.venue.name if work.venue else '?'}: {work.title}", evidence, strong
    )


def _hit_label(hit: DblpHit) -> str:
    return f"{hit.venue} {hit.year or '?'}: {hit.title}"


def _same_venue(a: str, b: str) -> bool:
    known_a, known_b = identify(a), identify(b)
    if known_a is not None or known_b is not None:
        return known_a is known_b
    return a == b


def _choose(
    preprint: Reference, hits: list[DblpHit], dblp: DblpClient, threshold: float
) -> tuple[list[Candidate], list[tuple[DblpHit, Evidence]]]:
    """Candidates worth reporting (best first), and the strong ones in order of preference."""
    hint = _hint(preprint)
    candidates: list[Candidate] = []
    strong: list[tuple[DblpHit, Evidence]] = []
    for hit in hits:
        extra = ("journal_ref",) if _agrees(hint, hit.venue, hit.year) else ()
        if preprint.doi and hit.doi and doi_key(hit.doi) == doi_key(preprint.doi):
            extra = ("doi", *extra)
        evidence, all_hold = score(
            preprint,
            title=hit.title,
            authors=list(hit.authors),
            year=hit.year,
            source="dblp",
            url=hit.url or dblp.bibtex_url(hit.key),
            extra=extra,
        )
        if "title" not in evidence.matched and evidence.confidence < REPORT_MIN:
            continue  # an unrelated search hit
        is_strong = all_hold and not hit.is_preprint and evidence.confidence >= threshold
        rejected = "CoRR preprint" if hit.is_preprint else None
        candidates.append(Candidate(_hit_label(hit), evidence, is_strong, rejected))
        if is_strong:
            strong.append((hit, evidence))
    candidates.sort(key=lambda c: (c.rejected is None, c.evidence.confidence), reverse=True)
    main = [(h, e) for h, e in strong if not is_satellite(h.venue)]
    strong = sorted(main or strong, key=lambda pair: (pair[0].year or 0, -pair[1].confidence))
    if any("journal_ref" in e.matched for _, e in strong):
        strong = [(h, e) for h, e in strong if "journal_ref" in e.matched]
    return candidates, strong


def find_published(
    preprint: Reference,
    *,
    session: requests.Session,
    config: Config,
    prefer: Prefer = "published",
    threshold: float = THRESHOLD,
) -> Upgrade:
    """Look for the published version of ``preprint`` (see the module docstring).

    Never raises for a source failure: it becomes :attr:`Status.FAILED` with the reason.
    """
    check_prefer(prefer)
    if not 0 < threshold <= 1:
        raise UsageError(f"threshold must be in (0, 1], not {threshold!r}")
    if preprint.type is not WorkType.PREPRINT:
        return Upgrade(Status.NOT_PREPRINT, preprint, message="not a preprint")
    notes: list[str] = []
    try:
        if preprint.doi:
            crossref = CrossrefResolver(session, config)
            found = _from_arxiv_doi(preprint, preprint.doi, crossref, threshold)
            if isinstance(found, str):
                notes.append(found)
            elif found[1].strong:
                return _finish(preprint, found[0], found[1].evidence, (found[1],), prefer)
            else:
                notes.append(f"arXiv's DOI {preprint.doi} is weak: {found[1].evidence.detail}")
        dblp = DblpClient(session, config)
        candidates, strong = _choose(preprint, dblp.search(preprint.title), dblp, threshold)
        if not strong:
            best = next((c for c in candidates if c.rejected is None), None)
            if best is None:
                status, message = Status.NOT_FOUND, "no published version found"
            else:
                status = Status.WEAK
                message = f"too weak, not applied: {best.label} ({best.evidence.detail})"
            return Upgrade(
                status,
                preprint,
                evidence=best.evidence if best else None,
                candidates=tuple(candidates),
                message="; ".join([*notes, message]),
            )
        chosen, evidence = strong[0]
        rivals = [
            hit
            for hit, _ in strong[1:]
            if hit.year == chosen.year and not _same_venue(hit.venue, chosen.venue)
        ]
        if rivals:
            labels = "; ".join(_hit_label(hit) for hit in [chosen, *rivals])
            return Upgrade(
                Status.AMBIGUOUS,
                preprint,
                evidence=evidence,
                candidates=tuple(candidates),
                message="; ".join([*notes, f"ambiguous, not applied: {labels}"]),
            )
        published = dblp.record(chosen.key)
        if published.type is WorkType.PREPRINT:
            message = f"DBLP record {chosen.key} is itself a preprint, not applied"
            return Upgrade(
                Status.WEAK,
                preprint,
                evidence=evidence,
                candidates=tuple(candidates),
                message="; ".join([*notes, message]),
            )
    except ImgsynthRefsError as exc:
        return Upgrade(Status.FAILED, preprint, message="; ".join([*notes, str(exc)]))
    return _finish(preprint, published, evidence, tuple(candidates), prefer)
