"""The house style (imgsynth_refs.house_style) over the venue registry (refs/venues.toml):
one booktitle/journal form, one presence of place and editors and one editors' form per
series across every exported entry; one version per entry; the venue styles; a user's
house-style file and its errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from export_helpers import run_cli
from imgsynth_refs.bibtex import latex_to_unicode, parse_names
from imgsynth_refs.bibtex.read import parse_bib
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.errors import DataError
from imgsynth_refs.export import export
from imgsynth_refs.house_style import (
    HouseStyle,
    SeriesStyle,
    apply_house_style,
    load_house_style,
    url_repeats_doi,
)
from imgsynth_refs.venues import identify, load_venues, registry

CATALOG = load_catalog()
ALL = CATALOG.select(["all"])


def _entries(dialect: str, style: HouseStyle | None = None) -> list[dict[str, str]]:
    text = export(ALL, dialect, style=style)
    return [
        {"ENTRYTYPE": e.entry_type, "ID": e.key, **{f.key: str(f.value) for f in e.fields}}
        for e in parse_bib(text, source=dialect)
    ]


def _series(entry: dict[str, str]) -> str | None:
    venue = entry.get("booktitle") or entry.get("journal") or entry.get("journaltitle")
    known = identify(latex_to_unicode(venue)) if venue else None
    return known.id if known else None


def _by_series(entries: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    grouped: dict[str, list[dict[str, str]]] = {}
    for entry in entries:
        series = _series(entry)
        if series:
            grouped.setdefault(series, []).append(entry)
    return grouped


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_one_venue_form_per_series_across_all_exported_entries(dialect: str) -> None:
    """Years and ordinals aside (``2019``, ``38th``), a series' entries name it one way."""
    grouped = _by_series(_entries(dialect))
    assert {"neurips", "iclr", "icml", "cvpr", "acl", "tmlr", "cacm", "neco"} <= set(grouped)
    for series, entries in grouped.items():
        forms = {
            re.sub(
                r"\d+(?:st|nd|rd|th)?",
                "#",
                e.get("booktitle") or e.get("journal") or e.get("journaltitle", ""),
            )
            for e in entries
        }
        assert len(forms) == 1, (series, forms)


def test_cvpr_entries_name_the_ieee_proceedings_of_their_year() -> None:
    cvpr = _by_series(_entries("bibtex"))["cvpr"]
    assert sorted((e["year"], e["booktitle"], e["publisher"]) for e in cvpr) == [
        (
            year,
            f"{year} IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)",
            "IEEE",
        )
        for year in ("2019", "2021", "2022", "2023")
    ]


@pytest.mark.parametrize(
    ("dialect", "field"),
    [
        *(("bibtex", f) for f in ("address", "editor", "publisher", "series")),
        *(("biblatex", f) for f in ("location", "editor", "publisher", "series")),
    ],
)
def test_place_editors_publisher_present_for_all_or_none_of_a_series(
    dialect: str, field: str
) -> None:
    for series, entries in _by_series(_entries(dialect)).items():
        assert len({field in e for e in entries}) == 1, (series, field)


def test_editors_in_one_form_per_series() -> None:
    """NeurIPS editors are initials in every entry (the proceedings' BibTeX)."""
    for series, entries in _by_series(_entries("bibtex")).items():
        forms = {
            bool(re.fullmatch(r"(?:[A-Z]\.(?:-[A-Z]\.)? ?)+", person.given))
            for e in entries
            for person in parse_names(e.get("editor", ""))
        }
        assert len(forms) <= 1, series


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_pages_url_and_doi_name_one_version(dialect: str) -> None:
    for entry in _entries(dialect):
        doi, url = entry.get("doi"), entry.get("url")
        if doi and url:
            assert not url_repeats_doi(url, doi), entry["ID"]
            assert "openaccess.thecvf.com" not in url, entry["ID"]


@pytest.mark.parametrize(
    ("url", "doi", "repeats"),
    [
        ("https://doi.org/10.1109/CVPR.2019.00453", "10.1109/CVPR.2019.00453", True),
        ("http://dx.doi.org/10.1109/cvpr.2019.00453/", "10.1109/CVPR.2019.00453", True),
        ("https://dl.acm.org/doi/10.1145/2812802", "10.1145/2812802", True),
        ("https://doi.org/10.18653%2Fv1%2FP18-1238", "10.18653/v1/P18-1238", True),
        ("https://aclanthology.org/P18-1238", "10.18653/v1/P18-1238", False),
        ("https://direct.mit.edu/neco/article/18/7/1527-1554/7065", "10.1162/neco.2006.18.7.1527",
         False),
        ("https://doi.org/10.1109/CVPR.2019.004530", "10.1109/CVPR.2019.00453", False),
    ],
)  # fmt: skip
def test_url_repeats_doi(url: str, doi: str, repeats: bool) -> None:
    assert url_repeats_doi(url, doi) is repeats


