"""Link resolver: publisher pages to their DOI, old NeurIPS links, other pages as web pages.

Replays a real SpringerLink landing page (fixtures/publisher), the real web page of
fixtures/web, real DBLP and NeurIPS BibTeX (fixtures/dblp, fixtures/neurips); the DBLP search
answer is synthesised from the real record (tests/sources_helpers.py says how).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from imgsynth_refs.identifiers import Identifier, parse
from imgsynth_refs.models import Person, Reference, WorkType
from imgsynth_refs.sources.base import Failed, Outcome, Resolved
from imgsynth_refs.sources.crossref import CrossrefResolver
from imgsynth_refs.sources.neurips import NeuripsResolver
from imgsynth_refs.sources.publisher import LinkResolver, page_doi
from imgsynth_refs.sources.web import parse_page
from link_sources_helpers import FAULTS, answer, fault_config
from sources_helpers import dblp_info, dblp_search_answer, fixture_text

SPRINGER = fixture_text("publisher", "SpringerLink_BF02727953.html")
SPRINGER_PATH = "/article/BF02727953"
WEB_PAGE = fixture_text("web", "github-AdversarialNetsPapers-readme.trimmed.html")
TRANSFORMER = "3f5ee243547dee91fbd053c1c4a845aa"
ARTICLE = Reference(
    type=WorkType.JOURNAL_ARTICLE,
    title="On the theory of identical particles",
    authors=[Person(family="Leinaas", given="J. M."), Person(family="Myrheim", given="J.")],
    journal="Il Nuovo Cimento B",
    year=1977,
    doi="10.1007/BF02727953",
)
"""What a DOI resolver answers in the routing tests (facts from papis' expected output for
this page, fixtures/publisher is its page; no Crossref answer for this DOI was recorded)."""


class DoiAnswers:
    """A DOI resolver answering from a table (the routing tests need no Crossref answer)."""

    name = "crossref"
    kinds = frozenset({"doi"})

    def __init__(self, answers: dict[str, Reference]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        self.asked += [ident.id for ident in identifiers]
        return [
            Resolved(i, self.answers[i.id])
            if i.id in self.answers
            else Failed(i, "crossref: not found (HTTP 404)", not_found=True)
            for i in identifiers
        ]


@pytest.fixture
def config(httpserver):
    return fault_config(httpserver.url_for("").rstrip("/"))


def url(httpserver, path: str) -> Identifier:
    return Identifier("url", httpserver.url_for(path))


def test_publisher_page_resolves_through_its_doi(httpserver, session, config):
    httpserver.expect_request(SPRINGER_PATH).respond_with_data(SPRINGER, content_type="text/html")
    dois = DoiAnswers({"10.1007/bf02727953": ARTICLE})
    (outcome,) = LinkResolver(session, config, crossref=dois).resolve(
        [url(httpserver, SPRINGER_PATH)]
    )
    assert dois.asked == ["10.1007/bf02727953"]
    assert isinstance(outcome, Resolved) and outcome.reference.title == ARTICLE.title
    evidence = outcome.reference.provenance["doi"]
    assert evidence.source == httpserver.url_for(SPRINGER_PATH)
    assert evidence.note == "the landing page's DOI meta tag"


def test_doi_the_crossref_does_not_know_is_named(httpserver, session, config):
    """Real HTTP all the way: the page, then Crossref (a synthesised 404 for this DOI)."""
    httpserver.expect_request(SPRINGER_PATH).respond_with_data(SPRINGER, content_type="text/html")
    httpserver.expect_request("/works/10.1007/bf02727953").respond_with_data(
        "Resource not found.", status=404
    )
    crossref = CrossrefResolver(session, config)
    (outcome,) = LinkResolver(session, config, crossref=crossref).resolve(
        [url(httpserver, SPRINGER_PATH)]
    )
    assert isinstance(outcome, Failed) and outcome.not_found
    assert outcome.reason.startswith("the page names DOI 10.1007/bf02727953; crossref: not found")


def test_page_without_doi_is_a_web_page_read_once(httpserver, session, config):
    httpserver.expect_request("/readme").respond_with_data(WEB_PAGE, content_type="text/html")
    dois = DoiAnswers({})
    (outcome,) = LinkResolver(session, config, crossref=dois).resolve([url(httpserver, "/readme")])
    assert isinstance(outcome, Resolved) and outcome.reference.type is WorkType.WEB_PAGE
    assert outcome.reference.organization == "GitHub"
    assert dois.asked == [] and len(httpserver.log) == 1


def test_page_is_read_once_even_when_refreshing(httpserver, config):
    from imgsynth_refs.sources.http import make_session

    httpserver.expect_request("/readme").respond_with_data(WEB_PAGE, content_type="text/html")
    with make_session(config, refresh=True) as session:
        resolver = LinkResolver(session, config, crossref=DoiAnswers({}))
        (outcome,) = resolver.resolve([url(httpserver, "/readme")])
    assert isinstance(outcome, Resolved) and len(httpserver.log) == 1


@pytest.mark.parametrize(
    ("meta", "doi"),
    [
        ('<meta name="citation_doi" content="10.1109/CVPR.2019.00453">', "10.1109/cvpr.2019.00453"),
        ('<meta name="dc.identifier" content="doi:10.1145/2812802">', "10.1145/2812802"),
        (
            '<meta name="dc.identifier" content="ISBN 978-1"><meta name="prism.doi" '
            'content="https://doi.org/10.1145/2812802">',
            "10.1145/2812802",
        ),
        ('<meta name="citation_doi" content="10.48550/arXiv.1511.06434">', None),
        ('<meta name="citation_doi" content="not a doi">', None),
        ("", None),
    ],
)
def test_page_doi(meta, doi):
    """Small pages made here: one meta tag each (the real page is tested above)."""
    assert page_doi(parse_page(f"<html><head>{meta}</head></html>")) == doi


@pytest.mark.parametrize(
    ("fixture", "doi"),
    [
        ("SpringerLink_BF02727953.html", "10.1007/bf02727953"),
        ("ScienceDirect_S146290112300117X.html", "10.1016/j.envsci.2023.04.016"),
    ],
)
def test_real_landing_pages_name_their_doi(fixture, doi):
    assert page_doi(parse_page(fixture_text("publisher", fixture))) == doi


def test_sciencedirect_pii_link_asks_for_the_pages_doi(httpserver, session, config):
    path = "/science/article/pii/S146290112300117X"
    httpserver.expect_request(path).respond_with_data(
        fixture_text("publisher", "ScienceDirect_S146290112300117X.html"), content_type="text/html"
    )
    dois = DoiAnswers({})
    (outcome,) = LinkResolver(session, config, crossref=dois).resolve([url(httpserver, path)])
    assert dois.asked == ["10.1016/j.envsci.2023.04.016"]
    assert (
        isinstance(outcome, Failed) and "names DOI 10.1016/j.envsci.2023.04.016" in outcome.reason
    )


@pytest.mark.parametrize("fault", FAULTS)
def test_fault_fails_its_link_only(httpserver, session, config, fault):
    httpserver.expect_request("/readme").respond_with_data(WEB_PAGE, content_type="text/html")
    httpserver.expect_request(SPRINGER_PATH).respond_with_handler(answer(fault))
    resolver = LinkResolver(session, config, crossref=DoiAnswers({}))
    outcomes = resolver.resolve([url(httpserver, "/readme"), url(httpserver, SPRINGER_PATH)])
    assert isinstance(outcomes[0], Resolved)
    assert isinstance(outcomes[1], Failed) and FAULTS[fault] in outcomes[1].reason
    assert outcomes[1].not_found is (fault == "404")


def test_page_that_is_no_page_is_a_failure(httpserver, session, config):
    """SYNTHESISED: a body without title or DOI where a landing page was expected."""
    httpserver.expect_request(SPRINGER_PATH).respond_with_data("\x00\x01 binary junk")
    (outcome,) = LinkResolver(session, config, crossref=DoiAnswers({})).resolve(
        [url(httpserver, SPRINGER_PATH)]
    )
    assert isinstance(outcome, Failed) and "the page has no title" in outcome.reason


def serve_transformer_in_dblp(httpserver) -> None:
    """DBLP search answer SYNTHESISED from the real record; the record and the NeurIPS BibTeX
    are real."""
    info = dblp_info(
        "conf/nips/VaswaniSPUJGKP17",
        "Attention is All you Need.",
        ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"],
        "NIPS",
        2017,
    )
    unrelated = dblp_info(
        "journals/corr/abs-1706-03762",
        "Attention Is All You Need.",
        [],
        "CoRR",
        2017,
        kind="Informal and Other Publications",
    )
    httpserver.expect_request("/search/publ/api").respond_with_data(
        dblp_search_answer("attention is all you need", [unrelated, info]),
        content_type="application/json",
    )
    httpserver.expect_request("/rec/conf/nips/VaswaniSPUJGKP17.bib").respond_with_data(
        fixture_text("dblp", "conf_nips_VaswaniSPUJGKP17.bib")
    )
    httpserver.expect_request(
        f"/paper_files/paper/2017/file/{TRANSFORMER}-Bibtex.bib"
    ).respond_with_data(fixture_text("neurips", "NIPS2017_3f5ee243.excerpt.bib"))


def test_old_neurips_link_resolves_through_dblp_to_the_proceedings(httpserver, session, config):
    serve_transformer_in_dblp(httpserver)
    neurips = NeuripsResolver(session, config)
    link = parse("https://papers.nips.cc/paper/7181-attention-is-all-you-need.pdf")
    assert link is not None and link.kind == "url"
    (outcome,) = LinkResolver(session, config, neurips=neurips).resolve([link])
    assert isinstance(outcome, Resolved)
    ref = outcome.reference
    assert (ref.neurips_id, ref.venue.short if ref.venue else None) == (
        f"2017/{TRANSFORMER}",
        "NIPS 2017",
    )
    evidence = ref.provenance["neurips_id"]
    assert evidence.source.endswith("/rec/conf/nips/VaswaniSPUJGKP17.bib")
    assert "7181-attention-is-all-you-need" in (evidence.note or "")
    assert not any("papers.nips.cc" in r.url for r, _ in httpserver.log)


def test_old_neurips_link_without_an_exact_title_in_dblp_is_not_found(httpserver, session, config):
    httpserver.expect_request("/search/publ/api").respond_with_data(
        fixture_text("dblp", "search_publ_api.rust-test-small.json"),
        content_type="application/json",
    )
    link = parse("http://papers.nips.cc/paper/5423-generative-adversarial-nets")
    assert link is not None
    resolver = LinkResolver(session, config, neurips=NeuripsResolver(session, config))
    (outcome,) = resolver.resolve([link])
    assert isinstance(outcome, Failed) and outcome.not_found
    assert "no NeurIPS paper titled 'generative-adversarial-nets'" in outcome.reason


@pytest.mark.parametrize(
    ("link", "paper"),
    [
        (
            "https://papers.nips.cc/paper/5423-generative-adversarial-nets",
            (5423, "generative-adversarial-nets"),
        ),
        (
            "http://papers.nips.cc/paper/5423-generative-adversarial-nets.pdf",
            (5423, "generative-adversarial-nets"),
        ),
        (
            "papers.neurips.cc/paper/7181-Attention-Is-All-You-Need/",
            (7181, "attention-is-all-you-need"),
        ),
        (f"https://papers.nips.cc/paper/2017/hash/{TRANSFORMER}-Abstract.html", None),
        ("https://papers.nips.cc/paper/5423", None),
        ("https://example.org/paper/5423-generative-adversarial-nets", None),
    ],
)
def test_old_neurips_links_are_told_apart(link, paper):
    from imgsynth_refs.identifiers import neurips_old_paper

    ident = parse(link)
    assert ident is not None
    assert neurips_old_paper(ident) == paper
