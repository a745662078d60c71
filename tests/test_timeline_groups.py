"""A user's .bib grouped by year or by a field's first value; bad input is one clear error,
an entry that cannot be read is a failure beside the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from imgsynth_refs.errors import BibParseError, DataError, UsageError
from imgsynth_refs.timeline import groups
from imgsynth_refs.timeline.groups import read_grouped
from sources_helpers import FIXTURES

KEYWORDS = FIXTURES / "bib" / "keywords.bib"


def by_group(grouped: groups.GroupedBib) -> dict[str, list[str]]:
    names = {era.id: era.name for era in grouped.eras}
    result: dict[str, list[str]] = {}
    for ref in grouped.references:
        result.setdefault(names[ref.era], []).append(ref.key)
    return result


def test_grouped_by_year_in_order() -> None:
    grouped = read_grouped(KEYWORDS)
    assert [era.name for era in grouped.eras] == ["2015", "2024", "2025"]
    assert by_group(grouped)["2025"] == [
        "10.1093/pnasnexus/pgaf081",
        "10.1145/3696410.3714516",
        "yuan2025worldmoveglobalopendata",
    ]
    assert [era.description for era in grouped.eras] == ["1 work", "1 work", "3 works"]
    assert grouped.failures == []


def test_grouped_by_the_first_keyword_then_those_without() -> None:
    grouped = read_grouped(KEYWORDS, "Keywords")
    assert by_group(grouped) == {
        "diffusion models": ["10.1145/3696410.3714516"],
        "diffusion process": ["10.1145/3637528.3671997"],
        "gan": ["radford2015unsupervised"],
        "No keywords": ["10.1093/pnasnexus/pgaf081", "yuan2025worldmoveglobalopendata"],
    }
    assert [era.id for era in grouped.eras] == [
        "g-diffusion-models",
        "g-diffusion-process",
        "g-gan",
        "g-no-keywords",
    ]
    assert grouped.eras[-1].years == "2025"


def test_group_names_that_slug_alike_get_distinct_ids(tmp_path: Path) -> None:
    path = tmp_path / "groups.bib"
    path.write_text(
        "@misc{a, title={A}, year={2020}, groups={Über Bilder}}\n"
        "@misc{b, title={B}, year={2021}, groups={uber-bilder}}\n"
        "@misc{c, title={C}, year={2021}, groups={;}}\n",
        encoding="utf-8",
    )
    grouped = read_grouped(path, "groups")
    assert [(e.id, e.name) for e in grouped.eras] == [
        ("g-uber-bilder", "uber-bilder"),
        ("g-uber-bilder-2", "Über Bilder"),
        ("g-no-groups", "No groups"),
    ]


def test_an_entry_that_cannot_be_read_is_a_failure_and_the_rest_stays(tmp_path: Path) -> None:
    path = tmp_path / "thesis.bib"
    path.write_bytes(KEYWORDS.read_bytes() + b"\n@misc{undated, title = {No year}}\n")
    grouped = read_grouped(path)
    assert len(grouped.references) == 5
    (failure,) = grouped.failures
    assert failure.startswith(f"{path}: record 'undated'")


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        (None, DataError, "cannot read: No such file or directory"),
        (b"", DataError, "no entries"),
        (b"% only a comment\n", DataError, "no entries"),
        (b"@article{a,\n  title = {Open\n", BibParseError, ":1: "),
    ],
)
def test_bad_files_fail_with_one_message(tmp_path: Path, content, error, message) -> None:
    path = tmp_path / "thesis.bib"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(error) as caught:
        read_grouped(path)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)


def test_a_file_too_large_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(groups, "MAX_BIB_BYTES", 100)
    with pytest.raises(DataError, match="larger than"):
        read_grouped(KEYWORDS)


@pytest.mark.parametrize("field", ["", "key words", "{keywords}", "1st"])
def test_a_field_name_must_be_one(field: str) -> None:
    with pytest.raises(UsageError, match="not a field name"):
        read_grouped(KEYWORDS, field)
