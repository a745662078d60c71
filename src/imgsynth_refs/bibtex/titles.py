"""Title case protection: braces around acronyms and proper nouns (``{GAN}``, ``{ImageNet}``)
so that styles which lower-case titles keep them, and nothing else."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from .latex import Dialect, encode_text

__all__ = ["protect_title", "protected_words"]

_WORD_LIST = Path(__file__).resolve().parents[1] / "protected_words.txt"
"""The maintained word list, a data file of the package."""


@cache
def protected_words() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """The maintained list of capitalised proper nouns: (single words, multi-word phrases)."""
    text = _WORD_LIST.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    entries = [line for line in lines if line and not line.startswith("#")]
    words = frozenset(e for e in entries if " " not in e)
    phrases = tuple(sorted((tuple(e.split()) for e in entries if " " in e), key=len, reverse=True))
    return words, phrases


# A title token: leading punctuation, the word, trailing punctuation.
_TOKEN = "(?s)^([\"'(\\[\u201c\u2018]*)(.*?)([\"')\\].,:;!?\u201d\u2019]*)$"


def _needs_braces(word: str, words: frozenset[str]) -> bool:
    """Whether a style that lowercases titles would damage ``word``."""
    if not word:
        return False
    if word in words or word.removesuffix("'s") in words:
        return True
    for part in re.split(r"[-/\u2010\u2011]", word):
        letters = [c for c in part if c.isalpha()]
        if not letters:
            continue
        # Capitals after the first character: ImageNet, GANs, DALL, YFCC100M, 3D, iPhone.
        if any(c.isupper() for c in part[1:]):
            return True
        # A lone capital letter other than the article "A" (Type I, Part B).
        if len(part) == 1 and part.isupper() and part != "A":
            return True
        # A capital with digits names a model or data set: T5, R2, CIFAR10 (caught above).
        if part[0].isupper() and any(c.isdigit() for c in part):
            return True
    return False


def protect_title(title: str) -> str:
    """``title`` with braces around what must keep its capitals.

    Braces go around whole words ({ImageNet}, {GANs}, {DALL-E}) and listed phrases
    ({Conceptual Captions}), never around punctuation, never nested, and never around the
    whole title.
    """
    words, phrases = protected_words()
    tokens = title.split()
    parts = [re.match(_TOKEN, token).groups() for token in tokens]  # type: ignore[union-attr]
    cores = [core for _, core, _ in parts]
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for phrase in phrases:
            n = len(phrase)
            run = tuple(cores[i : i + n])
            # Inner tokens of a phrase carry no punctuation ("Conceptual Captions:").
            if run == phrase and all(not parts[j][2] for j in range(i, i + n - 1)):
                lead, trail = parts[i][0], parts[i + n - 1][2]
                out.append(f"{lead}{{{' '.join(phrase)}}}{trail}")
                i += n
                break
        else:
            lead, core, trail = parts[i]
            out.append(f"{lead}{{{core}}}{trail}" if _needs_braces(core, words) else tokens[i])
            i += 1
    return " ".join(out)


def _encode_title(title: str, dialect: Dialect) -> str:
    # Literal braces are dropped (as encode_text does) before protecting, never nested.
    protected = protect_title(title.replace("{", "").replace("}", ""))
    # Encode the text between the protecting braces, keeping the braces.
    pieces = re.split(r"([{}])", protected)
    return "".join(p if p in "{}" else encode_text(p, dialect) for p in pieces)
