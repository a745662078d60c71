"""The one HTTP session every resolver shares: cache, retries, politeness, limits.

:func:`make_session` assembles it from well-kept parts:

- `requests-cache <https://requests-cache.readthedocs.io>`_: a persistent SQLite cache in
  :attr:`Config.cache_dir <imgsynth_refs.sources.config.Config.cache_dir>`, so a second run
  makes no request. ``refresh=True`` skips reading it (responses are still stored);
  ``offline=True`` never touches the network: a miss raises :class:`OfflineError`.
- urllib3's :class:`~urllib3.util.Retry` on an :class:`~requests.adapters.HTTPAdapter`:
  exponential backoff on connection errors, read errors, 429 and 5xx, honouring
  ``Retry-After`` (arXiv's 429 "Rate exceeded." has none, so it backs off); no retry ever
  comes sooner than the host's minimum interval. A ``Retry-After`` longer than
  ``Config.max_retry_wait`` fails that source at once (:class:`RetryAfterTooLongError`), for
  the rest of the run; a wait of :data:`ANNOUNCED_WAIT` seconds or more is announced on
  stderr (logger ``imgsynth_refs.sources.http``) with the source and the time.
- Deadlines: each attempt of a request has ``Config.request_deadline`` seconds in all
  (connecting and reading every byte; a watchdog shuts the socket of a server that drips its
  answer: :class:`RequestDeadlineError`), and a run may have ``Config.deadline`` seconds for
  all of its requests and waits (:class:`RunDeadlineError`).
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
import logging
import socket
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from requests_cache import CachedSession
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import InvalidHeader
from urllib3.util import Retry

from .. import __version__
from ..cache import CACHE_EXPIRY, cache_folder
from ..errors import DataError, NotFoundError, UsageError
from .config import LOCAL_HOSTS, Config, host_of

__all__ = [
    "ANNOUNCED_WAIT",
    "RETRY_STATUSES",
    "HostNotAllowedError",
    "HttpSession",
    "OfflineError",
    "RequestDeadlineError",
    "ResponseTooLargeError",
    "RetryAfterTooLongError",
    "RunDeadlineError",
    "Throttle",
    "allow_origin",
    "describe_error",
    "dropped_if_unusable",
    "make_session",
    "user_agent",
]

ANNOUNCED_WAIT = 10.0
"""Seconds from which a wait (``Retry-After``, backoff) is announced on stderr."""

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
"""Statuses retried with backoff."""

_FOREVER = 100 * 365 * 24 * 3600


class HostNotAllowedError(requests.exceptions.InvalidURL):
    """A request or redirect to a host that is not one of the configured sources."""


class ResponseTooLargeError(requests.exceptions.RequestException):
    """A response body larger than ``Config.max_response_bytes``."""


class OfflineError(requests.exceptions.ConnectionError):
    """Offline mode and the response is not in the cache."""


class RequestDeadlineError(requests.exceptions.Timeout):
    """A request that did not complete within ``Config.request_deadline`` seconds."""


class RunDeadlineError(requests.exceptions.Timeout):
    """The run's ``Config.deadline`` is used up: no further request or wait."""


class RetryAfterTooLongError(requests.exceptions.RequestException):
    """A source asked to wait longer than ``Config.max_retry_wait``."""


_OWN_ERRORS = (RequestDeadlineError, RunDeadlineError, RetryAfterTooLongError)

_log = logging.getLogger(__name__)


