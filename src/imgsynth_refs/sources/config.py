"""Configuration of the online sources, read from the environment.

The contract (variables, defaults, validation) is documented in ``docs/configuration.md``.
Base URLs must be ``https``, except ``http://127.0.0.1``, ``http://localhost`` and
``http://[::1]`` (any port), so that tests and users can point a source at a local server.
A bad value raises :class:`~imgsynth_refs.errors.UsageError` naming the variable.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from ..cache import cache_dir, default_cache_dir
from ..errors import UsageError

__all__ = [
    "LOCAL_HOSTS",
    "PREFIX",
    "Config",
    "check_base_url",
    "host_of",
]

PREFIX = "IMGSYNTH_REFS_"
"""Prefix of every environment variable this module reads."""

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
"""Hosts a base URL may reach over plain ``http``."""

_URL_VARS: dict[str, tuple[str, str]] = {
    # attribute: (variable suffix, default)
    "arxiv_api": ("ARXIV_API", "https://export.arxiv.org/api/query"),
    "neurips_url": ("NEURIPS_URL", "https://proceedings.neurips.cc"),
    "acl_url": ("ACL_URL", "https://aclanthology.org"),
    "dblp_url": ("DBLP_URL", "https://dblp.org"),
    "crossref_url": ("CROSSREF_URL", "https://api.crossref.org"),
    "pmlr_url": ("PMLR_URL", "https://raw.githubusercontent.com/mlresearch"),
    "cvf_url": ("CVF_URL", "https://openaccess.thecvf.com"),
    "openreview_api": ("OPENREVIEW_API", "https://api2.openreview.net"),
    "s2_api": ("S2_API", "https://api.semanticscholar.org/graph/v1"),
}


_NUMBERS: dict[str, tuple[str, float]] = {
    # attribute: (variable suffix, least value)
    "arxiv_delay": ("ARXIV_DELAY", 0.0),
    "host_delay": ("HOST_DELAY", 0.0),
    "connect_timeout": ("CONNECT_TIMEOUT", 0.001),
    "read_timeout": ("READ_TIMEOUT", 0.001),
    "backoff_factor": ("BACKOFF", 0.0),
    "request_deadline": ("REQUEST_DEADLINE", 0.001),
    "max_retry_wait": ("MAX_RETRY_WAIT", 0.0),
    "deadline": ("DEADLINE", 0.001),
}
_UNSET_ALLOWED = frozenset({"deadline"})
"""Numbers that may be ``None`` (no limit)."""

_N = TypeVar("_N", int, float)

_INTEGERS: dict[str, tuple[str, int]] = {
    "max_response_bytes": ("MAX_RESPONSE_BYTES", 1),
    "retries": ("RETRIES", 0),
}


@dataclass(frozen=True, slots=True)
class Config:
    """Where the sources live and how politely to ask them.

    Built from the environment with :meth:`from_env`, or directly; either way every value
    is checked when the object is built (a bad one raises
    :class:`~imgsynth_refs.errors.UsageError` naming it).
    """

    arxiv_api: str = _URL_VARS["arxiv_api"][1]
    """arXiv API query endpoint (``IMGSYNTH_REFS_ARXIV_API``)."""
    neurips_url: str = _URL_VARS["neurips_url"][1]
    """NeurIPS proceedings site (``IMGSYNTH_REFS_NEURIPS_URL``)."""
    acl_url: str = _URL_VARS["acl_url"][1]
    """ACL Anthology (``IMGSYNTH_REFS_ACL_URL``)."""
    dblp_url: str = _URL_VARS["dblp_url"][1]
    """DBLP (``IMGSYNTH_REFS_DBLP_URL``)."""
    crossref_url: str = _URL_VARS["crossref_url"][1]
    """Crossref REST API (``IMGSYNTH_REFS_CROSSREF_URL``)."""
    pmlr_url: str = _URL_VARS["pmlr_url"][1]
    """PMLR's page sources, one repository per volume (``IMGSYNTH_REFS_PMLR_URL``)."""
    cvf_url: str = _URL_VARS["cvf_url"][1]
    """CVF open access (``IMGSYNTH_REFS_CVF_URL``)."""
    openreview_api: str = _URL_VARS["openreview_api"][1]
    """OpenReview API v2 (``IMGSYNTH_REFS_OPENREVIEW_API``)."""
    s2_api: str = _URL_VARS["s2_api"][1]
    """Semantic Scholar Graph API root (``IMGSYNTH_REFS_S2_API``)."""
    s2_key: str | None = field(default=None, repr=False)
    """Semantic Scholar API key, sent as ``x-api-key`` (``IMGSYNTH_REFS_S2_KEY``); never shown."""
    arxiv_delay: float = 3.0
    """Seconds between two requests to the arXiv API (``IMGSYNTH_REFS_ARXIV_DELAY``)."""
    host_delay: float = 1.0
    """Seconds between two requests to any other host (``IMGSYNTH_REFS_HOST_DELAY``).

    dblp asks for "at least one or two seconds" between requests (https://dblp.org/faq/1474706.html).
    """
    cache_dir: Path = field(default_factory=default_cache_dir)
    """The cache folder (``IMGSYNTH_REFS_CACHE_DIR``): HTTP cache, record store and the
    validated shipped catalog."""
    connect_timeout: float = 10.0
    """Seconds to wait for a connection (``IMGSYNTH_REFS_CONNECT_TIMEOUT``)."""
    read_timeout: float = 30.0
    """Seconds to wait for the server between bytes (``IMGSYNTH_REFS_READ_TIMEOUT``)."""
    max_response_bytes: int = 10_000_000
    """Largest response body accepted (``IMGSYNTH_REFS_MAX_RESPONSE_BYTES``)."""
    retries: int = 4
    """Retries after a connection error, 429 or 5xx (``IMGSYNTH_REFS_RETRIES``)."""
    backoff_factor: float = 2.0
    """Base of the exponential backoff in seconds (``IMGSYNTH_REFS_BACKOFF``)."""
    request_deadline: float = 120.0
    """Seconds one request may take in all, connecting and reading every byte of the answer
    (``IMGSYNTH_REFS_REQUEST_DEADLINE``); a server that drips its answer is cut off."""
    max_retry_wait: float = 300.0
    """Longest ``Retry-After`` waited for (``IMGSYNTH_REFS_MAX_RETRY_WAIT``); a source asking
    for longer fails at once, for the rest of the run."""
    deadline: float | None = None
    """Seconds a run may spend asking the sources, waits included (``IMGSYNTH_REFS_DEADLINE``;
    unset: no limit); when they are used up, what is still unanswered fails at once."""

    def __post_init__(self) -> None:
        for attr in _URL_VARS:
            value = getattr(self, attr)
            if not isinstance(value, str):
                raise UsageError(f"Config.{attr}: not a URL: {value!r}")
            object.__setattr__(self, attr, check_base_url(value, variable=f"Config.{attr}"))
        for attr, (_suffix, minimum) in _NUMBERS.items():
            value = getattr(self, attr)
            if value is None and attr in _UNSET_ALLOWED:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise UsageError(f"Config.{attr}: not a number: {value!r}")
            _check(float(value), f"Config.{attr}", minimum, value)
        for attr, (_suffix, least) in _INTEGERS.items():
            value = getattr(self, attr)
            if isinstance(value, bool) or not isinstance(value, int):
                raise UsageError(f"Config.{attr}: not an integer: {value!r}")
            _check(value, f"Config.{attr}", least, value)
        if not isinstance(self.cache_dir, Path):
            raise UsageError(f"Config.cache_dir: not a path: {self.cache_dir!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Config:
        """Read every ``IMGSYNTH_REFS_*`` variable; unset or empty ones keep their default."""

        def get(suffix: str) -> str | None:
            value = environ.get(PREFIX + suffix, "").strip()
            return value or None

        values: dict[str, object] = {}
        for attr, (suffix, _default) in _URL_VARS.items():
            raw = get(suffix)
            if raw is not None:
                values[attr] = check_base_url(raw, variable=PREFIX + suffix)
        for attr, (suffix, minimum) in _NUMBERS.items():
            raw = get(suffix)
            if raw is not None:
                values[attr] = _read(raw, PREFIX + suffix, minimum, float)
        for attr, (suffix, least) in _INTEGERS.items():
            raw = get(suffix)
            if raw is not None:
                values[attr] = _read(raw, PREFIX + suffix, least, int)
        values["s2_key"] = get("S2_KEY")
        values["cache_dir"] = cache_dir(environ)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def base_urls(self) -> dict[str, str]:
        """Every configured base URL by attribute name (``arxiv_api``, ``neurips_url``, ...)."""
        return {attr: getattr(self, attr) for attr in _URL_VARS}

    @property
    def hosts(self) -> frozenset[str]:
        """``host[:port]`` of every configured source: the only places requests may go."""
        return frozenset(host_of(url) for url in self.base_urls.values())

    @property
    def arxiv_host(self) -> str:
        """``host[:port]`` of the arXiv API."""
        return host_of(self.arxiv_api)

    def delay_for(self, host: str) -> float:
        """Minimum seconds between two requests to ``host`` (``host[:port]``)."""
        return self.arxiv_delay if host == self.arxiv_host else self.host_delay


def host_of(url: str) -> str:
    """``host[:port]`` of a URL, lower-cased (the unit of politeness and of the allowlist)."""
    return urlsplit(url).netloc.lower().rpartition("@")[2]


def check_base_url(value: str, *, variable: str) -> str:
    """``value`` without a trailing slash if it is an allowed base URL, else UsageError."""
    try:
        parts = urlsplit(value)
        hostname = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError as exc:
        raise UsageError(f"{variable}: not a URL: {value!r} ({exc})") from None
    if not hostname or parts.scheme not in ("https", "http"):
        raise UsageError(f"{variable}: not an http(s) URL with a host: {value!r}")
    if parts.scheme == "http" and hostname not in LOCAL_HOSTS:
        raise UsageError(
            f"{variable}: must be https (plain http only for 127.0.0.1, localhost, [::1]): "
            f"{value!r}"
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise UsageError(f"{variable}: no credentials, query or fragment allowed: {value!r}")
    return value.rstrip("/")


def _check(value: float, variable: str, minimum: float, given: object) -> None:
    if not math.isfinite(value) or value < minimum:
        noun = "an integer" if isinstance(value, int) else "a finite number"
        raise UsageError(f"{variable}: must be {noun} >= {minimum:g}: {given!r}")


def _read(raw: str, variable: str, minimum: float, convert: Callable[[str], _N]) -> _N:
    """``raw`` converted by ``convert`` (``int`` or ``float``) and checked."""
    try:
        value = convert(raw)
    except ValueError:
        noun = "an integer" if convert is int else "a number"
        raise UsageError(f"{variable}: not {noun}: {raw!r}") from None
    _check(value, variable, minimum, raw)
    return value