def test_a_url_on_another_versions_host_is_not_written_beside_the_doi() -> None:
    ldm = CATALOG.get("rombach2022high")
    cvf = "https://openaccess.thecvf.com/content/CVPR2022/html/Rombach_CVPR_2022_paper.html"
    (styled,) = apply_house_style([ldm.model_copy(update={"url": cvf})])
    assert styled.url is None and styled.pages == "10674--10685"
    (no_doi,) = apply_house_style([ldm.model_copy(update={"url": cvf, "doi": None})])
    assert no_doi.url == cvf  # then the CVF page is the only version named


def test_bibtex_article_has_no_publisher_and_misc_says_where_to_find_it() -> None:
    entries = {e["ID"]: e for e in _entries("bibtex")}
    assert all("publisher" not in e for e in entries.values() if e["ENTRYTYPE"] == "article")
    assert entries["ramesh2022hierarchical"]["howpublished"] == "arXiv:2204.06125"
    assert (
        entries["dayma2021dall"]["howpublished"]
        == r"\url{https://github.com/borisdayma/dalle-mini}"
    )
    assert entries["offert2022ten"]["howpublished"] == (
        r"zentralwerkstatt.org, \url{https://zentralwerkstatt.org/blog/ten-years-of-image-synthesis}"
    )
    assert not any("Accessed" in e.get("note", "") for e in entries.values())


NEURIPS = "Advances in Neural Information Processing Systems"
ICML_2021 = "Proceedings of the 38th International Conference on Machine Learning"
ICLR_2016 = (
    "4th International Conference on Learning Representations, ICLR 2016, "
    "Conference Track Proceedings"
)
ACL_2018 = (
    "Proceedings of the 56th Annual Meeting of the Association for Computational Linguistics "
    "(Volume 1: Long Papers)"
)


@pytest.mark.parametrize(
    ("style", "key", "field", "value"),
    [
        ("full", "goodfellow2014generative", "booktitle", NEURIPS),
        ("full", "radford2021learning", "booktitle", ICML_2021),
        ("full", "radford2016unsupervised", "booktitle", ICLR_2016),
        ("short", "goodfellow2014generative", "booktitle", "NIPS"),
        ("short", "dhariwal2021diffusion", "booktitle", "NeurIPS"),
        ("short", "karras2019style", "booktitle", "CVPR"),
        ("short", "yu2022scaling", "journal", "TMLR"),
        ("abbrv", "karras2019style", "booktitle", "Proc. CVPR"),
        ("abbrv", "vaswani2017attention", "booktitle", "Adv. Neural Inf. Process. Syst."),
        ("abbrv", "thomee2016yfcc100m", "journal", "Commun. ACM"),
        ("abbrv", "hinton2006fast", "journal", "Neural Comput."),
        ("abbrv", "sharma2018conceptual", "booktitle", "Proc. ACL"),
        ("full", "sharma2018conceptual", "booktitle", ACL_2018),
    ],
)  # fmt: skip
def test_venue_styles(style: str, key: str, field: str, value: str) -> None:
    (styled,) = apply_house_style([CATALOG.get(key)], load_house_style(None, style))
    assert getattr(styled, field) == value


def test_web_pages_and_preprints_are_left_alone() -> None:
    refs = [CATALOG.get("offert2022ten"), CATALOG.get("ramesh2022hierarchical")]
    assert apply_house_style(refs, load_house_style(None, "abbrv")) == refs


@pytest.mark.parametrize(
    ("key", "year", "ordinal_form"),
    [
        ("icml", 1984, "Proceedings of the 1st International Conference on Machine Learning"),
        ("icml", 1995, "Proceedings of the 12th International Conference on Machine Learning"),
        ("icml", 2004, "Proceedings of the 21st International Conference on Machine Learning"),
        ("icml", 2005, "Proceedings of the 22nd International Conference on Machine Learning"),
        ("icml", 2006, "Proceedings of the 23rd International Conference on Machine Learning"),
        ("iclr", 2013, ICLR_2016.replace("4th", "1st").replace("2016", "2013")),
        ("iclr", 2019, "7th International Conference on Learning Representations, ICLR 2019"),
        ("cvpr", 2017, "2017 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"),
        ("iccv", 2019, "2019 IEEE/CVF International Conference on Computer Vision (ICCV)"),
    ],
)  # fmt: skip
def test_registry_forms_by_year(key: str, year: int, ordinal_form: str) -> None:
    (known,) = [venue for venue in registry() if venue.id == key]
    assert known.form(year) == ordinal_form


def test_json_export_keeps_the_records_as_they_are() -> None:
    """The JSON format is the records themselves, not an entry style."""
    text = export([CATALOG.get("vaswani2017attention")], "json")
    assert "Long Beach, CA, USA" in text


def test_markdown_shows_each_eras_description() -> None:
    text = export(ALL, "markdown")
    for era in CATALOG.eras:
        assert f"## {era.name} ({era.years})\n\n{era.description}\n\n- " in text
    assert "## Foreword: precursors (2006-2015)" in text


