"""ACL Anthology resolver against the local server replaying a real Anthology .bib (and, as a
SYNTHESISED fault, that .bib cut short, which must not be cached)."""

from __future__ import annotations

import pytest

from imgsynth_refs.errors import ImgsynthRefsError
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.models import Venue, WorkType
from imgsynth_refs.sources.acl import AclResolver
from imgsynth_refs.sources.base import Failed, Resolved
from imgsynth_refs.sources.http import make_session
from sources_helpers import fixture_text, truncated_then_recorded


@pytest.fixture
def resolver(session, config):
    return AclResolver(session, config)


def test_conceptual_captions(httpserver, resolver):
    httpserver.expect_request("/P18-1238.bib").respond_with_data(
        fixture_text("acl", "P18-1238.bib"), content_type="text/plain; charset=utf-8"
    )
    ref = resolver.fetch("P18-1238")
    assert ref.type is WorkType.CONFERENCE_PAPER
    assert ref.title == (
        "Conceptual Captions: A Cleaned, Hypernymed, Image Alt-text Dataset For Automatic "
        "Image Captioning"
    )
    assert [a.family for a in ref.authors] == ["Sharma", "Ding", "Goodman", "Soricut"]
    assert [e.family for e in ref.editors] == ["Gurevych", "Miyao"]
    assert ref.booktitle == (
        "Proceedings of the 56th Annual Meeting of the Association for Computational "
        "Linguistics (Volume 1: Long Papers)"
    )
    assert ref.venue == Venue(
        name="Annual Meeting of the Association for Computational Linguistics", short="ACL 2018"
    )
    assert (ref.year, ref.month, ref.pages) == (2018, 7, "2556--2565")
    assert (ref.address, ref.publisher) == (
        "Melbourne, Australia",
        "Association for Computational Linguistics",
    )
    assert (ref.doi, ref.acl_id, ref.key) == ("10.18653/v1/P18-1238", "P18-1238", None)
    assert ref.provenance["pages"].source.endswith("/P18-1238.bib")


def test_unknown_id_is_not_found_and_the_batch_continues(httpserver, resolver):
    httpserver.expect_request("/P18-1238.bib").respond_with_data(
        fixture_text("acl", "P18-1238.bib")
    )
    httpserver.expect_request("/P18-9999.bib").respond_with_data("Not Found", status=404)
    outcomes = resolver.resolve([Identifier("acl", "P18-9999"), Identifier("acl", "P18-1238")])
    assert isinstance(outcomes[0], Failed) and outcomes[0].not_found
    assert "P18-9999.bib" in outcomes[0].reason
    assert isinstance(outcomes[1], Resolved)


def test_truncated_bibtex_is_a_failure_with_the_line(httpserver, resolver):
    """Synthesised fault: the real .bib cut after its author list."""
    text = fixture_text("acl", "P18-1238.bib")
    httpserver.expect_request("/P18-1238.bib").respond_with_data(text[: text.index("editor")])
    (outcome,) = resolver.resolve([Identifier("acl", "P18-1238")])
    assert isinstance(outcome, Failed) and not outcome.not_found
    assert "P18-1238.bib:1" in outcome.reason


def test_html_instead_of_bibtex_is_a_failure(httpserver, resolver):
    """Synthesised fault: an HTML page where BibTeX was expected (no entry at all)."""
    httpserver.expect_request("/P18-1238.bib").respond_with_data("<html><body>moved</body></html>")
    (outcome,) = resolver.resolve([Identifier("acl", "P18-1238")])
    assert isinstance(outcome, Failed)
    assert "expected one BibTeX entry, got 0" in outcome.reason


def test_malformed_id_is_refused_without_a_request(httpserver, resolver):
    (outcome,) = resolver.resolve([Identifier("acl", "../etc/passwd")])
    assert isinstance(outcome, Failed)
    assert "not an ACL Anthology id" in outcome.reason
    assert len(httpserver.log) == 0


ACL_BIB = fixture_text("acl", "P18-1238.bib")


def test_an_unparsable_bibtex_answer_is_not_cached(httpserver, config):
    answers = truncated_then_recorded(ACL_BIB)
    httpserver.expect_request("/P18-1238.bib").respond_with_handler(lambda r: answers.pop(0))
    with make_session(config) as session, pytest.raises(ImgsynthRefsError):
        AclResolver(session, config).fetch("P18-1238")
    with make_session(config) as session:
        ref = AclResolver(session, config).fetch("P18-1238")
    assert ref.acl_id == "P18-1238"
    assert len(httpserver.log) == 2
