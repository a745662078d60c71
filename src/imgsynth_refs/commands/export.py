"""``export`` (the shipped bibliography of some eras in one format) and ``eras`` (list them).

Offline and fast: this path reads the shipped data and never imports a network library.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..house_style import HouseStyle

FORMATS = ("bibtex", "biblatex", "csl-json", "markdown", "json", "html", "svg")
"""Format names, kept here so that building the parser imports no exporter."""

VENUE_STYLES = ("full", "short", "abbrv")
"""``--venue-style`` values (:data:`imgsynth_refs.venues.VENUE_STYLES`), kept here so that
building the parser reads no venue registry."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` and ``eras`` sub-commands."""
    export = subparsers.add_parser(
        "export",
        help="write the shipped bibliography of some eras as BibTeX, BibLaTeX, CSL-JSON, ...",
        description="Write the article's bibliography, offline, for the chosen eras.",
    )
    export.add_argument(
        "--era",
        action="append",
        metavar="ERA",
        help="era id (repeat for several; 'all' for every era and the article itself; "
        "default: all); see the 'eras' command",
    )
    add_output_arguments(export)
    add_prefer_argument(export)
    add_house_style_arguments(export)
    export.set_defaults(run=run_export)

    eras = subparsers.add_parser("eras", help="list the eras and their works")
    eras.set_defaults(run=run_eras)


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """``--format`` and ``-o/--output``, shared by the commands that write records."""
    parser.add_argument(
        "--format",
        metavar="FORMAT",
        help=f"one of {', '.join(FORMATS)} (default: from -o's suffix, else bibtex)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write FILE atomically")


def add_prefer_argument(
    parser: argparse.ArgumentParser,
    help_text: str = "cite the published version (default) or the arXiv preprint",
) -> None:
    """``--prefer published|arxiv``, shared by every command that writes records."""
    parser.add_argument(
        "--prefer", choices=("published", "arxiv"), default="published", help=help_text
    )


def add_house_style_arguments(parser: argparse.ArgumentParser) -> None:
    """``--venue-style``, ``--short-venues`` and ``--house-style``, shared by every command
    that writes records."""
    parser.add_argument(
        "--venue-style",
        choices=VENUE_STYLES,
        help="booktitle/journal as the series' full name (default), short name (CVPR, "
        "NeurIPS) or abbreviation (Proc. CVPR); see refs/venues.toml",
    )
    parser.add_argument(
        "--short-venues",
        action="store_true",
        help="short venue names in booktitle/journal (NeurIPS, CVPR, TMLR): --venue-style short",
    )
    parser.add_argument(
        "--house-style",
        metavar="FILE",
        help="a TOML file overriding venue names and the optional fields written "
        "(see imgsynth_refs.house_style)",
    )


def house_style_from_args(args: argparse.Namespace) -> HouseStyle:
    """The house style the arguments ask for: ``--house-style``'s file, with
    ``--venue-style`` (or ``--short-venues``) taking precedence over its ``venue_style``."""
    from ..house_style import load_house_style

    venue_style = args.venue_style or ("short" if args.short_venues else None)
    return load_house_style(args.house_style, venue_style)


def run_export(args: argparse.Namespace) -> int:
    """Export the selected eras; exit status 0."""
    from ..catalog import load_catalog
    from ..errors import UsageError
    from ..export import export, find_writer, short_venues

    if args.output == "":
        raise UsageError("-o needs a file name")
    output = None if args.output == "-" else args.output  # "-": standard output
    if args.format is not None or output is None:
        find_writer(args.format or "bibtex")  # an unknown format fails before any work
    style = house_style_from_args(args)
    catalog = load_catalog()
    refs = catalog.select(args.era or ["all"])
    if style.venue_style == "short":
        refs = short_venues(refs)  # also the venues the registry does not know
    try:
        text = export(
            refs,
            args.format or (None if output else "bibtex"),
            output,
            prefer=args.prefer,
            eras=catalog.eras,
            style=style,
        )
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    if output is None:
        sys.stdout.write(text)
    else:
        print(f"wrote {len(refs)} works to {output}", file=sys.stderr)
    return 0


def run_eras(args: argparse.Namespace) -> int:
    """Print each era with its works, in the article's order."""
    from ..catalog import load_catalog

    catalog = load_catalog()
    lines = []
    for era in catalog.eras:
        lines.append(f"{era.id}: {era.name} ({era.years})")
        if era.description:
            lines.append(f"  {era.description}")
        for ref in catalog.select([era.id]):
            label = f" [{ref.milestone.label}]" if ref.milestone else ""
            lines.append(f"  {ref.key}  {ref.year}  {ref.title}{label}")
    others = [ref for ref in catalog.select(["all"]) if ref.era is None]
    if others:
        lines.append("(no era): exported with --era all")
        lines.extend(f"  {ref.key}  {ref.year}  {ref.title}" for ref in others)
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
