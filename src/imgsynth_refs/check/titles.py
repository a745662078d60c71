"""Rules about title case: words a style would lowercase (``GAN`` -> ``gan``), and proper
nouns already lowercased (Google Scholar's ``bayes``, ``Imagenet``, ``clip latents``), found
against the verified record of the same work and the project's list of protected words."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise

from ..bibfile import BibEntry, Edit
from ..bibtex import protected_words
from .model import Context, Finding, Severity, balance, register

__all__ = [
    "NO_CASE_CHANGE",
    "Span",
    "lowercased_names",
    "plain_words",
    "unprotected",
    "unprotected_acronyms",
]
from .records import entry_records

_WORD = re.compile(r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*")

NO_CASE_CHANGE = frozenset(
    {
        "book",
        "inbook",
        "manual",
        "phdthesis",
        "proceedings",
        "mvbook",
        "bookinbook",
        "collection",
        "mvcollection",
        "mvproceedings",
        "reference",
        "mvreference",
        "periodical",
    }
)
"""Entry types whose title the standard styles print as written (``plain.bst``'s
``format.btitle``: book, inbook, manual, phdthesis, proceedings; and biblatex's kin)."""

_ORDINARY = frozenset({"inception", "inceptionism", "parti", "imagen"})
"""Protected words that are also ordinary words (or words of other languages) when
lowercase: a lowercase one is not a damaged name."""


def plain_words(text: str) -> list[tuple[int, int, str]]:
    """Words at brace depth 0, outside math and LaTeX command names: what a style's case
    change reaches."""
    if _one_group(text):
        return []  # "{Message from the Chairman}": every word is protected
    words = []
    depth = 0
    index = 0
    math = False
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            index += 1
            while index < length and text[index].isalpha():
                index += 1
            index += 0 if text[index - 1].isalpha() else 1
            continue
        if char == "$":
            math = not math
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and not math and char.isalnum():
            match = _WORD.match(text, index)
            if match is not None:
                words.append((match.start(), match.end(), match.group()))
                index = match.end()
                continue
        index += 1
    return words


def _one_group(text: str) -> bool:
    """Whether ``text`` is one brace group (``{...}``, its first brace closing last)."""
    return text[:1] == "{" and text[-1:] == "}" and balance(text[1:-1]) == 0


def _kept(text: str, start: int) -> bool:
    """Whether BibTeX keeps the case of the character at ``start``: the title's first, and
    the first after a colon and space (``change.case$`` with ``"t"``)."""
    before = text[:start].rstrip()
    return not before or (before.endswith(":") and before != text[:start])


_PIECES = re.compile(r"['-]")
"""What parts of a word are judged apart at (``U-Net``, ``GAN's``)."""
_ELISION = re.compile(r"[A-Za-z]'")
"""A French or Italian elision opening a word (``L'Italia``, ``D'Alembert``)."""

_CANDIDATE = re.compile(r"[A-Za-z0-9][A-Z]|[A-Z][a-z]*\d|\b[A-Z]\b")
"""Something acronym-like (two capitals, a capital after a letter or digit, a capital with
digits, a lone capital): titles without one (and without a listed name) need no closer look."""


def unprotected(text: str, *, english: bool = True) -> list[tuple[int, int, str]]:
    """Spans a style would lowercase wrongly: acronyms and camel case (``GANs``,
    ``StyleGAN``, ``3D``), and the proper nouns and phrases of
    :func:`imgsynth_refs.bibtex.protected_words` (``Markov``, ``Monte Carlo``); the
    pronoun ``I`` only in an English title (in Italian it is an article)."""
    names, phrases = protected_words()
    if _one_group(text) or (not _CANDIDATE.search(text) and names.isdisjoint(_WORD.findall(text))):
        return []
    words = plain_words(text)
    found = []
    index = 0
    while index < len(words):
        for phrase in phrases:
            run = words[index : index + len(phrase)]
            if tuple(w for _, _, w in run) == phrase and all(
                not text[a_end:b_start].strip() for (_, a_end, _), (b_start, _, _) in pairwise(run)
            ):
                if not _kept(text, run[0][0]) or len(phrase) > 1:
                    found.append((run[0][0], run[-1][1], text[run[0][0] : run[-1][1]]))
                index += len(phrase)
                break
        else:
            start, end, word = words[index]
            index += 1
            if word == "I" and not english:
                continue  # the Italian article, which a style may lowercase
            initial_only = word[1:].lower() == word[1:]
            if initial_only and _kept(text, start):
                continue  # "Bayesian ..." opening the title, "T5" after a colon: kept
            pieces = _PIECES.split(word)
            if _ELISION.match(word):
                pieces = pieces[1:]  # French or Italian elision: L'Italia, D'Alembert
            if word.removesuffix("'s") in names or any(_acronym_like(p) for p in pieces):
                found.append((start, end, word))
    return found


_ENGLISH = re.compile(r"^\s*(?:en|english|american|british|usenglish|ukenglish)\b", re.I)


def _english(entry: BibEntry) -> bool:
    """Whether the entry's language (``langid``, ``language``, ``hyphenation``) is English
    or not given."""
    for name in ("langid", "language", "hyphenation"):
        value = entry.fields.get(name)
        if value:
            return bool(_ENGLISH.match(value.strip("{} ")))
    return True


def _acronym_like(piece: str) -> bool:
    """``GAN``, ``GANs``, ``StyleGAN``, ``iGPT``, ``3D``, the ``U`` of ``U-Net``, ``T5``;
    not ``Image``, ``the`` or the article ``A`` (as :func:`imgsynth_refs.bibtex.protect_title`
    decides)."""
    uppers = sum(c.isupper() for c in piece)
    return (
        uppers >= 2
        or (uppers == 1 and not piece[0].isupper() and piece[0].isalpha())
        or (uppers == 1 and piece[0].isdigit())
        or (len(piece) == 1 and piece.isupper() and piece != "A")
        or (piece[:1].isupper() and any(c.isdigit() for c in piece))
    )


Span = tuple[int, int, str, str]
"""Start, end, the word as written, and what to write instead."""


def _title(ctx: Context, entry: BibEntry) -> str | None:
    """The title a style case-changes, or ``None`` (decided once per run: two rules ask)."""
    titles: dict[int, str | None] = ctx.shared("case-changed titles", dict)
    if entry.start not in titles:
        title = entry.fields.get("title")
        if title is None or entry.entry_type in NO_CASE_CHANGE or balance(title) != 0:
            title = None
        titles[entry.start] = title
    return titles[entry.start]


def _located(
    ctx: Context, entry: BibEntry, title: str, find: Callable[[str], list[Span]]
) -> tuple[list[Span], int | None]:
    """What ``find`` finds in the title, with the offset of the title's literal text in the
    file when there is one (then the spans are in it, for fixes). The file is scanned for
    the literal only when something is found."""
    spans = find(title)
    if not spans:
        return [], None
    literal = ctx.literal(entry, "title")
    if literal is None:
        return spans, None
    return find(literal[1]), literal[0]


@register(
    "unprotected-acronym",
    Severity.WARNING,
    "a title word a style that changes case would lowercase (GAN -> gan, Markov -> markov)",
    "brace the word: {GAN} (--fix does it)",
    safe_fix=True,
)
def unprotected_acronyms(ctx: Context) -> Iterator[Finding]:
    """Acronyms, camel case and listed proper nouns outside braces in case-changed titles."""
    for entry in ctx.bib.entries:
        title = _title(ctx, entry)
        if title is None:
            continue
        english = _english(entry)

        def find(text: str, english: bool = english) -> list[Span]:
            return [(a, b, w, "{" + w + "}") for a, b, w in unprotected(text, english=english)]

        spans, offset = _located(ctx, entry, title, find)
        for start, end, word, new in spans:
            edit = Edit(offset + start, offset + end, new) if offset is not None else None
            yield Finding(
                "unprotected-acronym",
                entry.key,
                ctx.line(entry, "title"),
                f"title word {word!r} would be lowercased by styles that change case "
                f"(plain, IEEEtran, ACM, ...)",
                f"write {{{word}}} in the title",
                edit,
            )


def _needs_case(word: str, names: frozenset[str]) -> bool:
    """Whether a word of a verified title must keep its capitals (``CLIP``, ``DreamBooth``,
    ``U-Net``, ``Bayes``)."""
    if word in names or word.removesuffix("'s") in names:
        return True
    return any(_acronym_like(piece) for piece in _PIECES.split(word) if piece)


@register(
    "lowercased-name",
    Severity.WARNING,
    "a name or acronym already lowercased in the title (Google Scholar's 'Imagenet', "
    "'clip latents', 'bayes'), against the verified record of the work and the list of "
    "protected words",
    "write the word as the record does, braced: {ImageNet} (--fix does it)",
    safe_fix=True,
)
def lowercased_names(ctx: Context) -> Iterator[Finding]:
    """Title words whose capitals were lost, compared with the verified record's title and
    with the protected-word list."""
    names, _ = protected_words()
    lowered = {name.lower(): name for name in names if name.lower() not in _ORDINARY}
    listed = re.compile(r"\b(?:" + "|".join(map(re.escape, lowered)) + r")\b", re.IGNORECASE)
    for entry in ctx.bib.entries:
        title = _title(ctx, entry)
        if title is None:
            continue
        records = entry_records(ctx, entry)
        if not records and not listed.search(title):
            continue  # no record to compare with, no listed name in any case
        expected: dict[str, str] = {}
        for ref in records:
            for word in _WORD.findall(ref.title):
                if _needs_case(word, names):
                    expected.setdefault(word.lower(), word)

        def find(text: str, expected: dict[str, str] = expected) -> list[Span]:
            lowered_words = {w.lower() for w in _WORD.findall(text)}
            if lowered_words.isdisjoint(expected) and lowered_words.isdisjoint(lowered):
                return []
            spans = []
            for start, end, word in plain_words(text):
                right = expected.get(word.lower()) or lowered.get(word.lower())
                if right is not None and right != word and not _kept_name(text, start, word, right):
                    spans.append((start, end, word, right))
            return spans

        spans, offset = _located(ctx, entry, title, find)
        for start, end, word, right in spans:
            source = "the verified record" if word.lower() in expected else "protected words"
            edit = (
                Edit(offset + start, offset + end, "{" + right + "}")
                if offset is not None
                else None
            )
            yield Finding(
                "lowercased-name",
                entry.key,
                ctx.line(entry, "title"),
                f"title word {word!r} is {right!r} ({source}); every style prints it as written",
                f"write {{{right}}} in the title",
                edit,
            )


def _kept_name(text: str, start: int, word: str, right: str) -> bool:
    """A name whose only difference is an initial capital a style keeps anyway
    (``Bayesian`` opening a title is written right)."""
    return word[1:] == right[1:] and word[0].upper() == right[0] and _kept(text, start)
