"""``check FILE.bib ...``: lint .bib files, optionally fix them, and gate a LaTeX document.

Rules come from :data:`imgsynth_refs.check.RULES` (``--select``/``--ignore``); with
``--aux``/``--tex`` the keys a document cites are checked against the files
(``missing-citation``; ``--unused`` lists entries never cited). Reports go to standard
output as ``text``, ``json`` or ``github`` (GitHub Actions annotations).

Exit status: 0 nothing at or above ``--fail-on`` (default: warning); 1 findings at or above
it (after ``--fix``, those left); 2 usage error (a missing file, an unknown rule); 3 no such
findings, but some entries could not be checked online (the source could not be asked).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from . import PROG, add_offline_argument

if TYPE_CHECKING:
    from ..bibfile import BibFile
    from ..check import CheckResult, Cited, Finding, Rule

INCOMPLETE = 3
"""Exit status when nothing failed but some look-ups could not be made."""


def register(subparsers: Any) -> None:
    """Add the ``check`` sub-command."""
    check = subparsers.add_parser(
        "check",
        help="lint a .bib: duplicates, preprints with a published version, missing fields, "
        "cited keys missing, ...",
        description="Lint .bib files. Exit status: 0 clean, 1 findings at or above --fail-on, "
        "2 usage error, 3 clean but some entries could not be checked online.",
    )
    check.add_argument("files", nargs="+", metavar="FILE")
    check.add_argument(
        "--list-rules",
        action=_ListRules,
        nargs=0,
        help="print every rule (code, severity, what it finds, fix) and exit",
    )
    check.add_argument("--format", choices=("text", "json", "github"), default="text")
    add_offline_argument(check)
    check.add_argument("--fix", action="store_true", help="apply the safe fixes")
    check.add_argument(
        "--dry-run",
        action="store_true",
        help="with --fix: write nothing; print the unified diff on standard output and the "
        "report on standard error (as add and merge do); with --format json the diff is the "
        'JSON\'s "diff" string instead',
    )
    check.add_argument(
        "--select", action="append", default=[], metavar="CODE,...", help="run only these rules"
    )
    check.add_argument(
        "--ignore", action="append", default=[], metavar="CODE,...", help="skip these rules"
    )
    check.add_argument(
        "--fail-on",
        choices=("warning", "error"),
        default="warning",
        help="lowest severity that makes the exit status 1 (default: warning)",
    )
    check.add_argument(
        "--aux",
        action="append",
        default=[],
        metavar="FILE",
        help="a LaTeX .aux file: its cited keys missing from the .bib files are errors",
    )
    check.add_argument(
        "--tex",
        action="append",
        default=[],
        metavar="FILE",
        help="a LaTeX source (with its \\input and \\include files), read for \\cite commands",
    )
    check.add_argument(
        "--unused",
        action="store_true",
        help="with --aux/--tex: also list entries the document never cites",
    )
    check.set_defaults(run=run_check)


class _ListRules(argparse.Action):
    """``--list-rules``: print the registry and exit (no FILE needed)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        from ..check import RULES

        for rule in RULES.values():
            extra = "" if rule.default else " (on request)"
            print(f"{rule.code:24} {rule.severity.value:8} {rule.description}{extra}")
        parser.exit(0)


