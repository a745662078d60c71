"""NeurIPS proceedings resolver against the local server replaying real BibTeX files."""

from __future__ import annotations

import pytest

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.bibtex import format_entries
from imgsynth_refs.check import check_bib
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.models import Catalog, Person, Venue, WorkType
from imgsynth_refs.sources.base import Failed, Resolved
from imgsynth_refs.sources.neurips import NeuripsResolver, abstract_urls, bibtex_url
from imgsynth_refs.venues import NEURIPS_NAME
from sources_helpers import fixture_text

ALEXNET = "c399862d3b9d6b76c8436e924a68c45b"
GAN = "5ca3e9b122f61f8f06494c97b1afccf3"
TRANSFORMER = "3f5ee243547dee91fbd053c1c4a845aa"

# SYNTHESISED abstract page: no real proceedings.neurips.cc abstract page was found. Its
# citation_* tags follow the Highwire convention the site uses (as seen in other projects'
# test mocks, search index ids 52033770516, 54603978442); the values are the GAN paper's
# real facts (fixtures/neurips/NIPS2014_5ca3e9b1.chen-yuxuan-gans.bib, and pages 2672--2680
# from the old papers.nips.cc BibTeX in fixtures/neurips/NIPS2014_5423...).
GAN_ABSTRACT_PAGE = f"""<!DOCTYPE html><html lang="en"><head>
<title>Generative Adversarial Nets</title>
<meta name="citation_title" content="Generative Adversarial Nets">
<meta name="citation_author" content="Goodfellow, Ian">
<meta name="citation_author" content="Pouget-Abadie, Jean">
<meta name="citation_author" content="Mirza, Mehdi">
<meta name="citation_author" content="Xu, Bing">
<meta name="citation_author" content="Warde-Farley, David">
<meta name="citation_author" content="Ozair, Sherjil">
<meta name="citation_author" content="Courville, Aaron">
<meta name="citation_author" content="Bengio, Yoshua">
<meta name="citation_journal_title" content="{NEURIPS_NAME}">
<meta name="citation_volume" content="27">
<meta name="citation_firstpage" content="2672">
<meta name="citation_lastpage" content="2680">
<meta name="citation_pdf_url" content="https://proceedings.neurips.cc/paper_files/paper/2014/file/{GAN}-Paper.pdf">
<meta name="citation_publication_date" content="2014">
</head><body><h4>Generative Adversarial Nets</h4></body></html>"""


@pytest.fixture
def resolver(session, config):
    return NeuripsResolver(session, config)


def _bib_path(year, paper_hash):
    return f"/paper_files/paper/{year}/file/{paper_hash}-Bibtex.bib"


def _page_path(year, paper_hash, suffix="Abstract"):
    return f"/paper_files/paper/{year}/hash/{paper_hash}-{suffix}.html"


def _serve_not_found(httpserver, year, paper_hash, body):
    """Synthesised 404s (with ``body``) for the BibTeX and both abstract pages of a paper."""
    for path in (
        _bib_path(year, paper_hash),
        _page_path(year, paper_hash),
        _page_path(year, paper_hash, "Abstract-Conference"),
    ):
        httpserver.expect_request(path).respond_with_data(body, status=404)


def _serve_bib(httpserver, year, paper_hash, fixture):
    httpserver.expect_request(_bib_path(year, paper_hash)).respond_with_data(
        fixture_text("neurips", fixture), content_type="text/plain"
    )


def _paths(httpserver):
    return [request.path for request, _ in httpserver.log]