HOUSE = """\
venue_style = "abbrv"
omit = ["url", "month"]
[venues.cvpr]
abbrv = "Proc. IEEE Conf. Comput. Vis. Pattern Recognit. ({short} {year})"
address = true
[venues.neurips]
editors = false
"""


def test_house_style_file_overrides_names_and_fields(tmp_path: Path) -> None:
    path = tmp_path / "house.toml"
    path.write_text(HOUSE, encoding="utf-8")
    style = load_house_style(path)
    assert style == HouseStyle(
        venue_style="abbrv",
        omit=frozenset({"url", "month"}),
        venues={
            "cvpr": SeriesStyle(
                abbrv="Proc. IEEE Conf. Comput. Vis. Pattern Recognit. ({short} {year})",
                address=True,
            ),
            "neurips": SeriesStyle(editors=False),
        },
    )
    refs = apply_house_style(CATALOG.select(["photoshop", "origins"]), style)
    ldm = next(r for r in refs if r.key == "rombach2022high")
    assert ldm.booktitle == "Proc. IEEE Conf. Comput. Vis. Pattern Recognit. (CVPR 2022)"
    assert ldm.address == "New Orleans, LA, USA"
    assert ldm.month is None
    gan = next(r for r in refs if r.key == "goodfellow2014generative")
    assert gan.editors == [] and gan.url is None
    assert gan.booktitle == "Adv. Neural Inf. Process. Syst."
    assert load_house_style(path, "short").venue_style == "short"  # the command line wins


def test_export_with_house_style_and_venue_style(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "house.toml"
    path.write_text(HOUSE, encoding="utf-8")
    status, out, _ = run_cli(capsys, "export", "--era", "gan", "--house-style", str(path))
    assert status == 0
    assert "booktitle     = {Proc. IEEE Conf. Comput. Vis. Pattern Recognit. (CVPR 2019)}," in out
    assert "month" not in out
    status, out, _ = run_cli(capsys, "export", "--era", "gan", "--venue-style", "short")
    assert status == 0 and "booktitle     = {CVPR}," in out and "booktitle     = {NIPS}," in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("venue_style = 'tiny'", "venue_style must be one of full, short, abbrv"),
        ("colour = 'red'", "unknown key 'colour' in the house style"),
        ("omit = ['title']", "omit must list fields of"),
        ("[venues.nips]\nshort = 'NIPS'", "unknown series 'nips'"),
        ("[venues.cvpr]\nabbrev = 'x'", "unknown key 'abbrev' in venues.cvpr"),
        ("[venues.cvpr]\naddress = 'yes'", "venues.cvpr.address must be true or false"),
        ("[venues.cvpr]\nfull = ''", "venues.cvpr.full must be a non-empty string"),
        (
            "[venues.cvpr]\nfull = 'Proc. {venue}'",
            "only {year}, {short}, {ordinal} may stand in braces",
        ),
        ("venues = 3", "venues must be a table"),
        ("omit = [", "not valid TOML"),
    ],
)
def test_bad_house_style_file_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "house.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(message)) as caught:
        load_house_style(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_bad_house_style_on_the_command_line_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run_cli(capsys, "export", "--house-style", str(tmp_path / "missing.toml"))
    assert status != 0 and out == ""
    assert "missing.toml" in err and "Traceback" not in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("id = 'x'\nkind = 'journal'", "record 'x': bad venue table: missing match, match_long"),
        (
            "id = 'x'\nkind = 'book'\nmatch = 'X'\nmatch_long = 'X'\nyears = [{from = 0}]",
            "kind must be conference or journal, not 'book'",
        ),
        (
            "id = 'x'\nkind = 'journal'\nmatch = 'X'\nmatch_long = 'X'\nyears = []",
            "years must be [[venue.years]] tables",
        ),
        (
            "id = 'x'\nkind = 'journal'\nmatch = '('\nmatch_long = 'X'\nyears = [{from = 0}]",
            "record 'x': bad venue table: missing ), unterminated subpattern",
        ),
    ],
)
def test_registry_errors_name_file_and_series(tmp_path: Path, table: str, message: str) -> None:
    path = tmp_path / "venues.toml"
    path.write_text(f"[[venue]]\n{table}\n", encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(message)) as caught:
        load_venues(str(path))
    assert str(caught.value).startswith(f"{path}: ")


def test_every_series_has_a_full_and_short_name_from_its_first_year() -> None:
    for venue in registry():
        first_year = venue.years[0][0]
        assert venue.full_name(first_year) and venue.acronym_in(first_year), venue.id


def test_neurips_short_name_by_year() -> None:
    (neurips,) = [venue for venue in registry() if venue.id == "neurips"]
    assert (neurips.acronym_in(2017), neurips.acronym_in(2018)) == ("NIPS", "NeurIPS")