def _duration(seconds: float) -> str:
    """``45 s``, ``5 min``, ``27 h``."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.0f} h"


def _homepage() -> str | None:
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
    names: dict[str, str] = field(default_factory=dict)
    """The source's name per ``host[:port]`` (``arXiv``), for messages."""
    deadline: float | None = None
    """The :attr:`clock` time the run's requests and waits must end by (None: no limit)."""
    refused: dict[str, str] = field(default_factory=dict)
    """Hosts that asked for too long a wait, with the message each later request fails with."""
    _last: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def total_sent(self) -> int:
        """Requests put on the wire, all hosts together."""
        return sum(self.sent.values())

    def name(self, host: str) -> str:
        """The source at ``host`` as messages name it."""
        return self.names.get(host, host)

    def remaining(self) -> float | None:
        """Seconds left of the run's deadline (None: no limit)."""
        return None if self.deadline is None else self.deadline - self.clock()

    def pause(self, host: str, seconds: float, *, why: str = "") -> None:
        """Sleep ``seconds`` (if positive) and record it; a long wait is announced first
        (``why`` says what asked for it). A wait past the run's deadline raises
        :class:`RunDeadlineError` instead."""
        if seconds <= 0:
            return
        left = self.remaining()
        if left is not None and seconds > left:
            raise RunDeadlineError(
                f"{self.name(host)}: a wait of {_duration(seconds)} would pass the run's "
                f"deadline (IMGSYNTH_REFS_DEADLINE; {_duration(max(left, 0))} left)"
            )
        if seconds >= ANNOUNCED_WAIT:
            until = time.strftime("%H:%M:%S", time.localtime(time.time() + seconds))
            _log.warning(
                "imgsynth-refs: %s: waiting %s%s, until %s",
                self.name(host),
                _duration(seconds),
                f" ({why})" if why else "",
                until,
            )
        self.waits.append((host, seconds))
        self.sleep(seconds)

    def before_request(self, host: str) -> None:
        """Wait until the host's interval since its last response has passed; count.

        Fails at once for a host that asked for too long a wait, and once the run's deadline
        has passed."""
        if host in self.refused:
            raise RetryAfterTooLongError(self.refused[host])
        left = self.remaining()
        if left is not None and left <= 0:
            raise RunDeadlineError("the run's deadline (IMGSYNTH_REFS_DEADLINE) has passed")
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
        self,
        *args: Any,
        host: str = "",
        throttle: Throttle | None = None,
        max_wait: float = 300.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.host = host
        self.throttle = throttle
        self.max_wait = max_wait
        # urllib3 >= 2.6.3 cuts Retry-After to 6 h itself; the true wait is needed here.
        self.retry_after_max = _FOREVER

    def new(self, **kwargs: Any) -> _PoliteRetry:
        retry = super().new(**kwargs)
        retry.host, retry.throttle, retry.max_wait = self.host, self.throttle, self.max_wait
        return retry

    def sleep(self, response: Any = None) -> None:
        assert self.throttle is not None, "made by _SourceAdapter, copied by new()"
        retry_after = None
        if response is not None and self.respect_retry_after_header:
            with contextlib.suppress(InvalidHeader):
                retry_after = self.get_retry_after(response)
        if retry_after is not None and retry_after > self.max_wait:
            # Checked here: urllib3 caps it only from 2.6.3 (retry_after_max), requests allows
            # older; and a cap would wait silently where failing at once keeps the run going.
            message = (
                f"{self.throttle.name(self.host)} asks us to wait {_duration(retry_after)} "
                f"(Retry-After), longer than IMGSYNTH_REFS_MAX_RETRY_WAIT "
                f"({_duration(self.max_wait)}); try later"
            )
            self.throttle.refused[self.host] = message
            raise RetryAfterTooLongError(message)
        seconds = retry_after if retry_after is not None else self.get_backoff_time()
        self.throttle.pause(
            self.host,
            max(seconds, self.throttle.delays.get(self.host, 0.0)),
            why="Retry-After" if retry_after is not None else "backing off before a retry",
        )
        self.throttle.sent[self.host] += 1


class _Watchdog:
    """The total deadline of one request attempt: when it passes, the sockets the attempt
    uses are shut down, which ends any read blocked on them (a server dripping bytes)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def begin(self) -> None:
        """Start the clock for a new attempt (a retry gets the full time again)."""
        with self._lock:
            self._cancel()
            self.expired = False
            self._sockets = []
            self._timer = threading.Timer(self.seconds, self._expire)
            self._timer.daemon = True
            self._timer.start()

    def track(self, sock: socket.socket | None) -> None:
        """Watch ``sock`` (shut at once if the time is already up)."""
        if sock is None:
            return
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def finish(self) -> None:
        """The request is over: stop the clock."""
        with self._lock:
            self._cancel()

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


_ACTIVE = threading.local()
"""``watchdog``: the :class:`_Watchdog` of the request this thread is sending, if any."""


def _watch(conn: Any, *, new_attempt: bool = False) -> None:
    watchdog: _Watchdog | None = getattr(_ACTIVE, "watchdog", None)
    if watchdog is not None:
        if new_attempt:
            watchdog.begin()
        watchdog.track(getattr(conn, "sock", None))


class _WatchedHTTPConnection(HTTPConnection):
    def connect(self) -> None:
        super().connect()
        _watch(self)


class _WatchedHTTPSConnection(HTTPSConnection):
    def connect(self) -> None:
        super().connect()
        _watch(self)


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)
        _watch(conn, new_attempt=True)  # each attempt (and retry) takes a connection here
        return conn


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection

    def _get_conn(self, timeout: float | None = None) -> Any:
        conn = super()._get_conn(timeout)
        _watch(conn, new_attempt=True)
        return conn


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
            max_wait=config.max_retry_wait,
        )
        super().__init__(pool_connections=1, pool_maxsize=1, max_retries=retry)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }

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
        seconds = self._config.request_deadline
        left = self._throttle.remaining()
        watchdog = _ACTIVE.watchdog = _Watchdog(seconds if left is None else min(seconds, left))
        try:
            response = super().send(
                request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies=proxies
            )
            self._read_capped(response)
            if watchdog.expired:  # cut off; a body without a length would look complete
                raise requests.exceptions.ConnectionError("cut off", request=request)
        except requests.RequestException as exc:
            inner = exc.args[0] if exc.args else None
            if isinstance(inner, _OWN_ERRORS):  # raised in a retry's wait; requests wraps it
                raise inner from None
            if not watchdog.expired:
                raise
            left = self._throttle.remaining()
            if left is not None and left <= 0:
                raise RunDeadlineError(
                    "the run's deadline (IMGSYNTH_REFS_DEADLINE) passed during the request",
                    request=request,
                ) from None
            raise RequestDeadlineError(
                f"no complete answer within {_duration(watchdog.seconds)} "
                "(IMGSYNTH_REFS_REQUEST_DEADLINE)",
                request=request,
            ) from None
        finally:
            watchdog.finish()
            _ACTIVE.watchdog = None
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
    cache_file: Path
    """The cache's SQLite file (even when it could not be used and answers stay in memory)."""

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> Any:  # type: ignore[override]
        if self.refresh:
            kwargs["force_refresh"] = True
        if self.offline:
            # Accept expired entries too; nothing could replace them.
            request.headers["Cache-Control"] = f"max-stale={_FOREVER}"
        try:
            response = super().send(request, **kwargs)
        except sqlite3.DatabaseError as exc:
            if not _is_write_error(exc):
                raise DataError(
                    f"{exc}; delete it to start a new cache", file=str(self.cache_file)
                ) from None
            _cache_warning(self.cache_file, exc)
            self.settings.disabled = True  # go on without it
            response = super().send(request, **kwargs)
        collecting: list[tuple[HttpSession, requests.Response]] | None
        collecting = getattr(_ANSWERS, "collected", None)
        if collecting is not None:
            collecting.append((self, response))
        return response


