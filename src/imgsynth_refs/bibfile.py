"""Byte-preserving editing of a user's .bib file.

A thesis .bib is edited by hand for years; this module changes it only by inserting new
entries or replacing the bytes of one field value, and leaves every other byte as it was:
entries, field order, comments, ``@string``, ``@preamble``, blank lines, encoding and line
endings.

bibtexparser v2 parses the file (blocks, keys, fields, start lines); each block's ``raw``
text is located in the file to get its span. Field-value spans, which the library does not
give, come from a small scanner that follows the library's own splitting rules and is
checked against the library's field names before anything is edited.

A file that does not parse (a ``ParsingFailedBlock``: unbalanced braces, a missing comma,
binary junk) is never rewritten: :class:`~imgsynth_refs.errors.BibParseError` names the
line.
"""

from __future__ import annotations

import difflib
import fcntl
import logging
import os
import re
import stat
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import bibtexparser
from bibtexparser.model import (
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ExplicitComment,
    ImplicitComment,
    ParsingFailedBlock,
)
from pylatexenc.latexencode import unicode_to_latex

from .errors import BibParseError, DataError, EntryParseError
from .fileio import atomic_write_bytes, read_limited, remove_stale_temporaries

__all__ = [
    "DIFF_CONTEXT",
    "LOCK_TIMEOUT",
    "BibEntry",
    "BibFile",
    "Edit",
    "FieldSpan",
    "WriteResult",
    "check_editable",
    "editing",
    "looks_like_bib",
    "unified_diff",
    "write_bib",
]

# bibtexparser logs an aborted block as a multi-line warning; BibFile reports it instead.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

# C0 controls other than tab, line feed, vertical tab, form feed and carriage return: a
# text .bib has none of them, so their presence means binary data.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# One part of an unbraced BibTeX value: a number, a macro name, {...} or "...".
_BARE_PIECE = re.compile(r'\s*(?:\d+|[A-Za-z_][^\s"#%\'(),={}]*|\{.*\}|".*")\s*', re.DOTALL)
_BLANK_LINE = re.compile(r"\n[ \t\r\f]*\n")
_BAD_TYPE = re.compile(r"^[ \t]*@[ \t]*(?P<type>(?![A-Za-z])[^\s{(]*)[ \t]*[{(]", re.MULTILINE)
"""An ``@`` opening a line outside entries, with no valid entry type before its ``{``/``(``
(``@['JournalArticle','Conference']{``, ``@{key,``): BibTeX reads it as an entry and fails,
bibtexparser as a comment."""


@dataclass(frozen=True, slots=True)
class BibEntry:
    """One entry of a .bib file, with where it is."""

    key: str
    """Citation key as written."""
    entry_type: str
    """Entry type, lower-cased (``article``, ``inproceedings``)."""
    fields: dict[str, str]
    """Field values by lower-cased name: ``@string`` macros resolved, outer braces or quotes
    removed, LaTeX kept."""
    start: int
    """Offset of the ``@`` in :attr:`BibFile.text`."""
    end: int
    """Offset just after the closing brace."""
    line: int
    """Line of the ``@`` (1-based)."""
    duplicate_fields: frozenset[str] = frozenset()
    """Field names given more than once (BibTeX uses the first)."""

    def get(self, name: str) -> str | None:
        """The value of field ``name`` (case-insensitive), or ``None``."""
        return self.fields.get(name.lower())


