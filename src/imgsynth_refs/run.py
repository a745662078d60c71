"""What one run of ``resolve`` or ``upgrade`` shares: the session, config and record store
(each made when first needed), and asking a resolver through the record store."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .record_store import EXPIRY, RecordStore
from .sources.base import Failed
from .sources.config import Config
from .sources.http import dropped_if_unusable, make_session

if TYPE_CHECKING:
    import requests

    from .identifiers import Identifier
    from .models import Reference
    from .record_store import RecordStore
    from .sources.base import Outcome, Resolver
    from .sources.config import Config

__all__ = ["Run", "ask", "from_store", "one_line"]


def _requests_sent(session: requests.Session | None) -> int:
    throttle = getattr(session, "throttle", None)
    return int(getattr(throttle, "total_sent", 0))


class Run:
    """The session, config and record store of one run, made when first needed; a session
    made here is closed by :meth:`close`."""

    def __init__(
        self,
        session: requests.Session | None,
        config: Config | None,
        *,
        offline: bool,
        refresh: bool = False,
    ) -> None:
        self._session = session
        self._own_session: requests.Session | None = None
        self._config = config
        self.offline = offline
        self.refresh = refresh
        self._sent_before = _requests_sent(session)
        self._store: RecordStore | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = Config.from_env()
        return self._config

    @property
    def session(self) -> requests.Session:
        if self._session is None:
            self._session = self._own_session = make_session(
                self.config, offline=self.offline, refresh=self.refresh
            )
        return self._session

    @property
    def store(self) -> RecordStore:
        """The record store in the cache folder, opened when first needed."""
        if self._store is None:
            self._store = RecordStore(self.config.cache_dir)
        return self._store

    @property
    def requests(self) -> int:
        """Requests sent through the session since the run began."""
        return _requests_sent(self._session) - self._sent_before

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        if self._own_session is not None:
            self._own_session.close()


def one_line(exc: BaseException) -> str:
    """``exc`` as one line for a report: its type, then its message with whitespace folded."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _call(resolver: Resolver, idents: list[Identifier]) -> list[Outcome]:
    """One outcome per identifier, in order; never raises. The answers behind a failure
    other than "not found" are dropped from the HTTP cache."""

    def usable() -> bool:
        return not any(isinstance(o, Failed) and not o.not_found for o in outcomes)

    outcomes: Sequence[Outcome] = []
    try:
        with dropped_if_unusable(usable):
            outcomes = resolver.resolve(idents)
            if len(outcomes) != len(idents):
                raise RuntimeError(f"{len(outcomes)} outcomes for {len(idents)} identifiers")
    except Exception as exc:  # a source's bug must not lose the other inputs
        reason = f"{resolver.name}: {one_line(exc)}"
        return [Failed(ident, reason) for ident in idents]
    return list(outcomes)


def ask(
    resolver: Resolver,
    idents: list[Identifier],
    records: dict[tuple[str, str], tuple[Reference, str]],
    reasons: dict[tuple[str, str], str],
) -> list[tuple[Identifier, Reference | str, str]]:
    """One call of ``resolver`` for ``idents``: fill ``records`` and ``reasons``; the answers
    for the record store (records, and what the source said it does not know)."""
    answers: list[tuple[Identifier, Reference | str, str]] = []
    for ident, outcome in zip(idents, _call(resolver, idents), strict=True):
        if isinstance(outcome, Failed):
            reasons[(ident.kind, ident.id)] = outcome.reason
            if outcome.not_found:
                answers.append((ident, outcome.reason, resolver.name))
        else:
            records[(ident.kind, ident.id)] = (outcome.reference, resolver.name)
            answers.append((ident, outcome.reference, resolver.name))
    return answers


def from_store(
    store: RecordStore,
    pending: list[Identifier],
    records: dict[tuple[str, str], tuple[Reference, str]],
    reasons: dict[tuple[str, str], str],
    *,
    offline: bool,
) -> list[Identifier]:
    """Fill ``records`` (and ``reasons``, for identifiers a source said it does not know)
    from the store; the identifiers it has no answer for."""
    missing = []
    for ident in pending:
        found = store.get(ident, max_age=None if offline else EXPIRY)
        if found is None:
            missing.append(ident)
        elif found.reference is None:
            when = found.stored.date().isoformat()
            reasons[(ident.kind, ident.id)] = f"{found.reason} (stored answer of {when})"
        else:
            records[(ident.kind, ident.id)] = (found.reference, found.source)
    return missing
