"""The Semantic Scholar Graph API client against a local server replaying recorded answers.

Paper objects are real recorded answers (tests/fixtures/semanticscholar/PROVENANCE.md); batch
answers are assembled from them by s2_helpers.S2Replay (null for ids not recorded, as the API
answers). Faults (429 with and without Retry-After, 503, timeout, malformed bodies) are
synthesised and say so.
"""

from __future__ import annotations

import json
import time

import pytest
from werkzeug import Response

from imgsynth_refs.errors import NotFoundError, SourceError
from imgsynth_refs.sources.config import Config
from imgsynth_refs.sources.http import make_session
from imgsynth_refs.sources.semanticscholar import (
    FIELDS,
    MAX_BATCH,
    SemanticScholarClient,
    parse_paper,
)
from s2_helpers import BATCH_PATH, FIXTURES, ROOT, S2Replay, recorded_papers
from sources_helpers import local_config

NATMI = "2304.05376"
PAPERQA = "2312.07559"
ATTENTION = "1706.03762"


@pytest.fixture
def config(httpserver, tmp_path):
    base = httpserver.url_for("").rstrip("/")
    return local_config(base, s2_api=base + ROOT, cache_dir=str(tmp_path / "cache"))


@pytest.fixture
def replay(httpserver):
    handler = S2Replay()
    httpserver.expect_request(BATCH_PATH, method="POST").respond_with_handler(handler)
    return handler


def _client(session, config):
    return SemanticScholarClient(session, config)


@pytest.mark.parametrize(
    ("arxiv_id", "doi", "dblp", "corr", "venue"),
    [
        (NATMI, "10.1038/s42256-024-00832-8", "journals/natmi/BranCSBWS24", False, True),
        (PAPERQA, None, "journals/corr/abs-2312-07559", True, False),
        (ATTENTION, None, "journals/corr/VaswaniSPUJGKP17", True, True),
        ("2306.12001", None, "journals/corr/abs-2306-12001", True, False),
    ],
)
def test_recorded_papers_parse(arxiv_id, doi, dblp, corr, venue):
    paper = parse_paper(recorded_papers()[arxiv_id])
    assert (paper.arxiv_id, paper.doi, paper.dblp_key) == (arxiv_id, doi, dblp)
    assert paper.dblp_is_corr is corr
    assert paper.names_venue is venue  # arXiv's own DOI (10.48550) is never the published one
    assert paper.title and paper.authors and paper.year


@pytest.mark.parametrize(
    "data",
    [None, [], "x", {"title": "no paperId"}, {"paperId": 7}],
)
def test_a_non_paper_is_refused(data):
    with pytest.raises(ValueError, match="not a Semantic Scholar paper"):
        parse_paper(data)


def test_bad_field_values_are_dropped_not_trusted():
    paper = parse_paper(
        {
            "paperId": "p",
            "year": "2020",
            "authors": [{"name": 3}, "x", {"name": "  Ada   Lovelace "}],
            "externalIds": {"DOI": "not a doi", "DBLP": "../../etc/passwd", "ArXiv": 5},
            "venue": None,
            "publicationTypes": ["Conference", 1],
        }
    )
    assert paper.year is None and paper.doi is None and paper.dblp_key is None
    assert paper.arxiv_id is None and paper.authors == ("Ada Lovelace",)
    assert paper.publication_types == ("Conference",) and paper.names_venue


def test_one_batch_request_for_all_ids_in_order_unknown_as_none(httpserver, replay, config):
    with make_session(config) as session:
        found = _client(session, config).batch([PAPERQA, "0808.00001", NATMI, PAPERQA])
    assert replay.requests == [[f"ArXiv:{PAPERQA}", "ArXiv:0808.00001", f"ArXiv:{NATMI}"]]
    assert found["0808.00001"] is None
    assert found[NATMI].doi == "10.1038/s42256-024-00832-8"
    ((request, _),) = httpserver.log
    assert request.args["fields"] == FIELDS
    assert "x-api-key" not in {k.lower() for k in replay.headers[0]}


def test_more_than_500_ids_go_in_batches_of_500(replay, config):
    ids = [f"0808.{n:05d}" for n in range(MAX_BATCH + 3)]
    with make_session(config) as session:
        found = _client(session, config).batch(ids)
    assert [len(r) for r in replay.requests] == [MAX_BATCH, 3]
    assert len(found) == MAX_BATCH + 3


