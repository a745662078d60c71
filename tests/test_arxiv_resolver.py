"""ArxivResolver against recorded arXiv API responses replayed on 127.0.0.1.

The real stack runs: ``arxiv.Client`` on the project session (requests-cache, urllib3 Retry,
throttle) talking HTTP to pytest-httpserver. Bodies are the recorded ones (see
tests/fixtures/arxiv/PROVENANCE.md); feeds for id lists that were never recorded as such are
assembled from recorded entries; fault responses are synthesised and say so.
"""

from __future__ import annotations

import re
import time
from datetime import date

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from arxiv_helpers import API_PATH, ArxivReplay, FakeClock, make_config, recorded
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.models import Person, WorkType
from imgsynth_refs.sources.arxiv import ArxivResolver, split_name
from imgsynth_refs.sources.base import Failed, Resolved
from imgsynth_refs.sources.http import make_session


def ax(text: str) -> Identifier:
    arxiv_id, version = re.fullmatch(r"(.+?)(?:v(\d+))?", text).groups()
    return Identifier("arxiv", arxiv_id, int(version) if version else None)


@pytest.fixture
def replay(httpserver):
    handler = ArxivReplay()
    httpserver.expect_request(API_PATH).respond_with_handler(handler)
    return handler


@pytest.fixture
def config(httpserver, tmp_path):
    return make_config(httpserver.url_for("/"), tmp_path / "cache")


def resolve(config, ids, *, batch_size=100, **session_options):
    with make_session(config, **session_options) as session:
        outcomes = ArxivResolver(session, config, batch_size=batch_size).resolve(ids)
        return outcomes, session.throttle


@pytest.mark.parametrize(
    ("query", "title", "first", "count", "year", "month", "version", "primary"),
    [
        (
            "1605.08386",
            "Heat-bath random walks with Markov bases",
            Person(family="Stanley", given="Caprice"),
            2,
            2016,
            5,
            1,
            "math.CO",
        ),
        (
            "2104.12255v1",
            "0",
            Person(family="Nguyen", given="Quan Thoi Minh"),
            1,
            2021,
            4,
            1,
            "cs.CR",
        ),
        (
            "astro-ph/0601001",
            "Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys "
            "Toward the Galactic Bulge and Carina",
            Person(family="Gould", given="Andrew"),
            4,
            2006,
            1,
            1,
            "astro-ph",
        ),
        (
            "quant-ph/0201082v1",
            "Quantum Computers and Quantum Computer Languages: Quantum Assembly Language and "
            "Quantum C Language",
            Person(family="Blaha", given="Stephen"),
            1,
            2002,
            1,
            1,
            "quant-ph",
        ),
        (
            "1707.08567",
            None,
            Person(family="Immink", given="Kees A. Schouhamer"),
            34,
            2017,
            7,
            1,
            "cs.IT",
        ),
    ],
)
def test_recorded_papers_map_to_preprints(
    replay, config, query, title, first, count, year, month, version, primary
):
    (outcome,) = resolve(config, [ax(query)])[0]
    assert isinstance(outcome, Resolved), outcome
    ref = outcome.reference
    assert ref.type is WorkType.PREPRINT
    if title is not None:
        assert ref.title == title
    assert "  " not in ref.title and "\n" not in ref.title
    assert ref.authors[0] == first
    assert len(ref.authors) == count
    assert (ref.year, ref.month) == (year, month)
    assert ref.arxiv.id == outcome.identifier.id
    assert ref.arxiv.version == version
    assert ref.arxiv.primary_class == primary
    assert ref.arxiv.published == date(year, month, ref.arxiv.published.day)
    assert ref.url == f"https://arxiv.org/abs/{query}"
    assert ref.doi is None
    source = f"{config.arxiv_api}?id_list={query}"
    assert {"title", "authors", "year", "month", "arxiv", "url"} <= set(ref.provenance)
    assert all(p.source == source and p.retrieved == date.today() for p in ref.provenance.values())
    assert replay.id_lists == [[query]]


