"""Maintainers' rebuild of ``refs/``: re-resolve each record online and show what changed.

Curated facts are never overwritten silently. :func:`rebuild` resolves every record of a
``refs/`` folder again from its identifiers (one :func:`~imgsynth_refs.resolve.resolve` run,
so arXiv ids are batched) and returns one :class:`RecordChange` per record whose facts the
sources now give differently, with a unified diff of its TOML file; :func:`apply_changes`
writes the chosen ones atomically. Only the lines of changed fields (and of their
provenance tables) are rewritten, in the files' own layout, so comments survive and the diff
shows just what changed; the edited text is checked by loading it before it is offered.

What is compared: every field a source gives a value for, except those that only people
decide (:data:`CURATED_ONLY`: key, era, milestone, note, provenance) and the access date.
A source that returns only the preprint of a work curated as published may update its
``arxiv`` facts and nothing else (arXiv's title and authors become ``arxiv.title`` and
``arxiv.authors`` where they differ from the published ones): a published record is never
turned back into a preprint.
Each changed field gets a fresh provenance entry naming the source and the day.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli
from pydantic import BaseModel, ValidationError

from .catalog import data_dir, load_catalog_files
from .errors import UsageError
from .fileio import atomic_write_text
from .identifiers import Identifier, parse
from .models import Catalog, Person, Provenance, Reference, WorkType, doi_key, first_error
from .resolve import resolve

if TYPE_CHECKING:
    import requests

    from .resolve import UpgradeFinder
    from .sources.base import Resolver
    from .sources.config import Config

__all__ = [
    "CURATED_ONLY",
    "RebuildReport",
    "RecordChange",
    "apply_changes",
    "changed_fields",
    "primary_identifier",
    "rebuild",
    "toml_value",
]

CURATED_ONLY = frozenset({"key", "era", "milestone", "note", "provenance", "urldate"})
"""Fields a rebuild never proposes to change: people (or the day of reading) set them."""

_PERSON_ORDER = ("given", "family", "prefix", "suffix")


@dataclass(frozen=True, slots=True)
class RecordChange:
    """What re-resolving one record changes, as field names and as a file diff."""

    key: str
    path: Path
    identifier: Identifier
    """The identifier the record was resolved from."""
    fields: tuple[str, ...]
    """Names of the fields whose values differ."""
    old_text: str
    new_text: str
    """The record's file with the changes (and their provenance) applied."""

    @property
    def diff(self) -> str:
        """A unified diff of the record's file, ``a/`` the curated one, ``b/`` the rebuilt."""
        name = f"refs/works/{self.path.name}"
        return "".join(
            difflib.unified_diff(
                self.old_text.splitlines(keepends=True),
                self.new_text.splitlines(keepends=True),
                fromfile=f"a/{name}",
                tofile=f"b/{name}",
            )
        )


