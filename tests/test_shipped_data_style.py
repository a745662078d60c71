"""The shipped records agree with the house style: eras that hold their works, access dates
only where an access was recorded, one version per record, one form of booktitle, journal
and editors per venue series (the forms of refs/venues.toml)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from imgsynth_refs.bibtex.read import parse_bib
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.house_style import series_of, url_repeats_doi
from imgsynth_refs.models import Catalog, Person, Reference

CATALOG: Catalog = load_catalog()
KEYS = sorted(ref.key or "" for ref in CATALOG.references)


def _years(text: str) -> tuple[int, int]:
    """An era's range: ``2012-2015``, ``2022-`` (open), ``2006-2015``."""
    match = re.fullmatch(r"(\d{4})-(\d{4})?", text)
    assert match, f"not a range of years: {text!r}"
    return int(match[1]), int(match[2] or 9999)


@pytest.mark.parametrize("era_id", CATALOG.era_ids)
def test_era_range_holds_the_article_dates_of_its_works(era_id: str) -> None:
    """The article places a work by its own date (VQGAN: 2020-12, published 2021); a date
    without a year ("slightly before GANs") counts as the work's year."""
    first, last = _years(CATALOG.era(era_id).years)
    works = CATALOG.select([era_id])
    assert works
    for ref in works:
        stated = ref.milestone.article_date if ref.milestone else ""
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", stated)] or [ref.year]
        assert all(first <= year <= last for year in years), (ref.key, years)


def test_eras_are_labelled_and_described() -> None:
    names = [era.name for era in CATALOG.eras]
    assert names[1:] == [
        "Origins",
        "Five years of GANs",
        "The transformer era",
        'Image synthesis\'s "Photoshop" era',
    ]
    assert "foreword" in names[0].lower()
    assert all(era.description for era in CATALOG.eras)


@pytest.mark.parametrize("key", KEYS)
def test_access_date_only_for_a_recorded_access(key: str) -> None:
    ref = CATALOG.get(key)
    if ref.urldate is None:
        return
    source = ref.provenance.get("urldate")
    assert source is not None
    assert not re.search(r"not (?:been )?fetched|stored cop|not the live", str(source))


@pytest.mark.parametrize("key", KEYS)
def test_pages_url_and_doi_name_one_version(key: str) -> None:
    ref = CATALOG.get(key)
    if ref.doi is None or ref.url is None:
        return
    assert not url_repeats_doi(ref.url, ref.doi)
    known = series_of(ref)
    hosts = known.other_version_hosts if known else ()
    assert urlsplit(ref.url).hostname not in hosts


def _series_records() -> dict[str, list[Reference]]:
    grouped: dict[str, list[Reference]] = {}
    for ref in CATALOG.references:
        known = series_of(ref)
        if known is not None:
            grouped.setdefault(known.id, []).append(ref)
    return grouped


SERIES = _series_records()


def test_the_series_of_the_shipped_papers() -> None:
    assert {key: len(refs) for key, refs in SERIES.items()} == {
        "neurips": 5,
        "iclr": 2,
        "icml": 2,
        "cvpr": 4,
        "acl": 1,
        "tmlr": 1,
        "cacm": 1,
        "neco": 1,
    }


@pytest.mark.parametrize("series", sorted(SERIES))
def test_booktitle_or_journal_is_the_series_form(series: str) -> None:
    for ref in SERIES[series]:
        known = series_of(ref)
        assert known is not None
        form = known.form(ref.year)
        if form is not None:
            assert (ref.booktitle or ref.journal) == form, ref.key


def _initials(person: Person) -> bool:
    return re.fullmatch(r"(?:[A-Z]\.(?:-[A-Z]\.)? ?)+", person.given) is not None


@pytest.mark.parametrize("series", sorted(SERIES))
def test_editors_in_one_form_per_series(series: str) -> None:
    forms = {_initials(person) for ref in SERIES[series] for person in ref.editors}
    assert len(forms) <= 1, series


def test_nips_2017_editors_as_the_proceedings_bibtex_names_them() -> None:
    """Initials, as the proceedings' BibTeX NIPS2017_3f5ee243 (and every NeurIPS record's)
    has them; the particle lower case, as DBLP writes it ('Ulrike von Luxburg')."""
    path = Path(__file__).parent / "fixtures" / "neurips" / "NIPS2017_3f5ee243.excerpt.bib"
    (entry,) = parse_bib(path.read_text(encoding="utf-8"), source=str(path))
    recorded = str(entry.fields_dict["editor"].value).replace("U. Von", "U. von").split(" and ")
    ref = CATALOG.get("vaswani2017attention")
    assert [p.display() for p in ref.editors] == recorded
    assert "NIPS2017_3f5ee243" in ref.provenance["editors"].source
