"""Loading refs/: the shipped catalog and errors naming file, record and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from imgsynth_refs.catalog import data_dir, load_catalog
from imgsynth_refs.errors import DataError, UsageError


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
