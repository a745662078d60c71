"""Lint a .bib file for the problems hand-kept thesis bibliographies accumulate.

Rules are data: each is a :class:`Rule` in :data:`RULES` with its code, severity,
description and fix, registered by the module of its family (``syntax``, ``duplicates``,
``fields``, ``titles``, ``names``, ``records``, ``links``, ``latex``); ``check --select`` /
``--ignore`` and ``docs/check.md`` read the registry. :func:`check_bib` runs the chosen rules
and returns :class:`Finding` objects; :func:`fix_bib` applies the safe fixes, which change
only the bytes of one field value each, through the byte-preserving writer of
:mod:`imgsynth_refs.bibfile`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..bibfile import BibFile
from ..catalog import load_catalog
from ..models import Catalog
from . import duplicates, fields, latex, links, names, records, syntax, titles
from ._identity import CatalogIndex as _CatalogIndex
from ._identity import entry_arxiv_ids as _entry_arxiv_ids
from .fields import BIBLATEX_REQUIRED, REQUIRED_FIELDS
from .latex import merge_cited, read_aux, read_tex
from .model import (
    RULES,
    ArxivLookup,
    Cited,
    Context,
    Finding,
    LookupResult,
    Rule,
    Severity,
    select_rules,
)

__all__ = [
    "BIBLATEX_REQUIRED",
    "REQUIRED_FIELDS",
    "RULES",
    "ArxivLookup",
    "CheckResult",
    "Cited",
    "Context",
    "Finding",
    "LookupResult",
    "Rule",
    "Severity",
    "check_bib",
    "check_file",
    "fix_bib",
    "fix_until_stable",
    "merge_cited",
    "read_aux",
    "read_tex",
    "rules_markdown",
    "select_rules",
]

_FAMILIES = (syntax, duplicates, fields, titles, names, records, links, latex)
"""The rule modules, imported for their registrations; the registry lists their rules in
this order."""
_ORDER = {module.__name__.rsplit(".", 1)[-1]: rank for rank, module in enumerate(_FAMILIES)}
for _rule in sorted(RULES.values(), key=lambda rule: _ORDER[rule.family]):
    RULES[_rule.code] = RULES.pop(_rule.code)


class CheckResult(list[Finding]):
    """The findings of a run (a list, in line order), and what could not be checked."""

    unchecked: dict[str, str]
    """arXiv ids the look-up could not ask about (offline, refused, rate-limited, timed
    out), each with the source and reason."""
    unchecked_keys: dict[str, list[str]]
    """Per source (``arxiv``, ``published-version search``): keys of the entries whose
    work could not be looked up there."""

    def __init__(
        self,
        findings: Iterable[Finding],
        unchecked: dict[str, str],
        unchecked_keys: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(findings)
        self.unchecked = unchecked
        self.unchecked_keys = unchecked_keys or {}


def rules_markdown() -> str:
    """The rule table of ``docs/check.md``, made from :data:`RULES`."""
    lines = [
        "| code | severity | what it finds | fix |",
        "| --- | --- | --- | --- |",
    ]
    for rule in RULES.values():
        fix = rule.fix + ("" if rule.default else " (runs only on request)")
        lines.append(f"| `{rule.code}` | {rule.severity.value} | {rule.description} | {fix} |")
    return "\n".join(lines) + "\n"


def check_file(
    bib: BibFile,
    *,
    catalog: Catalog | None = None,
    lookup: ArxivLookup | None = None,
    rules: Sequence[Rule] | None = None,
    cited: Cited | None = None,
) -> CheckResult:
    """Every finding of ``rules`` (default: the default rules) in ``bib``, in line order,
    with the arXiv ids that could not be looked up.

    ``catalog`` (default: the shipped one) gives verified records of known works;
    ``lookup`` asks further (record store, resolver cache, network) about arXiv ids the
    catalog does not know; ``cited`` (from :func:`read_aux`/:func:`read_tex`) enables the
    LaTeX rules.
    """
    index = _CatalogIndex(catalog if catalog is not None else load_catalog())
    ctx = Context(bib, index, lookup=lookup, cited=cited)
    chosen = select_rules() if rules is None else rules
    found: list[Finding] = []
    for rule in chosen:
        found.extend(rule.check(ctx))
    found.sort(key=lambda f: (f.file is not None, f.file or "", f.line, f.code))
    keys: dict[str, list[str]] = {}
    for entry in bib.entries if ctx.unchecked else ():
        sources = {
            ctx.unchecked[i.id].partition(": ")[0]
            for i in _entry_arxiv_ids(ctx, entry)
            if i.id in ctx.unchecked
        }
        for source in sorted(sources):
            keys.setdefault(source, []).append(entry.key)
    return CheckResult(found, dict(ctx.unchecked), keys)


def check_bib(
    bib: BibFile,
    *,
    catalog: Catalog | None = None,
    lookup: ArxivLookup | None = None,
    rules: Sequence[Rule] | None = None,
    cited: Cited | None = None,
) -> list[Finding]:
    """Every finding in ``bib``, in line order (see :func:`check_file`)."""
    return list(check_file(bib, catalog=catalog, lookup=lookup, rules=rules, cited=cited))


def fix_bib(bib: BibFile, findings: Iterable[Finding]) -> tuple[bytes, list[Finding]]:
    """The file's bytes with every safe fix applied, and the findings that were fixed.

    Two fixes of the same field value: the first (in line order) wins, the other stays
    reported for the next run.
    """
    applied: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for finding in findings:
        edit = finding.edit
        if edit is None or any(edit.start < end and start < edit.end for start, end in taken):
            continue
        taken.append((edit.start, edit.end))
        applied.append(finding)
    return bib.apply(f.edit for f in applied if f.edit is not None), applied


def fix_until_stable(
    bib: BibFile,
    *,
    catalog: Catalog | None = None,
    lookup: ArxivLookup | None = None,
    rules: Sequence[Rule] | None = None,
    rounds: int = 3,
) -> tuple[bytes, list[Finding]]:
    """Apply the safe fixes, check again and repeat while something is fixed (a PDF URL
    with a stale version needs two rounds); the new bytes and every fix applied.

    ``lookup`` (as for :func:`check_bib`) finds latest arXiv versions the catalog does not
    know; with the resolver cache, asking again in a later round sends nothing.
    """
    current = bib
    fixed: list[Finding] = []
    for _ in range(rounds):
        found = check_bib(current, catalog=catalog, lookup=lookup, rules=rules)
        data, applied = fix_bib(current, found)
        if not applied:
            break
        fixed.extend(applied)
        current = BibFile.parse(data, source=bib.source)
    return current.data, fixed
