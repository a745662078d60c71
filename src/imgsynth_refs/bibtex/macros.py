"""BibTeX's standard macros, which reading and writing share."""

from __future__ import annotations

__all__ = ["MONTHS"]

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
"""BibTeX's month macros, January first."""