@dataclass(frozen=True, slots=True)
class FieldSpan:
    """Where one field's value lies in :attr:`BibFile.text`, enclosing braces included."""

    name: str
    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``new`` (an insertion when ``start == end``)."""

    start: int
    end: int
    new: str


@dataclass(slots=True)
class BibFile:
    """A parsed .bib file that remembers its exact bytes."""

    source: str
    """File name (or a label) used in messages."""
    data: bytes
    text: str
    encoding: str
    """``utf-8`` or, when the bytes are not valid UTF-8, ``latin-1``."""
    newline: str
    """``\\n`` or ``\\r\\n``: the style new lines are written in."""
    entries: list[BibEntry]
    strings: dict[str, str]
    """``@string`` macros by lower-cased name (raw values)."""
    blocks: list[tuple[Block, int, int]] = field(repr=False)
    """Every bibtexparser block with its span in :attr:`text`, in file order."""
    notes: list[str] = field(default_factory=list)
    """What a user should know about how the file was read (encoding, duplicates)."""
    failures: list[EntryParseError] = field(default_factory=list)
    """Blocks that did not parse (only with ``strict=False``); the file is then read-only."""

    @classmethod
    def read(cls, path: str | Path, *, strict: bool = True) -> BibFile:
        """Read and parse ``path`` (see :meth:`parse`); a missing file reads as empty."""
        target = Path(path)
        try:
            data = read_limited(target) if target.exists() else b""
        except OSError as exc:
            raise BibParseError(f"cannot read: {exc.strerror}", file=str(path)) from None
        return cls.parse(data, source=str(path), strict=strict)

    @classmethod
    def parse(cls, data: bytes, *, source: str = "<bytes>", strict: bool = True) -> BibFile:
        """Parse the bytes of a .bib file.

        A block that does not parse raises :class:`BibParseError`, or with ``strict=False``
        is listed in :attr:`failures` (such a file can be checked, never edited).
        """
        text, encoding = _decode(data, source)
        notes = []
        if encoding != "utf-8":
            notes.append(f"{source}: not valid UTF-8; read as {encoding}, bytes kept as they are")

        library = bibtexparser.parse_string(text)
        blocks = _locate(library.blocks, text, source)
        entries: list[BibEntry] = []
        strings: dict[str, str] = {}
        failures: list[EntryParseError] = []
        # Lines are counted from the offsets: bibtexparser's start_line drifts after a value
        # that ends a line with a backslash (``\TeX\`` then a newline).
        counted, line = 0, 1
        for block, start, end in blocks:
            entry = _as_entry(block)
            if entry is not None:
                line += text.count("\n", counted, start)
                counted = start
                entries.append(_bib_entry(entry, block, start, end, line))
                problem = _bare_value_problem(entry, source, entries[-1].line)
                if problem is not None:
                    failures.append(problem)
                    if strict:
                        raise problem
            elif isinstance(block, ParsingFailedBlock):
                failures.append(_parse_error(block, source))
                if strict:
                    raise failures[0]
            elif isinstance(block, ImplicitComment) and (bad := _BAD_TYPE.search(text, start, end)):
                failures.append(
                    EntryParseError(
                        f"entry type {bad['type']!r} is not valid BibTeX (BibTeX skips the "
                        "entry), so the file is left unchanged",
                        file=source,
                        line=text.count("\n", 0, bad.start()) + 1,
                        key=None,
                    )
                )
                if strict:
                    raise failures[-1]
            elif type(block).__name__ == "String":
                strings[block.key.lower()] = block.value  # type: ignore[attr-defined]
        bib = cls(
            source=source,
            data=data,
            text=text,
            encoding=encoding,
            newline=_newline(text),
            entries=entries,
            strings=strings,
            blocks=blocks,
            notes=notes,
            failures=failures,
        )
        for key, lines in sorted(bib.duplicate_keys().items()):
            notes.append(
                f"{source}: key {key!r} is used by more than one entry (lines "
                f"{', '.join(map(str, lines))})"
            )
        return bib

    @property
    def keys(self) -> list[str]:
        """Every entry key in file order (duplicates included)."""
        return [entry.key for entry in self.entries]

    def entry(self, key: str) -> BibEntry:
        """The first entry with this key (case-insensitive, as BibTeX compares keys)."""
        folded = key.lower()
        for entry in self.entries:
            if entry.key.lower() == folded:
                return entry
        raise KeyError(key)

    def duplicate_keys(self) -> dict[str, list[int]]:
        """Keys (case-insensitive) used by more than one entry, with their lines."""
        lines: dict[str, list[int]] = {}
        first: dict[str, str] = {}
        for entry in self.entries:
            folded = entry.key.lower()
            first.setdefault(folded, entry.key)
            lines.setdefault(folded, []).append(entry.line)
        return {first[k]: v for k, v in lines.items() if len(v) > 1}

    def line_of(self, offset: int, entry: BibEntry | None = None) -> int:
        """The 1-based line of a character offset in :attr:`text` (counted from ``entry``'s
        start when given, which is faster)."""
        if entry is not None and entry.start <= offset:
            return entry.line + self.text.count("\n", entry.start, offset)
        return self.text.count("\n", 0, offset) + 1

    def field_spans(self, entry: BibEntry) -> dict[str, FieldSpan]:
        """Spans of ``entry``'s field values, by lower-cased name (first occurrence)."""
        raw = self.text[entry.start : entry.end]
        spans: dict[str, FieldSpan] = {}
        for name, start, end in _scan_fields(raw):
            spans.setdefault(
                name.lower(),
                FieldSpan(name, entry.start + start, entry.start + end, 0),
            )
        names = [name for name in spans]
        expected = list(dict.fromkeys(entry.fields))
        if names != expected:
            raise BibParseError(
                f"entry {entry.key!r}: cannot locate its fields safely "
                f"(found {names}, expected {expected})",
                file=self.source,
                line=entry.line,
            )
        return {
            name: FieldSpan(span.name, span.start, span.end, self.line_of(span.start, entry))
            for name, span in spans.items()
        }

    def insertion_point(self, key: str) -> int:
        """Where an entry with ``key`` goes in a file sorted by key (case-insensitive).

        Before the first entry whose key sorts after ``key``, and before a comment attached
        to that entry (no blank line between); at the end of the file when none does.
        """
        folded = key.lower()
        for index, (block, start, _end) in enumerate(self.blocks):
            entry = _as_entry(block)
            if entry is None or entry.key.lower() <= folded:
                continue
            if index > 0:
                previous, p_start, p_end = self.blocks[index - 1]
                between = self.text[p_end:start]
                if isinstance(previous, ImplicitComment | ExplicitComment) and (
                    between.count("\n") <= 1 and not between.strip()
                ):
                    # The comment's last paragraph is about this entry: keep them together.
                    paragraphs = list(_BLANK_LINE.finditer(self.text, p_start, p_end))
                    start = paragraphs[-1].end() if paragraphs else p_start
            return self._line_start(start)
        return len(self.text)

    def _line_start(self, offset: int) -> int:
        begin = self.text.rfind("\n", 0, offset) + 1
        return begin if not self.text[begin:offset].strip() else offset

    def render_insertions(self, rendered: Sequence[tuple[str, str]], *, sort: bool) -> list[Edit]:
        """Edits that add ``rendered`` ``(key, bibtex)`` entries, in this file's line endings.

        Appended at the end of the file after a blank line, or with ``sort`` each at its
        sorted position (:meth:`insertion_point`). Nothing of the file is changed.
        """
        nl = self.newline
        items = sorted(rendered, key=lambda kv: kv[0].lower()) if sort else list(rendered)
        appended: list[str] = []
        edits: list[Edit] = []
        for key, bibtex in items:
            chunk = _with_newline(bibtex.strip("\n").replace("\r\n", "\n").replace("\n", nl), nl)
            where = self.insertion_point(key) if sort else len(self.text)
            if where == len(self.text):
                appended.append(chunk)
                continue
            before = "" if where == 0 or self.text[where - 1] == "\n" else nl
            edits.append(Edit(where, where, before + chunk + nl))
        if appended:
            edits.append(
                Edit(len(self.text), len(self.text), self._tail_separator() + nl.join(appended))
            )
        return edits

    def _tail_separator(self) -> str:
        nl = self.newline
        if not self.text.strip():
            return ""
        if self.text.endswith(nl + nl) or self.text.endswith("\n\n"):
            return ""
        return nl if self.text.endswith("\n") else nl + nl

    def apply(self, edits: Iterable[Edit]) -> bytes:
        """The file's bytes with ``edits`` applied; every other byte stays as it was.

        New text that the file's encoding cannot hold is written as LaTeX escapes.
        """
        if self.failures:
            raise self.failures[0]
        ordered = sorted(edits, key=lambda e: (e.start, e.end))
        parts: list[bytes] = []
        cursor = 0
        for edit in ordered:
            if edit.start < cursor or edit.end < edit.start:
                raise ValueError("overlapping edits")
            parts.append(self.text[cursor : edit.start].encode(self.encoding))
            parts.append(self._encode_new(edit.new))
            cursor = edit.end
        if not parts:
            return self.data
        parts.append(self.text[cursor:].encode(self.encoding))
        return b"".join(parts)

    def _encode_new(self, text: str) -> bytes:
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError:
            return unicode_to_latex(text, non_ascii_only=True).encode(self.encoding)


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What :func:`write_bib` did."""

    changed: bool
    diff: str = ""
    """Unified diff of the change (only for a dry run; empty when nothing changed)."""
    backup: Path | None = None
    """The previous file, kept as ``path~``."""


DIFF_CONTEXT = 3
"""Unchanged lines shown around each change of a unified diff (difflib's and diff's default)."""

_HUNK_HEADER = re.compile(r"@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


def unified_diff(bib: BibFile, new: bytes, *, name: str | None = None) -> str:
    """A unified diff from ``bib``'s bytes to ``new`` (decoded in the file's encoding).

    Lines both sides share at the start and at the end (all but the new entries, when a
    merge appends to a file of thousands) are set aside before :mod:`difflib` compares the
    rest, keeping :data:`DIFF_CONTEXT` lines of them; hunk line numbers count from the top.
    """
    label = name or bib.source
    old_lines = bib.text.splitlines(keepends=True)
    new_lines = new.decode(bib.encoding).splitlines(keepends=True)
    shared = min(len(old_lines), len(new_lines))
    head = 0
    while head < shared and old_lines[head] == new_lines[head]:
        head += 1
    tail = 0
    while tail < shared - head and old_lines[-1 - tail] == new_lines[-1 - tail]:
        tail += 1
    skip = max(0, head - DIFF_CONTEXT)
    cut = max(0, tail - DIFF_CONTEXT)
    lines = difflib.unified_diff(
        old_lines[skip : len(old_lines) - cut],
        new_lines[skip : len(new_lines) - cut],
        fromfile=label,
        tofile=label + " (new)",
        n=DIFF_CONTEXT,
    )
    return "".join(_shift_hunk(line, skip) if line.startswith("@@") else line for line in lines)


def _shift_hunk(header: str, lines: int) -> str:
    """A hunk header (``@@ -a,b +c,d @@``) with both start lines moved down by ``lines``."""
    match = _HUNK_HEADER.match(header)
    if match is None or not lines:
        return header
    old, old_length, new, new_length = match.groups()
    moved = f"@@ -{int(old) + lines}{old_length or ''} +{int(new) + lines}{new_length or ''} @@"
    return moved + header[match.end() :]


def looks_like_bib(path: Path, bib: BibFile) -> bool:
    """Whether ``path`` may be written as a bibliography: it is new or empty, is named
    ``*.bib``, or already holds BibTeX entries (``/etc/passwd`` or a README is none of these)."""
    return not bib.data.strip() or path.suffix.lower() == ".bib" or bool(bib.entries)


def write_bib(path: str | Path, bib: BibFile, new: bytes, *, dry_run: bool = False) -> WriteResult:
    """Write ``new`` over ``path`` atomically, keeping the previous file as ``path~``.

    With ``dry_run`` nothing is written and the unified diff is returned instead. Refuses
    (:class:`BibParseError`) when the file changed on disk since ``bib`` was read.
    """
    if new == bib.data:
        return WriteResult(changed=False)
    target = Path(path)
    if not looks_like_bib(target, bib):
        raise BibParseError(
            "not a .bib file (no BibTeX entries and the name does not end in .bib); "
            "refusing to add to it",
            file=str(path),
        )
    if dry_run:
        return WriteResult(changed=True, diff=unified_diff(bib, new, name=str(path)))
    current = target.read_bytes() if target.exists() else b""
    if current != bib.data:
        raise BibParseError("file changed on disk while it was being edited", file=str(path))
    try:
        backup = atomic_write_bytes(target, new, backup=target.exists())
    except OSError as exc:
        raise DataError(f"cannot write: {exc.strerror or exc}", file=str(path)) from None
    return WriteResult(changed=True, backup=backup)


LOCK_TIMEOUT = 60.0
"""Seconds to wait for another program editing the same .bib before giving up."""

_FILE_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def check_editable(path: str | Path) -> None:
    """Refuse (:class:`DataError`) a .bib to write that is a pipe, device or socket: it would
    hang or never end, and cannot be replaced atomically. (Reading a folder fails anyway.)"""
    try:
        mode = Path(path).stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror or exc}", file=str(path)) from None
    for test, kind in _FILE_KINDS:
        if test(mode):
            raise DataError(
                f"is {kind}, not a regular file; refusing to write to it", file=str(path)
            )


@contextmanager
def editing(
    path: str | Path, *, lock: bool = True, timeout: float = LOCK_TIMEOUT
) -> Iterator[None]:
    """The block reads, changes and writes ``path`` as the only editor of it.

    Refuses a target that is a pipe or device (:func:`check_editable`). With ``lock``, holds
    an exclusive ``flock`` on the folder of the file (of the file a symlink points to) for
    the block, so concurrent ``add``/``merge``/``check --fix`` runs take turns instead of
    overwriting each other; no lock file is made (the folder is the lock, and atomic writes
    replace the file itself). Temporary files a killed writer left behind are removed. A lock
    not obtained within ``timeout`` seconds is a :class:`DataError`.
    """
    check_editable(path)
    if not lock or not hasattr(os, "O_DIRECTORY"):
        # (Windows has no flock on folders; write_bib still refuses a file changed meanwhile.)
        yield
        return
    target = Path(path)
    real = target.resolve() if target.is_symlink() else target
    folder = real.parent if str(real.parent) else Path(".")
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise DataError(f"cannot lock its folder: {exc.strerror or exc}", file=str(path)) from None
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise DataError(
                    f"another program is editing a .bib in {folder} (waited {timeout:g} s); "
                    "nothing was changed, try again",
                    file=str(path),
                )
            time.sleep(0.02)
        remove_stale_temporaries(real)
        yield
    finally:
        os.close(fd)  # releases the lock


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _decode(data: bytes, source: str) -> tuple[str, str]:
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    junk = _CONTROL.search(text)
    if junk is not None:
        line = text.count("\n", 0, junk.start()) + 1
        raise BibParseError(
            f"binary data (control character U+{ord(junk.group()):04X}); not a .bib file",
            file=source,
            line=line,
        )
    return text, encoding


def _newline(text: str) -> str:
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf >= text.count("\n") - crlf else "\n"


def _with_newline(text: str, nl: str) -> str:
    return text if text.endswith(nl) else text + nl


def _as_entry(block: Block) -> Entry | None:
    """The entry behind a block, including entries whose key or fields repeat."""
    if isinstance(block, Entry):
        return block
    if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock):
        inner = block.ignore_error_block
        return inner if isinstance(inner, Entry) else None
    return None


def _bib_entry(entry: Entry, block: Block, start: int, end: int, line: int) -> BibEntry:
    fields: dict[str, str] = {}
    for item in entry.fields:
        fields.setdefault(item.key.lower(), str(item.value))
    duplicates = (
        frozenset(k.lower() for k in block.duplicate_keys)
        if isinstance(block, DuplicateFieldKeyBlock)
        else frozenset()
    )
    return BibEntry(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        fields=fields,
        start=start,
        end=end,
        line=line,
        duplicate_fields=duplicates,
    )


def _locate(blocks: Sequence[Block], text: str, source: str) -> list[tuple[Block, int, int]]:
    """Each block with its span in ``text``: blocks are in file order and ``raw`` is a
    verbatim slice, so a forward search from the previous block's end finds it."""
    located = []
    cursor = 0
    for block in blocks:
        raw = block.raw or ""
        start = text.find(raw, cursor) if raw else cursor
        if start < 0:
            line = (block.start_line or 0) + 1
            raise BibParseError("cannot locate a block of the file", file=source, line=line)
        end = start + len(raw)
        located.append((block, start, end))
        cursor = end
    return located


