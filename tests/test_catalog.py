"""Loading refs/: the shipped catalog and errors naming file, record and field."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from imgsynth_refs.cache import cache_dir, default_cache_dir
from imgsynth_refs.catalog import data_dir, load_catalog
from imgsynth_refs.errors import DataError, UsageError

# Taken when pytest imports this module, before any fixture runs (other test modules load
# the shipped catalog at that point, which writes the cache folder on a first run).
_cache_when_collected = cache_dir()


def test_collecting_the_tests_leaves_the_users_cache_folder_alone() -> None:
    assert _cache_when_collected != default_cache_dir()
    assert _cache_when_collected.is_relative_to(tempfile.gettempdir())


def test_shipped_catalog_loads_with_the_articles_eras():
    catalog = load_catalog()
    assert catalog.era_ids == ["precursors", "origins", "gan", "transformer", "photoshop"]
    assert catalog.references


def test_unknown_era_lists_the_valid_ones():
    with pytest.raises(UsageError, match="valid: precursors, origins, gan"):
        load_catalog().select(["gans"])


@pytest.fixture
def copy_of_refs(tmp_path: Path) -> Path:
    target = tmp_path / "refs"
    shutil.copytree(data_dir(), target)
    return target


def test_bad_field_names_file_record_and_field(copy_of_refs: Path):
    work = copy_of_refs / "works" / "goodfellow2014generative.toml"
    work.write_text(work.read_text().replace("year = 2014", "year = 14"))
    with pytest.raises(DataError) as info:
        load_catalog(copy_of_refs)
    message = str(info.value)
    assert "goodfellow2014generative.toml" in message
    assert "record 'goodfellow2014generative'" in message
    assert "field 'year'" in message


def test_broken_toml_names_the_file(copy_of_refs: Path):
    (copy_of_refs / "works" / "broken.toml").write_text("title = \n")
    with pytest.raises(DataError, match=r"broken\.toml: not valid TOML"):
        load_catalog(copy_of_refs)


def test_unknown_era_in_a_record_is_a_data_error(copy_of_refs: Path):
    work = copy_of_refs / "works" / "goodfellow2014generative.toml"
    work.write_text(work.read_text().replace('era = "origins"', 'era = "medieval"'))
    with pytest.raises(DataError, match="unknown era 'medieval'"):
        load_catalog(copy_of_refs)


# The validated shipped catalog is kept in the cache folder, stamped with what it was made
# from; later runs read it instead of building pydantic's validators.


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, and the process's loaded catalog forgotten (restored after)."""
    from imgsynth_refs import catalog

    folder = tmp_path / "cache"
    monkeypatch.setenv("IMGSYNTH_REFS_CACHE_DIR", str(folder))
    catalog._shipped_catalog.cache_clear()
    yield folder
    catalog._shipped_catalog.cache_clear()


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record each validation of a catalog folder."""
    from imgsynth_refs import catalog

    seen: list[Path] = []
    original = catalog._load

    def spy(root: Path):
        seen.append(root)
        return original(root)

    monkeypatch.setattr(catalog, "_load", spy)
    return seen


def test_the_shipped_catalog_is_validated_once_then_read_from_the_cache(fresh_cache, monkeypatch):
    from imgsynth_refs import catalog

    loads = _loads(monkeypatch)
    first = load_catalog()
    assert loads == [data_dir()] and (fresh_cache / catalog.SHIPPED_CACHE).is_file()
    catalog._shipped_catalog.cache_clear()
    again = load_catalog()
    assert loads == [data_dir()]  # not validated again
    assert again == first == load_catalog(data_dir())


@pytest.mark.parametrize("kept", [b"", b"not a pickle", "stamp"])
def test_a_stale_or_damaged_cached_catalog_is_replaced(fresh_cache, monkeypatch, kept):
    import pickle

    from imgsynth_refs import catalog

    fresh_cache.mkdir()
    path = fresh_cache / catalog.SHIPPED_CACHE
    if kept == "stamp":  # made from other data (a work file edited since)
        kept = pickle.dumps(("another stamp", load_catalog(data_dir())))
    path.write_bytes(kept)
    expected = load_catalog(data_dir())
    loads = _loads(monkeypatch)
    assert load_catalog() == expected
    assert loads == [data_dir()]
    stamp, _ = pickle.loads(path.read_bytes())
    assert stamp == catalog.data_stamp(data_dir())


def test_a_cache_folder_that_cannot_be_written_only_costs_time(fresh_cache):
    fresh_cache.write_text("a file where the folder should be")
    assert load_catalog() == load_catalog(data_dir())
    assert fresh_cache.read_text() == "a file where the folder should be"


def test_the_stamp_changes_when_a_work_file_changes(copy_of_refs):
    from imgsynth_refs.catalog import data_stamp

    before = data_stamp(copy_of_refs)
    work = next((copy_of_refs / "works").glob("*.toml"))
    work.write_text(work.read_text() + "\n")
    assert data_stamp(copy_of_refs) != before


def test_a_run_on_the_cached_catalog_builds_no_validator(tmp_path):
    # What the cache is for: pydantic's validators (and its plugin discovery, which imports
    # importlib.metadata and scans the installed distributions) are not built at all.
    import os
    import subprocess
    import sys

    code = (
        "import sys; from imgsynth_refs.catalog import load_catalog; "
        "assert load_catalog().references; "
        "print('pydantic.plugin._loader' in sys.modules)"
    )
    env = dict(os.environ, IMGSYNTH_REFS_CACHE_DIR=str(tmp_path / "cache"))
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["True", "False"]


def test_the_stamp_changes_when_the_validating_code_changes(monkeypatch, tmp_path):
    # A checkout whose models.py is edited must not read a catalog validated by the old code.
    from imgsynth_refs import catalog, models

    before = catalog.data_stamp(data_dir())
    edited = tmp_path / "models.py"
    edited.write_text(Path(models.__file__).read_text() + "\n")
    monkeypatch.setattr(models, "__file__", str(edited))
    assert catalog.data_stamp(data_dir()) != before