@dataclass
class RebuildReport:
    """The outcome of :func:`rebuild`."""

    changes: list[RecordChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    """Keys of records the sources confirm."""
    failures: list[tuple[str, str]] = field(default_factory=list)
    """``(key, reason)`` of records that could not be resolved."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """``(key, reason)`` of records with no identifier to resolve."""
    requests: int = 0
    """HTTP requests made."""


def primary_identifier(ref: Reference) -> Identifier | None:
    """The identifier of the source of truth for ``ref``.

    NeurIPS proceedings, then the ACL Anthology, then the DOI, then arXiv (whose preprint
    goes through the published-version search), then the record's URL or milestone link.
    """
    if ref.neurips_id:
        return Identifier("neurips", ref.neurips_id)
    if ref.acl_id:
        return Identifier("acl", ref.acl_id)
    if ref.doi:
        return Identifier("doi", doi_key(ref.doi))
    if ref.arxiv is not None:
        return Identifier("arxiv", ref.arxiv.id)
    for link in (ref.url, ref.milestone.link if ref.milestone else None):
        ident = parse(link) if link else None
        if ident is not None:
            return ident
    return None


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _as_posting(curated: Reference, fresh: Reference) -> Reference:
    """``fresh``, a preprint of the published ``curated``, with its title and authors moved
    into ``arxiv`` where arXiv lists them differently (as ``curated`` records them)."""
    if fresh.arxiv is None or fresh.type is not WorkType.PREPRINT:
        return fresh
    if curated.type is WorkType.PREPRINT:
        return fresh
    posting = fresh.arxiv.with_listing(fresh.title, fresh.authors, against=curated)
    return fresh.model_copy(update={"arxiv": posting})


def changed_fields(
    curated: Reference, fresh: Reference, only: Iterable[str] | None = None
) -> list[str]:
    """Fields whose value ``fresh`` gives and gives differently from ``curated``.

    A preprint of a published record is compared on its ``arxiv`` facts only, with its
    title and authors as ``arxiv.title`` / ``arxiv.authors`` where they differ from the
    published ones (so arXiv's "Generative Adversarial Networks" is no change).
    """
    names = [n for n in Reference.model_fields if n not in CURATED_ONLY]
    if fresh.type is WorkType.PREPRINT and curated.type is not WorkType.PREPRINT:
        names = ["arxiv"]  # the preprint's facts describe the preprint, not the publication
        fresh = _as_posting(curated, fresh)
    if only is not None:
        wanted = set(only)
        names = [n for n in names if n in wanted]
    return [
        name
        for name in names
        if not _is_empty(getattr(fresh, name)) and getattr(fresh, name) != getattr(curated, name)
    ]


def toml_value(value: Any) -> str:
    """``value`` as TOML in the layout of the shipped work files.

    Strings, numbers, dates and enums inline; a model as an inline table
    (``{ given = "Ian", family = "Goodfellow" }``, ``None`` fields left out); a list of models
    one per line, indented by two spaces.
    """
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | date):
        return value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, BaseModel):
        data = value.model_dump(exclude_none=True, exclude_defaults=isinstance(value, Person))
        if isinstance(value, Person):
            data = {k: data[k] for k in _PERSON_ORDER if k in data}
        items = ", ".join(f"{k} = {toml_value(getattr(value, k))}" for k in data)
        return f"{{ {items} }}"
    if isinstance(value, list):
        if value and isinstance(value[0], BaseModel):
            return "[\n" + "".join(f"  {toml_value(v)},\n" for v in value) + "]"
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


_HEADER = re.compile(r"^\s*\[")
_ASSIGN = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?P<value>.*)$")


_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|#.*')


def _span(lines: list[str], start: int) -> int:
    """End (exclusive) of the value assigned on line ``start``: the line that closes its
    brackets and braces (a multi-line array, or an inline table holding one, such as
    ``arxiv`` with arXiv's author list)."""
    depth = 0
    for end in range(start, len(lines)):
        code = _STRING_OR_COMMENT.sub("", lines[end])
        depth += sum(code.count(c) for c in "[{") - sum(code.count(c) for c in "]}")
        if depth <= 0:
            return end + 1
    return len(lines)


def _set_root(lines: list[str], name: str, text: str) -> None:
    """Set ``name = text`` among the top-level keys (replace, else add after the last one)."""
    root_end = next((i for i, line in enumerate(lines) if _HEADER.match(line)), len(lines))
    last = None
    for i in range(root_end):
        match = _ASSIGN.match(lines[i])
        if match is None:
            continue
        if match["name"] == name:
            lines[i : _span(lines, i)] = [f"{name} = {text}\n"]
            return
        last = _span(lines, i)
    at = last if last is not None else root_end
    lines[at:at] = [f"{name} = {text}\n"]


def _set_table(lines: list[str], header: str, body: list[str]) -> None:
    """Replace the body of table ``[header]`` with ``body`` lines, or append the table."""
    for i, line in enumerate(lines):
        if line.strip() == f"[{header}]":
            end = next((j for j in range(i + 1, len(lines)) if _HEADER.match(lines[j])), None)
            end = len(lines) if end is None else end
            while end > i + 1 and not lines[end - 1].strip():
                end -= 1
            lines[i + 1 : end] = body
            return
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if lines and lines[-1].strip():
        lines.append("\n")
    lines.extend([f"[{header}]\n", *body])


def _edit(text: str, fresh: Reference, names: Sequence[str], ident: Identifier, today: date) -> str:
    """``text`` (a work file) with ``names`` set from ``fresh`` and their provenance renewed.

    Only the lines of those fields and of their ``[provenance.NAME]`` tables change.
    """
    lines = text.splitlines(keepends=True)
    for name in names:
        _set_root(lines, name, toml_value(getattr(fresh, name)))
    for name in names:
        prov = fresh.provenance.get(name) or Provenance(source=ident.url, retrieved=today)
        body = [
            f"{key} = {toml_value(getattr(prov, key))}\n"
            for key in ("source", "retrieved", "note")
            if getattr(prov, key) is not None
        ]
        _set_table(lines, f"provenance.{name}", body)
    return "".join(lines)


def _inputs_for(refs: Sequence[Reference]) -> dict[str, Identifier]:
    return {ref.key: ident for ref in refs if ref.key and (ident := primary_identifier(ref))}


def rebuild(
    refs_dir: str | Path | None = None,
    keys: Sequence[str] | None = None,
    *,
    session: requests.Session | None = None,
    config: Config | None = None,
    refresh: bool = False,
    fields: Iterable[str] | None = None,
    resolvers: Sequence[Resolver] | None = None,
    find_upgrades: UpgradeFinder | None = None,
) -> RebuildReport:
    """Re-resolve the records of ``refs_dir`` (default: the shipped ``refs/``) online.

    ``keys`` limits it to some records; ``fields`` to some fields. Nothing is written; see
    :func:`apply_changes`. Unknown keys or fields raise
    :class:`~imgsynth_refs.errors.UsageError`.
    """
    root = Path(refs_dir) if refs_dir is not None else data_dir()
    catalog, files = load_catalog_files(root)
    known = {ref.key: ref for ref in catalog.references if ref.key}
    unknown = sorted(set(keys or ()) - set(known))
    if unknown:
        raise UsageError(f"no record with key {', '.join(map(repr, unknown))} in {root}")
    bad_fields = sorted(set(fields or ()) - (set(Reference.model_fields) - CURATED_ONLY))
    if bad_fields:
        raise UsageError(f"cannot rebuild field {', '.join(map(repr, bad_fields))}")
    chosen = [known[k] for k in keys] if keys else list(known.values())

    report = RebuildReport()
    targets = _inputs_for(chosen)
    report.skipped = [
        (ref.key or "?", "no identifier or link to resolve")
        for ref in chosen
        if ref.key not in targets
    ]
    resolved = resolve(
        [ident.url for ident in targets.values()],
        session=session,
        config=config,
        refresh=refresh,
        catalog=Catalog(eras=[], references=[]),
        resolvers=resolvers,
        find_upgrades=find_upgrades,
    )
    report.requests = resolved.requests
    fresh_by_id = {(i.identifier.kind, i.identifier.id): i.reference for i in resolved.items}
    reasons = {
        (f.identifier.kind, f.identifier.id): f.reason for f in resolved.failures if f.identifier
    }
    today = date.today()
    for key, ident in targets.items():
        fresh = fresh_by_id.get((ident.kind, ident.id))
        if fresh is None:
            report.failures.append((key, reasons.get((ident.kind, ident.id), "not resolved")))
            continue
        curated = known[key]
        fresh = _as_posting(curated, fresh)
        names = changed_fields(curated, fresh, fields)
        if not names:
            report.unchanged.append(key)
            continue
        path = files[key]
        old = path.read_text(encoding="utf-8")
        new = _edit(old, fresh, names, ident, today)
        problem = _check(new, key, fresh, names)
        if problem is not None:
            report.failures.append((key, f"the rebuilt record would be invalid: {problem}"))
            continue
        report.changes.append(RecordChange(key, path, ident, tuple(names), old, new))
    return report


def _check(text: str, key: str, fresh: Reference, names: Sequence[str]) -> str | None:
    """Why ``text`` would not load as the work file of ``key`` with ``fresh``'s values of
    ``names``; ``None`` if it would."""
    try:
        raw = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        return f"not valid TOML: {exc}"
    raw.setdefault("key", key)
    try:
        ref = Reference.model_validate(raw)
    except ValidationError as exc:
        where, message = first_error(exc)
        return f"{where}: {message}" if where else message
    wrong = [name for name in names if getattr(ref, name) != getattr(fresh, name)]
    return f"could not write {', '.join(wrong)}" if wrong else None


def apply_changes(changes: Iterable[RecordChange]) -> list[Path]:
    """Write each change's new file atomically; returns the paths written."""
    written = []
    for change in changes:
        atomic_write_text(change.path, change.new_text)
        written.append(change.path)
    return written
