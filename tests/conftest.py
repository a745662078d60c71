"""Shared test set-up: no test touches the user's cache or the real network.

``config`` and ``session`` point every source at the local pytest-httpserver (no delays, no
retries); ``sources_server`` does the same through the environment, for the CLI, and serves
the recorded arXiv answers and the recorded DBLP search answer. A module may define its own
``config`` (the arXiv and HTTP tests do), which then takes precedence.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

from arxiv_helpers import API_PATH, ArxivReplay
from sources_helpers import FIXTURES, local_config

# Property tests are deterministic (same examples every run, no example database written
# into the checkout) and not timed: the machines have 2 cores and run other work.
settings.register_profile(
    "imgsynth_refs", deadline=None, max_examples=200, derandomize=True, database=None
)
settings.load_profile("imgsynth_refs")

_SESSION_CACHE = "IMGSYNTH_REFS_TEST_SESSION_CACHE"


_USERS_CACHE = os.environ.get("IMGSYNTH_REFS_CACHE_DIR")


def pytest_configure(config: pytest.Config) -> None:
    """Test modules load the shipped catalog when they are imported, before any fixture
    runs: point the cache folder at a temporary one from the start (each xdist worker its
    own), so that collecting the tests never reads or writes the user's."""
    folder = tempfile.mkdtemp(prefix="imgsynth-refs-cache-")
    os.environ[_SESSION_CACHE] = os.environ["IMGSYNTH_REFS_CACHE_DIR"] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    folder = os.environ.pop(_SESSION_CACHE, None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)
    if _USERS_CACHE is None:
        os.environ.pop("IMGSYNTH_REFS_CACHE_DIR", None)
    else:
        os.environ["IMGSYNTH_REFS_CACHE_DIR"] = _USERS_CACHE


DBLP_SEARCH = FIXTURES / "dblp" / "search_publ_api.rust-test-small.json"
"""The real recorded DBLP answer for ``test*``: one unrelated hit, never a published version."""


@pytest.fixture(scope="session")
def _cached_catalog(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The validated shipped catalog as the cache folder keeps it, made once per run."""
    from imgsynth_refs import catalog

    folder = tmp_path_factory.mktemp("catalog-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IMGSYNTH_REFS_CACHE_DIR", str(folder))
        catalog._shipped_catalog.cache_clear()
        catalog.load_catalog()
    return (folder / catalog.SHIPPED_CACHE).read_bytes()


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    _cached_catalog: bytes,
):
    """Point the on-disk caches at a fresh folder for every test, holding only the validated
    shipped catalog, as after a user's first run (each command run in a subprocess would
    otherwise validate it again; tests/test_catalog.py covers the first run)."""
    from imgsynth_refs.catalog import SHIPPED_CACHE

    folder = tmp_path_factory.mktemp("cache")
    (folder / SHIPPED_CACHE).write_bytes(_cached_catalog)
    monkeypatch.setenv("IMGSYNTH_REFS_CACHE_DIR", str(folder))


@pytest.fixture
def config(httpserver):
    """Config with every source at the local server, no delays and no retries."""
    return local_config(httpserver.url_for("").rstrip("/"))


@pytest.fixture
def session(config):
    """The project's session for ``config``, closed after the test."""
    from imgsynth_refs.sources.http import make_session

    with make_session(config) as session:
        yield session


@pytest.fixture
def sources_server(httpserver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The local server as every source (through the environment), a fresh cache, no delays
    or retries, answering arXiv queries (ArxivReplay) and DBLP searches (:data:`DBLP_SEARCH`)."""
    base = httpserver.url_for("/").rstrip("/")
    monkeypatch.setenv("IMGSYNTH_REFS_ARXIV_API", base + API_PATH)
    for name in ("NEURIPS_URL", "ACL_URL", "DBLP_URL", "CROSSREF_URL"):
        monkeypatch.setenv(f"IMGSYNTH_REFS_{name}", base)
    monkeypatch.setenv("IMGSYNTH_REFS_CACHE_DIR", str(tmp_path / "cache"))
    for name in ("ARXIV_DELAY", "HOST_DELAY", "RETRIES"):
        monkeypatch.setenv(f"IMGSYNTH_REFS_{name}", "0")
    httpserver.expect_request(API_PATH).respond_with_handler(ArxivReplay())
    httpserver.expect_request("/search/publ/api").respond_with_data(
        DBLP_SEARCH.read_bytes(), content_type="application/json"
    )
    return httpserver
