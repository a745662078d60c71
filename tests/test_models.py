"""Validation of the record models: clear errors naming the field."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from imgsynth_refs.models import ArxivInfo, Catalog, Era, Person, Reference, WorkType, doi_key


def paper(**changes):
    fields = {
        "key": "doe2020test",
        "type": WorkType.CONFERENCE_PAPER,
        "title": "A Test",
        "authors": [Person(given="Jane", family="Doe")],
        "year": 2020,
        "booktitle": "Proceedings of Tests",
    }
    fields.update(changes)
    return Reference(**fields)


def test_person_display_keeps_particles_in_reading_order():
    person = Person(given="Ludwig", prefix="van", family="Beethoven", suffix="Jr.")
    assert person.display() == "Ludwig van Beethoven Jr."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "   "}, "title"),
        ({"year": 99}, "year"),
        ({"month": 13}, "month"),
        ({"doi": "not-a-doi"}, "doi"),
        ({"neurips_id": "2014/xyz"}, "neurips_id"),
        ({"pages": "12 to 20"}, "pages"),
        ({"key": "has space"}, "key"),
        ({"unknown_field": 1}, "unknown_field"),
    ],
)
def test_invalid_field_is_named(changes, field):
    with pytest.raises(ValidationError) as info:
        paper(**changes)
    assert field in str(info.value)


def test_arxiv_doi_is_refused_as_published_doi():
    with pytest.raises(ValidationError, match="arXiv DataCite DOI"):
        paper(doi="10.48550/arXiv.1511.06434")


def test_doi_keeps_its_registered_case_and_pages_are_normalised():
    ref = paper(doi="10.1109/CVPR.2019.00453", pages="4401-4410")
    assert ref.doi == "10.1109/CVPR.2019.00453"
    assert doi_key(ref.doi) == doi_key("10.1109/cvpr.2019.00453")
    assert ref.pages == "4401--4410"


@pytest.mark.parametrize(
    "arxiv_id", ["1511.06434", "0704.0001", "hep-th/9901001", "math.GT/0309136"]
)
def test_arxiv_ids_accepted(arxiv_id):
    assert ArxivInfo(id=arxiv_id).id == arxiv_id


@pytest.mark.parametrize("arxiv_id", ["1511.06434v2", "arXiv:1511.06434", "15.1", ""])
def test_arxiv_ids_refused(arxiv_id):
    with pytest.raises(ValidationError):
        ArxivInfo(id=arxiv_id)


@pytest.mark.parametrize(
    ("work_type", "missing"),
    [
        (WorkType.CONFERENCE_PAPER, "booktitle"),
        (WorkType.JOURNAL_ARTICLE, "journal"),
        (WorkType.PREPRINT, "arxiv"),
    ],
)
def test_required_fields_per_type(work_type, missing):
    with pytest.raises(ValidationError, match=missing):
        Reference(type=work_type, title="T", authors=[Person(family="X")], year=2020)


def test_provenance_must_name_real_fields():
    with pytest.raises(ValidationError, match="provenance names unknown fields"):
        paper(
            provenance={"titel": {"source": "https://example.org", "retrieved": date(2026, 1, 1)}}
        )


def test_catalog_rejects_unknown_era_and_duplicate_keys():
    eras = [Era(id="gan", name="GANs", years="2015-2020")]
    with pytest.raises(ValidationError, match="unknown era"):
        Catalog(eras=eras, references=[paper(era="nope")])
    with pytest.raises(ValidationError, match="duplicate key"):
        Catalog(eras=eras, references=[paper(era="gan"), paper(era="gan", title="Other")])


def test_select_orders_by_era_then_date_and_all_adds_era_less_works():
    eras = [Era(id="a", name="A", years="1"), Era(id="b", name="B", years="2")]
    refs = [
        paper(key="late", era="a", year=2021),
        paper(key="early", era="a", year=2019),
        paper(key="second", era="b", year=2000),
        paper(key="article", era=None, year=2022),
    ]
    catalog = Catalog(eras=eras, references=refs)
    assert [r.key for r in catalog.select(["b", "a"])] == ["second", "early", "late"]
    assert [r.key for r in catalog.select(["all"])] == ["early", "late", "second", "article"]
    assert catalog.get("second").year == 2000
    assert catalog.select([]) == []
    assert catalog.select(None) == catalog.select(["all"])


def test_sort_date_falls_back_to_the_arxiv_posting_of_the_same_year():
    posted = ArxivInfo(id="2206.10789", published=date(2022, 6, 22))
    journal = {"type": WorkType.JOURNAL_ARTICLE, "journal": "TMLR", "booktitle": None}
    assert paper(year=2022, arxiv=posted, **journal).sort_date == (2022, 6, 22)
    assert paper(year=2023, arxiv=posted, **journal).sort_date == (2023, 13, 0)
    assert paper(year=2022, month=4, arxiv=posted).sort_date == (2022, 4, 0)


@pytest.mark.parametrize("family", ["}", "{}", "--", " . "])
def test_a_family_name_without_a_letter_or_digit_is_refused(family):
    """Found by the biber fuzz: a source's family name ``}`` wrote ``, Tero`` (no name)."""
    with pytest.raises(ValidationError, match="not a family name"):
        Person(family=family, given="Tero")