def test_bibtex_with_pages_needs_no_abstract_page(httpserver, resolver):
    _serve_bib(httpserver, 2012, ALEXNET, "NIPS2012_c399862d.variant-pages.bib")
    ref = resolver.fetch(2012, ALEXNET)
    assert ref.type is WorkType.CONFERENCE_PAPER
    assert ref.title == "ImageNet Classification with Deep Convolutional Neural Networks"
    assert [a.family for a in ref.authors] == ["Krizhevsky", "Sutskever", "Hinton"]
    assert ref.authors[2] == Person(family="Hinton", given="Geoffrey E")
    assert [e.family for e in ref.editors] == ["Pereira", "Burges", "Bottou", "Weinberger"]
    assert ref.booktitle == NEURIPS_NAME
    assert ref.venue == Venue(name=NEURIPS_NAME, short="NIPS 2012")
    assert (ref.year, ref.volume, ref.pages) == (2012, "25", "1097--1105")
    assert ref.publisher == "Curran Associates, Inc."
    assert ref.neurips_id == f"2012/{ALEXNET}"
    assert ref.key is None
    assert ref.provenance["pages"].source.endswith(_bib_path(2012, ALEXNET))
    assert _paths(httpserver) == [_bib_path(2012, ALEXNET)]


def test_empty_pages_are_taken_from_the_abstract_page(httpserver, resolver):
    _serve_bib(httpserver, 2014, GAN, "NIPS2014_5ca3e9b1.chen-yuxuan-gans.bib")
    httpserver.expect_request(_page_path(2014, GAN)).respond_with_data(
        GAN_ABSTRACT_PAGE, content_type="text/html; charset=utf-8"
    )
    ref = resolver.fetch(2014, GAN)
    assert ref.title == "Generative Adversarial Nets"
    assert ref.pages == "2672--2680"
    assert ref.provenance["pages"].source.endswith(_page_path(2014, GAN))
    assert ref.provenance["title"].source.endswith(_bib_path(2014, GAN))
    assert (ref.volume, ref.venue.short, len(ref.authors), len(ref.editors)) == (
        "27",
        "NIPS 2014",
        8,
        5,
    )
    # The BibTeX links the PDF; the record links the abstract page (check's pdf-url rule).
    assert ref.url == f"https://proceedings.neurips.cc/paper/2014/hash/{GAN}-Abstract.html"


def test_missing_abstract_page_leaves_pages_empty(httpserver, resolver):
    """2017's BibTeX has pages = {}; the abstract page answers 404 (synthesised)."""
    _serve_bib(httpserver, 2017, TRANSFORMER, "NIPS2017_3f5ee243.excerpt.bib")
    httpserver.expect_request(_page_path(2017, TRANSFORMER)).respond_with_data("", status=404)
    httpserver.expect_request(
        _page_path(2017, TRANSFORMER, "Abstract-Conference")
    ).respond_with_data("", status=404)
    ref = resolver.fetch(2017, TRANSFORMER)
    assert ref.pages is None
    assert ref.title == "Attention is All you Need"
    assert ref.authors[6] == Person(family="Kaiser", given="Łukasz")
    assert ref.venue.short == "NIPS 2017"
    assert ref.volume == "30"
    assert _paths(httpserver) == [
        _bib_path(2017, TRANSFORMER),
        _page_path(2017, TRANSFORMER),
        _page_path(2017, TRANSFORMER, "Abstract-Conference"),
    ]


def test_abstract_page_alone_when_the_bibtex_is_missing(httpserver, resolver):
    httpserver.expect_request(_bib_path(2014, GAN)).respond_with_data("", status=404)
    httpserver.expect_request(_page_path(2014, GAN)).respond_with_data(
        GAN_ABSTRACT_PAGE, content_type="text/html"
    )
    ref = resolver.fetch(2014, GAN)
    assert ref.authors[1] == Person(family="Pouget-Abadie", given="Jean")
    assert (ref.pages, ref.volume, ref.year, ref.editors) == ("2672--2680", "27", 2014, [])
    assert ref.provenance["authors"].source.endswith(_page_path(2014, GAN))