def _is_write_error(exc: BaseException, *, existed: bool = True) -> bool:
    """Whether a cache failed to be written (full disk, read-only, a folder or file not made);
    an existing file that cannot be opened could not be read."""
    if isinstance(exc, OSError):
        return True
    words = ("full", "readonly", "read-only") + (() if existed else ("unable to open",))
    return any(word in str(exc).lower() for word in words)


def _cache_warning(cache_file: Path, exc: BaseException) -> None:
    reason = getattr(exc, "strerror", None) or str(exc)
    _log.warning(
        "imgsynth-refs: warning: %s: cannot write the HTTP cache (%s); going on without it",
        cache_file,
        reason,
    )


_ANSWERS = threading.local()
"""``collected``: the answers handed out inside :func:`dropped_if_unusable` in this thread."""


@contextlib.contextmanager
def dropped_if_unusable(usable: Callable[[], bool] = lambda: True) -> Iterator[None]:
    """Drop from the cache every answer a session hands out inside the block when the block
    raises (other than :class:`~imgsynth_refs.errors.NotFoundError`) or ``usable()`` is false
    after it: an answer that could not be used (malformed, nested too deeply, an invalid
    record) is asked again next time instead of failing every run from the cache."""
    outer = getattr(_ANSWERS, "collected", None)
    collected: list[tuple[HttpSession, requests.Response]] = []
    _ANSWERS.collected = collected
    keep = False
    try:
        yield
        keep = usable()
    except NotFoundError:
        keep = True
        raise
    finally:
        _ANSWERS.collected = outer
        if not keep:
            for session, response in collected:
                key = getattr(response, "cache_key", None)
                if key:
                    session.cache.delete(key)
        elif outer is not None:
            outer.extend(collected)


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
    for attr, url in config.base_urls.items():  # a host serving several: the first names it
        throttle.names.setdefault(host_of(url), _SOURCE_NAMES[attr])
    if config.deadline is not None:
        throttle.deadline = throttle.clock() + config.deadline
    cache_file = config.cache_dir / "http-cache.sqlite"
    with cache_folder(config.cache_dir, ()):
        pass  # a file where the folder should be is a usage error
    existed = cache_file.exists()
    try:
        config.cache_dir.mkdir(parents=True, exist_ok=True)
        session = HttpSession(
            cache_name=str(cache_file),
            backend="sqlite",
            expire_after=CACHE_EXPIRY,
            allowable_codes=(200,),
            # POST too: Semantic Scholar's paper batch (the body is part of the key).
            allowable_methods=("GET", "HEAD", "POST"),
        )
    except (OSError, sqlite3.DatabaseError) as exc:
        if not _is_write_error(exc, existed=existed):
            raise DataError(
                f"{exc}; delete it to start a new cache", file=str(cache_file)
            ) from None
        # The policy of imgsynth_refs.record_store: a cache that cannot be written is a warning.
        _cache_warning(cache_file, exc)
        session = HttpSession(
            backend="memory",
            expire_after=CACHE_EXPIRY,
            allowable_codes=(200,),
            allowable_methods=("GET", "HEAD", "POST"),
        )
    session.cache_file = cache_file
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


_SOURCE_NAMES = {
    "arxiv_api": "arXiv",
    "neurips_url": "NeurIPS",
    "acl_url": "ACL Anthology",
    "dblp_url": "dblp",
    "crossref_url": "Crossref",
    "pmlr_url": "PMLR",
    "cvf_url": "CVF",
    "openreview_api": "OpenReview",
    "s2_api": "Semantic Scholar",
}


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
    if isinstance(exc, (HostNotAllowedError, ResponseTooLargeError, OfflineError, *_OWN_ERRORS)):
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
