"""A user's .bib as records grouped into bands: by year, or by the value of a field they name
(``keywords``, ``groups``...), so that the page and the figure show their own reading.

An entry that cannot become a record (an unsupported type, no year) is a failure with its
key and reason; the others are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from anyascii import anyascii

from ..bibtex import latex_to_unicode
from ..bibtex.read import entry_to_reference, parse_bib
from ..errors import DataError, UsageError
from ..fileio import decode_text
from ..models import Era, Reference
from .layout import works_text

__all__ = ["MAX_BIB_BYTES", "GroupedBib", "read_grouped"]

MAX_BIB_BYTES = 64 * 1024 * 1024
"""A larger file is refused: no reading list is that long."""
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.:-]*$")
_SEPARATOR = re.compile(r"[,;]")


@dataclass(slots=True)
class GroupedBib:
    """The records of a .bib, each with its band as ``era``, and the bands in order."""

    references: list[Reference]
    eras: list[Era]
    failures: list[str] = field(default_factory=list)
    """One message per entry that could not become a record (names file and key)."""


def read_grouped(path: str | Path, group_by: str = "year") -> GroupedBib:
    """Read the .bib at ``path`` and group its works by year (``group_by="year"``) or by the
    first value of the field ``group_by`` (comma- or semicolon-separated, as ``keywords``
    are); works without the field form the last group.

    Raises :class:`~imgsynth_refs.errors.UsageError` for a field name that cannot be one,
    :class:`~imgsynth_refs.errors.DataError` for a file that cannot be read, is too large
    or holds no entries, :class:`~imgsynth_refs.errors.BibParseError` for one that does not
    parse.
    """
    if not _FIELD_NAME.match(group_by):
        raise UsageError(f"--group-by {group_by!r}: not a field name (or 'year')")
    source = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BIB_BYTES + 1)
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror or exc}", file=source) from None
    if len(data) > MAX_BIB_BYTES:
        raise DataError(f"larger than {MAX_BIB_BYTES // 2**20} MiB", file=source)
    entries = parse_bib(decode_text(data), source=source)
    if not entries:
        raise DataError("no entries", file=source)
    field_name = group_by.lower()
    refs: list[tuple[Reference, str | None]] = []
    failures = []
    for entry in entries:
        try:
            ref = entry_to_reference(entry)
        except DataError as exc:
            failures.append(f"{source}: {exc}")
            continue
        if field_name == "year":
            refs.append((ref, str(ref.year)))
            continue
        raw = entry.fields_dict.get(field_name)
        values = _SEPARATOR.split(latex_to_unicode(str(raw.value))) if raw else []
        refs.append((ref, next((v.strip() for v in values if v.strip()), None)))
    return _grouped(refs, field_name, failures)


def _grouped(
    refs: list[tuple[Reference, str | None]], field_name: str, failures: list[str]
) -> GroupedBib:
    """Bands in order (years ascending; values alphabetically, then works without one)."""
    members: dict[str | None, list[Reference]] = {}
    for ref, value in refs:
        members.setdefault(value, []).append(ref)
    named = [value for value in members if value is not None]
    if field_name == "year":
        named.sort(key=int)
    else:
        named.sort(key=lambda v: (v.casefold(), v))
    ids: dict[str | None, str] = {}
    eras = []
    for value in [*named, *([None] if None in members else [])]:
        years = sorted({ref.year for ref in members[value]})
        span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
        name = value if value is not None else f"No {field_name}"
        ids[value] = _unique_id(name, set(ids.values()))
        eras.append(
            Era(id=ids[value], name=name, years=span, description=works_text(len(members[value])))
        )
    placed = [ref.model_copy(update={"era": ids[value]}) for ref, value in refs]
    return GroupedBib(placed, eras, failures)


def _unique_id(name: str, taken: set[str]) -> str:
    """An era id (``g-deep-learning``) from a group's name, unique among ``taken``."""
    slug = re.sub(r"[^a-z0-9]+", "-", anyascii(name).lower()).strip("-")
    base = f"g-{slug}" if slug else "g"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