def test_truncated_bibtex_falls_back_to_the_abstract_page(httpserver, resolver):
    """Synthesised fault: the real 2014 BibTeX cut in the middle of an entry."""
    text = fixture_text("neurips", "NIPS2014_5ca3e9b1.chen-yuxuan-gans.bib")
    httpserver.expect_request(_bib_path(2014, GAN)).respond_with_data(text[: len(text) // 2])
    httpserver.expect_request(_page_path(2014, GAN)).respond_with_data(GAN_ABSTRACT_PAGE)
    ref = resolver.fetch(2014, GAN)
    assert ref.title == "Generative Adversarial Nets"
    assert ref.provenance["title"].source.endswith(_page_path(2014, GAN))


def test_truncated_bibtex_and_no_page_is_a_failure_naming_both(httpserver, resolver):
    text = fixture_text("neurips", "NIPS2014_5ca3e9b1.chen-yuxuan-gans.bib")
    httpserver.expect_request(_bib_path(2014, GAN)).respond_with_data(text[: len(text) // 2])
    httpserver.expect_request(_page_path(2014, GAN)).respond_with_data("", status=404)
    httpserver.expect_request(_page_path(2014, GAN, "Abstract-Conference")).respond_with_data(
        "", status=404
    )
    (outcome,) = resolver.resolve([Identifier("neurips", f"2014/{GAN}")])
    assert isinstance(outcome, Failed)
    assert not outcome.not_found
    assert "BibTeX" in outcome.reason and "abstract page" in outcome.reason
    assert "\n" not in outcome.reason


def test_unknown_paper_is_not_found(httpserver, resolver):
    """Synthesised 404s for an id the proceedings do not have."""
    missing = "0" * 32
    _serve_not_found(httpserver, 2015, missing, "Not Found")
    (outcome,) = resolver.resolve([Identifier("neurips", f"2015/{missing}")])
    assert isinstance(outcome, Failed)
    assert outcome.not_found
    assert f"2015/{missing}" in outcome.reason


def test_server_error_is_a_failure_not_a_not_found(httpserver, resolver):
    """Synthesised 503 on every URL (retries are off in these tests)."""
    httpserver.expect_request(_bib_path(2012, ALEXNET)).respond_with_data("busy", status=503)
    httpserver.expect_request(_page_path(2012, ALEXNET)).respond_with_data("busy", status=503)
    (outcome,) = resolver.resolve([Identifier("neurips", f"2012/{ALEXNET}")])
    assert isinstance(outcome, Failed)
    assert not outcome.not_found
    assert "HTTP 503" in outcome.reason


def test_batch_keeps_what_resolved_in_order(httpserver, resolver):
    _serve_bib(httpserver, 2012, ALEXNET, "NIPS2012_c399862d.variant-pages.bib")
    missing = "f" * 32
    _serve_not_found(httpserver, 2013, missing, "")
    idents = [
        Identifier("neurips", f"2013/{missing}"),
        Identifier("neurips", f"2012/{ALEXNET}"),
        Identifier("neurips", "2012/not-a-hash"),
    ]
    outcomes = resolver.resolve(idents)
    assert [type(o) for o in outcomes] == [Failed, Resolved, Failed]
    assert [o.identifier for o in outcomes] == idents
    assert outcomes[1].reference.pages == "1097--1105"
    assert "not a NeurIPS paper id" in outcomes[2].reason


def test_second_run_is_served_from_the_cache(httpserver, resolver):
    _serve_bib(httpserver, 2012, ALEXNET, "NIPS2012_c399862d.variant-pages.bib")
    first = resolver.fetch(2012, ALEXNET)
    assert resolver.fetch(2012, ALEXNET) == first
    assert len(httpserver.log) == 1


@pytest.mark.parametrize(
    ("year", "first_suffix"),
    [(2017, "-Abstract.html"), (2021, "-Abstract.html"), (2022, "-Abstract-Conference.html")],
)
def test_abstract_page_form_by_year(year, first_suffix):
    urls = abstract_urls("https://proceedings.neurips.cc", year, GAN)
    assert urls[0] == (
        f"https://proceedings.neurips.cc/paper_files/paper/{year}/hash/{GAN}{first_suffix}"
    )
    assert len(set(urls)) == len(urls) >= 2


def test_bibtex_url():
    assert bibtex_url("https://proceedings.neurips.cc", 2014, GAN) == (
        f"https://proceedings.neurips.cc/paper_files/paper/2014/file/{GAN}-Bibtex.bib"
    )


def test_1987_paper_from_its_page_has_no_volume(httpserver, resolver):
    """Synthesised: a 1987 page (NIPS 1987 predates the numbered volumes), no BibTeX."""
    paper_hash = "03004620ea802b9118dd44d69f07af56"
    page = (
        '<meta name="citation_title" content="Synchronization in Neural Nets">'
        '<meta name="citation_author" content="Vidal, Jacques">'
        '<meta name="citation_publication_date" content="1987">'
    )
    httpserver.expect_request(_bib_path(1987, paper_hash)).respond_with_data("", status=404)
    httpserver.expect_request(_page_path(1987, paper_hash)).respond_with_data(page)
    ref = resolver.fetch(1987, paper_hash)
    assert (ref.volume, ref.venue.short, ref.year) == (None, "NIPS 1987", 1987)


def test_page_without_title_and_no_bibtex_is_a_failure(httpserver, resolver):
    """Synthesised: a page without citation tags, and no BibTeX."""
    httpserver.expect_request(_bib_path(2014, GAN)).respond_with_data("", status=404)
    httpserver.expect_request(_page_path(2014, GAN)).respond_with_data("<title>x</title>")
    (outcome,) = resolver.resolve([Identifier("neurips", f"2014/{GAN}")])
    assert isinstance(outcome, Failed)
    assert "no title or no authors in the abstract page" in outcome.reason


def test_a_neurips_record_links_the_abstract_page_not_the_pdf(httpserver, session, config):
    """The proceedings' BibTeX gives the PDF; the record (and so every export) must link the
    abstract page, or the tool's own ``check`` flags its output as ``pdf-url``."""
    httpserver.expect_request(
        f"/paper_files/paper/2012/file/{ALEXNET}-Bibtex.bib"
    ).respond_with_data(fixture_text("neurips", "NIPS2012_c399862d.variant-pages.bib"))
    ref = NeuripsResolver(session, config).fetch(2012, ALEXNET)
    assert ref.url == f"https://proceedings.neurips.cc/paper/2012/hash/{ALEXNET}-Abstract.html"
    written = format_entries([ref.model_copy(update={"key": "krizhevsky2012imagenet"})])
    bib = BibFile.parse(written.encode(), source="resolved.bib")
    codes = [f.code for f in check_bib(bib, catalog=Catalog(eras=[], references=[]))]
    assert "pdf-url" not in codes


@pytest.mark.parametrize(
    ("pdf", "page"),
    [
        (
            "https://proceedings.neurips.cc/paper/2014/file/5ca3e9b122f61f8f06494c97b1afccf3-Paper.pdf",
            "https://proceedings.neurips.cc/paper/2014/hash/5ca3e9b122f61f8f06494c97b1afccf3-Abstract.html",
        ),
        (
            "https://proceedings.neurips.cc/paper_files/paper/2022/file/ec795aeadae0b7d230fa35cbaf04c041-Paper-Conference.pdf",
            "https://proceedings.neurips.cc/paper_files/paper/2022/hash/ec795aeadae0b7d230fa35cbaf04c041-Abstract-Conference.html",
        ),
        ("https://example.org/elsewhere.pdf", "https://example.org/elsewhere.pdf"),
    ],
)
def test_abstract_page_of_a_proceedings_pdf(pdf, page):
    from imgsynth_refs.sources.neurips import abstract_page

    assert abstract_page(pdf) == page
