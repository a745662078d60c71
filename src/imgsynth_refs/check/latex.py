"""The LaTeX gate: which keys a document cites (from its ``.aux`` files, as BibTeX and biber
read them, or from its ``.tex`` sources), cited keys the .bib lacks, and entries never cited.

``.aux``: ``\\citation{a,b}`` (BibTeX), ``\\abx@aux@cite{0}{a}`` and ``\\abx@aux@cite{a}``
(biblatex), ``\\@input{chapter.aux}``; ``\\citation{*}`` is ``\\nocite{*}``. ``.tex``: every
``\\...cite...`` command (``\\cite``, ``\\citep``, ``\\parencite``, ``\\textcite``,
``\\nocite``, biblatex's ``\\cites{a}{b}``), outside comments, following ``\\input`` and
``\\include``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import UsageError
from .model import Cited, Context, Finding, Severity, register

__all__ = [
    "MAX_FILES",
    "MAX_FILE_BYTES",
    "merge_cited",
    "missing_citations",
    "read_aux",
    "read_tex",
    "unused_entries",
]

MAX_FILE_BYTES = 20_000_000
"""Largest .aux or .tex file read (a bound on input, not a limit real documents reach)."""
MAX_FILES = 500
"""Most files one document may pull in through ``\\@input``/``\\input``/``\\include``."""

_AUX = re.compile(
    r"\\(?:citation|abx@aux@cite(?:\{[^{}]*\})?(?=\{))\{(?P<keys>[^{}]*)\}|\\@input\{(?P<file>[^{}]*)\}"
)
_CITE = re.compile(r"\\(?P<command>[A-Za-z]*cite[A-Za-z]*)\*?")
_ARGUMENT = re.compile(r"\s*(?:\[[^\]]*\]|\((?:[^()]*)\)|\{(?P<keys>[^{}]*)\})")
_INPUT = re.compile(r"\\(?:input|include|subfile)\s*\{(?P<file>[^{}]+)\}")
_COMMENT = re.compile(r"(?<!\\)%.*")


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UsageError(f"{path}: larger than {MAX_FILE_BYTES} bytes; not a LaTeX file?")
        return path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read: {exc.strerror or exc}") from None


def read_aux(path: str | Path) -> Cited:
    """The keys an ``.aux`` file (and the ``.aux`` files it inputs) cites."""
    keys: dict[str, tuple[str, int]] = {}
    everything = False
    queue = [Path(path)]
    seen: set[Path] = set()
    while queue:
        current = queue.pop(0)
        if current.resolve() in seen:
            continue
        seen.add(current.resolve())
        if len(seen) > MAX_FILES:
            raise UsageError(f"{path}: inputs more than {MAX_FILES} files")
        text = _read(current)
        for match in _AUX.finditer(text):
            if match["file"] is not None:
                queue.append(Path(path).parent / match["file"])
                continue
            line = text.count("\n", 0, match.start()) + 1
            for key in (k.strip() for k in match["keys"].split(",")):
                if key == "*":
                    everything = True
                elif key:
                    keys.setdefault(key, (str(current), line))
    return Cited(keys, everything)


def read_tex(path: str | Path) -> Cited:
    """The keys a ``.tex`` file (and the files it inputs or includes) cites."""
    keys: dict[str, tuple[str, int]] = {}
    everything = False
    root = Path(path).parent
    queue = [Path(path)]
    seen: set[Path] = set()
    while queue:
        current = queue.pop(0)
        if not current.exists() and current.suffix != ".tex":
            current = current.with_name(current.name + ".tex")
        if current.resolve() in seen:
            continue
        seen.add(current.resolve())
        if len(seen) > MAX_FILES:
            raise UsageError(f"{path}: inputs more than {MAX_FILES} files")
        if current != Path(path) and not current.exists():
            continue  # a generated or missing input: LaTeX reports it
        lines = _read(current).splitlines()
        for number, raw in enumerate(lines, start=1):
            line = _COMMENT.sub("", raw)
            for match in _INPUT.finditer(line):
                queue.append(root / match["file"].strip())
            for key in _cited_keys(line):
                if key == "*":
                    everything = True
                else:
                    keys.setdefault(key, (str(current), number))
    return Cited(keys, everything)


def _cited_keys(line: str) -> Iterator[str]:
    """Keys of the citation commands on one line (arguments on that line)."""
    for command in _CITE.finditer(line):
        position = command.end()
        while True:
            argument = _ARGUMENT.match(line, position)
            if argument is None:
                break
            position = argument.end()
            if argument["keys"] is not None:
                yield from (k.strip() for k in argument["keys"].split(",") if k.strip())
                if not command["command"].endswith("s"):
                    break  # \cite{a}: one key argument; \cites{a}{b}: several


def merge_cited(*parts: Cited) -> Cited:
    """Citations of several documents or files together."""
    keys: dict[str, tuple[str, int]] = {}
    for part in parts:
        for key, where in part.keys.items():
            keys.setdefault(key, where)
    return Cited(keys, any(part.everything for part in parts))


@register(
    "missing-citation",
    Severity.ERROR,
    "a key the document cites (--aux/--tex) that no entry of the .bib has",
    "add the entry, or correct the key in the document",
    needs="latex",
)
def missing_citations(ctx: Context) -> Iterator[Finding]:
    """Cited keys without an entry (BibTeX compares keys case-insensitively)."""
    if ctx.cited is None:
        return
    for key, (file, line) in ctx.cited.keys.items():
        if key.lower() not in ctx.by_key:
            yield Finding(
                "missing-citation",
                key,
                line,
                f"cites {key!r}, which {ctx.bib.source} does not have",
                "add the entry, or correct the key in the document",
                file=file,
            )


@register(
    "unused-entry",
    Severity.WARNING,
    "an entry the document never cites (with --unused)",
    "delete it if it is not needed",
    needs="latex",
    default=False,
)
def unused_entries(ctx: Context) -> Iterator[Finding]:
    """Entries neither cited nor the ``crossref`` parent of a cited entry."""
    if ctx.cited is None or ctx.cited.everything:
        return
    cited = {key.lower() for key in ctx.cited.keys}
    for key in list(cited):
        entry = ctx.by_key.get(key)
        parent = entry.fields.get("crossref") if entry is not None else None
        if parent:
            cited.add(parent.strip().lower())
    for entry in ctx.bib.entries:
        if entry.key.lower() not in cited:
            yield Finding(
                "unused-entry",
                entry.key,
                entry.line,
                f"{entry.key!r} is never cited",
                "delete the entry if the document does not need it",
            )
