"""Add works to a user's .bib without adding any work twice and without changing a byte.

A work counts as present whatever its key or form when an entry is the same work
(:mod:`imgsynth_refs.identity`: a shared identifier, or failing that the same normalised
title and first author within a few years). Present works are reported, not added.

New entries get keys from :mod:`imgsynth_refs.keys`; a key already in the file never
changes, a new one that collides gets a deterministic suffix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .bibfile import BibFile, WriteResult, write_bib
from .bibtex import format_entries
from .identifiers import parse
from .identity import (
    Match,
    WorkIdentity,
    WorkIndex,
    identifier_ids,
    work_of_entry,
    work_of_reference,
)
from .keys import Transliteration, check_style, make_key, unique_key
from .models import Reference

if TYPE_CHECKING:
    from .bibtex import Dialect
    from .models import Prefer

__all__ = ["MergeResult", "Present", "inputs_present", "merge_references"]


@dataclass(frozen=True, slots=True)
class Present:
    """A work that was not added because the file (or the batch) already has it."""

    reference: Reference
    key: str
    """Key of the entry that has it."""
    line: int | None
    """Its line in the file; ``None`` when it came earlier in the same batch."""
    reason: str


def inputs_present(
    bib: BibFile, inputs: Iterable[str]
) -> tuple[list[tuple[str, Match]], list[str]]:
    """Split links/ids into those whose work ``bib`` already has (by id; nothing needs to be
    resolved for them) and the rest, in order."""
    index = WorkIndex(work_of_entry(entry) for entry in bib.entries)
    present: list[tuple[str, Match]] = []
    rest: list[str] = []
    for text in inputs:
        ident = parse(text.strip())
        ids = identifier_ids([ident]) if ident is not None else set()
        match = index.find(WorkIdentity(text, None, ids, "", None, None)) if ids else None
        if match is not None:
            present.append((text, match))
        else:
            rest.append(text)
    return present, rest


@dataclass(frozen=True, slots=True)
class MergeResult:
    """The outcome of :func:`merge_references`: nothing is written until :meth:`write`."""

    bib: BibFile
    added: list[Reference]
    """New works with the keys they were given, in the order asked."""
    present: list[Present]
    data: bytes
    """The new file's bytes."""
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the file's bytes change."""
        return self.data != self.bib.data

    def write(self, path: str | Path, *, dry_run: bool = False) -> WriteResult:
        """Write the file atomically (backup ``path~``), or with ``dry_run`` only diff it."""
        return write_bib(path, self.bib, self.data, dry_run=dry_run)


def merge_references(
    bib: BibFile,
    references: Iterable[Reference],
    *,
    key_style: str = "google",
    transliteration: Transliteration = "ascii",
    sort: bool = False,
    dialect: Dialect = "bibtex",
    prefer: Prefer = "published",
) -> MergeResult:
    """Add the ``references`` that ``bib`` lacks: appended, or with ``sort`` inserted at
    their sorted position, in the project's BibTeX style and the file's line endings.

    Each work is added at most once; existing entries and keys are never changed.
    """
    check_style(key_style)
    index = WorkIndex(work_of_entry(entry) for entry in bib.entries)
    taken = {key.lower() for key in bib.keys}
    added: list[Reference] = []
    present: list[Present] = []
    for ref in references:
        work = work_of_reference(ref)
        match = index.find(work)
        if match is not None:
            present.append(Present(ref, match.work.label, match.work.line, match.reason))
            continue
        base = make_key(ref.model_copy(update={"key": None}), key_style, transliteration)
        folded = base.lower()
        # unique_key compares case-insensitively; only keys sharing the prefix can collide.
        key = (
            unique_key(base, {k for k in taken if k.startswith(folded)})
            if folded in taken
            else base
        )
        taken.add(key.lower())
        new = ref.model_copy(update={"key": key})
        work.label = key
        index.add(work)
        added.append(new)
    rendered = [
        (ref.key or "", format_entries([ref], dialect=dialect, prefer=prefer)) for ref in added
    ]
    data = bib.apply(bib.render_insertions(rendered, sort=sort))
    return MergeResult(bib=bib, added=added, present=present, data=data, notes=list(bib.notes))
