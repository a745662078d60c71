"""cache: where the cache folder is, and a file in its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from imgsynth_refs.cache import CACHE_DIR_VARIABLE, cache_dir, cache_folder, default_cache_dir
from imgsynth_refs.errors import UsageError
from imgsynth_refs.sources.config import PREFIX


def test_the_variable_is_one_of_the_configuration() -> None:
    assert CACHE_DIR_VARIABLE == PREFIX + "CACHE_DIR"  # docs/configuration.md lists them


def test_the_variable_names_the_folder(tmp_path: Path) -> None:
    assert cache_dir({CACHE_DIR_VARIABLE: f" {tmp_path} "}) == tmp_path
    assert cache_dir({CACHE_DIR_VARIABLE: "~/c"}) == Path.home() / "c"


def test_without_it_the_users_cache_folder() -> None:
    assert cache_dir({}) == cache_dir({CACHE_DIR_VARIABLE: "  "}) == default_cache_dir()
    assert default_cache_dir().name == "imgsynth_refs"


def test_a_file_in_its_place_is_a_usage_error_naming_the_variable(tmp_path: Path) -> None:
    file = tmp_path / "cache"
    file.write_text("not a folder")
    expected = f"{CACHE_DIR_VARIABLE}: .*cache is not a folder"
    with pytest.raises(UsageError, match=expected), cache_folder(file):
        pass


def test_an_error_inside_names_the_folder(tmp_path: Path) -> None:
    expected = f"{CACHE_DIR_VARIABLE}: {tmp_path}: denied"
    with pytest.raises(UsageError, match=expected), cache_folder(tmp_path):
        raise PermissionError("denied")
    # not one of the errors it was given
    with pytest.raises(KeyError), cache_folder(tmp_path, (OSError,)):
        raise KeyError("x")
