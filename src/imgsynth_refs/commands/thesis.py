"""``add`` and ``merge``: work on a user's thesis .bib without losing a byte.

- ``add LINK_OR_ID ... --to thesis.bib``: resolve links (the shipped catalog first, so
  catalog works need no network) and add the works the file lacks;
- ``merge thesis.bib --era gan [--era ...]``: add an era's works from the catalog (offline).

(``check``, which lints such a file, is :mod:`imgsynth_refs.commands.check`.)

Existing entries, keys, comments, encoding and line endings are never changed; writes are
atomic and keep the previous file as ``thesis.bib~``; ``--dry-run`` writes nothing and
prints the unified diff on stdout (the report on stderr).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from . import PROG, add_offline_argument
from .export import add_prefer_argument

if TYPE_CHECKING:
    from ..bibfile import BibFile
    from ..merge import MergeResult
    from ..models import Reference


def register(subparsers: Any) -> None:
    """Add the ``add`` and ``merge`` sub-commands."""
    add = subparsers.add_parser(
        "add",
        help="add works (links or ids) to a .bib, keeping every byte that is there",
        description="Resolve links or ids (catalog first, then online unless --offline) and "
        "add the works the file does not have yet. Works already present under any key or "
        "form are reported, not added.",
    )
    add.add_argument("inputs", nargs="+", metavar="LINK_OR_ID")
    add.add_argument("--to", required=True, metavar="FILE", help="the .bib to add to")
    add_offline_argument(add)
    _writing_options(add)
    add.set_defaults(run=run_add)

    merge = subparsers.add_parser(
        "merge",
        help="add the shipped catalog's works of some eras to a .bib",
        description="Add the works of the given eras from the shipped catalog (offline) "
        "that the file does not have yet.",
    )
    merge.add_argument("file", metavar="FILE")
    merge.add_argument(
        "--era", action="append", required=True, metavar="ERA", help="era id (repeatable) or all"
    )
    _writing_options(merge)
    merge.set_defaults(run=run_merge)


def _writing_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--key-style",
        default="google",
        metavar="STYLE",
        help="google (default), bbt, authoryear, or a pattern like '{auth}{year}{shorttitle}'",
    )
    parser.add_argument(
        "--transliteration",
        choices=("ascii", "german"),
        default="ascii",
        help="accents in keys: ascii (Müller -> muller) or german (Müller -> mueller)",
    )
    parser.add_argument(
        "--sorted", action="store_true", help="insert new entries at their sorted position"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print a unified diff, write nothing"
    )
    parser.add_argument(
        "--dialect",
        choices=("bibtex", "biblatex"),
        default="bibtex",
        help="write new entries for BibTeX (default) or BibLaTeX/Biber",
    )
    add_prefer_argument(parser)


def run_add(args: argparse.Namespace) -> int:
    """``add``: resolve the inputs and merge them into the file."""
    from ..bibfile import BibFile, check_editable, editing
    from ..merge import inputs_present
    from ..resolve import resolve

    check_editable(args.to)
    bib = BibFile.read(args.to)
    present, rest = inputs_present(bib, args.inputs)
    out = sys.stderr if args.dry_run else sys.stdout
    for text, match in present:
        print(
            f"present: {text} as {match.work.label} (line {match.work.line}): {match.reason}",
            file=out,
        )
    if not rest:
        return 0
    report = resolve(rest, offline=args.offline, prefer=args.prefer)
    for upgrade in report.upgrades:
        print(f"{PROG}: published version: {upgrade.describe()}", file=sys.stderr)
    with editing(args.to, lock=not args.dry_run):
        # Read again under the lock: another run may have written the file meanwhile.
        status = _merge_and_report(BibFile.read(args.to), report.references, args, args.to)
    for failure in report.failures:
        print(f"{PROG}: failed: {failure.input}: {failure.reason}", file=sys.stderr)
    return 1 if report.failures else status


def run_merge(args: argparse.Namespace) -> int:
    """``merge``: add the catalog's works of the chosen eras."""
    from ..bibfile import BibFile, editing
    from ..catalog import load_catalog

    references = load_catalog().select(args.era)
    with editing(args.file, lock=not args.dry_run):
        return _merge_and_report(BibFile.read(args.file), references, args, args.file)


def _merge_and_report(
    bib: BibFile, references: Sequence[Reference], args: argparse.Namespace, path: str
) -> int:
    from ..merge import merge_references

    result = merge_references(
        bib,
        references,
        key_style=args.key_style,
        transliteration=args.transliteration,
        sort=args.sorted,
        dialect=args.dialect,
        prefer=args.prefer,
    )
    written = result.write(path, dry_run=args.dry_run)
    out = sys.stderr if args.dry_run else sys.stdout
    for note in result.notes:
        print(f"{PROG}: note: {note}", file=sys.stderr)
    _print_summary(result, out, dry_run=args.dry_run)
    if args.dry_run:
        sys.stdout.write(written.diff)
    elif written.backup is not None:
        print(f"wrote {path} (previous file kept as {written.backup})", file=out)
    elif written.changed:
        print(f"wrote {path}", file=out)
    return 0


def _print_summary(result: MergeResult, out: Any, *, dry_run: bool) -> None:
    verb = "would add" if dry_run else "added"
    for ref in result.added:
        print(f"{verb} {ref.key}: {ref.title} ({ref.year})", file=out)
    for present in result.present:
        where = f"line {present.line}" if present.line is not None else "this batch"
        print(
            f"present: {present.reference.title} ({present.reference.year}) as "
            f"{present.key} ({where}): {present.reason}",
            file=out,
        )
    if not result.added:
        print("nothing to add", file=out)
