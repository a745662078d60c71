"""``bibtex`` and ``biblatex``: the two dialects of :mod:`imgsynth_refs.bibtex`'s writer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, TextIO

from ..bibtex import format_entries
from ..export import Writer, register

if TYPE_CHECKING:
    from ..bibtex import Dialect
    from ..models import Reference

__all__ = ["BiblatexWriter", "BibtexWriter"]


@register
class BibtexWriter(Writer):
    """BibTeX for any style (natbib, plainnat, IEEEtran...): 8-bit safe, LaTeX-escaped."""

    name = "bibtex"
    suffixes: ClassVar[tuple[str, ...]] = (".bib",)
    description = "BibTeX (.bib), ASCII with LaTeX escapes"
    dialect: ClassVar[Dialect] = "bibtex"

    def write_stream(self, refs: Sequence[Reference], stream: TextIO) -> None:
        stream.write(format_entries(refs, dialect=self.dialect, prefer=self.prefer))


@register
class BiblatexWriter(BibtexWriter):
    """BibLaTeX (biber): its own entry types and fields, UTF-8."""

    name = "biblatex"
    suffixes = ()
    description = "BibLaTeX for biber (.bib), UTF-8"
    dialect = "biblatex"
