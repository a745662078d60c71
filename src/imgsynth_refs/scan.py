"""Identifiers in prose: every link, ``arXiv:``/``doi:`` reference and bare id in a text.

The rules themselves (patterns, hosts, normalisation) live in :mod:`imgsynth_refs.identifiers`;
this module only finds where candidates start and reads each with those rules. The scan is
linear by design: one left-to-right search for candidate starts, every quantifier bounded, no
nested repetition, and the scan never moves backwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .identifiers import (
    ARXIV_ARCHIVES,
    DOI_PREFIX,
    KNOWN_HOSTS,
    URL_START,
    Identifier,
    Invalid,
    Kind,
    _arxiv,
    _doi,
    _prefixed_arxiv,
    classify,
    strip_trailing,
)

__all__ = ["Found", "find", "iter_find"]


@dataclass(frozen=True, slots=True)
class Found:
    """One occurrence of an identifier (or of an invalid look-alike) in scanned text."""

    identifier: Identifier | None
    """The normalised identifier; ``None`` when the text is an invalid look-alike."""
    found: str
    """The text exactly as it appeared (a line-wrapped link keeps its line break)."""
    line: int
    """1-based line number of the first character of :attr:`found`."""
    reason: str | None = None
    """Why the look-alike is invalid; ``None`` for a valid identifier."""
    offset: int = 0
    """0-based character offset of :attr:`found` in the scanned text."""


URL_CHARS = r"A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%\\"
"""Characters a link is made of in prose (RFC 3986 unreserved, reserved and ``%``, plus the
backslash of Markdown/LaTeX escapes). Anything else ends a link: spaces, quotes, ``<>{}|``,
and every non-ASCII character, so CJK text and full-width punctuation right after a link are
not taken into it (percent-encoded IRIs are unaffected)."""

MAX_LINK = 2048
"""Longest link read in one piece (browsers' practical limit); longer runs are cut."""

_HOSTS = "|".join(map(re.escape, sorted(KNOWN_HOSTS)))
_ARCHIVES = "|".join(map(re.escape, sorted(ARXIV_ARCHIVES, key=len, reverse=True)))

SCAN = re.compile(
    "|".join(
        (
            rf"(?P<url>(?:https?|ftp):(?:\r?\n[ \t]{{0,40}})?//[{URL_CHARS}]{{0,{MAX_LINK}}})",
            rf"(?P<host>(?<![A-Za-z0-9_.@/-])(?:www\.|(?:{_HOSTS})/)[{URL_CHARS}]{{0,{MAX_LINK}}})",
            r"(?P<arxiv>(?<![A-Za-z0-9_])arxiv(?:\.org)?"
            r"(?:[ \t]{0,2}[:\uff1a]\s{0,3}|[ \t]{1,3}(?=\d))[A-Za-z0-9./-]{0,64})",
            rf"(?P<doi>(?<![A-Za-z0-9_])doi(?:[ \t]{{0,2}}[:\uff1a]\s{{0,3}}|[ \t](?=10\.))"
            rf"[{URL_CHARS}]{{0,1000}})",
            rf"(?P<bare>(?<![A-Za-z0-9_./-])10\.\d{{4,9}}(?:\.\d{{1,9}}){{0,3}}/[{URL_CHARS}]{{0,1000}})",
            rf"(?P<old>(?<![A-Za-z0-9_./-])(?:{_ARCHIVES})"
            r"(?:\.[A-Za-z-]{2,16})?/(?:\d{7}|\d{4}\.\d{4,5})(?:v\d{1,4})?(?![\w/]))",
            r"(?P<corr>(?:(?<=(?<![A-Za-z0-9_])corr, )|(?<=(?<![A-Za-z0-9_])corr )"
            r"|(?<=(?<![A-Za-z0-9_])corr, vol\. ))abs/\d{4}\.\d{4,5}(?:v\d{1,4})?(?![\w/]))",
        )
    ),
    re.IGNORECASE | re.ASCII,
)
"""Where a candidate starts: a URL, ``www.`` or a known host, ``arXiv:``, ``doi:``, a bare DOI
``10.NNNN/``, an old-style arXiv id, or dblp's ``CoRR, abs/ID`` (the ``abs/ID`` part). Each
alternative is bounded, so a failed attempt costs a constant and a match never extends past
its bound: scanning is linear in the text length.
The one-character look-behinds keep ``foo.arxiv.org/`` from being an arXiv link and
``x10.1234/y`` or ``a/10.1234/b`` from being DOIs (a URL needs no such check); they test ASCII
only, so CJK text may touch a candidate (``见arXiv:1511.06434``)."""

ANCHOR = re.compile(r"[:/\uff1a](?![:/])|[wW]{3}\.|[aA][rR][xX][iI][vV][ \t]{1,3}\d", re.ASCII)
"""What every candidate holds within :data:`LOOKBACK` of its start: the ``:`` of a scheme or
prefix, the ``/`` of a host, DOI or old arXiv id, ``www.``, or ``arXiv 1511.06434`` written
without a colon (a run of ``:`` and ``/`` anchors once, at its end). The scanner jumps from
anchor to anchor and tries :data:`SCAN` only on the run of link characters ending at each, so
ordinary prose costs one character test per character."""

LOOKBACK = 64
"""How far before an anchor a candidate may start (``cond-mat.mes-hall/``, ``10.1000.10/``)."""

CONTINUATION = re.compile(
    rf"(?P<gap>\r?\n[ \t]{{0,40}}|[ \t])(?P<part>[{URL_CHARS}]{{1,{MAX_LINK}}})"
)
"""What may continue a link cut by a line break (or by one space, as text copied from PDFs
has it: ``…/2021/hash/ c0c7c76d…-Abstract-round1.html``)."""

LINE_BREAK = re.compile(r"\r?\n[ \t]*")

WRAP_ENDINGS = "-_=&?%"
"""A valid link or DOI that ends in one of these at a line end, where a sentence cannot end, is
taken to continue on the next line when the join stays of the same kind and the next line does
not start a new link (``…/spaces/dalle-`` + ``mini/dalle-mini``). Not ``/``: after
``https://example.com/`` a new sentence is likelier than the rest of a path."""

MARKDOWN_SPLIT = re.compile(r"\]\(|\)\[|\\(?![_%&#$~])")
"""Where a link token stops although the characters are URL-legal: ``](`` between a Markdown
link's text and target, and a backslash that escapes nothing."""

MARKDOWN_UNESCAPE = re.compile(r"\\([_%&#$~])")

_LABEL = re.compile(r"(?:arxiv(?:\.org)?|doi)[ \t]{0,2}[:\uff1a]?\s{0,3}", re.IGNORECASE)
"""The ``arXiv:`` / ``DOI:`` label that starts an ``arxiv`` or ``doi`` candidate."""

_AFTER_LABEL = re.compile(
    r"(?:https?|ftp)://|www\.|doi[ \t]{0,2}[:\uff1a]\s{0,3}10\."
    r"|arxiv[ \t]{0,2}[:\uff1a]\s{0,3}(?:\d|[a-z.-]{2,20}/)",
    re.IGNORECASE,
)
"""What may follow such a label when its own rest is no id: a link or a prefixed id."""


def _candidate(group: str, raw: str) -> Identifier | Invalid | None:
    """Read one candidate token (trailing punctuation already stripped)."""
    if group in ("url", "host"):
        link = LINE_BREAK.sub("", raw.replace("&amp;", "&"))
        return classify(MARKDOWN_UNESCAPE.sub(r"\1", link))
    if group == "arxiv":
        return _prefixed_arxiv(raw)
    if group == "doi":
        prefix = DOI_PREFIX.match(raw)
        rest = MARKDOWN_UNESCAPE.sub(r"\1", raw[prefix.end() :] if prefix else "")
        return _doi(rest) if rest.startswith("10.") else None
    if group == "bare":
        return _doi(MARKDOWN_UNESCAPE.sub(r"\1", raw))
    if group == "corr":
        return _arxiv(raw.removeprefix("abs/"))
    return _arxiv(raw)


def _specific(result: Identifier | Invalid | None) -> bool:
    return isinstance(result, Identifier) and result.kind is not Kind.URL


_FIRST = (
    {"h", "f", "w", "a", "d", "1"} | {h[0] for h in KNOWN_HOSTS} | {a[0] for a in ARXIV_ARCHIVES}
)
FIRST_CHAR = re.compile(f"[{''.join(sorted(_FIRST | {c.upper() for c in _FIRST}))}]")
"""The characters a :data:`SCAN` match can start with; other positions are not tried."""

_LINK_CHARS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&()*+,;=%\\"
)