def test_journal_ref_and_comment_are_kept(replay, config):
    (outcome,) = resolve(config, [ax("astro-ph/0601001")])[0]
    assert outcome.reference.arxiv.journal_ref == "ActaAstron.56:1-50,2006"
    assert outcome.reference.arxiv.comment.startswith("62 pages including 16 figures")
    (outcome,) = resolve(config, [ax("1605.08386")])[0]
    assert outcome.reference.arxiv.comment == "20 pages, 3 figures"
    assert outcome.reference.arxiv.journal_ref is None


def test_dois_from_arxiv_are_kept(replay, config):
    # The feed is assembled from the recorded entries of the search_query=testing response.
    ids = [ax("2005.14124"), ax("1205.1866"), ax("1202.4527")]
    outcomes, throttle = resolve(config, ids)
    assert [o.reference.doi for o in outcomes] == [
        "10.1145/3395363.3397376",
        "10.5121/vlsic.2012.3205",
        None,
    ]
    assert "doi" in outcomes[0].reference.provenance
    assert outcomes[0].reference.arxiv.version == 2
    assert throttle.total_sent == 1


@pytest.mark.parametrize("query", ["0808.05394", "0000.0000"])
def test_unknown_id_is_not_found(replay, config, query):
    (outcome,) = resolve(config, [ax(query)])[0]
    assert isinstance(outcome, Failed)
    assert outcome.not_found
    assert outcome.reason == "arXiv has no paper with this id"


def test_mixed_batch_keeps_the_known_id(replay, config):
    # Answered with the recorded response to exactly this id_list.
    outcomes, throttle = resolve(config, [ax("0808.05394"), ax("1707.08567")])
    assert isinstance(outcomes[0], Failed) and outcomes[0].not_found
    assert isinstance(outcomes[1], Resolved)
    assert len(outcomes[1].reference.authors) == 34
    assert replay.id_lists == [["0808.05394", "1707.08567"]]
    assert throttle.total_sent == 1


def test_malformed_id_gets_arxivs_message(replay, config):
    (outcome,) = resolve(config, [ax("abc")])[0]
    assert isinstance(outcome, Failed)
    assert not outcome.not_found
    assert outcome.reason == "arXiv: incorrect id format for abc"


def test_malformed_id_in_a_batch_fails_alone(replay, config):
    outcomes, throttle = resolve(config, [ax("1605.08386"), ax("abc"), ax("0808.05394")])
    assert isinstance(outcomes[0], Resolved)
    assert outcomes[1].reason == "arXiv: incorrect id format for abc"
    assert outcomes[2].not_found
    # arXiv refuses the whole query; it is asked again without the malformed id.
    assert replay.id_lists == [["1605.08386", "abc", "0808.05394"], ["1605.08386", "0808.05394"]]
    assert throttle.total_sent == 2


def test_duplicate_ids_are_asked_once(replay, config):
    outcomes, _ = resolve(config, [ax("1605.08386"), ax("1605.08386")])
    assert [type(o) for o in outcomes] == [Resolved, Resolved]
    assert replay.id_lists == [["1605.08386"]]


def test_other_kinds_fail_without_a_request(replay, config):
    (outcome,) = resolve(config, [Identifier("doi", "10.1145/3422622")])[0]
    assert isinstance(outcome, Failed)
    assert "doi" in outcome.reason
    assert replay.requests == []


# --- faults: each keeps what resolved and names the failure --------------------------------


def synthetic(status, body=b"", headers=None):
    """A SYNTHESISED fault response (not recorded)."""

    def answer(_request: Request) -> Response:
        return Response(body, status=status, headers=headers or {}, content_type="text/plain")

    return answer


def test_429_without_retry_after_backs_off_then_succeeds(replay, config):
    # arXiv's real 429 says "Rate exceeded." and has no Retry-After (PEERS.md #12).
    replay.faults.append(synthetic(429, b"Rate exceeded."))
    (outcome,), throttle = resolve(config, [ax("1605.08386")])
    assert isinstance(outcome, Resolved)
    assert len(replay.requests) == 2
    assert throttle.total_sent == 2
    assert len(throttle.waits) == 1


