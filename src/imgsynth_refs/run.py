"""What one run of ``resolve`` or ``upgrade`` shares: the session, config and record store,
each made when first needed."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import requests

    from .record_store import RecordStore
    from .sources.config import Config

__all__ = ["Run"]


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
            from .sources.config import Config

            self._config = Config.from_env()
        return self._config

    @property
    def session(self) -> requests.Session:
        if self._session is None:
            from .sources.http import make_session

            self._session = self._own_session = make_session(
                self.config, offline=self.offline, refresh=self.refresh
            )
        return self._session

    @property
    def store(self) -> RecordStore:
        """The record store in the cache folder, opened when first needed."""
        if self._store is None:
            from .record_store import RecordStore

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
