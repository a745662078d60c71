"""Shared set-up of the tests of the link sources (PMLR, CVF, OpenReview, publisher pages).

The faults each of them is tested against are SYNTHESISED (no recorded 429 or 503 exists
for these sources): a status with the body servers send, a server that stalls past the read
timeout. The tests serve one good recorded answer next to the fault and check that the batch
keeps the good record and names the failure. :func:`cvf_page` is the minimal page the CVF
tests wrap real BibTeX blocks in (fixtures/cvf/PROVENANCE.md).
"""

from __future__ import annotations

import html
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


def cvf_page(payload: str, *, layout: str = "div") -> str:
    """A MINIMAL WRAPPER page (made here, not recorded) around a real BibTeX block."""
    if layout == "div":
        body = f'<div class="bibref pre-white-space">{html.escape(payload, quote=False)}</div>'
    else:
        body = f"<table><tr><td><pre>{html.escape(payload.strip())}</pre></td></tr></table>"
    head = "<!DOCTYPE html><html><head><title>CVF Open Access</title></head>"
    return f"{head}<body>{body}</body></html>"
