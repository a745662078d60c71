"""The one HTTP session every resolver shares: cache, retries, politeness, limits.

:func:`make_session` assembles it from well-kept parts:

- `requests-cache <https://requests-cache.readthedocs.io>`_: a persistent SQLite cache in
  :attr:`Config.cache_dir <imgsynth_refs.sources.config.Config.cache_dir>`, so a second run
  makes no request. ``refresh=True`` skips reading it (responses are still stored);
  ``offline=True`` never touches the network: a miss raises :class:`OfflineError`.
- urllib3's :class:`~urllib3.util.Retry` on an :class:`~requests.adapters.HTTPAdapter`:
  exponential backoff on connection errors, read errors, 429 and 5xx, honouring
  ``Retry-After`` (arXiv's 429 "Rate exceeded." has none, so it backs off); no retry ever
  comes sooner than the host's minimum interval.
- One adapter per configured origin (the allowlist, which :func:`allow_origin` extends by
  one web page's origin at a time): a request or redirect to any other host raises
  :class:`HostNotAllowedError`. Each adapter applies the connect/read timeouts
  to every request, keeps the per-host minimum interval between real requests
  (:class:`Throttle`), sends the project's User-Agent, and reads at most
  ``max_response_bytes`` of a body before giving up with :class:`ResponseTooLargeError`.

Errors are :class:`requests.RequestException` subclasses, so a resolver catches one family;
:func:`describe_error` turns any of them into a one-line reason.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from requests_cache import CachedSession
from urllib3.exceptions import InvalidHeader
from urllib3.util import Retry

from .. import __version__
from ..errors import DataError, UsageError
from .config import CACHE_EXPIRY, LOCAL_HOSTS, Config, cache_folder, host_of

__all__ = [
    "RETRY_AFTER_MAX",
    "RETRY_STATUSES",
    "HostNotAllowedError",
    "HttpSession",
    "OfflineError",
    "ResponseTooLargeError",
    "Throttle",
    "allow_origin",
    "describe_error",
    "make_session",
    "user_agent",
]

RETRY_AFTER_MAX = 300
"""Longest ``Retry-After`` (seconds) honoured as given; longer ones are cut to this."""

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Statuses retried with backoff."""

_FOREVER = 100 * 365 * 24 * 3600


class HostNotAllowedError(requests.exceptions.InvalidURL):
    """A request or redirect to a host that is not one of the configured sources."""


class ResponseTooLargeError(requests.exceptions.RequestException):
    """A response body larger than ``Config.max_response_bytes``."""


class OfflineError(requests.exceptions.ConnectionError):
    """Offline mode and the response is not in the cache."""


def _homepage() -> str | None:
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("imgsynth-refs").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "homepage":
            return url.strip()
    return None


@functools.cache
def user_agent() -> str:
    """``imgsynth_refs/<version> (+<homepage>)``, sent with every request."""
    homepage = _homepage()
    return f"imgsynth_refs/{__version__}" + (f" (+{homepage})" if homepage else "")


@dataclass
class Throttle:
    """Per-host minimum interval between real requests, and a record of them.

    ``clock`` and ``sleep`` may be replaced (tests use a fake clock). Cached responses
    never pass through here, so they neither wait nor count.
    """

    delays: dict[str, float]
    """Minimum seconds between requests, per ``host[:port]``."""
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    sent: Counter[str] = field(default_factory=Counter)
    """Requests put on the wire per ``host[:port]``, retries included."""
    waits: list[tuple[str, float]] = field(default_factory=list)
    """Every pause taken, in order: ``(host, seconds)`` (politeness and retry backoff)."""
    _last: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def total_sent(self) -> int:
        """Requests put on the wire, all hosts together."""
        return sum(self.sent.values())

    def pause(self, host: str, seconds: float) -> None:
        """Sleep ``seconds`` (if positive) and record it."""
        if seconds > 0:
            self.waits.append((host, seconds))
            self.sleep(seconds)

    def before_request(self, host: str) -> None:
        """Wait until the host's interval since its last response has passed; count."""
        with self._lock:
            last = self._last.get(host)
            if last is not None:
                self.pause(host, last + self.delays.get(host, 0.0) - self.clock())
            self.sent[host] += 1

    def after_request(self, host: str) -> None:
        """Mark the end of a request to ``host`` (the interval counts from here)."""
        with self._lock:
            self._last[host] = self.clock()