def _next_candidate(text: str, pos: int) -> re.Match[str] | None:
    """The first :data:`SCAN` match starting at or after ``pos``; each position is tried once."""
    while (anchor := ANCHOR.search(text, pos)) is not None:
        at = anchor.start()
        first = at
        lowest = max(pos, at - LOOKBACK)
        while first > lowest and text[first - 1] in _LINK_CHARS:
            first -= 1
        for start in FIRST_CHAR.finditer(text, first, at + 1):
            match = SCAN.match(text, start.start())
            if match is not None:
                return match
        pos = at + 1
    return None


def _scan(text: str) -> Iterator[Found]:
    pos = 0
    line = 1
    counted = 0
    while (match := _next_candidate(text, pos)) is not None:
        start = match.start()
        group = next(name for name, value in match.groupdict().items() if value is not None)
        raw = match.group()
        if group != "old":
            split = MARKDOWN_SPLIT.search(raw)
            if split and (group in ("url", "host", "bare") or split.start() > 0):
                raw = raw[: split.start()]
        token = strip_trailing(raw)
        result = _candidate(group, token)
        end = start + len(token)
        # A link wrapped across lines: join while the join reads better than the part alone.
        raw_end = start + len(raw)
        for _ in range(3):
            cont = CONTINUATION.match(text, raw_end)
            if cont is None:
                break
            part = cont["part"]
            if SCAN.match(part):  # the next token is an identifier of its own: never join
                break
            split = MARKDOWN_SPLIT.search(part)
            joined_raw = raw + (part[: split.start()] if split else part)
            joined = strip_trailing(joined_raw)
            better = _candidate(group, joined)
            wrapped_at_hyphen = (
                "\n" in cont["gap"]
                and raw[-1:] in WRAP_ENDINGS
                and isinstance(result, Identifier)
                and isinstance(better, Identifier)
                and better.kind == result.kind
                and not URL_START.match(part)
                and not part.lower().startswith("www.")
            )
            if not (_specific(better) and not _specific(result)) and not wrapped_at_hyphen:
                break
            result = better
            raw_end = cont.start("part") + len(joined_raw) - len(raw)
            raw = joined_raw
            end = raw_end - (len(joined_raw) - len(joined))
            if split:
                break
        if result is None:
            # "DOI: https://doi.org/…", "arXiv: arXiv:…": a label whose rest is no id may
            # precede a link, so only the label is skipped (a bounded step: still linear).
            label = _LABEL.match(token) if group in ("arxiv", "doi") else None
            inner = label is not None and _AFTER_LABEL.match(text, start + label.end())
            pos = start + (label.end() if label and inner else max(1, len(token)))
            continue
        line += text.count("\n", counted, start)
        counted = start
        found = text[start:end]
        if isinstance(result, Identifier):
            yield Found(result, found, line, None, start)
        else:
            yield Found(None, found, line, result.reason, start)
        pos = max(end, start + 1)


BARE_NEW_ARXIV = re.compile(r"\d{4}\.\d{4,5}(?:v\d{1,4})?", re.ASCII)
"""A new-style arXiv id in prose (``1706.03762``, ``1407.3561v1``); :func:`_alone` then checks
that it stands alone, not in a longer number (``3.14159``, ``2.10.1``, ``2023.10.01``), a path
or a word. Read only where :func:`_marked` finds what makes it an arXiv id; it must then be
a valid id too."""

_WORD_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"
_BEFORE_BARE = frozenset(_WORD_CHARS + ".,/:-")
_AFTER_BARE = frozenset(_WORD_CHARS + "/-")


def _alone(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is a whole token: no word, number or path continues it."""
    if start and text[start - 1] in _BEFORE_BARE:
        return False
    after = text[end : end + 2]
    if after[:1] and after[0] in _AFTER_BARE:
        return False
    return not (after[:1] in (".", ",") and after[1:2].isdigit())


MARKER_BEFORE = re.compile(
    r"(?:(?<![\w])(?:arxiv(?:\.org)?|preprints?|e-?prints?|see|cf\.?)[ \t,:]{1,3}"
    r"(?:(?:also|the|our|paper|preprint|id|no\.)[ \t,:]{1,3}){0,2}|\u89c1[ \t:\uff1a]{0,3})\Z",
    re.IGNORECASE,
)
"""What marks the id that follows as an arXiv id: ``arXiv``, ``preprint``, ``e-print``,
``see`` or ``cf.``, up to two filler words between (``see also``, ``arXiv preprint``), or
the Chinese ``见`` ("see", as in the article's Chinese text)."""

MARKER_AFTER = re.compile(r"[ \t]{0,2}\[[a-z-]{2,16}(?:\.[A-Za-z-]{2,16})?\]", re.ASCII)
"""arXiv's listing form after the id: ``1706.03762 [cs.CL]``."""

REFERENCE_ITEM = re.compile(r"[ \t]{0,8}(?:\[\d{1,4}\]|\d{1,4}\.)[ \t]", re.ASCII)
"""The start of a numbered reference-list line (``[12] ...``, ``12. ...``)."""

MARKER_WINDOW = 48
"""How far before an id its marker words may start."""


def _marked(text: str, start: int, end: int, version: bool) -> bool:
    """Whether the bare id at ``text[start:end]`` is marked as an arXiv id: by a version, by
    words before it, by a category after it, or by standing in a numbered reference list."""
    if version or MARKER_AFTER.match(text, end):
        return True
    window = text[max(0, start - MARKER_WINDOW) : start]
    if MARKER_BEFORE.search(window):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return REFERENCE_ITEM.match(text, line_start) is not None


def _bare_arxiv(text: str) -> Iterator[Found]:
    """Marked bare new-style arXiv ids, in order (the spans of other hits not yet excluded)."""
    line, counted = 1, 0
    for match in BARE_NEW_ARXIV.finditer(text):
        start, end = match.span()
        if not _alone(text, start, end):
            continue
        found = _arxiv(match.group())
        if not isinstance(found, Identifier):
            continue  # a look-alike number, not an attempt at an id
        if _marked(text, start, end, found.version is not None):
            line += text.count("\n", counted, start)
            counted = start
            yield Found(found, match.group(), line, None, start)


ANY_CANDIDATE = re.compile(r"[:/\uff1a]|[wW]{3}\.|[aA][rR][xX][iI][vV]|\d{4}\.\d{4}", re.ASCII)
"""What a text holds if :func:`find` can find anything in it: an :data:`ANCHOR` (or its
``arXiv`` word) or the start of a bare new-style arXiv id. A text without one (most titles,
journals, pages of a .bib) is passed over at the cost of one search."""


def iter_find(text: str) -> Iterator[Found]:
    """:func:`find` one occurrence at a time: memory stays flat on a text of many."""
    if ANY_CANDIDATE.search(text) is None:
        return
    hits = _scan(text)
    hit = next(hits, None)
    taken_until = 0  # the end of the furthest hit so far: a bare id inside it is part of it
    for bare in _bare_arxiv(text) if "." in text else ():
        while hit is not None and hit.offset <= bare.offset:
            yield hit
            taken_until = max(taken_until, hit.offset + len(hit.found))
            hit = next(hits, None)
        if bare.offset >= taken_until:
            yield bare
    if hit is not None:
        yield hit
        yield from hits


def find(text: str) -> list[Found]:
    """Every identifier and invalid look-alike in prose, in order of appearance.

    Recognises links (also inside Markdown ``[text](url)``, HTML ``href="…"`` and ``<…>``, and
    followed by CJK or full-width punctuation), ``arXiv:`` and ``doi:`` references, bare DOIs
    and old-style arXiv ids, and links wrapped over several lines. Bare new-style arXiv ids
    (``1706.03762``) are read where something marks them (see :func:`_marked`: ``arXiv``,
    ``preprint``, ``see`` before, ``[cs.CL]`` after, a version, a numbered reference list);
    elsewhere such numbers are too ambiguous. Each occurrence is reported; see
    :mod:`imgsynth_refs.extract` for one entry per work.
    """
    return list(iter_find(text))
