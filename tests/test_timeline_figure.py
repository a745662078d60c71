"""The ``svg`` format: valid XML naming every milestone, legible at A4 width, escaped and
deterministic (tests/test_timeline_browser.py renders it in Chromium)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from imgsynth_refs.export import export, find_writer
from imgsynth_refs.timeline.figure import WIDTH, SvgWriter
from timeline_helpers import ALL, CATALOG, HOSTILE_TITLE, hostile_reference, many_references

SVG = "{http://www.w3.org/2000/svg}"
FIGURE = export(ALL, "svg")
ROOT = ET.fromstring(FIGURE.encode("utf-8"))
A4_TEXT_WIDTH_MM = 180  # 210 mm less two 15 mm margins
POINT_MM = 25.4 / 72


def texts(root: ET.Element, group: str = "milestone") -> list[str]:
    return [
        "".join(t.itertext())
        for g in root.iter(f"{SVG}g")
        if g.get("class") == group
        for t in g.findall(f"{SVG}text")
    ]


def test_the_format_is_found_by_name_and_suffix() -> None:
    assert find_writer("svg") is SvgWriter
    assert find_writer(filename="timeline.svg") is SvgWriter


def test_it_is_svg_and_names_every_milestone() -> None:
    assert ROOT.tag == f"{SVG}svg"
    assert ROOT.get("viewBox") == f"0 0 {WIDTH} {ROOT.get('height')}"
    assert sorted(texts(ROOT)) == sorted(ref.milestone.label for ref in ALL)
    lanes = [
        t for g in ROOT.iter(f"{SVG}g") if g.get("class") == "era" for t in g.findall(f"{SVG}text")
    ]
    first = CATALOG.eras[0]
    assert lanes[0].text == f"{first.name} ({first.years})" == "Foreword: precursors (2006-2015)"


def test_each_milestone_says_what_it_is_on_hover() -> None:
    titles = [
        g.find(f"{SVG}title").text for g in ROOT.iter(f"{SVG}g") if g.get("class") == "milestone"
    ]
    assert "2014-12: Generative Adversarial Nets, Ian Goodfellow et al., NIPS 2014" in titles


def test_the_smallest_text_is_legible_at_a4_width() -> None:
    sizes = [float(t.get("font-size")) for t in ROOT.iter(f"{SVG}text")]
    smallest_pt = min(sizes) * A4_TEXT_WIDTH_MM / WIDTH / POINT_MM
    assert smallest_pt >= 6.5


def test_the_same_input_gives_the_same_bytes() -> None:
    assert export(ALL, "svg") == FIGURE


def test_a_hostile_record_stays_text() -> None:
    root = ET.fromstring(export([hostile_reference()], "svg").encode("utf-8"))
    assert texts(root) == ["<b>GAN</b> & co"]
    (title,) = [
        g.find(f"{SVG}title").text for g in root.iter(f"{SVG}g") if g.get("class") == "milestone"
    ]
    assert HOSTILE_TITLE.replace("\x0b", "") in title


@pytest.mark.parametrize("count", [1, 500])
def test_any_number_of_works_is_valid_xml(count: int) -> None:
    refs = many_references(count)
    root = ET.fromstring(export(refs, "svg").encode("utf-8"))
    assert len(texts(root)) == count
