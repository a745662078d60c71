"""Export formats behind one registry, in the manner of pybtex's plugins.

A format is a :class:`Writer` subclass that implements :meth:`Writer.write_stream` and
registers itself with :func:`register`; :meth:`Writer.to_string` and
:meth:`Writer.write_file` (atomic: a failed export leaves an existing file as it was)
come from the base class. :func:`find_writer` finds a format by name or by file suffix.

Formats, one module each in :mod:`imgsynth_refs.formats`: ``bibtex`` (.bib), ``biblatex``,
``csl-json`` (.csl.json, what pandoc's citeproc reads), ``markdown`` (.md, a reading list
per era), ``json`` (.json, the records as the models dump them); ``html`` and ``svg`` (a
reading-list page and a timeline figure) live in :mod:`imgsynth_refs.timeline`. Each
registers here when first asked for (:data:`FORMAT_MODULES`).

For scripts::

    from imgsynth_refs import load_catalog
    from imgsynth_refs.export import export

    refs = load_catalog().select(["gan"])
    text = export(refs, "bibtex", path="gan.bib")
"""

from __future__ import annotations

import io
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, TextIO

from .catalog import load_catalog
from .errors import UsageError
from .fileio import atomic_write_text
from .house_style import apply_house_style
from .models import check_prefer

if TYPE_CHECKING:
    from .house_style import HouseStyle
    from .models import Era, Prefer, Reference

__all__ = [
    "FORMAT_MODULES",
    "Writer",
    "available_formats",
    "export",
    "find_writer",
    "register",
    "short_venues",
]

_WRITERS: dict[str, type[Writer]] = {}

FORMAT_MODULES: dict[str, str] = {
    "bibtex": "formats.bibtex",
    "biblatex": "formats.bibtex",
    "csl-json": "formats.csl",
    "json": "formats.records",
    "markdown": "formats.markdown",
    "html": "timeline.page",
    "svg": "timeline.figure",
}
"""Where each shipped format lives (relative to the package): its module registers it the
first time it is asked for, so that writing BibTeX does not import the page and the figure."""


def _load(names: Iterable[str] = FORMAT_MODULES) -> None:
    for module in sorted({FORMAT_MODULES[name] for name in names if name in FORMAT_MODULES}):
        import_module(f"{__package__}.{module}")


class Writer(ABC):
    """One export format. Subclasses set :attr:`name` and implement :meth:`write_stream`."""

    name: ClassVar[str]
    """Format name used on the command line (``bibtex``)."""
    suffixes: ClassVar[tuple[str, ...]] = ()
    """File name endings that select this format (``.bib``), longest match wins."""
    description: ClassVar[str] = ""
    """One line for ``--help``."""
    house_styled: ClassVar[bool] = True
    """Whether :meth:`to_string` applies the house style
    (:func:`~imgsynth_refs.house_style.apply_house_style`) before writing."""

    def __init__(
        self,
        *,
        prefer: Prefer = "published",
        eras: Sequence[Era] | None = None,
        style: HouseStyle | None = None,
    ) -> None:
        check_prefer(prefer)
        self.prefer: Prefer = prefer
        """``published``: the published version; ``arxiv``: the preprint where there is one."""
        self._eras = list(eras) if eras is not None else None
        self.style = style
        """The house style (``None``: the registry's defaults)."""

    @property
    def eras(self) -> list[Era]:
        """Eras in the article's order (the shipped catalog's unless given)."""
        if self._eras is None:
            self._eras = list(load_catalog().eras)
        return self._eras

    @abstractmethod
    def write_stream(self, refs: Sequence[Reference], stream: TextIO) -> None:
        """Write ``refs`` in this format to a text stream."""

    def to_string(self, refs: Iterable[Reference]) -> str:
        """``refs`` in this format as a string, in the house style if :attr:`house_styled`."""
        refs = list(refs)
        if self.house_styled:
            refs = apply_house_style(refs, self.style)
        stream = io.StringIO()
        self.write_stream(refs, stream)
        return stream.getvalue()

    def write_file(self, refs: Iterable[Reference], path: str | Path) -> str:
        """Write ``refs`` to ``path`` atomically; returns the text written.

        The whole text is rendered before the file is touched, and it replaces the file
        in one rename, so a failure leaves an existing file unchanged.
        """
        text = self.to_string(refs)
        atomic_write_text(path, text)
        return text


def register(writer: type[Writer]) -> type[Writer]:
    """Class decorator adding a format to the registry."""
    _WRITERS[writer.name] = writer
    return writer


def available_formats() -> list[str]:
    """Names of the registered formats (the shipped ones and any registered since), sorted."""
    _load()
    return sorted(_WRITERS)


def find_writer(name: str | None = None, *, filename: str | Path | None = None) -> type[Writer]:
    """The format called ``name``, else the one whose suffix ends ``filename``.

    Raises :class:`~imgsynth_refs.errors.UsageError` listing the valid names if neither
    finds one.
    """
    if name is not None:
        _load([name.lower()])
        writer = _WRITERS.get(name.lower())
        if writer is None:
            raise UsageError(f"unknown format {name!r}; valid: {', '.join(available_formats())}")
        return writer
    valid = ", ".join(available_formats())
    if filename is not None:
        lowered = str(filename).lower()
        matches = [
            (len(suffix), writer)
            for writer in _WRITERS.values()
            for suffix in writer.suffixes
            if lowered.endswith(suffix)
        ]
        if matches:
            return max(matches, key=lambda match: match[0])[1]
        raise UsageError(f"cannot tell the format of {str(filename)!r}; use one of: {valid}")
    raise UsageError(f"no format given; valid: {valid}")


def short_venues(refs: Iterable[Reference]) -> list[Reference]:
    """``refs`` with booktitle or journal replaced by the venue's short name.

    ``Advances in Neural Information Processing Systems`` becomes ``NIPS`` (2014) or
    ``NeurIPS`` (2021), as the venue's year-correct short name says; the year is not
    repeated, since the entry carries it. Works without a short venue name are unchanged.
    """
    result = []
    for ref in refs:
        short = ref.venue.short if ref.venue else None
        field = {"conference_paper": "booktitle", "journal_article": "journal"}.get(ref.type)
        if short and field:
            short = re.sub(rf"\s*'?{ref.year}$|\s*'{ref.year % 100:02d}$", "", short) or short
            ref = ref.model_copy(update={field: short})
        result.append(ref)
    return result


def export(
    refs: Iterable[Reference],
    format: str | None = None,
    path: str | Path | None = None,
    *,
    prefer: Prefer = "published",
    eras: Sequence[Era] | None = None,
    style: HouseStyle | None = None,
) -> str:
    """``refs`` in ``format`` (default: from ``path``'s suffix, else ``bibtex``), in the
    house ``style`` (default: the venue registry's).

    With ``path``, also writes the file atomically. Returns the text.
    """
    if format is None and path is None:
        format = "bibtex"
    writer = find_writer(format, filename=path)(prefer=prefer, eras=eras, style=style)
    if path is None:
        return writer.to_string(refs)
    return writer.write_file(refs, path)