def test_the_api_key_is_sent_as_x_api_key_and_never_cached(httpserver, replay, tmp_path):
    base = httpserver.url_for("").rstrip("/")
    config = local_config(base, s2_api=base + ROOT, cache_dir=str(tmp_path), s2_key="s3cret")
    assert "s3cret" not in repr(config)
    with make_session(config) as session:
        _client(session, config).batch([NATMI])
    assert replay.headers[0]["X-Api-Key"] == "s3cret"
    assert b"s3cret" not in (tmp_path / "http-cache.sqlite").read_bytes()


def test_a_second_batch_is_served_by_the_cache_also_offline(replay, config):
    with make_session(config) as session:
        first = _client(session, config).batch([NATMI, PAPERQA])
    with make_session(config) as session:
        again = _client(session, config).batch([NATMI, PAPERQA])
    with make_session(config, offline=True) as session:
        offline = _client(session, config).batch([NATMI, PAPERQA])
        with pytest.raises(SourceError, match="offline, and not in the cache"):
            _client(session, config).batch([ATTENTION])
    assert len(replay.requests) == 1
    assert first == again == offline


def test_get_one_paper_and_the_recorded_404(httpserver, config):
    body = (FIXTURES / "s2_paper_GET_DOI_10.48550_arxiv.2312.07559.json").read_bytes()
    httpserver.expect_request(f"{ROOT}/paper/ArXiv:{PAPERQA}").respond_with_data(
        body, content_type="application/json"
    )
    missing = (FIXTURES / "s2_paper_GET_404_not_found.json").read_bytes()
    httpserver.expect_request(f"{ROOT}/paper/0").respond_with_data(
        missing, status=404, content_type="application/json"
    )
    with make_session(config) as session:
        paper = _client(session, config).paper(f"ArXiv:{PAPERQA}")
        with pytest.raises(NotFoundError, match="HTTP 404"):
            _client(session, config).paper("0")
    assert paper.title.startswith("PaperQA")


def _retrying(httpserver, tmp_path, retries: str = "2") -> Config:
    base = httpserver.url_for("").rstrip("/")
    return local_config(
        base,
        s2_api=base + ROOT,
        cache_dir=str(tmp_path),
        retries=retries,
        backoff="0.5",
        host_delay="1",
        arxiv_delay="1",  # the arXiv API is at the same local host
    )


# SYNTHESISED fault: the body Semantic Scholar's documentation quotes for its 429.
TOO_MANY = json.dumps(
    {
        "message": "Too Many Requests. Please wait and try again or apply for a key for "
        "higher rate limits.",
        "code": "429",
    }
)


# Without Retry-After the first retry's backoff is 0 s, so the host's interval (1 s) is waited.
@pytest.mark.parametrize(("headers", "wait"), [({"Retry-After": "7"}, 7.0), ({}, 1.0)])
def test_429_is_retried_after_retry_after_or_the_backoff(
    httpserver, replay, tmp_path, headers, wait
):
    replay.faults.append(lambda _: Response(TOO_MANY, status=429, headers=headers))
    config = _retrying(httpserver, tmp_path)
    with make_session(config) as session:
        session.throttle.sleep = lambda seconds: None
        found = _client(session, config).batch([NATMI])
        waits = [seconds for _, seconds in session.throttle.waits]
    assert found[NATMI] is not None and len(replay.requests) == 2
    assert waits == [wait]


def test_503_after_the_last_retry_is_a_source_error(httpserver, replay, tmp_path):
    replay.faults.extend([lambda _: Response("busy", status=503)] * 3)
    config = _retrying(httpserver, tmp_path)
    with make_session(config) as session:
        session.throttle.sleep = lambda seconds: None
        with pytest.raises(SourceError, match="HTTP 503"):
            _client(session, config).batch([NATMI])
    assert len(replay.requests) == 3


def test_a_timeout_is_a_source_error(httpserver, replay, tmp_path):
    def slow(_):
        time.sleep(0.5)
        return None

    replay.faults.append(slow)
    base = httpserver.url_for("").rstrip("/")
    config = local_config(base, s2_api=base + ROOT, cache_dir=str(tmp_path), read_timeout="0.1")
    with make_session(config) as session, pytest.raises(SourceError, match="timed out"):
        _client(session, config).batch([NATMI])


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<html>oops", "malformed JSON"),
        ("[]", "expected a list of 1 papers"),
        ('{"data": []}', "expected a list of 1 papers"),
        ('[{"title": "no id"}]', "not a Semantic Scholar paper"),
    ],
)
def test_a_malformed_answer_is_a_source_error_and_not_cached(replay, config, body, reason):
    replay.faults.append(lambda _: Response(body, status=200, content_type="application/json"))
    with make_session(config) as session, pytest.raises(SourceError, match=reason):
        _client(session, config).batch([NATMI])
    with make_session(config) as session:
        found = _client(session, config).batch([NATMI])
    assert found[NATMI] is not None
