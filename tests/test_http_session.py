"""make_session: allowlist, User-Agent, timeouts, size cap, politeness, retries (a Retry-After
beyond the bound, urllib3 before ``retry_after_max``), cache modes and cache folder errors.

The bodies here are SYNTHESISED plain-text responses (this tests the HTTP layer, not a
source); recorded arXiv answers are replayed in test_arxiv_resolver.py.
"""

from __future__ import annotations

import re
import time
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
import requests
import urllib3.util.retry
from werkzeug import Response

import imgsynth_refs
from arxiv_helpers import FakeClock, make_config
from imgsynth_refs.errors import UsageError
from imgsynth_refs.sources.http import (
    HostNotAllowedError,
    OfflineError,
    RequestDeadlineError,
    ResponseTooLargeError,
    RetryAfterTooLongError,
    RunDeadlineError,
    describe_error,
    make_session,
    user_agent,
)


@pytest.fixture
def config(httpserver, tmp_path):
    return make_config(httpserver.url_for("/"), tmp_path / "cache")


def test_user_agent_names_project_version_and_homepage(httpserver, config):
    httpserver.expect_request("/ua").respond_with_data("ok")
    with make_session(config) as session:
        session.get(httpserver.url_for("/ua"))
    sent = httpserver.log[0][0].headers["User-Agent"]
    assert sent == user_agent()
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    homepage = pyproject["project"]["urls"]["Homepage"]
    assert sent == f"imgsynth_refs/{imgsynth_refs.__version__} (+{homepage})"


@pytest.mark.parametrize(
    "url",
    ["https://example.org/", "http://127.0.0.2:9/", "https://export.arxiv.org.evil.test/api"],
)
def test_other_hosts_are_refused(config, url):
    with make_session(config) as session, pytest.raises(HostNotAllowedError) as info:
        session.get(url)
    assert session.throttle.total_sent == 0
    assert describe_error(info.value).startswith(url)


def test_configured_public_hosts_are_allowed_in_principle(config):
    with make_session(config) as session:
        for url in ("https://dblp.org/x", "https://api.crossref.org/works/x"):
            assert type(session.get_adapter(url)).__name__ == "_SourceAdapter"


def test_redirect_to_another_host_is_refused(httpserver, config):
    httpserver.expect_request("/away").respond_with_response(
        Response(status=302, headers={"Location": "https://example.org/x"})
    )
    httpserver.expect_request("/here").respond_with_response(
        Response(status=302, headers={"Location": httpserver.url_for("/ok")})
    )
    httpserver.expect_request("/ok").respond_with_data("ok")
    with make_session(config) as session:
        assert session.get(httpserver.url_for("/here")).text == "ok"
        with pytest.raises(HostNotAllowedError):
            session.get(httpserver.url_for("/away"))


def test_read_timeout_applies_without_a_timeout_argument(httpserver, tmp_path):
    config = make_config(httpserver.url_for("/"), tmp_path, read_timeout="0.2", retries="0")
    httpserver.expect_request("/slow").respond_with_handler(
        lambda r: time.sleep(0.5) or Response("late")
    )
    with make_session(config) as session, pytest.raises(requests.ConnectionError) as info:
        session.get(httpserver.url_for("/slow"))
    assert describe_error(info.value) == "read timed out"


