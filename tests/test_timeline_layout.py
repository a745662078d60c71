"""What the page and the figure share: dates, labels, bands, row packing and escaping."""

from __future__ import annotations

import pytest

from imgsynth_refs.models import Milestone, Person
from imgsynth_refs.timeline.layout import (
    author_line,
    bands,
    escape_text,
    pack,
    place,
    short_label,
    shown,
)
from timeline_helpers import ALL, CATALOG


@pytest.mark.parametrize(
    ("key", "year", "month", "shown"),
    [
        ("goodfellow2014generative", 2014, 12, "2014-12"),
        ("karras2019style", 2018, None, "2018-2020"),  # a span: its first year
        ("kingma2014auto", 2014, 4, "(slightly before GANs)"),  # no year: the work's date
        ("hinton2006fast", 2006, None, "2006"),
    ],
)
def test_a_work_is_placed_at_its_milestone_date(key, year, month, shown) -> None:
    work = place(CATALOG.get(key))
    assert (work.year, work.month, work.date_text) == (year, month, shown)


def test_a_work_without_milestone_is_placed_at_its_own_date() -> None:
    ref = CATALOG.get("goodfellow2014generative").model_copy(update={"milestone": None})
    work = place(ref)
    assert (work.year, work.month, work.date_text) == (2014, 12, "2014-12")
    assert work.label == "Generative Adversarial Nets"


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("DreamBooth: Fine Tuning Text-to-Image Diffusion Models", "DreamBooth"),
        ("Attention is All you Need", "Attention is All you Need"),
        (
            "Unsupervised Representation Learning with Deep Convolutional Networks",
            "Unsupervised Representation Learning…",
        ),
    ],
)
def test_short_label(title: str, label: str) -> None:
    ref = CATALOG.get("ruiz2023dreambooth").model_copy(update={"title": title, "milestone": None})
    assert short_label(ref) == label
    with_milestone = ref.model_copy(update={"milestone": Milestone(label="X", article_date="2020")})
    assert short_label(with_milestone) == "X"


@pytest.mark.parametrize(
    ("names", "short", "every"),
    [
        ([], "", ""),
        (["Ada"], "Ada", "Ada"),
        (["Ada", "Bo"], "Ada and Bo", "Ada, Bo"),
        (["Ada", "Bo", "Cy"], "Ada et al.", "Ada, Bo, Cy"),
        (["Ada", "others"], "Ada et al.", "Ada et al."),
    ],
)
def test_author_line(names: list[str], short: str, every: str) -> None:
    assert author_line([Person(family=name) for name in names]) == (short, every)


def test_bands_follow_the_eras_then_other_works() -> None:
    found = bands(ALL, CATALOG.eras)
    assert [b.anchor for b in found] == [
        *(f"era-{e.id}" for e in CATALOG.eras if CATALOG.select([e.id])),
        "era-other",
    ]
    assert sum(len(b.works) for b in found) == len(ALL)
    other = found[-1]
    assert (other.heading, other.years) == ("Other works", "2022")


@pytest.mark.parametrize(
    ("spans", "rows"),
    [
        ([], []),
        ([(0, 10), (5, 15), (11, 20), (16, 30)], [0, 1, 0, 1]),
        ([(0, 10), (10, 20)], [0, 0]),
        ([(0, 10), (0, 10), (0, 10)], [0, 1, 2]),
    ],
)
def test_pack_one_span_each(spans, rows) -> None:
    assert pack([[span] for span in spans]) == [(row, 0) for row in rows]


def test_pack_keeps_the_gap() -> None:
    assert pack([[(0, 10)], [(12, 20)]], gap=3) == [(0, 0), (1, 0)]


def test_pack_takes_the_first_span_that_fits_in_the_first_row_that_has_one() -> None:
    # right of the dot first, else left; a later row only when neither fits
    choices = [[(10, 30), (-10, 10)], [(20, 40), (0, 20)], [(35, 50), (25, 35)], [(0, 5)]]
    assert pack(choices) == [(0, 0), (1, 0), (0, 0), (0, 0)]
    assert pack([[(10, 30)], [(25, 40), (0, 12)]], gap=1) == [(0, 0), (1, 0)]
    assert pack([[(10, 30)], [(25, 40), (0, 9)]], gap=1) == [(0, 0), (0, 1)]


def test_escape_text() -> None:
    assert escape_text("a<b>&\"'\x00\x0b\x1f\ufffe") == "a&lt;b&gt;&amp;&quot;&#x27;"


@pytest.mark.parametrize(
    ("prefer", "title", "authors", "venue_and_year"),
    [
        ("published", "Generative Adversarial Nets", "Ian Goodfellow et al.", "NIPS 2014"),
        (
            "arxiv",
            "Generative Adversarial Networks",
            "Ian J. Goodfellow et al.",
            "arXiv preprint, 2014",
        ),
    ],
)
def test_shown_follows_the_cited_form(prefer, title, authors, venue_and_year) -> None:
    facts = shown(CATALOG.get("goodfellow2014generative"), prefer)
    assert (facts.title, facts.authors, facts.venue_and_year) == (title, authors, venue_and_year)


def test_shown_without_venue_is_the_year() -> None:
    ref = CATALOG.get("hinton2006fast").model_copy(
        update={"journal": None, "venue": None, "publisher": None}
    )
    assert shown(ref, "published").venue_and_year == "2006"
