"""Web-page resolver against the local server replaying a real (trimmed) page."""

from __future__ import annotations

from datetime import date

import pytest

from imgsynth_refs.errors import UsageError
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.models import WorkType
from imgsynth_refs.sources.base import Failed, Resolved
from imgsynth_refs.sources.web import WebResolver, page_year, parse_page
from sources_helpers import fixture_text

PAGE_PATH = "/zhangqianhui/AdversarialNetsPapers/blob/master/README.md"
PAGE = fixture_text("web", "github-AdversarialNetsPapers-readme.trimmed.html")
TITLE = "AdversarialNetsPapers/README.md at master · zhangqianhui/AdversarialNetsPapers"


def test_page_title_url_and_access_date(httpserver, session, config):
    httpserver.expect_request(PAGE_PATH).respond_with_data(
        PAGE, content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for(PAGE_PATH)
    ref = WebResolver(session, config).fetch(url)
    assert ref.type is WorkType.WEB_PAGE
    assert ref.title == TITLE
    assert ref.organization == "GitHub"
    assert (ref.url, ref.urldate) == (url, date.today())
    assert ref.year == date.today().year  # the page states no date: the year it was read
    assert "year" not in ref.provenance
    assert ref.provenance["title"].source == url


def test_dataset_pages_and_stated_year(httpserver, session, config):
    """A page assembled here (no real data-set page with a date tag was found)."""
    html = (
        "<html><head><title>Some Faces | Example</title>"
        '<meta name="citation_publication_date" content="2019/02/05">'
        '<meta name="citation_title" content="Some Faces Dataset"></head></html>'
    )
    httpserver.expect_request("/faces/").respond_with_data(html, content_type="text/html")
    ref = WebResolver(session, config, work_type=WorkType.DATASET).fetch(
        httpserver.url_for("/faces/")
    )
    assert (ref.type, ref.title, ref.year) == (WorkType.DATASET, "Some Faces Dataset", 2019)
    assert ref.provenance["year"].source.endswith("/faces/")


def test_truncated_page_still_gives_its_title():
    """Synthesised fault: the real page cut right after its <title>."""
    cut = PAGE[: PAGE.index("</title>") + len("</title>")]
    assert parse_page(cut).title == TITLE
    assert parse_page(PAGE[: PAGE.index("</title>")]).title is None


def test_page_without_title_is_a_failure(httpserver, session, config):
    httpserver.expect_request("/blank").respond_with_data("<html><body></body></html>")
    (outcome,) = WebResolver(session, config).resolve(
        [Identifier("url", httpserver.url_for("/blank"))]
    )
    assert isinstance(outcome, Failed)
    assert "no title" in outcome.reason


def test_redirect_to_another_host_is_refused_with_a_reason(httpserver, session, config):
    """Only the page's own origin is opened: a redirect elsewhere is not followed."""
    for path in ("/moved", "/moved-too"):
        httpserver.expect_request(path).respond_with_data(
            "", status=301, headers={"Location": "https://example.invalid/data"}
        )
    outcomes = WebResolver(session, config).resolve(
        [
            Identifier("url", httpserver.url_for("/moved")),
            Identifier("url", httpserver.url_for("/moved-too")),
        ]
    )
    assert all(
        isinstance(o, Failed) and "not one of the configured sources" in o.reason for o in outcomes
    )
    assert len(httpserver.log) == 2


def test_404_is_not_found(httpserver, session, config):
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    (outcome,) = WebResolver(session, config).resolve(
        [Identifier("url", httpserver.url_for("/gone"))]
    )
    assert isinstance(outcome, Failed) and outcome.not_found


def test_batch_keeps_the_good_page(httpserver, session, config):
    httpserver.expect_request(PAGE_PATH).respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    outcomes = WebResolver(session, config).resolve(
        [
            Identifier("url", httpserver.url_for("/gone")),
            Identifier("url", httpserver.url_for(PAGE_PATH)),
        ]
    )
    assert [type(o) for o in outcomes] == [Failed, Resolved]


def test_only_web_page_or_dataset(session, config):
    with pytest.raises(UsageError, match="web_page or a dataset"):
        WebResolver(session, config, work_type=WorkType.JOURNAL_ARTICLE)


@pytest.mark.parametrize(
    ("html", "title", "year"),
    [
        ('<META NAME="Citation_Title" CONTENT="A &amp; B"><title>x</title>', "A & B", None),
        (
            '<meta property="article:published_time" content="2023-05-01T10:00:00Z">'
            "<title>\n  Demo\n  page </title>",
            None,
            2023,
        ),
        ('<meta name="dc.date" content="March 2019"><title>T</title><title>U</title>', None, 2019),
    ],
)
def test_parse_page_variants(html, title, year):
    page = parse_page(html)
    assert page.first("citation_title") == title
    assert page_year(page) == year
    assert page.title in ("x", "Demo page", "T")


def test_a_page_in_windows_1252_without_a_charset_reads_right(httpserver, session, config):
    """The recorded page re-encoded as Windows-1252 (its ``·`` is byte 0xB7, no UTF-8),
    served without a charset: read as browsers read it, and the BibTeX stays ASCII."""
    from imgsynth_refs.bibtex import format_entries

    httpserver.expect_request(PAGE_PATH).respond_with_data(
        PAGE.encode("cp1252"), content_type="text/html"
    )
    ref = WebResolver(session, config).fetch(httpserver.url_for(PAGE_PATH))
    assert ref.title == TITLE
    assert format_entries([ref]).isascii()


def test_bytes_invalid_in_the_declared_charset_fail_the_page(httpserver, session, config):
    """The same bytes declared UTF-8: the title would hold U+FFFD, so the page fails, naming
    the field, instead of writing a lost character into the .bib."""
    httpserver.expect_request(PAGE_PATH).respond_with_data(
        PAGE.encode("cp1252"), content_type="text/html; charset=utf-8"
    )
    url = httpserver.url_for(PAGE_PATH)
    (outcome,) = WebResolver(session, config).resolve([Identifier("url", url)])
    assert isinstance(outcome, Failed)
    assert "unusable record (title: holds U+FFFD" in outcome.reason
