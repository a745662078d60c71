"""Replay of the recorded arXiv API responses in tests/fixtures/arxiv (see PROVENANCE.md).

:class:`ArxivReplay` answers ``/api/query`` on a pytest-httpserver: an id_list that was
recorded gets the recorded body byte for byte; any other id_list gets a feed assembled from
the recorded feed header and the recorded ``<entry>`` elements of the ids asked (unknown ids
are left out, as arXiv does); an id_list with ``abc`` gets the recorded 400 error.
"""

from __future__ import annotations

import copy
import re
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from werkzeug import Request, Response

from imgsynth_refs.sources.config import Config

FIXTURES = Path(__file__).parent / "fixtures" / "arxiv"
ATOM = "{http://www.w3.org/2005/Atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
API_PATH = "/api/query"


def recorded(name_prefix: str) -> bytes:
    """The recorded body whose file name starts with ``name_prefix``."""
    (path,) = FIXTURES.glob(name_prefix + "_s0_*.xml")
    return path.read_bytes()


def _recorded_id_lists() -> dict[str, bytes]:
    """Recorded bodies by the id_list they answer (``0808.05394,1707.08567``)."""
    out = {}
    for path in FIXTURES.glob("id_*_s0_m100_*.xml"):
        id_part = path.name[3 : path.name.index("_s0_")]
        ids = id_part.split("_")
        if "-" in ids[0]:  # an old-style id, recorded with '/' as '_': astro-ph_0601001
            ids = ["/".join(ids)]
        out[",".join(ids)] = path.read_bytes()
    return out


def _short_id(entry: etree._Element) -> str:
    return entry.findtext(f"{ATOM}id").split("/abs/", 1)[1]


def recorded_entries() -> dict[str, etree._Element]:
    """Every recorded paper entry, by versioned and by unversioned id."""
    entries: dict[str, etree._Element] = {}
    for path in sorted(FIXTURES.glob("*.xml")):
        root = etree.fromstring(path.read_bytes())
        for entry in root.iter(f"{ATOM}entry"):
            if "/abs/" not in (entry.findtext(f"{ATOM}id") or ""):
                continue  # the error entry of id_abc
            short = _short_id(entry)
            entries.setdefault(short, entry)
            entries.setdefault(short.rsplit("v", 1)[0], entry)
    return entries


def recorded_ids() -> list[str]:
    """The unversioned id of every recorded paper (``1605.08386``, ``astro-ph/0601001``)."""
    return [key for key in recorded_entries() if not re.search(r"v\d+$", key)]


def assemble_feed(ids: list[str], entries: dict[str, etree._Element]) -> bytes:
    """A feed ASSEMBLED from recorded parts: recorded header, recorded entries of ``ids``."""
    root = etree.fromstring(recorded("id_0808.05394_1707.08567"))
    for entry in root.findall(f"{ATOM}entry"):
        root.remove(entry)
    found = [entries[i] for i in ids if i in entries]
    root.find(f"{OPENSEARCH}totalResults").text = str(len(found))
    for entry in found:
        root.append(copy.deepcopy(entry))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


class ArxivReplay:
    """A request handler replaying recorded arXiv answers; records what was asked."""

    def __init__(self) -> None:
        self.by_id_list = _recorded_id_lists()
        self.entries = recorded_entries()
        self.requests: list[dict[str, str]] = []
        self.times: list[float] = []
        self.faults: list[Callable[[Request], Response | None]] = []
        """Synthesised faults, consumed in order: each may answer a request instead."""

    def __call__(self, request: Request) -> Response:
        self.requests.append(dict(request.args))
        self.times.append(time.monotonic())
        if self.faults:
            answer = self.faults.pop(0)(request)
            if answer is not None:
                return answer
        id_list = request.args.get("id_list", "")
        ids = [i for i in id_list.split(",") if i]
        if "abc" in ids:
            return Response(recorded("id_abc"), status=400, content_type="application/atom+xml")
        body = self.by_id_list.get(id_list)
        if body is None:
            body = assemble_feed(ids, self.entries)
        return Response(body, status=200, content_type="application/atom+xml")

    @property
    def id_lists(self) -> list[list[str]]:
        """The ids of every request, in order."""
        return [r.get("id_list", "").split(",") for r in self.requests]


def make_config(server_url: str, cache_dir: Path, **env: str) -> Config:
    """Config for the local server: arXiv API at ``server_url + API_PATH``, small delays."""
    values = {
        "IMGSYNTH_REFS_ARXIV_API": server_url.rstrip("/") + API_PATH,
        "IMGSYNTH_REFS_CACHE_DIR": str(cache_dir),
        "IMGSYNTH_REFS_ARXIV_DELAY": "0.01",
        "IMGSYNTH_REFS_BACKOFF": "0.01",
        "IMGSYNTH_REFS_RETRIES": "2",
    }
    values.update({f"IMGSYNTH_REFS_{name.upper()}": value for name, value in env.items()})
    return Config.from_env(values)


class FakeClock:
    """A monotonic clock that only advances when slept on."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds
