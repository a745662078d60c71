"""LaTeX <-> Unicode for .bib values: reading decodes markup (:mod:`pylatexenc`); writing
escapes what BibTeX or biber would read as markup (8-bit-safe BibTeX: accents as commands)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any, Literal

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexencode import (
    RULE_CALLABLE,
    UnicodeToLatexConversionRule,
    UnicodeToLatexEncoder,
)

__all__ = ["Dialect", "encode_text", "latex_to_unicode"]

Dialect = Literal["bibtex", "biblatex"]


def _clean(value: str) -> str:
    return " ".join(value.split())


def latex_to_unicode(value: str) -> str:
    """LaTeX markup to plain Unicode text (``Bj{\\"o}rn`` -> ``Björn``); whitespace collapsed."""
    if not any(c in value for c in "\\{}$~"):
        return _clean(value)
    # A bare % is text in a .bib value, not the start of a LaTeX comment.
    text = _latex_decoder().latex_to_text(re.sub(r"(?<!\\)%", r"\\%", value))
    return _clean(text.replace("\xa0", " "))


@cache
def _latex_decoder() -> Any:
    # pylatexenc 2.10 reads \textperiodcentered as U+02D9; it is U+00B7 (as in DALL·E).
    context = get_default_latex_context_db().filter_context()
    # It also lacks \textless, \textgreater and \textbar, which the writer uses; drops the
    # logos of LaTeX's kernel and BibTeX ("Typesetting with \TeX" read "Typesetting with"),
    # and the text of \mbox{...} ("\mbox{GAN}s" read "s").
    symbols = {"textperiodcentered": "\u00b7", "textless": "<", "textgreater": ">", "textbar": "|"}
    symbols |= {"TeX": "TeX", "LaTeX": "LaTeX", "LaTeXe": "LaTeX2e", "BibTeX": "BibTeX"}
    symbols |= {"mbox": "%s"}
    context.add_context_category(
        "imgsynth_refs",
        macros=[MacroTextSpec(name, text) for name, text in symbols.items()],
        prepend=True,
    )
    return LatexNodes2Text(latex_context=context, math_mode="text")


# ASCII characters LaTeX treats specially, written so that both BibTeX and biber read
# them as text; braces are dropped, since BibTeX counts even escaped ones.
_SPECIALS = str.maketrans(
    {
        "&": r"\&",
        "%": r"\%",
        "#": r"\#",
        "_": r"\_",
        "$": r"\$",
        "~": r"{\textasciitilde}",
        "^": r"{\textasciicircum}",
        "\\": r"{\textbackslash}",
        # OT1, LaTeX's default font encoding, prints these three as ¡, ¿ and an em dash.
        "<": r"{\textless}",
        ">": r"{\textgreater}",
        "|": r"{\textbar}",
        "{": "",
        "}": "",
    }
)


# LaTeX accent commands for Unicode combining marks. A letter with a canonical
# decomposition is written as its base under these commands (Vietnamese "ắ" is "a" +
# breve + acute: {\\'{\\u{a}}}); pylatexenc handles the rest (Ł, ß, ø, ...). Decomposing
# first also avoids pylatexenc 2.10's wrong table entry for Ű/ű (\\' instead of \\H).
_COMBINING_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0306": "u",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0323": "d",
    "\u0327": "c",
    "\u0328": "k",
    "\u0331": "b",
}


_MATH_ACCENTS = {
    "\u0300": "grave",
    "\u0301": "acute",
    "\u0302": "hat",
    "\u0303": "tilde",
    "\u0304": "bar",
    "\u0306": "breve",
    "\u0307": "dot",
    "\u0308": "ddot",
    "\u030c": "check",
}
"""Math-mode accent commands for the combining marks a math letter (Greek) can carry."""


def _accented(text: str, pos: int, u2lobj: Any) -> tuple[int, str] | None:
    """pylatexenc rule: a decomposable accented letter as accent commands, else ``None``."""
    char = text[pos]
    if char.isascii():
        return None
    base, *marks = list(unicodedata.normalize("NFD", char))
    if not marks or any(m not in _COMBINING_ACCENTS for m in marks):
        return None
    latex = base if base.isascii() else u2lobj.unicode_to_latex(base)
    math = re.fullmatch(r"\\ensuremath\{(.*)\}", latex.removeprefix("{").removesuffix("}"))
    if math:
        # A math letter (Greek ά, ΐ) takes math accents: text accents fail inside math.
        body = math.group(1)
        for mark in marks:
            if mark not in _MATH_ACCENTS:
                return None
            body = f"\\{_MATH_ACCENTS[mark]}{{{body}}}"
        return 1, f"\\ensuremath{{{body}}}"
    for mark in marks:
        command = _COMBINING_ACCENTS[mark]
        if command.isalpha() or len(latex) > 1:
            latex = f"\\{command}{{{latex}}}"
        else:
            latex = f"\\{command}{latex}"
    return 1, latex


@cache
def _latex_encoder() -> Any:
    return UnicodeToLatexEncoder(
        conversion_rules=[UnicodeToLatexConversionRule(RULE_CALLABLE, _accented), "defaults"],
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        unknown_char_policy="keep",
        unknown_char_warning=False,
    )


def encode_text(text: str, dialect: Dialect = "bibtex") -> str:
    """Plain text as a BibTeX field value: specials escaped, and for ``bibtex`` every
    non-ASCII character as a LaTeX macro (``Björn`` -> ``Bj{\\"o}rn``) via pylatexenc.

    BibLaTeX output keeps UTF-8 (biber reads it; with pdflatex, load biblatex with
    ``safeinputenc`` and ``inputenc`` so biber writes macros where needed), except math
    symbols such as Greek letters, which are written as LaTeX (``{\\ensuremath{\\beta}}``).
    """
    if text.isprintable():  # no line break, tab or control character (the common case)
        text = text.translate(_SPECIALS)
    else:
        text = re.sub(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+", " ", text)  # breaks: spaces
        text = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", text.translate(_SPECIALS))  # no controls
    if dialect == "bibtex" and not text.isascii():
        text = _latex_encoder().unicode_to_latex(text)
    elif not text.isascii():
        text = "".join(map(_math_symbol, text))
    return text


@cache
def _math_symbol(char: str) -> str:
    """A character LaTeX sets in math mode (Greek letters, ``∞``) as its macro, else itself:
    biber's ``safeinputenc`` cannot hand such a character to pdflatex."""
    if char.isascii():
        return char
    latex: str = _latex_encoder().unicode_to_latex(char)
    return latex if "\\ensuremath" in latex else char
