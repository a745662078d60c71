"""The arXiv look-up of ``check`` through :func:`imgsynth_refs.resolve.resolve`: the record
store and resolver cache, and online the sources (arXiv, then the published-version
search). An id a source answered it does not know is "no record"; an id that could not be
asked about (offline, refused, rate-limited, timed out) is "unchecked", with the source
and the reason, so that the two never look the same."""

from __future__ import annotations

from collections.abc import Sequence

from ..identifiers import Identifier
from ..record_store import RecordStore
from ..resolve import ProgressCallback, resolve
from ..sources.config import Config
from ..sources.published import Status
from .model import ArxivLookup, LookupResult

__all__ = [
    "resolver_lookup",
]


def resolver_lookup(
    *, offline: bool, progress: ProgressCallback | None = None, config: Config | None = None
) -> ArxivLookup:
    """An :data:`~imgsynth_refs.check.model.ArxivLookup` through the resolver; with
    ``offline`` the record store and cache only."""

    def lookup(arxiv_ids: Sequence[str]) -> LookupResult:
        settings = config or Config.from_env()
        report = resolve(
            [f"arXiv:{i}" for i in arxiv_ids],
            offline=offline,
            prefer="published",
            progress=progress,
            config=settings,
        )
        records = {item.identifier.id: item.reference for item in report.items}
        unchecked: dict[str, str] = {}
        failed = [f for f in report.failures if f.identifier is not None]
        if failed:
            with RecordStore(settings.cache_dir) as store:
                for failure in failed:
                    ident = failure.identifier
                    assert ident is not None
                    if not _answered_unknown(store, ident):
                        unchecked[ident.id] = f"arxiv: {failure.reason}"
        for upgrade in report.upgrades:
            if upgrade.outcome.status is Status.FAILED:
                unchecked.setdefault(
                    upgrade.identifier.id, f"published-version search: {upgrade.outcome.message}"
                )
        return LookupResult(records, unchecked)

    return lookup


def _answered_unknown(store: RecordStore, ident: Identifier) -> bool:
    """Whether a source answered that it does not know ``ident`` (the store keeps only such
    answers, never transient faults)."""
    found = store.get(ident, max_age=None)
    return found is not None and found.reference is None
