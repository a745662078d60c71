"""The one small protocol every resolver follows, and its results.

A resolver turns identifiers of the kinds it knows into :class:`Resolved` records or
:class:`Failed` results: failures are data, so a batch keeps what succeeded (the way
bibtexparser keeps a ``ParsingFailedBlock`` instead of aborting). Resolvers never build
their own HTTP session: one :class:`requests.Session` (cache, timeouts, retries,
politeness; see :mod:`imgsynth_refs.sources.http`) is passed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..identifiers import Identifier
    from ..models import Reference

__all__ = [
    "Failed",
    "Outcome",
    "Resolved",
    "Resolver",
]


@dataclass(frozen=True, slots=True)
class Resolved:
    """An identifier and the record its source gave for it."""

    identifier: Identifier
    reference: Reference


@dataclass(frozen=True, slots=True)
class Failed:
    """An identifier that could not be resolved, and why (one line)."""

    identifier: Identifier
    reason: str
    not_found: bool = False
    """True when the source answered and does not know the id (not a transient fault)."""


Outcome = Resolved | Failed


class Resolver(Protocol):
    """Resolves identifiers of some kinds through one source."""

    name: str
    """Short source name used in messages and provenance (``arxiv``, ``neurips``)."""
    kinds: frozenset[str]
    """Identifier kinds it accepts (``{"arxiv"}``)."""

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        """One outcome per identifier, in the same order; never raises for one bad id."""
        ...
