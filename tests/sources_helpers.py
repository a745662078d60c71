"""Shared set-up of the resolver tests (tests/test_sources_*.py).

Every source's base URL points at the pytest-httpserver on 127.0.0.1, so the resolvers run
the real HTTP stack (requests, requests-cache, retries, size cap) against recorded bodies
from tests/fixtures/{neurips,acl,crossref,dblp,web} (see each folder's PROVENANCE.md).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from werkzeug import Response

from imgsynth_refs.sources.config import Config

FIXTURES = Path(__file__).parent / "fixtures"

_URL_VARIABLES = ("ARXIV_API", "NEURIPS_URL", "ACL_URL", "DBLP_URL", "CROSSREF_URL")


def fixture_text(source: str, name: str) -> str:
    """A recorded body, as text."""
    return (FIXTURES / source / name).read_text(encoding="utf-8")


def truncated_then_recorded(recorded: str) -> list[Response]:
    """SYNTHESISED fault: the recorded body cut in half (HTTP 200, as a broken proxy or an
    interrupted upstream answer delivers it), then the recorded body."""
    return [Response(recorded[: len(recorded) // 2]), Response(recorded)]


def local_config(base: str, **overrides: str) -> Config:
    """Config with every source at ``base`` (the local server), no delays and no retries."""
    env = dict(os.environ)
    for suffix in _URL_VARIABLES:
        env[f"IMGSYNTH_REFS_{suffix}"] = base
    env |= {"IMGSYNTH_REFS_HOST_DELAY": "0", "IMGSYNTH_REFS_ARXIV_DELAY": "0"}
    env |= {"IMGSYNTH_REFS_RETRIES": "0"}
    env |= {f"IMGSYNTH_REFS_{name.upper()}": value for name, value in overrides.items()}
    return Config.from_env(env)


def dblp_search_answer(query: str, infos: list[dict[str, Any]]) -> str:
    """A DBLP ``/search/publ/api`` JSON answer holding ``infos`` as its hits.

    SYNTHESISED: no real DBLP answer for the titles tested was found. The envelope
    (``result``/``status``/``hits``/``hit``/``info``, the ``@``-attributes) copies the real
    answer in fixtures/dblp/search_publ_api.rust-test-small.json; each ``info`` is written
    by the test from the facts of a real DBLP BibTeX record in fixtures/dblp/.
    """
    hits = [
        {"@score": "10", "@id": str(100 + n), "info": info, "url": f"URL#{100 + n}"}
        for n, info in enumerate(infos)
    ]
    body = {
        "result": {
            "query": query,
            "status": {"@code": "200", "text": "OK"},
            "time": {"@unit": "msecs", "text": "1.00"},
            "hits": {
                "@total": str(len(hits)),
                "@computed": str(len(hits)),
                "@sent": str(len(hits)),
                "@first": "0",
                "hit": hits,
            },
        }
    }
    return json.dumps(body)


def dblp_info(
    key: str,
    title: str,
    authors: list[str],
    venue: str,
    year: int,
    kind: str = "Conference and Workshop Papers",
    **extra: str,
) -> dict[str, Any]:
    """One hit's ``info`` in DBLP's current JSON form (authors with ``@pid``)."""
    info: dict[str, Any] = {
        "authors": {"author": [{"@pid": f"00/{n}", "text": a} for n, a in enumerate(authors)]},
        "title": title,
        "venue": venue,
        "year": str(year),
        "type": kind,
        "key": key,
        "url": f"https://dblp.org/rec/{key}",
    }
    return info | extra
