"""Web pages live outside the configured sources: allow_origin opens one origin at a time."""

from __future__ import annotations

import pytest
import requests
from pytest_httpserver import HTTPServer

from imgsynth_refs.sources.http import HostNotAllowedError, allow_origin, make_session
from imgsynth_refs.sources.web import WebResolver
from sources_helpers import fixture_text

PAGE = fixture_text("web", "github-AdversarialNetsPapers-readme.trimmed.html")


@pytest.fixture
def other_site():
    """A second local server: a web page on a host that is no configured source."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def test_page_on_another_origin_is_refused_until_opened(config, other_site):
    other_site.expect_request("/readme").respond_with_data(PAGE, content_type="text/html")
    url = other_site.url_for("/readme")
    with make_session(config) as session:
        with pytest.raises(HostNotAllowedError):
            session.get(url)
        ref = WebResolver(session, config).fetch(url)
        assert ref.title.startswith("AdversarialNetsPapers/README.md")
        assert session.throttle.sent[f"127.0.0.1:{other_site.port}"] == 1
        # Opened for that origin only: the first server's other ports stay closed.
        with pytest.raises(HostNotAllowedError):
            session.get("http://127.0.0.1:9/")


def test_offline_session_still_sends_nothing_to_an_opened_origin(config, other_site):
    with make_session(config, offline=True) as session:
        url = allow_origin(session, other_site.url_for("/readme"))
        with pytest.raises(requests.exceptions.ConnectionError, match="offline"):
            session.get(url)
    assert other_site.log == []


@pytest.mark.parametrize(
    ("url", "fetched"),
    [
        ("http://projects.dfki.uni-kl.de/yfcc100m/", "https://projects.dfki.uni-kl.de/yfcc100m/"),
        ("https://huggingface.co/spaces/dalle-mini/dalle-mini", None),
        ("http://127.0.0.1:8080/page", None),
    ],
)
def test_plain_http_is_upgraded_except_on_loopback(url, fetched):
    assert allow_origin(requests.Session(), url) == (fetched or url)
