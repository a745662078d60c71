"""``upgrade``: replace a .bib's arXiv-only entries by their published versions, in place.

``upgrade thesis.bib [--dry-run] [--offline] [--min-confidence X] [--only KEY ...]
[--format text|json]``. The report goes to stdout (with ``--dry-run`` to stderr, and the
unified diff alone to stdout, as ``add`` and ``merge`` do); ``--format json`` prints the
report documented in ``docs/upgrade-json.md`` (with ``--dry-run`` the diff is its ``"diff"``).

Exit status: 0 when every lookup could be made (upgraded or not); 1 when some could not
(offline and not cached, refused, 429, timeout): those entries are left as they were and
named; 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from . import PROG, add_offline_argument

if TYPE_CHECKING:
    from ..upgrade import EntryUpgrade, UpgradeReport


def register(subparsers: Any) -> None:
    """Add the ``upgrade`` sub-command."""
    parser = subparsers.add_parser(
        "upgrade",
        help="replace arXiv-only entries of a .bib by their published versions, keys kept",
        description="Find every entry that cites only an arXiv preprint and replace it, in "
        "place, by its published version (entry type, venue, volume, pages, DOI, year), "
        "keeping its key, position, your own fields and the arXiv eprint. Only strong "
        "matches are applied; weak or ambiguous ones are reported. Every other byte stays; "
        "the previous file is kept as FILE~.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--dry-run", action="store_true", help="write nothing; print the unified diff"
    )
    add_offline_argument(parser)
    parser.add_argument(
        "--min-confidence",
        type=float,
        metavar="X",
        help="least confidence of an upgrade, in (0, 1] (default: the published-version "
        "matcher's threshold); a match must also agree on title, first author, authors "
        "and year",
    )
    parser.add_argument(
        "--only", nargs="+", metavar="KEY", help="upgrade only the entries with these keys"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(run=run_upgrade)


def run_upgrade(args: argparse.Namespace) -> int:
    """``upgrade``: find, rewrite, write (or diff), report."""
    from ..sources.published import THRESHOLD
    from ..upgrade import upgrade_file

    report, written = upgrade_file(
        args.file,
        dry_run=args.dry_run,
        offline=args.offline,
        min_confidence=THRESHOLD if args.min_confidence is None else args.min_confidence,
        only=args.only,
    )
    status = 1 if report.failed else 0
    if args.format == "json":
        payload = report.to_dict()
        payload["written"] = written.changed and not args.dry_run
        payload["backup"] = str(written.backup) if written.backup else None
        if args.dry_run:
            payload["diff"] = written.diff
        json.dump(payload, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return status
    out = sys.stderr if args.dry_run else sys.stdout
    for note in report.notes:
        print(f"{PROG}: note: {note}", file=sys.stderr)
    _print_report(report, out, dry_run=args.dry_run)
    if args.dry_run:
        sys.stdout.write(written.diff)
    elif written.backup is not None:
        print(f"wrote {args.file} (previous file kept as {written.backup})", file=out)
    elif written.changed:
        print(f"wrote {args.file}", file=out)
    for entry in report.failed:
        print(f"{PROG}: not checked: {entry.key}: {entry.message}", file=sys.stderr)
    return status


def _print_report(report: UpgradeReport, out: Any, *, dry_run: bool) -> None:
    if not report.entries:
        print(f"{report.bib.source}: no entry cites only an arXiv preprint", file=out)
        return
    for entry in report.entries:
        print(_line(entry, dry_run=dry_run), file=out)
        for evidence in entry.evidence:
            print(f"    evidence: {evidence.source}: {evidence.detail}", file=out)
        for candidate in entry.candidates[:5]:
            mark = "strong" if candidate.strong else (candidate.rejected or "weak")
            print(
                f"    candidate ({mark}, {candidate.evidence.confidence:.2f}): {candidate.label}",
                file=out,
            )
    counts: dict[str, int] = {}
    for entry in report.entries:
        counts[entry.status.value] = counts.get(entry.status.value, 0) + 1
    summary = ", ".join(f"{n} {status.replace('_', ' ')}" for status, n in counts.items())
    print(f"{len(report.entries)} preprint entries: {summary}", file=out)


def _line(entry: EntryUpgrade, *, dry_run: bool) -> str:
    from ..upgrade import Status, venue_and_year

    head = f"{entry.key} (line {entry.line}, arXiv:{entry.arxiv_id})"
    if entry.status is Status.UPGRADED and entry.published is not None:
        verb = "would become" if dry_run else "became"
        where = venue_and_year(entry.published)
        confidence = f", confidence {entry.confidence:.2f}" if entry.confidence is not None else ""
        return f"{head}: {verb} {where} ({entry.source}{confidence})"
    return f"{head}: {entry.status.value.replace('_', ' ')}: {entry.message}"
