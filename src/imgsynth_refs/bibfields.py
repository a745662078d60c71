"""Which fields of a BibTeX entry name a work, and the identifiers they name.

The one place that reads identifiers out of .bib entries: :mod:`imgsynth_refs.extract`,
:mod:`imgsynth_refs.merge`, :mod:`imgsynth_refs.check` and the BibTeX reader
(:func:`imgsynth_refs.bibtex.entry_to_reference`) all ask it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .identifiers import OPENREVIEW_ID, Identifier, Invalid, _arxiv, _prefixed_arxiv, classify

__all__ = ["BIB_ID_FIELDS", "classify_entry", "identifiers_in_entry"]

BIB_ESCAPE = re.compile(r"\\([_%&#$~{}])")
"""LaTeX escapes found in .bib URLs and DOIs (``content\\_CVPR\\_2019``, ``50\\%``)."""

BIB_ID_FIELDS: tuple[str, ...] = ("eprint", "arxivid", "arxiv", "doi", "openreview", "url")
"""Fields of a BibTeX entry that carry identifiers, in the order they are read."""


def _unbrace(value: str) -> str:
    return BIB_ESCAPE.sub(r"\1", value).replace("{", "").replace("}", "").strip()


def classify_entry(fields: Mapping[str, str]) -> list[tuple[str, str, Identifier | Invalid]]:
    """Each identifier (or invalid look-alike) in a BibTeX entry, as (field, text, result).

    ``fields`` maps field names (any case) to raw values. Read, in :data:`BIB_ID_FIELDS` order:
    ``eprint`` (when ``archiveprefix``/``eprinttype`` is ``arXiv`` or absent), ``arxivid``,
    ``arxiv``, ``doi``, ``openreview`` and ``url`` (several URLs may be separated by spaces);
    ``text`` is the value (or the one URL) read, with LaTeX escapes (``\\_``) and braces
    undone. A value that is neither an identifier nor a look-alike of one (an ``eprint`` of
    another archive, a ``url`` that is no link) gives nothing. Field names come back lower-cased.
    """
    lowered = {key.lower(): _unbrace(str(value)) for key, value in fields.items()}
    prefix = (lowered.get("archiveprefix") or lowered.get("eprinttype") or "").lower()
    found: list[tuple[str, str, Identifier | Invalid]] = []
    for key in BIB_ID_FIELDS:
        value = lowered.get(key, "")
        if not value or (key == "eprint" and prefix not in ("", "arxiv")):
            continue
        result: Identifier | Invalid | None
        if key in ("eprint", "arxivid", "arxiv"):
            result = _prefixed_arxiv(value) or _arxiv(value)
            if result is None and prefix == "arxiv":
                result = Invalid("arxiv", value, f"not an arXiv id: {value!r}")
        elif key == "openreview":
            valid = OPENREVIEW_ID.fullmatch(value)
            result = Identifier("openreview", value) if valid else None
        elif key == "doi":
            result = classify(value) or Invalid("doi", value, f"not a DOI: {value!r}")
        else:
            for part in value.split():
                if (url := classify(part)) is not None:
                    found.append((key, part, url))
            continue
        if result is not None:
            found.append((key, value, result))
    return found


def identifiers_in_entry(fields: Mapping[str, str]) -> list[Identifier]:
    """The valid identifiers of a BibTeX entry (see :func:`classify_entry`), without duplicates.

    Used to tell which works a .bib already holds: an entry with ``eprint = {1511.06434}``,
    ``archiveprefix = {arXiv}`` and ``url = {https://arxiv.org/abs/1511.06434v2}`` gives one
    identifier, ``Identifier("arxiv", "1511.06434")``. Invalid values are skipped.
    """
    seen: dict[tuple[str, str], Identifier] = {}
    for _field, _text, result in classify_entry(fields):
        if isinstance(result, Identifier):
            seen.setdefault((result.kind, result.id), result)
    return list(seen.values())
