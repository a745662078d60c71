"""Replay of recorded Semantic Scholar answers (tests/fixtures/semanticscholar, PROVENANCE.md).

:class:`S2Replay` answers ``POST /graph/v1/paper/batch`` on a pytest-httpserver with a list
ASSEMBLED from recorded parts: for each ``ArXiv:<id>`` asked, the recorded paper object whose
``externalIds.ArXiv`` is that id, else ``null`` (what the API answers for an id it does not
know, as recorded in ``s2_paper_batch_POST_full_fields.json``). Nothing in a paper object is
changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from werkzeug import Request, Response

FIXTURES = Path(__file__).parent / "fixtures" / "semanticscholar"
ROOT = "/graph/v1"
BATCH_PATH = ROOT + "/paper/batch"

PAPER_FILES = (
    "s2_paper_GET_DOI_10.1038_s42256-024-00832-8_published_with_ArXiv_DBLP.json",
    "s2_paper_GET_DOI_10.48550_arxiv.2312.07559.json",
    "pdoom-live_s2_paper_arxiv_2306.12001_fixture.json",
)
"""Recorded single-paper answers (each one paper object)."""
SEARCH_MATCH = "s2_search_match_attention_is_all_you_need_ArXiv_DBLP_noDOI.json"
"""A recorded ``/paper/search/match`` answer: its ``data[0]`` is one paper object."""


def recorded_papers() -> dict[str, dict[str, Any]]:
    """Every recorded paper object, by its arXiv id."""
    papers = [json.loads((FIXTURES / name).read_text()) for name in PAPER_FILES]
    papers.append(json.loads((FIXTURES / SEARCH_MATCH).read_text())["data"][0])
    return {paper["externalIds"]["ArXiv"]: paper for paper in papers}


class S2Replay:
    """A request handler for the batch endpoint; records the ids of every request."""

    def __init__(self, papers: dict[str, dict[str, Any]] | None = None) -> None:
        self.papers = recorded_papers() if papers is None else papers
        self.requests: list[list[str]] = []
        self.headers: list[dict[str, str]] = []
        self.faults: list[Callable[[Request], Response | None]] = []
        """Synthesised faults, consumed in order: each may answer a request instead."""

    def __call__(self, request: Request) -> Response:
        ids = json.loads(request.get_data() or b"{}").get("ids", [])
        self.requests.append(ids)
        self.headers.append(dict(request.headers))
        if self.faults:
            answer = self.faults.pop(0)(request)
            if answer is not None:
                return answer
        body = [self.papers.get(i.removeprefix("ArXiv:")) for i in ids]
        return Response(json.dumps(body), status=200, content_type="application/json")
