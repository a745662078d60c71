"""The ``html`` format without a browser: one self-contained, deterministic page whose cards
carry the exported BibTeX, with every outside value escaped (tests/test_timeline_browser.py
runs it in Chromium)."""

from __future__ import annotations

import re

import lxml.html
import pytest

from export_helpers import run_cli
from imgsynth_refs.bibtex import format_entries
from imgsynth_refs.export import export, find_writer
from imgsynth_refs.timeline.layout import place
from imgsynth_refs.timeline.page import HtmlWriter
from timeline_helpers import ALL, CATALOG, HOSTILE_TITLE, hostile_reference, many_references

PAGE = export(ALL, "html")
DOC = lxml.html.document_fromstring(PAGE)


def cards(doc: lxml.html.HtmlElement = DOC) -> dict[str, lxml.html.HtmlElement]:
    return {card.get("data-key"): card for card in doc.cssselect("li.card")}


def test_the_format_is_found_by_name_and_suffix() -> None:
    assert find_writer("html") is HtmlWriter
    assert find_writer(filename="reading-list.HTML") is HtmlWriter
    assert find_writer(filename="list.htm") is HtmlWriter


def test_the_same_input_gives_the_same_bytes() -> None:
    assert export(ALL, "html") == PAGE
    assert export(list(reversed(ALL)), "html") == PAGE  # the page orders the works itself


def test_every_work_has_one_card_under_its_era_in_date_order() -> None:
    found = cards()
    assert sorted(found) == sorted(ref.key for ref in ALL)
    for ref in ALL:
        assert found[ref.key].xpath("ancestor::section[1]/@id") == [f"era-{ref.era or 'other'}"]
    sections = DOC.cssselect("main > section.era")
    assert [s.get("id") for s in sections] == [
        *(f"era-{era.id}" for era in CATALOG.eras if CATALOG.select([era.id])),
        "era-other",
    ]
    for section in sections:
        keys = [card.get("data-key") for card in section.cssselect("li.card")]
        positions = [place(CATALOG.get(key)).position for key in keys]
        assert positions == sorted(positions)
    gan = [card.get("data-key") for card in sections[2].cssselect("li.card")]
    assert gan[-1] == "esser2021taming"  # placed at the article's date, 2020-12


def test_each_card_holds_its_exported_bibtex_entry() -> None:
    found = cards()
    for ref in ALL:
        (pre,) = found[ref.key].cssselect("pre.bib")
        assert pre.text_content() == export([ref], "bibtex")


def test_prefer_arxiv_shows_and_copies_the_preprint() -> None:
    ref = CATALOG.get("karras2019style")
    card = cards(lxml.html.document_fromstring(export([ref], "html", prefer="arxiv")))[ref.key]
    assert card.cssselect("pre.bib")[0].text_content() == format_entries([ref], prefer="arxiv")
    assert "arXiv preprint" in card.cssselect(".byline")[0].text_content()


def test_a_card_shows_label_date_title_authors_venue_and_links() -> None:
    card = cards()["goodfellow2014generative"]
    assert card.cssselect(".when time")[0].get("datetime") == "2014-12"
    assert card.cssselect("h3")[0].text_content() == "GAN"
    assert card.cssselect(".title")[0].text_content() == "Generative Adversarial Nets"
    assert card.cssselect(".byline")[0].text_content() == "Ian Goodfellow et al. · NIPS 2014"
    links = {a.text_content(): a.get("href") for a in card.cssselect(".links a")}
    assert links["arXiv"] == "https://arxiv.org/abs/1406.2661"
    assert links["PDF"] == "https://arxiv.org/pdf/1406.2661"
    assert links["proceedings"].startswith("https://proceedings.neurips.cc/")


def test_the_page_needs_nothing_from_outside() -> None:
    assert not DOC.xpath("//*[@src]")
    assert [link.get("href") for link in DOC.xpath("//link")] == ["data:,"]
    (policy,) = DOC.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert policy.startswith("default-src 'none';")
    assert len(DOC.xpath("//style")) == 1
    assert len(DOC.xpath("//script")) == 1
    assert not re.search(r"@import|url\(", DOC.xpath("//style")[0].text_content())


def test_the_eras_appear_as_bands_along_the_years() -> None:
    bands = DOC.cssselect("nav.overview li.band")
    assert [b.cssselect("a")[0].get("href") for b in bands][:3] == [
        "#era-precursors",
        "#era-origins",
        "#era-gan",
    ]
    assert bands[2].cssselect("a")[0].text_content() == "Five years of GANs (2015-2020) · 4"
    # 2006 is column 1: the GAN era's works run from 2017 to 2020.
    assert bands[2].cssselect(".bar")[0].get("style") == "grid-column:12/16"
    axis = [li.text_content() for li in DOC.cssselect("nav.overview .axis li")]
    assert axis == ["2006", "2009", "2012", "2015", "2018", "2021"]


def test_a_hostile_record_is_escaped_and_its_javascript_link_dropped() -> None:
    ref = hostile_reference()
    page = export([ref], "html")
    assert "<script>alert" not in page
    doc = lxml.html.document_fromstring(page)
    card = cards(doc)["hostile2014"]
    assert card.cssselect(".title")[0].text_content() == HOSTILE_TITLE.replace("\x0b", "")
    assert card.cssselect("h3")[0].text_content() == "<b>GAN</b> & co"
    assert 'a&b <i> o\'neil "q"' in card.get("data-search")
    assert card.cssselect(".links") == []
    assert "javascript:" not in "".join(doc.xpath("//a/@href"))
    assert len(doc.xpath("//script")) == 1


def test_the_page_is_written_atomically_by_the_export_command(tmp_path, capsys) -> None:
    out = tmp_path / "reading-list.html"
    status, _, err = run_cli(capsys, "export", "--era", "all", "-o", str(out))
    assert status == 0
    assert err == f"wrote {len(ALL)} works to {out}\n"
    assert out.read_text(encoding="utf-8") == PAGE


@pytest.mark.parametrize("count", [500])
def test_many_works_make_one_card_each(count: int) -> None:
    refs = many_references(count)
    doc = lxml.html.document_fromstring(export(refs, "html"))
    assert sorted(cards(doc)) == sorted(ref.key for ref in refs)
