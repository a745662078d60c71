"""The command line: ``imgsynth-refs`` / ``python -m imgsynth_refs``.

Each sub-command lives in :mod:`imgsynth_refs.commands` as a module with
``register(subparsers)``; it sets ``run(args) -> int`` as the parser default and imports
its heavy dependencies inside ``run`` so that ``--help`` and ``--version`` stay fast.

Exit status: 0 success; 1 some work failed or a check found problems; 2 usage error.
Errors are printed as one line on stderr, never as a traceback (set
``IMGSYNTH_REFS_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import errno
import gc
import importlib
import io
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import __version__
from .commands import PROG

# Modules of imgsynth_refs.commands, in the order their commands appear in --help.
COMMAND_MODULES: tuple[str, ...] = (
    "export",
    "resolve",
    "thesis",
    "check",
    "upgrade",
    "extract",
    "timeline",
)
# Sub-command -> the module that registers it, so that running one command imports and
# builds only its module's parsers. A command missing here still works (every module is
# registered then); tests/test_cli_speed.py checks that the table matches the modules.
COMMAND_MODULE: dict[str, str] = {
    "export": "export",
    "eras": "export",
    "resolve": "resolve",
    "rebuild": "resolve",
    "add": "thesis",
    "merge": "thesis",
    "check": "check",
    "upgrade": "upgrade",
    "extract": "extract",
    "timeline": "timeline",
}


class _Parser(argparse.ArgumentParser):
    """argparse with exit status 2 and a one-line message for usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with every sub-command, or only with those of the module that
    registers ``command`` (see :data:`COMMAND_MODULE`)."""
    parser = _Parser(
        prog=PROG,
        description="The bibliography of modern image synthesis: paper links to validated "
        "records and thesis-ready BibTeX, BibLaTeX, CSL-JSON and Markdown.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    module = COMMAND_MODULE.get(command or "")
    for name in (module,) if module else COMMAND_MODULES:
        importlib.import_module(f".commands.{name}", __package__).register(subparsers)
    return parser


def run() -> NoReturn:
    """The program (``imgsynth-refs``, ``python -m imgsynth_refs``): :func:`main` on
    ``sys.argv``, then exit with its status.

    Nearly everything a command makes (the modules it imports, pydantic's validators, the
    shipped catalog) lives until the process exits, so the cyclic garbage collector's passes
    over it are wasted work: it is paused while the command runs, and what exists at the end
    is frozen rather than collected once more at exit. Together that is about a sixth of
    ``export --era all``. Reference counting still frees everything else as usual; the peak
    memory on a 10,000-entry .bib is the same either way (``check`` about 121 MB, ``merge``
    about 98 MB). Cyclic garbage left at exit is not finalised, so files must be closed by
    the code that opens them (``with``), as they are here.
    """
    gc.disable()
    if sys.stdout is None:  # started with stdout closed (`>&-`)
        sys.stdout = _ClosedStream()
    status = main()
    try:
        sys.stdout.flush()
    except OSError as exc:
        status = _write_failed(exc)
    gc.freeze()
    sys.exit(status)


class _ClosedStream(io.TextIOBase):
    """Stands in for a closed standard output: writing fails with a clear OSError."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _write_failed(exc: OSError) -> int:
    """Report a failed write to standard output (closed, full disk, reader gone): one line."""
    # Nothing more can reach the broken stream; keep the flush at exit quiet.
    if not isinstance(sys.stdout, _ClosedStream):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    if not isinstance(exc, BrokenPipeError):
        print(f"{PROG}: error: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status. Leaves the process's global state
    (the garbage collector among it) as it found it: only :func:`run`, the program itself,
    tunes the collector."""
    from .errors import ImgsynthRefsError, UsageError

    argv = sys.argv[1:] if argv is None else list(argv)
    # The command comes first; with options before it (--help, --version), build them all.
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if getattr(args, "run", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except UsageError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 2
    except ImgsynthRefsError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError as exc:
        # The reader went away (e.g. `| head`): not worth a message.
        return _write_failed(exc)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{PROG}: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except UnicodeEncodeError as exc:
        print(
            f"{PROG}: error: the output has characters the terminal's encoding "
            f"({exc.encoding}) cannot show; use -o FILE or set PYTHONIOENCODING=utf-8",
            file=sys.stderr,
        )
        return 1
    except Exception as exc:
        if os.environ.get("IMGSYNTH_REFS_DEBUG"):
            raise
        print(
            f"{PROG}: internal error: {type(exc).__name__}: {exc} "
            "(set IMGSYNTH_REFS_DEBUG=1 for a traceback)",
            file=sys.stderr,
        )
        return 1
