"""Faults each new source is tested against (tests/test_sources_*.py of PMLR, CVF, ...).

Each fault is SYNTHESISED (no recorded 429 or 503 exists for these sources): a status with
the body servers send, a server that stalls past the read timeout, or a body that is not what
the source serves. The tests serve one good recorded answer next to the fault and check that
the batch keeps the good record and names the failure.
"""

from __future__ import annotations

import time

from werkzeug import Request, Response

from arxiv_helpers import FakeClock
from imgsynth_refs.sources.config import Config
from imgsynth_refs.sources.http import HttpSession, make_session
from sources_helpers import local_config

NEW_SOURCES = ("PMLR_URL", "CVF_URL", "OPENREVIEW_API")

FAULTS: dict[str, str] = {
    "404": "not found (HTTP 404)",
    "429 with Retry-After": "HTTP 429 TOO MANY REQUESTS",
    "429 without Retry-After": "HTTP 429 TOO MANY REQUESTS",
    "503": "HTTP 503 SERVICE UNAVAILABLE",
    "timeout": "read timed out",
}
"""Each fault and the reason a resolver's failure must name (werkzeug's reason phrases)."""


def fault_config(base: str, **overrides: str) -> Config:
    """Every source (the new ones too) at the local server; no retries, a short read timeout."""
    values = {suffix.lower(): base for suffix in NEW_SOURCES}
    values |= {"read_timeout": "0.3"}
    return local_config(base, **(values | overrides))


def answer(fault: str):
    """A handler answering with ``fault`` (a key of :data:`FAULTS`)."""

    def handle(_request: Request) -> Response:
        if fault == "timeout":
            time.sleep(0.6)
            return Response("late")
        status = int(fault[:3])
        headers = {"Retry-After": "1"} if fault == "429 with Retry-After" else {}
        return Response(f"HTTP {status}", status=status, headers=headers)

    return handle


def answers_in_turn(*handlers):
    """A handler giving each of ``handlers``' answers in turn (the last one from then on)."""
    pending = list(handlers)

    def handle(request: Request) -> Response:
        handler = pending.pop(0) if len(pending) > 1 else pending[0]
        return handler(request)

    return handle


def retrying_session(config: Config) -> tuple[HttpSession, FakeClock]:
    """A session that retries once, on a fake clock (no real waiting)."""
    from dataclasses import replace

    session = make_session(replace(config, retries=1, backoff_factor=1.0))
    clock = FakeClock()
    session.throttle.clock, session.throttle.sleep = clock, clock.sleep
    return session, clock
