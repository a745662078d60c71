"""Requests and waiting time for resolving 250 arXiv ids (local replay server, real stack).

Runs ArxivResolver on the project session against pytest-httpserver on 127.0.0.1, which
answers with feeds assembled from the recorded arXiv entries in tests/fixtures/arxiv (15
recorded papers; the other 235 ids are well-formed ids arXiv does not have, answered as
arXiv does, without an entry). Uses the default arXiv delay (3 s) unless given another:

    python benchmarks/bench_arxiv_requests.py [DELAY_SECONDS]

Prints the requests made, the time waited between them, and the same for a second run
(served by the cache) and an offline run.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pytest_httpserver import HTTPServer

from arxiv_helpers import API_PATH, ArxivReplay, make_config, recorded_ids
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.sources.arxiv import ArxivResolver
from imgsynth_refs.sources.base import Resolved
from imgsynth_refs.sources.http import make_session

RECORDED = recorded_ids()


def run(config, ids, label, **options):
    started = time.monotonic()
    with make_session(config, **options) as session:
        outcomes = ArxivResolver(session, config).resolve(ids)
        throttle = session.throttle
    elapsed = time.monotonic() - started
    resolved = sum(isinstance(o, Resolved) for o in outcomes)
    waited = sum(seconds for _, seconds in throttle.waits)
    extra = max(throttle.total_sent - 1, 0)
    per_batch = f"{waited / extra:.2f} s per extra request" if extra else "no extra request"
    print(
        f"{label:<14} ids={len(ids)} resolved={resolved} not_found={len(ids) - resolved} "
        f"requests={throttle.total_sent} waits={len(throttle.waits)} waited={waited:.2f} s "
        f"({per_batch}) elapsed={elapsed:.2f} s"
    )
    return throttle.total_sent


def main() -> None:
    delay = sys.argv[1] if len(sys.argv) > 1 else "3"
    unknown = [f"0808.{10000 + i:05d}" for i in range(250 - len(RECORDED))]
    ids = [Identifier("arxiv", i) for i in RECORDED + unknown]
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log per request
    server = HTTPServer(host="127.0.0.1")
    replay = ArxivReplay()
    server.expect_request(API_PATH).respond_with_handler(replay)
    server.start()
    try:
        with tempfile.TemporaryDirectory() as cache:
            config = make_config(server.url_for("/"), Path(cache), arxiv_delay=delay)
            print(f"arXiv delay {config.arxiv_delay:g} s, batches of at most 100 ids")
            first = run(config, ids, "first run")
            second = run(config, ids, "second run")
            offline = run(config, ids, "offline run", offline=True)
    finally:
        server.stop()
    sizes = [len(r["id_list"].split(",")) for r in replay.requests]
    max_results = sorted({r["max_results"] for r in replay.requests})
    print(f"ids per request: {sizes}; max_results: {max_results}")
    naive = (len(ids) - 1) * config.arxiv_delay
    print(f"one request per id would wait {naive:.0f} s at this delay")
    assert (first, second, offline) == (3, 0, 0), (first, second, offline)


if __name__ == "__main__":
    main()
