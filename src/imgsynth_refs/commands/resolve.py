"""``resolve`` (links, ids or files of them into records, online) and ``rebuild`` (refs/).

``resolve`` writes what resolved even when some inputs fail, lists every failure on stderr
with its input and reason, and exits 1 then (0 when all resolved, 2 for a usage error).
Published versions found for preprints are reported on stderr; weak or ambiguous ones are
reported and never applied. A progress bar appears on stderr when it is a terminal and more
than :data:`PROGRESS_MIN` works are resolved; ``--quiet`` leaves only the failures.

``rebuild`` re-resolves the records under ``refs/`` from their identifiers and prints a
unified diff per record; ``--write KEY ...`` applies the changes of the named records only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from . import PROG, add_offline_argument
from .export import (
    add_house_style_arguments,
    add_output_arguments,
    add_prefer_argument,
    house_style_from_args,
)

if TYPE_CHECKING:
    from ..resolve import ProgressCallback


PROGRESS_MIN = 5
"""More works than this, and stderr a terminal: show a progress bar."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``resolve`` and ``rebuild`` sub-commands."""
    parser = subparsers.add_parser(
        "resolve",
        help="resolve links, ids or files of them online into BibTeX, BibLaTeX, CSL-JSON, ...",
        description="Resolve paper links and ids (arXiv, NeurIPS, ACL Anthology, DOI, PMLR, "
        "CVF, OpenReview, publisher and web pages) into records, preferring the published "
        "version of a preprint. Works in the shipped bibliography come from it as curated. "
        "Exit status: 0 all resolved, 1 some failed (the rest is still written), 2 usage error.",
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="a link, an id (arXiv:1511.06434, 10.1145/3422622, ...) or a file (text, "
        "Markdown, HTML, .bib) whose links are resolved",
    )
    add_output_arguments(parser)
    add_prefer_argument(
        parser,
        "cite the published version of a preprint (default; found on arXiv, Crossref "
        "and DBLP) or keep the arXiv preprint",
    )
    network = parser.add_mutually_exclusive_group()
    add_offline_argument(network)
    network.add_argument(
        "--refresh", action="store_true", help="ask the sources again, ignoring the cache"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar or notes; failures only"
    )
    add_house_style_arguments(parser)
    parser.set_defaults(run=run_resolve)

    rebuild = subparsers.add_parser(
        "rebuild",
        help="maintainers: re-resolve the records under refs/ online and show what changed",
        description="Re-resolve every record of refs/ from its identifiers and print a "
        "unified diff per record of what the sources say now. Nothing is written unless "
        "--write names the records to update (curated facts are never overwritten silently).",
    )
    rebuild.add_argument(
        "keys", nargs="*", metavar="KEY", help="records to rebuild (default: every record)"
    )
    rebuild.add_argument(
        "--refs", metavar="DIR", help="the refs/ folder (default: the shipped one)"
    )
    rebuild.add_argument(
        "--field",
        action="append",
        metavar="FIELD",
        help="compare only this field (repeat for several; default: every resolved field)",
    )
    rebuild.add_argument(
        "--write",
        action="store_true",
        help="apply the changes shown to the records named by KEY (atomic writes)",
    )
    rebuild.add_argument(
        "--refresh", action="store_true", help="ask the sources again, ignoring the cache"
    )
    rebuild.set_defaults(run=run_rebuild)


def _check_output(output: str | None, fmt: str | None, inputs: list[str]) -> None:
    """Fail on a bad format or output file before any work is done.

    The output may not be one of the input files: resolving a .bib into itself would replace
    the user's entries (``merge`` adds to a .bib without touching what is there).
    """
    from ..export import find_writer

    if fmt is not None or output is None:
        find_writer(fmt or "bibtex")
    else:
        find_writer(filename=output)
    if output is not None:
        folder = Path(output).expanduser().parent
        if not folder.is_dir():
            raise UsageError(f"{output}: folder {str(folder)!r} does not exist")
        if Path(output).is_dir():
            raise UsageError(f"{output}: is a directory")
        target = Path(output).expanduser().resolve()
        for text in inputs:
            try:
                same = Path(text.strip()).expanduser().resolve() == target
            except (OSError, ValueError):
                same = False
            if same:
                raise UsageError(
                    f"{output}: is also an input; it would be overwritten "
                    "(use 'merge' to add works to a .bib)"
                )


