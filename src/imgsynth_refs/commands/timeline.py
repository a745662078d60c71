"""``timeline``: a user's .bib as the reading-list page (or the timeline figure).

``imgsynth-refs timeline thesis.bib -o thesis.html`` groups the works by year, or by the
first value of a field with ``--group-by keywords``. Offline; imports no network library.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import PROG
from .export import add_prefer_argument


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``timeline`` sub-command."""
    timeline = subparsers.add_parser(
        "timeline",
        help="a .bib as an HTML reading list along the years (or an SVG timeline figure)",
        description="Build the reading-list page (self-contained HTML: search, links, copy "
        "BibTeX) or the SVG timeline figure from any .bib, grouped by year or by a field. "
        "Entries that cannot be read are listed; the others are kept (exit status 1).",
    )
    timeline.add_argument("file", metavar="FILE", help="the .bib to read")
    timeline.add_argument(
        "--format",
        choices=("html", "svg"),
        help="html or svg (default: from -o's suffix, else html)",
    )
    timeline.add_argument("-o", "--output", metavar="FILE", help="write FILE atomically")
    timeline.add_argument(
        "--group-by",
        default="year",
        metavar="FIELD",
        help="'year' (default) or a field such as keywords: its first value names the group",
    )
    timeline.add_argument("--title", help="the page's title (default: 'Reading list: FILE')")
    add_prefer_argument(timeline)
    timeline.set_defaults(run=run_timeline)


def run_timeline(args: argparse.Namespace) -> int:
    """Write the page or figure; exit status 1 if some entries could not be read."""
    from ..errors import UsageError
    from ..timeline.figure import SvgWriter
    from ..timeline.groups import read_grouped
    from ..timeline.page import HtmlWriter

    if args.output == "":
        raise UsageError("-o needs a file name")
    output = None if args.output in (None, "-") else args.output
    kind = args.format or "html"
    if args.format is None and output is not None:
        by_suffix = [w.name for w in (HtmlWriter, SvgWriter) if output.lower().endswith(w.suffixes)]
        if not by_suffix:
            raise UsageError(
                f"cannot tell the format of {output!r}; use .html or .svg, or --format"
            )
        kind = by_suffix[0]
    grouped = read_grouped(args.file, args.group_by)
    title = args.title or f"Reading list: {Path(args.file).name}"
    by = "year" if args.group_by.lower() == "year" else f"the first value of {args.group_by}"
    writer: HtmlWriter | SvgWriter
    if kind == "svg":
        writer = SvgWriter(prefer=args.prefer, eras=grouped.eras, title=title)
    else:
        intro = (
            f"{len(grouped.references)} works from {Path(args.file).name}, grouped by {by}. "
            "Search, follow the links, or copy a work's BibTeX entry."
        )
        writer = HtmlWriter(prefer=args.prefer, eras=grouped.eras, title=title, intro=intro)
    for failure in grouped.failures:
        print(f"{PROG}: skipped: {failure}", file=sys.stderr)
    if output is None:
        sys.stdout.write(writer.to_string(grouped.references))
    else:
        try:
            writer.write_file(grouped.references, output)
        except OSError as exc:
            raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
        print(f"wrote {len(grouped.references)} works to {output}", file=sys.stderr)
    return 1 if grouped.failures else 0
