"""Shared test set-up: no test touches the user's cache or the real network."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the on-disk HTTP cache at a fresh folder for every test."""
    monkeypatch.setenv("IMGSYNTH_REFS_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