class _PoliteRetry(Retry):
    """urllib3 Retry whose pauses go through the :class:`Throttle` and respect its interval."""

    def __init__(
        self, *args: Any, host: str = "", throttle: Throttle | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.host = host
        self.throttle = throttle

    def new(self, **kwargs: Any) -> _PoliteRetry:
        retry = super().new(**kwargs)
        retry.host, retry.throttle = self.host, self.throttle
        return retry

    def sleep(self, response: Any = None) -> None:
        retry_after = None
        if response is not None and self.respect_retry_after_header:
            with contextlib.suppress(InvalidHeader):
                retry_after = self.get_retry_after(response)
        # Capped here: urllib3 caps it only from 2.6.3 (retry_after_max), requests allows older.
        seconds = (
            min(retry_after, RETRY_AFTER_MAX)
            if retry_after is not None
            else self.get_backoff_time()
        )
        assert self.throttle is not None, "made by _SourceAdapter, copied by new()"
        self.throttle.pause(self.host, max(seconds, self.throttle.delays.get(self.host, 0.0)))
        self.throttle.sent[self.host] += 1


class _SourceAdapter(HTTPAdapter):
    """Transport to one configured origin: timeouts, politeness, size cap, User-Agent."""

    def __init__(self, host: str, config: Config, throttle: Throttle, *, offline: bool) -> None:
        self._host = host
        self._config = config
        self._throttle = throttle
        self._offline = offline
        self._user_agent = user_agent()
        retry = _PoliteRetry(
            total=config.retries,
            status_forcelist=RETRY_STATUSES,
            backoff_factor=config.backoff_factor,
            raise_on_status=False,
            # Semantic Scholar's paper batch is a POST that only reads: retried like a GET.
            allowed_methods=Retry.DEFAULT_ALLOWED_METHODS | {"POST"},
            host=host,
            throttle=throttle,
        )
        super().__init__(pool_connections=1, pool_maxsize=1, max_retries=retry)

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: bool | str = True,
        cert: Any = None,
        proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        if self._offline:
            raise OfflineError(f"offline, and not in the cache: {request.url}", request=request)
        if timeout is None:
            timeout = (self._config.connect_timeout, self._config.read_timeout)
        request.headers["User-Agent"] = self._user_agent
        self._throttle.before_request(self._host)
        try:
            response = super().send(
                request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
            )
            self._read_capped(response)
        finally:
            self._throttle.after_request(self._host)
        return response

    def _read_capped(self, response: requests.Response) -> None:
        limit = self._config.max_response_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            response.close()
            raise ResponseTooLargeError(
                f"response of {declared} bytes exceeds the limit of {limit} bytes",
                request=response.request,
                response=response,
            )
        body = bytearray()
        for chunk in response.iter_content(64 * 1024):
            body += chunk
            if len(body) > limit:
                response.close()
                raise ResponseTooLargeError(
                    f"response exceeds the limit of {limit} bytes",
                    request=response.request,
                    response=response,
                )
        response._content = bytes(body)


class _RefusingAdapter(BaseAdapter):
    """Catch-all for every URL outside the configured sources."""

    def __init__(self, allowed: frozenset[str]) -> None:
        super().__init__()
        self._allowed = allowed

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> Any:
        hosts = ", ".join(sorted(self._allowed))
        raise HostNotAllowedError(
            f"{request.url}: not one of the configured sources ({hosts})", request=request
        )

    def close(self) -> None:
        """Nothing to release."""


class HttpSession(CachedSession):
    """A :class:`requests.Session` with the cache; build it with :func:`make_session`."""

    throttle: Throttle
    """Politeness state and the record of real requests (``throttle.sent``, ``throttle.waits``)."""
    config: Config
    offline: bool
    refresh: bool

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> Any:  # type: ignore[override]
        if self.refresh:
            kwargs["force_refresh"] = True
        if self.offline:
            # Accept expired entries too; nothing could replace them.
            request.headers["Cache-Control"] = f"max-stale={_FOREVER}"
        return super().send(request, **kwargs)


def make_session(config: Config, *, offline: bool = False, refresh: bool = False) -> HttpSession:
    """A new session for the sources of ``config`` (close it, or use it as a context manager).

    ``offline``: answer from the cache only (stale entries included); a miss raises
    :class:`OfflineError` and nothing is ever sent. ``refresh``: send every request again
    and store the fresh responses.
    """
    if offline and refresh:
        raise UsageError("offline and refresh exclude each other")
    origins = {_origin(url) for url in config.base_urls.values()}
    hosts = frozenset(host_of(origin) for origin in origins)
    throttle = Throttle(delays={host: config.delay_for(host) for host in hosts})
    cache_file = config.cache_dir / "http-cache.sqlite"
    with cache_folder(config.cache_dir):
        try:
            session = HttpSession(
                cache_name=str(cache_file),
                backend="sqlite",
                expire_after=CACHE_EXPIRY,
                allowable_codes=(200,),
                # POST too: Semantic Scholar's paper batch (the body is part of the key).
                allowable_methods=("GET", "HEAD", "POST"),
            )
        except sqlite3.DatabaseError as exc:
            raise DataError(
                f"{exc}; delete it to start a new cache", file=str(cache_file)
            ) from None
    session.throttle = throttle
    session.config = config
    session.offline = offline
    session.refresh = refresh
    session.headers["User-Agent"] = user_agent()
    refuse = _RefusingAdapter(hosts)
    session.mount("http://", refuse)
    session.mount("https://", refuse)
    for origin in sorted(origins):
        session.mount(origin, _SourceAdapter(host_of(origin), config, throttle, offline=offline))
    return session


def allow_origin(session: requests.Session, url: str) -> str:
    """Let ``session`` reach the origin of ``url``, a web page outside the configured sources.

    Web pages (data sets, demos, blogs) live on any host, so the web resolver opens their
    origin one page at a time, with the same timeouts, size cap, User-Agent and politeness
    (``Config.host_delay``) as the sources. Plain ``http`` is upgraded to ``https`` (kept only
    for loopback hosts, for local servers). Returns the URL to fetch. A session that is not
    an :class:`HttpSession` (a plain one a caller passed in) is left as it is.
    """
    parts = urlsplit(url)
    if parts.scheme == "http" and (parts.hostname or "") not in LOCAL_HOSTS:
        url = urlunsplit(("https", *parts[1:]))
    if not isinstance(session, HttpSession):
        return url
    origin = _origin(url)
    if origin not in session.adapters:
        host = host_of(origin)
        session.throttle.delays.setdefault(host, session.config.host_delay)
        session.mount(
            origin,
            _SourceAdapter(host, session.config, session.throttle, offline=session.offline),
        )
    return url


def _origin(url: str) -> str:
    """``scheme://host[:port]/``: the prefix an adapter is mounted on."""
    return f"{url.partition('://')[0].lower()}://{host_of(url)}/"


def describe_error(exc: BaseException) -> str:
    """A one-line reason for a failed request (no traceback, no nested reprs)."""
    if isinstance(exc, HostNotAllowedError | ResponseTooLargeError | OfflineError):
        return str(exc)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connection timed out"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "read timed out"
    if isinstance(exc, requests.exceptions.SSLError):
        return "TLS error"
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "connection broken while reading the response (truncated body)"
    if isinstance(exc, requests.exceptions.ConnectionError):
        text = str(exc)
        if "refused" in text.lower():
            return "connection refused"
        if "timed out" in text.lower() or "timeout" in text.lower():
            return "read timed out"
        return "connection failed"
    if isinstance(exc, requests.exceptions.HTTPError) and exc.response is not None:
        return f"HTTP {exc.response.status_code} {exc.response.reason or ''}".strip()
    return f"{type(exc).__name__}: {exc}".splitlines()[0]
