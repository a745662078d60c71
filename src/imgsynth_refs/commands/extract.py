"""``extract``: list every work a text refers to, once each, in order of first appearance.

Usage: ``imgsynth-refs extract [FILE|-|TEXT ...] [--format text|json]``

Each argument is read as a FILE when such a file exists, as standard input when it is ``-``,
and otherwise as TEXT to scan (``imgsynth-refs extract arXiv:1511.06434``); a TEXT that is
one identifier is read as one, as ``resolve`` reads it (``1706.03762``, ``1407.3561v1``,
``0706.0001v1 [q-bio.CB]``, ``P18-1238``, a DOI). A .bib file (by
its name, or text that starts with an ``@type{`` entry) is read through its ``url``, ``doi``
and ``eprint`` fields, the free-text fields that cite preprints and links (``journal =
{arXiv preprint arXiv:ID}``, ``howpublished``, ``note``) and dblp's ``volume = {abs/ID}``;
anything else is scanned as prose (plain text, Markdown, HTML).
A work found in several inputs is listed once, for the first input it appears in; so are
different identifiers of one work when the DOI's form or the shipped bibliography ties them
(an ACL DOI and its ACL id, StyleGAN's arXiv id and DOI), as the first of them.

Output, ``--format text`` (default): one tab-separated line per work::

    SOURCE:LINE<TAB>KIND<TAB>ID[vN]<TAB>URL         (a valid identifier)
    SOURCE:LINE<TAB>invalid<TAB>FOUND<TAB>REASON    (an invalid look-alike)

Output, ``--format json`` — a stable contract (docs/extract-json.md): a JSON array with one
object per work, each with exactly these keys:

``kind``
    ``arxiv``, ``neurips``, ``acl``, ``doi``, ``openreview``, ``pmlr``, ``cvf``, ``url``, or
    ``invalid`` for text that imitates an identifier but breaks its rules.
``id``
    the normalised id (arXiv id without version; NeurIPS ``YEAR/HASH``; DOI lower-cased; for
    ``url`` the normalised URL); for ``invalid``, the found text without line breaks.
``version``
    the arXiv version number of the first appearance, else ``null``.
``url``
    the canonical URL; ``null`` for ``invalid``.
``found``
    the text as it first appeared (a link wrapped over lines keeps its line break).
``line``
    the 1-based line of the first appearance, in the input it was first found in.
``reason``
    why an ``invalid`` look-alike is invalid; ``null`` otherwise.

Exit status: 0 when every input was read (also when nothing or only invalid look-alikes were
found); 2 when an argument is neither an existing file, ``-``, nor text holding a link or
identifier (``no such file``), or is a directory: this is checked before anything is read or
printed; 1 when an existing file cannot be read or is binary (holds a NUL byte), before
anything is printed.

Lines count LF, CR LF and old-Mac CR endings alike. An argument or input that is one
identifier and nothing else is taken whole, so a SICI DOI with ``<`` and ``>``
(``10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0``) is found in full (its URL
percent-encodes them), as in a .bib ``doi`` field; in prose a link stops at ``<``, which
ends links in HTML and Markdown (``<https://...>``).
"""

from __future__ import annotations

import argparse
import sys

FORMATS = ("text", "json")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``extract`` sub-command."""
    parser = subparsers.add_parser(
        "extract",
        help="list the works (arXiv, NeurIPS, ACL, DOI, ... links) in files or text",
        description="Find every paper link or id in files, standard input or text, and list "
        "each work once, normalised, in order of first appearance (identifiers that the DOI's "
        "form or the shipped bibliography ties to one work count once, as the first of them).",
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="FILE|-|TEXT",
        help="a file to read, '-' for standard input, or text to scan",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="tab-separated lines (default) or a JSON array (see docs/extract-json.md)",
    )
    parser.set_defaults(run=run)


def _read_inputs(args: list[str]) -> list[tuple[str, str]]:
    """``(name, text)`` of each argument; raises before reading when one is unusable."""
    from pathlib import Path

    from ..errors import DataError, UsageError
    from ..fileio import decode_text, read_limited
    from ..identifiers import parse
    from ..scan import find

    kinds: list[str] = []
    for arg in args:
        path = Path(arg)
        if arg == "-":
            kinds.append("stdin")
        elif path.is_dir():
            raise UsageError(f"{arg}: is a directory")
        elif path.is_file():
            kinds.append("file")
        elif find(arg) or parse(arg.strip()):
            kinds.append("text")
        else:
            raise UsageError(f"{arg}: no such file, and no link or identifier in the text")
    inputs: list[tuple[str, str]] = []
    for arg, kind in zip(args, kinds, strict=True):
        if kind == "stdin":
            data = read_limited(sys.stdin.buffer, name="<stdin>")
        elif kind == "file":
            try:
                data = read_limited(arg)
            except OSError as exc:
                raise DataError(f"cannot read: {exc.strerror or exc}", file=arg) from exc
        else:
            inputs.append(("<text>", arg))
            continue
        if b"\0" in data:
            # A NUL byte is in no text file (UTF-8 or Latin-1); decoding would scan garbage.
            raise DataError("binary file, not text: nothing read from it", file=arg)
        inputs.append((arg, decode_text(data)))
    return inputs


def run(args: argparse.Namespace) -> int:
    """Print the works found in the inputs; exit status 0."""
    import json

    from ..extract import extract

    works = extract(_read_inputs(args.inputs))
    if args.format == "json":
        items = [work.as_json() for work in works]
        sys.stdout.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
        return 0
    for work in works:
        where = f"{work.source}:{work.line}"
        if work.kind == "invalid":
            print(f"{where}\tinvalid\t{work.id}\t{work.reason}")
        else:
            version = f"v{work.version}" if work.version else ""
            print(f"{where}\t{work.kind}\t{work.id}{version}\t{work.url}")
    return 0