class _Progress:
    """A tqdm bar on stderr, opened once more than :data:`PROGRESS_MIN` steps are known.

    Its steps are the works, then the searches for published versions, which the
    description counts apart (``resolving 9 works + 5 published-version searches``).
    """

    def __init__(self) -> None:
        self._bar: Any = None
        self._works: int | None = None

    def __call__(self, done: int, total: int) -> None:
        if self._works is None:
            self._works = total  # the first call counts the works alone
        searches = total - self._works
        if self._bar is None:
            if total <= PROGRESS_MIN:
                return
            from tqdm import tqdm

            self._bar = tqdm(
                total=total, unit="step", desc=self._describe(searches), file=sys.stderr
            )
        if self._bar.total != total:
            self._bar.total = total
            self._bar.set_description(self._describe(searches), refresh=False)
        self._bar.update(done - self._bar.n)

    def _describe(self, searches: int) -> str:
        works = f"resolving {self._works} work{'s' * (self._works != 1)}"
        return f"{works} + {searches} published-version searches" if searches else works

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def run_resolve(args: argparse.Namespace) -> int:
    """Resolve the inputs and write the records; 0 all resolved, 1 some failed."""
    from ..export import export, short_venues
    from ..resolve import resolve
    from ..sources.config import Config

    output = None if args.output == "-" else args.output  # "-": standard output, as in export
    _check_output(output, args.format, args.inputs)
    style = house_style_from_args(args)  # a bad file fails before any lookup
    config = Config.from_env()
    show = not args.quiet and sys.stderr.isatty()
    bar = _Progress() if show else None
    progress: ProgressCallback | None = bar
    try:
        report = resolve(
            args.inputs,
            config=config,
            prefer=args.prefer,
            offline=args.offline,
            refresh=args.refresh,
            progress=progress,
        )
    finally:
        if bar is not None:
            bar.close()

    if not args.quiet:
        for lookup in report.upgrades:
            print(f"{PROG}: {lookup.describe()}", file=sys.stderr)
    refs = report.references
    origins: dict[int, str] = {}  # per distinct record: catalog, store or sources
    for item in report.items:
        stored = (item.identifier.kind, item.identifier.id) in report.stored
        origin = "catalog" if item.source == "catalog" else "store" if stored else "sources"
        origins.setdefault(id(item.reference), origin)
    if refs:
        if style.venue_style == "short":
            refs = short_venues(refs)
        fmt = args.format or (None if output else "bibtex")
        text = export(refs, fmt, output, prefer=args.prefer, style=style)
        if output is None:
            sys.stdout.write(text)
    for failure in report.failures:
        print(f"{PROG}: {failure.input}: {failure.reason}", file=sys.stderr)
    if not args.quiet:
        count = list(origins.values()).count
        where = f" to {output}" if output and refs else ""
        print(
            f"{PROG}: resolved {len(refs)} work{'s' * (len(refs) != 1)}{where} "
            f"({count('catalog')} from the shipped bibliography, {count('store')} from the "
            f"record store, {count('sources')} from the sources), {len(report.failures)} failed, "
            f"{report.requests} request{'s' * (report.requests != 1)}"
            + (" (offline)" if args.offline else ""),
            file=sys.stderr,
        )
    return 0 if report.ok else 1


def run_rebuild(args: argparse.Namespace) -> int:
    """Show (and with ``--write``, apply) what re-resolving refs/ changes; 1 if some failed."""
    from ..maintenance import apply_changes, rebuild
    from ..sources.config import Config

    if args.write and not args.keys:
        raise UsageError("--write needs the KEYs of the records to update")
    config = Config.from_env()
    report = rebuild(
        args.refs, args.keys or None, config=config, refresh=args.refresh, fields=args.field
    )
    for change in report.changes:
        sys.stdout.write(change.diff)
    for key, reason in report.failures:
        print(f"{PROG}: {key}: {reason}", file=sys.stderr)
    for key, reason in report.skipped:
        print(f"{PROG}: {key}: skipped: {reason}", file=sys.stderr)
    if args.write:
        for path in apply_changes(report.changes):
            print(f"{PROG}: updated {path}", file=sys.stderr)
    print(
        f"{PROG}: {len(report.changes)} changed, {len(report.unchanged)} unchanged, "
        f"{len(report.failures)} failed, {report.requests} requests",
        file=sys.stderr,
    )
    return 1 if report.failures else 0
