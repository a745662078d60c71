"""BibTeX and BibLaTeX entries <-> :class:`~imgsynth_refs.models.Reference` records.

Reading (:func:`.read.parse_bib`, :func:`.read.entry_to_reference`; import them from
:mod:`.read`: it brings the readers of identifiers, which writing does not need) turns the
text of a .bib file into bibtexparser v2 entries and those into validated records: LaTeX
becomes Unicode (:mod:`pylatexenc`), names are split the way BibTeX splits them (``First von Last``,
``von Last, First``, ``von Last, Jr, First``; braces group), field names are
case-insensitive. A block that does not parse is an error naming its line.

Writing (:func:`reference_to_entry`, :func:`format_entries`) is the project's style:
the entry type follows what the work is, titles brace acronyms and proper nouns
(:func:`protect_title`: case detection plus the word list ``protected_words.txt``), names
are ``Family, Given and ...``, and plain BibTeX gets non-ASCII characters as LaTeX escapes.
A work written as its arXiv preprint (:func:`is_preprint_form`) takes the title and authors
arXiv lists, where they differ from the published ones.

The stages, one module each (bibtexparser v2's middlewares, pybtex's one writer per format):
:mod:`.read` (text -> entries -> records), :mod:`.latex` (LaTeX <-> Unicode), :mod:`.names`
(BibTeX's name splitting), :mod:`.titles` (case protection), :mod:`.macros` (the month
macros both directions share) and :mod:`.write` (records -> entries -> text, both dialects).
"""

from __future__ import annotations

from .latex import Dialect, encode_text, latex_to_unicode
from .macros import MONTHS
from .names import format_name, format_names, parse_names
from .titles import protect_title, protected_words
from .write import (
    arxiv_abs_url,
    format_entries,
    is_preprint_form,
    reference_to_entry,
    with_keys,
    year_is_access_year,
)

__all__ = [
    "MONTHS",
    "Dialect",
    "arxiv_abs_url",
    "encode_text",
    "format_entries",
    "format_name",
    "format_names",
    "is_preprint_form",
    "latex_to_unicode",
    "parse_names",
    "protect_title",
    "protected_words",
    "reference_to_entry",
    "with_keys",
    "year_is_access_year",
]
