"""Requests for 250 arXiv ids asked again in other orders, subsets and offline (record store).

Runs :func:`imgsynth_refs.resolve.resolve` with the real arXiv resolver and HTTP stack
against pytest-httpserver on 127.0.0.1, answering with feeds assembled from the recorded
arXiv entries in tests/fixtures/arxiv (15 recorded papers; the other 235 ids are well-formed
ids arXiv does not have, answered as arXiv does, without an entry). A fresh cache folder;
the arXiv delay is 0 s unless given (request counts do not depend on it):

    python benchmarks/bench_record_store.py [DELAY_SECONDS]

Prints, per run, the arXiv requests, what resolved and failed, and the time taken; then the
same runs with the record store deleted before each, i.e. the HTTP cache alone.
"""

from __future__ import annotations

import logging
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from pytest_httpserver import HTTPServer

from arxiv_helpers import API_PATH, ArxivReplay, make_config, recorded_ids
from imgsynth_refs.models import Catalog
from imgsynth_refs.record_store import RECORDS_FILE
from imgsynth_refs.resolve import resolve

RECORDED = recorded_ids()


def run(config, ids, label, *, offline=False, without_store=False):
    if without_store:
        (config.cache_dir / RECORDS_FILE).unlink(missing_ok=True)
    started = time.monotonic()
    report = resolve(
        [f"arXiv:{i}" for i in ids],
        config=config,
        catalog=Catalog(eras=[], references=[]),
        prefer="arxiv",
        offline=offline,
    )
    elapsed = time.monotonic() - started
    print(
        f"  {label:<30} ids={len(ids):>3} requests={report.requests} "
        f"resolved={len(report.references):>2} failed={len(report.failures):>3} "
        f"elapsed={elapsed:.2f} s"
    )
    return report


def scenario(config, ids, *, without_store):
    shuffled = random.Random(4).sample(ids, len(ids))
    reports = [
        run(config, ids, "first run", without_store=without_store),
        run(config, ids, "same run again", without_store=without_store),
        run(config, list(reversed(ids)), "reversed", without_store=without_store),
        run(config, shuffled, "shuffled", without_store=without_store),
        run(config, ids[::7], "every 7th id", without_store=without_store),
        run(config, ids[3::5], "every 5th id, offline", offline=True, without_store=without_store),
    ]
    alone = sum(
        run(config, [one], f"{one} alone, offline", offline=True, without_store=without_store).ok
        for one in RECORDED
    )
    return [report.requests for report in reports], alone


def main() -> None:
    delay = sys.argv[1] if len(sys.argv) > 1 else "0"
    ids = RECORDED + [f"2101.{n:05d}" for n in range(1, 251 - len(RECORDED))]
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = HTTPServer(host="127.0.0.1")
    server.expect_request(API_PATH).respond_with_handler(ArxivReplay())
    server.start()
    try:
        results = {}
        for without_store in (False, True):
            with tempfile.TemporaryDirectory() as cache:
                config = make_config(server.url_for("/"), Path(cache), arxiv_delay=delay)
                name = "HTTP cache alone" if without_store else "record store and HTTP cache"
                print(f"{name} (arXiv delay {config.arxiv_delay:g} s):")
                results[name] = scenario(config, ids, without_store=without_store)
    finally:
        server.stop()
    for name, (counts, alone) in results.items():
        print(
            f"{name}: requests per run {counts}; "
            f"each recorded paper asked alone offline: {alone}/{len(RECORDED)} resolved"
        )
    assert results["record store and HTTP cache"] == ([3, 0, 0, 0, 0, 0], len(RECORDED))


if __name__ == "__main__":
    main()