def _bare_value_problem(entry: Entry, source: str, line: int) -> EntryParseError | None:
    """An error for a field whose value is neither braced, quoted, a number, a macro name
    nor a ``#`` concatenation of those (bibtexparser accepts ``{x} year = 2020``)."""
    enclosings = entry.parser_metadata.get("removed_enclosing") or {}
    if "no-enclosing" not in enclosings.values():
        return None
    for item in entry.fields:
        if enclosings.get(item.key) != "no-enclosing":
            continue
        value = str(item.value)
        if not _readable_bare_value(value):
            return EntryParseError(
                f"entry {entry.key!r}: field {item.key!r} has a value BibTeX cannot read "
                f"({value[:40]!r}); is a comma missing?",
                file=source,
                line=line,
                key=entry.key,
            )
    return None


@lru_cache(maxsize=4096)
def _readable_bare_value(value: str) -> bool:
    """Whether an unenclosed value is a number, a macro name or a ``#`` concatenation of
    those and enclosed strings (remembered: files repeat ``month = jan`` and
    ``journal = j-TUGboat # " and " # ...`` in every entry)."""
    pieces = _split_concatenation(value) if "#" in value else (value,)
    return all(_BARE_PIECE.fullmatch(piece) for piece in pieces)


def _split_concatenation(value: str) -> list[str]:
    pieces = []
    depth = 0
    last = 0
    quoted = False
    for index, char in enumerate(value):
        if char == '"' and depth == 0:
            quoted = not quoted
        elif char == "{" and not quoted:
            depth += 1
        elif char == "}" and not quoted:
            depth -= 1
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(value[last:index])
            last = index + 1
    pieces.append(value[last:])
    return pieces


