"""ACL Anthology: a paper's record from its Anthology id (``P18-1238``, ``2023.acl-long.1``).

The Anthology's own BibTeX (``/ID.bib``) is the source of truth and is kept as it is
(its booktitle is the proceedings' title); the record gets the Anthology id and the
normalised venue (``ACL 2018``, ``EMNLP 2020``; see :mod:`imgsynth_refs.venues`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UsageError
from ..identifiers import Kind, read_as
from ..models import Reference
from ..venues import normalize_venue
from . import _fetch

if TYPE_CHECKING:
    from collections.abc import Sequence

    import requests

    from ..identifiers import Identifier
    from .base import Outcome
    from .config import Config

__all__ = [
    "AclResolver",
]


class AclResolver:
    """Resolves ``acl`` identifiers through the ACL Anthology."""

    name = "acl"
    kinds = frozenset({"acl"})

    def __init__(self, session: requests.Session, config: Config) -> None:
        self._session = session
        self._base = config.acl_url

    def fetch(self, acl_id: str) -> Reference:
        """The record of the Anthology paper ``acl_id``."""
        if read_as(Kind.ACL, acl_id) is None:
            raise UsageError(f"not an ACL Anthology id: {acl_id!r}")
        url = f"{self._base}/{acl_id}.bib"
        ref = _fetch.get_bib_entry(self._session, url, source=self.name)
        container = ref.booktitle or ref.journal
        stated = {name for name, value in ref if value and name != "key"} | {"acl_id"}
        return ref.model_copy(
            update={
                "key": None,
                "acl_id": acl_id,
                "venue": normalize_venue(container, ref.year) if container else None,
                "provenance": _fetch.provenance(sorted(stated), url),
            }
        )

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        """One outcome per identifier (see :class:`~imgsynth_refs.sources.base.Resolver`)."""
        return _fetch.resolve_each(identifiers, lambda ident: self.fetch(ident.id))