def test_429_backoff_waits_at_least_the_arxiv_delay(replay, httpserver, tmp_path):
    config = make_config(httpserver.url_for("/"), tmp_path, arxiv_delay="3")
    replay.faults.append(synthetic(429, b"Rate exceeded."))
    clock = FakeClock()
    with make_session(config) as session:
        session.throttle.clock, session.throttle.sleep = clock, clock.sleep
        (outcome,) = ArxivResolver(session, config).resolve([ax("1605.08386")])
        assert isinstance(outcome, Resolved)
        assert session.throttle.waits == [(config.arxiv_host, 3.0)]
        assert session.throttle.total_sent == 2


def test_503_with_retry_after_then_success(replay, config):
    replay.faults.append(synthetic(503, b"Service Unavailable", {"Retry-After": "1"}))
    started = time.monotonic()
    (outcome,), throttle = resolve(config, [ax("1605.08386")])
    assert isinstance(outcome, Resolved)
    assert throttle.waits == [(config.arxiv_host, 1.0)]
    assert time.monotonic() - started >= 1.0


def test_retries_exhausted_name_the_status(replay, config):
    replay.faults.extend([synthetic(503, b"Service Unavailable")] * 3)
    outcomes, throttle = resolve(config, [ax("0808.05394"), ax("1605.08386")], batch_size=1)
    assert outcomes[0].reason == "arXiv: HTTP 503 (Service Unavailable)"
    assert not outcomes[0].not_found
    assert isinstance(outcomes[1], Resolved)
    assert throttle.total_sent == 4  # 1 + 2 retries, then the next batch


def test_404_fails_its_batch_only(replay, config):
    outcomes, _ = resolve(config, [ax("1605.08386"), ax("1707.08567")], batch_size=1)
    assert all(isinstance(o, Resolved) for o in outcomes)
    replay.faults.extend([lambda r: None, synthetic(404, b"Not Found")])
    outcomes, _ = resolve(config, [ax("astro-ph/0601001"), ax("2104.12255v1")], batch_size=1)
    assert isinstance(outcomes[0], Resolved)
    assert outcomes[1].reason == "arXiv: HTTP 404 (Not Found)"


def test_read_timeout_fails_its_batch_only(replay, httpserver, tmp_path):
    config = make_config(httpserver.url_for("/"), tmp_path, read_timeout="0.2", retries="0")

    def slow(_request):
        time.sleep(0.5)  # SYNTHESISED: the server stalls past the read timeout

    replay.faults.extend([lambda r: None, slow])
    outcomes, _ = resolve(config, [ax("1605.08386"), ax("1707.08567")], batch_size=1)
    assert isinstance(outcomes[0], Resolved)
    assert outcomes[1].reason == "arXiv: request failed: read timed out"


def test_connection_refused_keeps_cached_records(tmp_path):
    server = HTTPServer(host="127.0.0.1")
    server.expect_request(API_PATH).respond_with_handler(ArxivReplay())
    server.start()
    try:
        config = make_config(server.url_for("/"), tmp_path, retries="1")
        resolve(config, [ax("1605.08386")])
    finally:
        server.stop()  # the port is closed from here on: connections are refused
    outcomes, throttle = resolve(config, [ax("1605.08386"), ax("1707.08567")], batch_size=1)
    assert isinstance(outcomes[0], Resolved)  # from the cache
    assert outcomes[1].reason == "arXiv: request failed: connection refused"
    assert throttle.total_sent == 2  # one try and one retry, for the uncached id only


@pytest.mark.parametrize(
    "body",
    [
        recorded("id_1605.08386")[:900],  # SYNTHESISED: the recorded body cut short
        b"<html><body>Bad gateway</body></html>",  # SYNTHESISED: not Atom
        b"",
        # SYNTHESISED: the recorded body with its first-version date made unreadable
        recorded("id_1605.08386").replace(
            b"<published>2016-05-26T17:59:46Z", b"<published>26 May 2016"
        ),
    ],
    ids=["truncated", "html", "empty", "bad-date"],
)
def test_malformed_atom_fails_and_is_not_cached(replay, config, body):
    replay.faults.append(lambda r: Response(body, status=200, content_type="application/atom+xml"))
    (outcome,), _ = resolve(config, [ax("1605.08386")])
    assert isinstance(outcome, Failed)
    assert not outcome.not_found
    assert outcome.reason.startswith("arXiv: ")
    assert "Atom" in outcome.reason or "unreadable answer" in outcome.reason
    (outcome,), throttle = resolve(config, [ax("1605.08386")])
    assert isinstance(outcome, Resolved)
    assert throttle.total_sent == 1