_BLOCK_KEY = re.compile(r"@\w+\s*[{(]\s*([^,\s{}()=\"]+)\s*,")


def _parse_error(block: ParsingFailedBlock, source: str) -> EntryParseError:
    line = (block.start_line or 0) + 1
    reason = str(getattr(block.error, "abort_reason", block.error)).strip()
    raw = block.raw or ""
    head = raw.split("\n", 1)[0].strip()[:60]
    key = _BLOCK_KEY.match(raw)
    return EntryParseError(
        f"does not parse, so it is left unchanged: {reason} (block starting {head!r})",
        file=source,
        line=line,
        key=key.group(1) if key else None,
    )


def _scan_fields(raw: str) -> list[tuple[str, int, int]]:
    """``(name, value_start, value_end)`` of each field in an entry's raw text.

    Follows bibtexparser's splitter: marks are unescaped ``{ } " , =`` and the closing
    delimiter; a value ends at a top-level ``,`` or the closing delimiter.
    """
    opener = min((i for i in (raw.find("{"), raw.find("(")) if i >= 0), default=-1)
    if opener < 0:
        return []
    closer = "}" if raw[opener] == "{" else ")"
    comma = raw.find(",", opener)
    if comma < 0:
        return []
    result: list[tuple[str, int, int]] = []
    position = comma + 1
    length = len(raw)
    while True:
        equals = raw.find("=", position)
        if equals < 0:
            return result
        name = raw[position:equals].strip()
        if not name or closer in name:
            return result
        index = equals + 1
        depth = 0
        quoted = False
        while index < length:
            char = raw[index]
            if index > 0 and raw[index - 1] == "\\" and char in '{}",=)':
                index += 1
                continue
            if char == '"' and depth == 0:
                quoted = not quoted
            elif char == "{" and not quoted:
                depth += 1
            elif char == "}" and not quoted and depth > 0:
                depth -= 1
            elif (char == "," or char == closer) and depth == 0 and not quoted:
                break
            index += 1
        value = raw[equals + 1 : index]
        left = len(value) - len(value.lstrip())
        right = len(value.rstrip())
        result.append((name, equals + 1 + left, equals + 1 + right))
        if index >= length or raw[index] == closer:
            return result
        position = index + 1