def _codes(values: Sequence[str]) -> list[str]:
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def run_check(args: argparse.Namespace) -> int:
    """``check``: lint, optionally fix, and report."""
    from pathlib import Path

    from ..bibfile import BibFile, check_editable
    from ..check import Severity, merge_cited, read_aux, read_tex, select_rules
    from ..errors import UsageError

    if args.dry_run and not args.fix:
        raise UsageError("--dry-run needs --fix")
    if args.unused and not (args.aux or args.tex):
        raise UsageError("--unused needs --aux or --tex")
    extend = ["unused-entry"] if args.unused else []
    rules = select_rules(_codes(args.select), _codes(args.ignore), extend=extend)
    latex = [r.code for r in rules if r.needs == "latex" and r.code in _codes(args.select)]
    if latex and not (args.aux or args.tex):
        raise UsageError(f"{', '.join(latex)} needs --aux or --tex")
    for path in args.files:
        if not Path(path).exists():
            raise UsageError(f"{path}: no such file")
        if args.fix:
            check_editable(path)  # a pipe or device: refused before anything is read
    cited = None
    if args.aux or args.tex:
        cited = merge_cited(*map(read_aux, args.aux), *map(read_tex, args.tex))
    bibs = [BibFile.read(path, strict=False) for path in args.files]
    lookup = _lookup(args, bibs, rules)
    threshold = {Severity.ERROR} | ({Severity.WARNING} if args.fail_on == "warning" else set())
    reports = []
    failed = incomplete = False
    for index, (path, bib) in enumerate(zip(args.files, bibs, strict=True)):
        mine = rules if index == 0 else [r for r in rules if r.code != "missing-citation"]
        report = _check_one(args, path, bib, mine, lookup, cited, bibs)
        reports.append(report)
        failed = failed or any(f.severity in threshold for f in report["result"])
        incomplete = incomplete or bool(report["result"].unchecked and not args.offline)
    if args.format == "json":
        payloads = [_payload(args, r) for r in reports]
        json.dump(
            payloads[0] if len(payloads) == 1 else payloads,
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        sys.stdout.write("\n")
    else:
        for report in reports:
            _print_report(args, report)
    return 1 if failed else INCOMPLETE if incomplete else 0


def _lookup(
    args: argparse.Namespace, bibs: Sequence[BibFile], rules: Sequence[Rule]
) -> Callable[[Sequence[str]], Any] | None:
    """The arXiv look-up, when a selected rule reads records (offline: store and cache)."""
    if not any(r.family in ("records", "titles") for r in rules):
        return None
    if args.offline and not any("arxiv" in bib.text.lower() for bib in bibs):
        return None  # nothing to look up: skip importing the resolver
    from ..check.online import resolver_lookup

    return resolver_lookup(offline=args.offline, progress=_progress())


def _progress() -> Callable[[int, int], None] | None:
    """A tqdm progress bar on standard error when it is a terminal, else nothing."""
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def progress(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, desc="looking up", unit="work", leave=False)
        current = bar["bar"]
        current.total = total
        current.n = done
        current.refresh()
        if done >= total:
            current.close()

    return progress


def _check_one(
    args: argparse.Namespace,
    path: str,
    bib: BibFile,
    rules: Sequence[Rule],
    lookup: Callable[[Sequence[str]], Any] | None,
    cited: Cited | None,
    bibs: Sequence[BibFile],
) -> dict[str, Any]:
    from ..bibfile import BibFile, editing, write_bib
    from ..check import check_file, fix_until_stable

    others = {e.key.lower() for other in bibs if other is not bib for e in other.entries}
    if cited is not None and others:
        from ..check import Cited

        keys = {k: v for k, v in cited.keys.items() if k.lower() not in others}
        cited = Cited(keys, cited.everything)
    result = check_file(bib, lookup=lookup, rules=rules, cited=cited)
    fixed: list[Finding] = []
    diff = ""
    notes = list(bib.notes)
    if args.fix and not bib.failures:
        # Fix the file as it is under the lock, so that a concurrent add/merge is not lost.
        with editing(path, lock=not args.dry_run):
            bib = BibFile.read(path, strict=False)
            new, fixed = fix_until_stable(bib, lookup=lookup, rules=rules)
            diff = write_bib(path, bib, new, dry_run=args.dry_run).diff
        if fixed:  # report the file as it is now (or would be)
            after = BibFile.parse(new, source=path, strict=False)
            result = check_file(after, lookup=lookup, rules=rules, cited=cited)
    elif args.fix:
        line = bib.failures[0].line or 1
        notes.append(
            f"{path}: nothing fixed: the entry on line {line} does not parse "
            "(fix it by hand first; a file that does not parse is never rewritten)"
        )
    return {"path": path, "result": result, "fixed": fixed, "diff": diff, "notes": notes}


def _payload(args: argparse.Namespace, report: dict[str, Any]) -> dict[str, Any]:
    result: CheckResult = report["result"]
    payload = {
        "file": report["path"],
        "findings": [f.to_dict() for f in result],
        "fixed": [f.to_dict() for f in report["fixed"]],
        "notes": report["notes"],
        "unchecked": result.unchecked,
        "unchecked_keys": result.unchecked_keys,
    }
    if args.fix and args.dry_run:
        payload["diff"] = report["diff"]
    return payload


def _print_report(args: argparse.Namespace, report: dict[str, Any]) -> None:
    path: str = report["path"]
    result: CheckResult = report["result"]
    # A dry run's diff alone goes to stdout (a patch), the report to stderr, as in merge.
    out = sys.stderr if args.fix and args.dry_run else sys.stdout
    for note in report["notes"]:
        print(f"{PROG}: note: {note}", file=sys.stderr)
    verb = "would fix" if args.dry_run else "fixed"
    for finding in report["fixed"]:
        print(
            f"{verb}: {path}:{finding.line}: [{finding.code}] {finding.key}: {finding.fix}",
            file=out,
        )
    line = _github_line if args.format == "github" else _text_line
    for finding in result:
        print(line(path, finding), file=out)
    for summary in _unchecked_summary(result, offline=args.offline):
        print(f"{PROG}: {path}: {summary}", file=sys.stderr)
    if not result and args.format == "text":
        print(f"{path}: no problems found", file=out)
    if args.fix and args.dry_run:
        sys.stdout.write(report["diff"])


def _unchecked_summary(result: CheckResult, *, offline: bool) -> list[str]:
    """One line per source: how many entries could not be looked up there, and why."""
    reasons: dict[str, str] = {}
    for reason in result.unchecked.values():
        source, _, why = reason.partition(": ")
        reasons.setdefault(source, why)
    lines = []
    for source, keys in result.unchecked_keys.items():
        why = "offline, not in the cache" if offline else reasons.get(source, "")
        shown = ", ".join(keys[:5]) + (", ..." if len(keys) > 5 else "")
        lines.append(
            f"{source}: {len(keys)} entr{'y' if len(keys) == 1 else 'ies'} not checked ({why}): "
            f"{shown}; their published and latest versions are unknown, not absent"
        )
    return lines


def _text_line(path: str, finding: Finding) -> str:
    fix = finding.fix.replace("\n", "\n    ")
    safe = " (--fix applies it)" if finding.safe else ""
    where = finding.file or path
    head = f"{where}:{finding.line}: [{finding.code}] {finding.key or '-'}: {finding.message}"
    return f"{head}\n    fix: {fix}{safe}"


def _escape(text: str, *, property_value: bool = False) -> str:
    """GitHub's workflow-command escaping (``%``, CR, LF; in properties also ``:`` and ``,``)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _github_line(path: str, finding: Finding) -> str:
    """A GitHub Actions annotation: ``::warning file=...,line=...,title=...::message``."""
    level = "error" if finding.severity.value == "error" else "warning"
    where = _escape(finding.file or path, property_value=True)
    title = _escape(f"{finding.code} ({finding.key or '-'})", property_value=True)
    message = _escape(f"{finding.message}; fix: {finding.fix.splitlines()[0]}")
    return f"::{level} file={where},line={finding.line},title={title}::{message}"