def test_oversized_body_fails_its_batch_only(replay, httpserver, tmp_path):
    config = make_config(httpserver.url_for("/"), tmp_path, max_response_bytes="3000")
    outcomes, _ = resolve(config, [ax("1605.08386"), ax("1707.08567")], batch_size=1)
    assert isinstance(outcomes[0], Resolved)  # 1967 bytes
    assert outcomes[1].reason == (
        "arXiv: request failed: response of 4019 bytes exceeds the limit of 3000 bytes"
    )


# --- batching, waiting and the cache ---------------------------------------------------------

RECORDED_IDS = [
    "1605.08386",
    "2104.12255",
    "astro-ph/0601001",
    "quant-ph/0201082",
    "1707.08567",
    "2202.12139",
    "2405.13786",
    "2005.14124",
    "2204.08348",
    "2302.03287",
    "1202.4527",
    "2503.05378",
    "1205.1866",
    "2502.07719",
    "1812.11470",
]


def ids_250():
    """15 recorded papers and 235 well-formed ids arXiv does not have.

    ``0808.1xxxx`` cannot exist (five-digit numbers began in 2015), like the recorded
    ``0808.05394``; arXiv leaves such ids out of its answer.
    """
    unknown = [f"0808.{10000 + i:05d}" for i in range(250 - len(RECORDED_IDS))]
    ids = RECORDED_IDS + unknown
    return [ax(i) for i in ids[::2] + ids[1::2]]  # spread the recorded ones over the batches


def test_250_ids_take_3_requests_and_2_waits(replay, httpserver, tmp_path):
    # Every answer is a feed assembled from recorded entries (see arxiv_helpers).
    config = make_config(httpserver.url_for("/"), tmp_path, arxiv_delay="3")
    ids = ids_250()
    clock = FakeClock()
    with make_session(config) as session:
        session.throttle.clock, session.throttle.sleep = clock, clock.sleep
        outcomes = ArxivResolver(session, config).resolve(ids)
        assert session.throttle.sent == {config.arxiv_host: 3}
        assert session.throttle.waits == [(config.arxiv_host, 3.0)] * 2
    assert [len(i) for i in replay.id_lists] == [100, 100, 50]
    assert all(r["max_results"] == "100" for r in replay.requests)
    assert [o.identifier for o in outcomes] == ids
    resolved = {o.identifier.id for o in outcomes if isinstance(o, Resolved)}
    assert resolved == set(RECORDED_IDS)
    assert all(o.not_found for o in outcomes if isinstance(o, Failed))

    # The same run again: all from the cache, no request, no wait.
    config = make_config(httpserver.url_for("/"), tmp_path)  # same cache, 0.01 s delay
    again, throttle = resolve(config, ids)
    assert throttle.total_sent == 0 and throttle.waits == []
    assert again == outcomes
    # Offline: the same, and never a request.
    offline, throttle = resolve(config, ids, offline=True)
    assert throttle.total_sent == 0
    assert offline == outcomes
    # Refresh: asks again.
    _, throttle = resolve(config, ids, refresh=True)
    assert throttle.total_sent == 3
    assert len(replay.requests) == 6


def test_offline_names_what_is_not_cached(replay, config):
    resolve(config, [ax("1605.08386")])
    outcomes, throttle = resolve(
        config, [ax("1605.08386"), ax("1707.08567")], batch_size=1, offline=True
    )
    assert isinstance(outcomes[0], Resolved)
    assert outcomes[1].reason.startswith("arXiv: request failed: offline, and not in the cache: ")
    assert throttle.total_sent == 0
    assert len(replay.requests) == 1


def test_requests_are_spaced_by_the_delay(replay, httpserver, tmp_path):
    config = make_config(httpserver.url_for("/"), tmp_path, arxiv_delay="0.05")
    resolve(config, [ax(i) for i in RECORDED_IDS[:4]], batch_size=1)
    gaps = [b - a for a, b in zip(replay.times, replay.times[1:], strict=False)]
    assert len(gaps) == 3
    assert min(gaps) >= 0.05