def test_connection_refused_is_retried_then_named(tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = make_config(f"http://127.0.0.1:{port}/", tmp_path, retries="2")
    with make_session(config) as session, pytest.raises(requests.ConnectionError) as info:
        session.get(f"http://127.0.0.1:{port}/api/query")
    assert describe_error(info.value) == "connection refused"
    assert session.throttle.total_sent == 3


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_response_size_is_capped(httpserver, tmp_path, chunked):
    config = make_config(httpserver.url_for("/"), tmp_path, max_response_bytes="1000")
    body = b"x" * 5000

    def answer(_request):
        if chunked:  # no Content-Length: the cap is enforced while reading
            return Response(iter([body[i : i + 500] for i in range(0, 5000, 500)]))
        return Response(body)

    httpserver.expect_request("/big").respond_with_handler(answer)
    httpserver.expect_request("/small").respond_with_data(b"y" * 1000)
    with make_session(config) as session:
        assert len(session.get(httpserver.url_for("/small")).content) == 1000
        with pytest.raises(ResponseTooLargeError, match="limit of 1000 bytes"):
            session.get(httpserver.url_for("/big"))


def test_per_host_interval_between_real_requests_only(httpserver, tmp_path):
    config = make_config(httpserver.url_for("/"), tmp_path, arxiv_delay="3")
    httpserver.expect_request("/a").respond_with_data("a")
    clock = FakeClock()
    with make_session(config) as session:
        session.throttle.clock, session.throttle.sleep = clock, clock.sleep
        for path in ("/a?1", "/a?2", "/a?1", "/a?3"):  # the second /a?1 is cached
            session.get(httpserver.url_for(path))
        assert session.throttle.waits == [(config.arxiv_host, 3.0)] * 2
        assert session.throttle.total_sent == 3


def test_429_without_retry_after_backs_off_exponentially(httpserver, tmp_path):
    config = make_config(httpserver.url_for("/"), tmp_path, retries="3", backoff="2")
    answers = [Response("Rate exceeded.", status=429)] * 3 + [Response("ok")]
    httpserver.expect_request("/r").respond_with_handler(lambda r: answers.pop(0))
    clock = FakeClock()
    with make_session(config) as session:
        session.throttle.clock, session.throttle.sleep = clock, clock.sleep
        assert session.get(httpserver.url_for("/r")).text == "ok"
        seconds = [s for _, s in session.throttle.waits]
    # urllib3 has no backoff before the first retry, so the host interval applies; then
    # backoff * 2**(n-1).
    assert seconds == [config.arxiv_delay, 4.0, 8.0]


def test_retry_after_is_honoured(httpserver, config):
    answers = [Response("busy", status=503, headers={"Retry-After": "2"}), Response("ok")]
    httpserver.expect_request("/r").respond_with_handler(lambda r: answers.pop(0))
    clock = FakeClock()
    with make_session(config) as session:
        session.throttle.clock, session.throttle.sleep = clock, clock.sleep
        assert session.get(httpserver.url_for("/r")).text == "ok"
        assert [s for _, s in session.throttle.waits] == [2]


def test_cache_second_run_refresh_and_offline(httpserver, config):
    httpserver.expect_request("/c").respond_with_data("cached body")
    with make_session(config) as session:
        assert session.get(httpserver.url_for("/c")).text == "cached body"
    with make_session(config) as session:
        response = session.get(httpserver.url_for("/c"))
        assert response.from_cache and session.throttle.total_sent == 0
    with make_session(config, refresh=True) as session:
        response = session.get(httpserver.url_for("/c"))
        assert not response.from_cache and session.throttle.total_sent == 1
    with make_session(config, offline=True) as session:
        assert session.get(httpserver.url_for("/c")).text == "cached body"
        with pytest.raises(OfflineError, match=r"offline, and not in the cache: .*/other"):
            session.get(httpserver.url_for("/other"))
        assert session.throttle.total_sent == 0
    assert len(httpserver.log) == 2


def test_errors_are_not_cached(httpserver, config):
    answers = [Response("missing", status=404), Response("found")]
    httpserver.expect_request("/e").respond_with_handler(lambda r: answers.pop(0))
    with make_session(config) as session:
        assert session.get(httpserver.url_for("/e")).status_code == 404
        assert session.get(httpserver.url_for("/e")).text == "found"


def test_offline_and_refresh_exclude_each_other(config):
    with pytest.raises(UsageError, match="offline and refresh"):
        make_session(config, offline=True, refresh=True)


def test_cache_lives_in_the_configured_directory(httpserver, config):
    httpserver.expect_request("/d").respond_with_data("d")
    with make_session(config) as session:
        session.get(httpserver.url_for("/d"))
    assert (config.cache_dir / "http-cache.sqlite").is_file()


def test_offline_uses_expired_entries(httpserver, config, monkeypatch):
    import datetime

    from imgsynth_refs.sources import http

    monkeypatch.setattr(http, "CACHE_EXPIRY", datetime.timedelta(seconds=1))
    httpserver.expect_request("/old").respond_with_data("old body")
    with make_session(config) as session:
        session.get(httpserver.url_for("/old"))
    time.sleep(1.2)
    with make_session(config, offline=True) as session:
        assert session.get(httpserver.url_for("/old")).text == "old body"
    with make_session(config) as session:  # online, the expired entry is asked for again
        assert not session.get(httpserver.url_for("/old")).from_cache
    assert len(httpserver.log) == 2


def test_unparsable_retry_after_falls_back_to_backoff(httpserver, config):
    answers = [Response("busy", status=503, headers={"Retry-After": "soon"}), Response("ok")]
    httpserver.expect_request("/r").respond_with_handler(lambda r: answers.pop(0))
    with make_session(config) as session:
        assert session.get(httpserver.url_for("/r")).text == "ok"
        assert [s for _, s in session.throttle.waits] == [config.arxiv_delay]


# --------------------------------------------------------------- deadlines and long waits


class _Dripper:
    """A SYNTHESISED misbehaving server on 127.0.0.1: one connection, ``head`` at once, then
    ``drip`` one byte per ``interval`` s (at most ``len(drip) * interval`` s, so bounded)."""

    def __init__(self, head: bytes, drip: bytes, interval: float = 0.05) -> None:
        import socket
        import threading

        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(10)
        self.url = f"http://127.0.0.1:{self._server.getsockname()[1]}"
        self.sent = 0
        self._head, self._drip, self._interval = head, drip, interval
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        try:
            conn, _ = self._server.accept()
        except OSError:
            return
        with conn:
            try:
                conn.recv(65536)
                conn.sendall(self._head)
                for byte in self._drip:
                    time.sleep(self._interval)
                    conn.sendall(bytes([byte]))
                    self.sent += 1
            except OSError:
                return  # the client hung up

    def close(self) -> None:
        self._thread.join(15)
        self._server.close()


@pytest.mark.parametrize(
    ("head", "drip"),
    [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n", b"x" * 400),
        (b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", b"y" * 400),  # no length: until close
        (b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"z" * 392),  # dripping headers
    ],
    ids=["body", "body-without-length", "headers"],
)
def test_a_dripping_server_is_cut_off_at_the_request_deadline(tmp_path, head, drip):
    """Each byte comes well within the read timeout; 400 bytes would take 20 s."""
    server = _Dripper(head, drip)
    config = make_config(server.url, tmp_path, request_deadline="1", retries="0")
    started = time.monotonic()
    try:
        with make_session(config) as session, pytest.raises(RequestDeadlineError) as info:
            session.get(server.url + "/api/query?id_list=1")
        assert time.monotonic() - started < 5
        assert describe_error(info.value) == (
            "no complete answer within 1 s (IMGSYNTH_REFS_REQUEST_DEADLINE)"
        )
        assert server.sent < 100
    finally:
        server.close()


def test_the_runs_deadline_stops_later_requests_and_long_waits(httpserver, tmp_path):
    httpserver.expect_request("/fast").respond_with_data("ok")
    answers = [Response("busy", status=503, headers={"Retry-After": "5"}), Response("ok")]
    httpserver.expect_request("/busy").respond_with_handler(lambda r: answers.pop(0))
    config = make_config(httpserver.url_for("/"), tmp_path, deadline="1")
    with make_session(config) as session:
        assert session.get(httpserver.url_for("/fast")).text == "ok"
        with pytest.raises(RunDeadlineError, match=r"a wait of 5 s would pass the run's deadline"):
            session.get(httpserver.url_for("/busy"))
        time.sleep(1.1)
        sent = session.throttle.total_sent
        with pytest.raises(RunDeadlineError, match=r"the run's deadline .* has passed"):
            session.get(httpserver.url_for("/fast?again"))
        assert session.throttle.total_sent == sent


def test_a_long_wait_is_announced_with_the_source_and_the_time(httpserver, config, caplog):
    answers = [Response("busy", status=429, headers={"Retry-After": "90"}), Response("ok")]
    httpserver.expect_request("/r").respond_with_handler(lambda r: answers.pop(0))
    clock = FakeClock()
    with make_session(config) as session:
        session.throttle.clock, session.throttle.sleep = clock, clock.sleep
        assert session.get(httpserver.url_for("/r")).text == "ok"
    (message,) = [r.getMessage() for r in caplog.records if "waiting" in r.getMessage()]
    assert re.fullmatch(
        r"imgsynth-refs: arXiv: waiting 90 s \(Retry-After\), until \d\d:\d\d:\d\d", message
    )


def test_every_configured_source_has_a_name_for_messages():
    from imgsynth_refs.sources.config import Config
    from imgsynth_refs.sources.http import _SOURCE_NAMES

    assert set(_SOURCE_NAMES) == set(Config().base_urls)


def test_a_retry_after_beyond_the_bound_fails_that_source_at_once(httpserver, config):
    """SYNTHESISED 503 asking for an hour, longer than IMGSYNTH_REFS_MAX_RETRY_WAIT (300 s):
    no silent wait; that source fails at once, now and for the rest of the run."""
    answers = [Response("busy", status=503, headers={"Retry-After": "3600"}), Response("ok")]
    httpserver.expect_request("/r").respond_with_handler(lambda r: answers.pop(0))
    config = replace(config, retries=1)
    clock = FakeClock()
    with make_session(config) as session:
        session.throttle.clock, session.throttle.sleep = clock, clock.sleep
        asks = r"arXiv asks us to wait 60 min \(Retry-After\), longer than .*MAX_RETRY_WAIT"
        with pytest.raises(RetryAfterTooLongError, match=asks + r" \(5 min\); try later"):
            session.get(httpserver.url_for("/r"))
        with pytest.raises(RetryAfterTooLongError, match=asks):
            session.get(httpserver.url_for("/r?again"))
        assert session.throttle.waits == []
        assert session.throttle.total_sent == 1
    assert len(answers) == 1


def test_the_session_works_with_urllib3_before_retry_after_max(monkeypatch, httpserver, config):
    """requests allows any urllib3 from 1.21; ``Retry(retry_after_max=...)`` exists only from
    urllib3 2.6.3. This EMULATES an older urllib3 by refusing that argument."""
    original = urllib3.util.retry.Retry.__init__

    def older_init(self, *args, **kwargs):
        if "retry_after_max" in kwargs:
            raise TypeError("__init__() got an unexpected keyword argument 'retry_after_max'")
        original(self, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.retry.Retry, "__init__", older_init)
    httpserver.expect_request("/p").respond_with_data("page")
    with make_session(config) as session:
        assert session.get(httpserver.url_for("/p")).text == "page"


def test_a_cache_dir_that_is_a_file_is_a_usage_error_naming_the_variable(tmp_path, config):
    from imgsynth_refs.errors import UsageError

    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("")
    with pytest.raises(UsageError, match=r"^IMGSYNTH_REFS_CACHE_DIR: .*cache.* not a folder"):
        make_session(replace(config, cache_dir=not_a_folder))


def test_a_corrupt_cache_file_is_named_with_the_remedy(tmp_path, config):
    from imgsynth_refs.errors import DataError

    (tmp_path / "http-cache.sqlite").write_bytes(b"not a database")
    with pytest.raises(DataError, match=r"http-cache\.sqlite: .*not a database.*delete"):
        make_session(replace(config, cache_dir=tmp_path))
