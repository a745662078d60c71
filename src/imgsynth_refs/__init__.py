"""imgsynth_refs: the bibliography of modern image synthesis.

Paper links become validated records (:mod:`imgsynth_refs.models`) and thesis-ready
BibTeX, BibLaTeX, CSL-JSON or Markdown. The article's bibliography ships with the
package (:func:`load_catalog`), so per-era reading lists work offline.

Names are imported lazily so that ``python -m imgsynth_refs --help`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .bibfile import BibFile
    from .bibtex import format_entries, reference_to_entry
    from .bibtex.read import entry_to_reference, parse_bib
    from .catalog import load_catalog
    from .check import Finding, check_bib
    from .errors import (
        BibParseError,
        DataError,
        ImgsynthRefsError,
        NotFoundError,
        SourceError,
        UsageError,
    )
    from .export import Writer, available_formats, find_writer
    from .identifiers import Identifier
    from .merge import MergeResult, merge_references
    from .models import Catalog, Era, Milestone, Person, Provenance, Reference, Venue, WorkType
    from .upgrade import UpgradeReport, upgrade_bib

_LAZY: dict[str, str] = {
    "BibFile": "bibfile",
    "BibParseError": "errors",
    "Catalog": "models",
    "DataError": "errors",
    "Era": "models",
    "Finding": "check",
    "Identifier": "identifiers",
    "ImgsynthRefsError": "errors",
    "MergeResult": "merge",
    "Milestone": "models",
    "NotFoundError": "errors",
    "Person": "models",
    "Provenance": "models",
    "Reference": "models",
    "SourceError": "errors",
    "UpgradeReport": "upgrade",
    "UsageError": "errors",
    "Venue": "models",
    "WorkType": "models",
    "Writer": "export",
    "available_formats": "export",
    "check_bib": "check",
    "entry_to_reference": "bibtex.read",
    "find_writer": "export",
    "format_entries": "bibtex",
    "load_catalog": "catalog",
    "merge_references": "merge",
    "parse_bib": "bibtex.read",
    "reference_to_entry": "bibtex",
    "upgrade_bib": "upgrade",
}

__all__ = [
    "BibFile",
    "BibParseError",
    "Catalog",
    "DataError",
    "Era",
    "Finding",
    "Identifier",
    "ImgsynthRefsError",
    "MergeResult",
    "Milestone",
    "NotFoundError",
    "Person",
    "Provenance",
    "Reference",
    "SourceError",
    "UpgradeReport",
    "UsageError",
    "Venue",
    "WorkType",
    "Writer",
    "__version__",
    "available_formats",
    "check_bib",
    "entry_to_reference",
    "find_writer",
    "format_entries",
    "load_catalog",
    "merge_references",
    "parse_bib",
    "reference_to_entry",
    "upgrade_bib",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'imgsynth_refs' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