@pytest.mark.parametrize(
    ("name", "person"),
    [
        ("Caprice Stanley", Person(family="Stanley", given="Caprice")),
        ("Diederik P. Kingma", Person(family="Kingma", given="Diederik P.")),
        ("Aäron van den Oord", Person(family="Oord", given="Aäron", prefix="van den")),
        (
            "Jean-Pierre de la Fontaine",
            Person(family="Fontaine", given="Jean-Pierre", prefix="de la"),
        ),
        ("Martin Luther King Jr.", Person(family="King", given="Martin Luther", suffix="Jr.")),
        ("Yann LeCun", Person(family="LeCun", given="Yann")),
        ("Prabhat", Person(family="Prabhat")),
        ("  Ian   J.  Goodfellow ", Person(family="Goodfellow", given="Ian J.")),
        ("Goodfellow, Ian J.", Person(family="Goodfellow", given="Ian J.")),
        ("The ATLAS Collaboration", Person(family="The ATLAS Collaboration")),
    ],
)
def test_split_name(name, person):
    assert split_name(name) == person


@pytest.mark.parametrize(
    ("field", "doi"),
    [
        ("10.1145/3395363.3397376", "10.1145/3395363.3397376"),
        ("10.1109/CVPR.2019.00453", "10.1109/CVPR.2019.00453"),
        ("10.48550/ARXIV.1511.06434", None),
        ("10.48550/arXiv.1511.06434", None),
        ("10.48550/arXiv.1511.06434 10.1007/978-3-319-24574-4_28", "10.1007/978-3-319-24574-4_28"),
        ("", None),
        (None, None),
        ("not a doi", None),
    ],
)
def test_only_published_dois_are_kept(field, doi):
    from imgsynth_refs.sources.arxiv import _published_doi

    assert _published_doi(field) == doi


def test_a_plain_session_gets_the_clients_own_delay(replay, httpserver, tmp_path):
    import requests

    config = make_config(httpserver.url_for("/"), tmp_path, arxiv_delay="0.2")
    with requests.Session() as session:
        resolver = ArxivResolver(session, config, batch_size=1)
        outcomes = resolver.resolve([ax("1605.08386"), ax("1707.08567")])
    assert all(isinstance(o, Resolved) for o in outcomes)
    assert len(replay.requests) == 2
    assert replay.times[1] - replay.times[0] >= 0.2


def test_an_empty_arxiv_page_that_claims_results_is_a_fault_not_cached(httpserver, tmp_path):
    """arXiv sporadically answers a page without its entries (arxiv.py's
    UnexpectedEmptyPageError). SYNTHESISED: the recorded 1605.08386 feed with its <entry>
    removed and totalResults still 1. That is no proof the paper does not exist: the id
    must not be reported (and cached for 30 days) as unknown."""
    from lxml import etree

    from arxiv_helpers import API_PATH, ATOM, ArxivReplay, make_config, recorded
    from imgsynth_refs.identifiers import Identifier
    from imgsynth_refs.sources.arxiv import ArxivResolver
    from imgsynth_refs.sources.base import Failed, Resolved

    root = etree.fromstring(recorded("id_1605.08386"))
    for entry in root.findall(f"{ATOM}entry"):
        root.remove(entry)
    emptied = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    replay = ArxivReplay()
    replay.faults.append(lambda request: Response(emptied, content_type="application/atom+xml"))
    httpserver.expect_request(API_PATH).respond_with_handler(replay)
    config = make_config(httpserver.url_for("/"), tmp_path)
    paper = Identifier("arxiv", "1605.08386")
    with make_session(config) as session:
        (outcome,) = ArxivResolver(session, config).resolve([paper])
    assert isinstance(outcome, Failed)
    assert not outcome.not_found
    assert "empty" in outcome.reason
    with make_session(config) as session:  # the next run asks again
        (outcome,) = ArxivResolver(session, config).resolve([paper])
    assert isinstance(outcome, Resolved)
    assert len(replay.requests) == 2
