"""Citation keys: deterministic, ASCII, unique, and never changed once taken.

Styles (``--key-style``):

- ``google`` (default): ``goodfellow2014generative``, as Google Scholar exports them;
- ``bbt``: ``goodfellowGenerativeAdversarialNets2014``, Better BibTeX's default look;
- ``authoryear``: ``Goodfellow2014``;
- a pattern with ``{auth}``, ``{Auth}``, ``{year}``, ``{shorttitle}``, ``{ShortTitle}``,
  ``{title}``, ``{Title}``, ``{veryshorttitle}``: e.g. ``{auth}{year}{shorttitle}``.

Accents are transliterated with :mod:`anyascii` (``Müller`` -> ``muller``) or, with
``transliteration="german"``, by the German convention (``Müller`` -> ``mueller``).
A key that is already taken gets a suffix ``a``, ``b``, ... (``chen2014learninga``); keys
already in ``taken`` are never changed.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import Literal

from anyascii import anyascii
from pylatexenc.latex2text import LatexNodes2Text

from .errors import UsageError
from .models import Reference

__all__ = [
    "MAX_WIDTH",
    "STOPWORDS",
    "STYLES",
    "Transliteration",
    "ascii_fold",
    "assign_keys",
    "check_style",
    "make_key",
    "unique_key",
]

Transliteration = Literal["ascii", "german"]
STYLES = ("google", "bbt", "authoryear")
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
# Function words a key skips, as Google Scholar and Better BibTeX do.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "towards",
        "via",
        "with",
        "without",
    ]
)
MAX_WIDTH = 64
"""Largest width or length in a key pattern's format spec (``{auth:.8}``)."""

_FIELDS = ("auth", "Auth", "year", "shorttitle", "ShortTitle", "veryshorttitle", "title", "Title")


def ascii_fold(text: str, transliteration: Transliteration = "ascii") -> str:
    """``text`` in ASCII: LaTeX accents and braces removed, Unicode transliterated."""
    if "\\" in text or "{" in text:
        text = LatexNodes2Text().latex_to_text(text)
    if transliteration == "german":
        text = text.translate(_GERMAN)
    return anyascii(text)


def _words(text: str, transliteration: Transliteration) -> list[str]:
    return re.findall(r"[A-Za-z0-9]+", ascii_fold(text, transliteration))


def _significant(title: str, transliteration: Transliteration) -> list[str]:
    words = _words(title, transliteration)
    kept = [w for w in words if w.lower() not in STOPWORDS]
    return kept or words


def _author(ref: Reference, transliteration: Transliteration) -> str:
    if ref.authors:
        person = ref.authors[0]
        name = " ".join(p for p in (person.prefix, person.family) if p)
    else:
        name = ref.organization or ref.publisher or "anon"
    return "".join(_words(name, transliteration)) or "anon"


def _pattern_values(ref: Reference, transliteration: Transliteration) -> dict[str, str]:
    auth = _author(ref, transliteration)
    words = _significant(ref.title, transliteration)
    return {
        "auth": auth.lower(),
        "Auth": auth[:1].upper() + auth[1:],
        "year": str(ref.year),
        "veryshorttitle": words[0].lower() if words else "",
        "shorttitle": "".join(w.lower() for w in words[:3]),
        "ShortTitle": "".join(w[:1].upper() + w[1:] for w in words[:3]),
        "title": "".join(w.lower() for w in words),
        "Title": "".join(w[:1].upper() + w[1:] for w in words),
    }


_STYLE_PATTERNS = {
    "google": "{auth}{year}{veryshorttitle}",
    "bbt": "{auth}{ShortTitle}{year}",
    "authoryear": "{Auth}{year}",
}


def check_style(style: str) -> str:
    """The pattern behind ``style``; :class:`UsageError` if it is neither a style nor a pattern."""
    pattern = _STYLE_PATTERNS.get(style, style)
    if style not in _STYLE_PATTERNS and "{" not in style:
        raise UsageError(
            f"unknown key style {style!r}; valid: {', '.join(STYLES)} "
            "or a pattern such as '{auth}{year}{shorttitle}'"
        )
    try:
        parts = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise UsageError(f"key pattern {style!r} is not a valid pattern: {exc}") from None
    for _, name, spec, _ in parts:
        if name is not None and name not in _FIELDS:
            raise UsageError(
                f"key pattern {style!r} has unknown field {{{name}}}; "
                f"valid: {', '.join('{' + f + '}' for f in _FIELDS)}"
            )
        if spec and ("{" in spec or any(int(n) > MAX_WIDTH for n in re.findall(r"\d+", spec))):
            raise UsageError(
                f"key pattern {style!r}: a width or length in {{{name}:{spec}}} may be at most "
                f"{MAX_WIDTH}, with no field inside it"
            )
    try:
        pattern.format_map(dict.fromkeys(_FIELDS, "x"))
    except (ValueError, TypeError) as exc:
        raise UsageError(f"key pattern {style!r} is not a valid pattern: {exc}") from None
    return pattern


def make_key(
    ref: Reference, style: str = "google", transliteration: Transliteration = "ascii"
) -> str:
    """The key ``ref`` gets in ``style``, before any collision suffix."""
    pattern = check_style(style)
    key = pattern.format_map(_pattern_values(ref, transliteration))
    return re.sub(r"[^A-Za-z0-9_:.\-+]", "", key) or "ref"


def _suffixes() -> Iterable[str]:
    letters = string.ascii_lowercase
    yield from letters
    for first in letters:
        for second in letters:
            yield first + second


def unique_key(base: str, taken: set[str]) -> str:
    """``base``, or ``base`` plus the first free suffix ``a``, ``b``, ..., ``aa``, ...

    Keys compare case-insensitively, as BibTeX does.
    """
    lowered = {key.lower() for key in taken}
    if base.lower() not in lowered:
        return base
    for suffix in _suffixes():
        if (base + suffix).lower() not in lowered:
            return base + suffix
    raise UsageError(f"too many works share the key {base!r}")


def assign_keys(
    refs: Iterable[Reference],
    taken: Iterable[str] = (),
    style: str = "google",
    transliteration: Transliteration = "ascii",
) -> list[Reference]:
    """Give every reference without a key a unique one; existing keys stay as they are.

    Deterministic: the same references in the same order and the same ``taken`` keys
    always get the same keys.
    """
    refs = list(refs)
    used = set(taken) | {r.key for r in refs if r.key}
    result = []
    for ref in refs:
        if ref.key is None:
            key = unique_key(make_key(ref, style, transliteration), used)
            used.add(key)
            ref = ref.model_copy(update={"key": key})
        result.append(ref)
    return result
