"""OpenReview resolver against the local server replaying a real API v2 note."""

from __future__ import annotations

import copy
import json

import pytest

from imgsynth_refs.errors import SourceError
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.models import Venue, WorkType
from imgsynth_refs.sources.base import Failed, Resolved
from imgsynth_refs.sources.openreview import OpenReviewResolver, not_published, note_to_reference
from link_sources_helpers import FAULTS, answer, fault_config
from sources_helpers import fixture_text

NOTE_ID = "4aMedv0ONH"
ANSWER = json.loads(fixture_text("openreview", "RegML_2025_4aMedv0ONH.json"))


def derived(venue: str, venueid: str) -> dict:
    """DERIVED from the real answer: only the note's ``venue`` and ``venueid`` replaced."""
    body = copy.deepcopy(ANSWER)
    content = body["notes"][0]["content"]
    content["venue"], content["venueid"] = {"value": venue}, {"value": venueid}
    return body


@pytest.fixture
def config(httpserver):
    return fault_config(httpserver.url_for("").rstrip("/"))


@pytest.fixture
def resolver(session, config):
    return OpenReviewResolver(session, config)


def serve(httpserver, note_id: str, body: dict | str) -> None:
    text = body if isinstance(body, str) else json.dumps(body)
    httpserver.expect_request("/notes", query_string={"id": note_id}).respond_with_data(
        text, content_type="application/json"
    )


def test_workshop_paper_keeps_the_workshop_as_its_venue(httpserver, resolver):
    serve(httpserver, NOTE_ID, fixture_text("openreview", "RegML_2025_4aMedv0ONH.json"))
    ref = resolver.fetch(NOTE_ID)
    assert ref.type is WorkType.CONFERENCE_PAPER
    assert ref.title == "Emergency Response Measures for Catastrophic Risk"
    assert [a.display() for a in ref.authors] == [
        "James Zhang",
        "Miles Kodama",
        "Zongze Wu",
        "Michael Chen",
        "Yue Zhu",
        "Geng Hong",
    ]
    assert ref.year == 2025
    assert ref.booktitle == "NeurIPS 2025 Workshop on Regulatable ML"
    assert ref.venue == Venue(name="NeurIPS 2025 Workshop on Regulatable ML")  # not NeurIPS 2025
    assert (ref.openreview_id, ref.url) == (NOTE_ID, f"https://openreview.net/forum?id={NOTE_ID}")
    assert ref.provenance["title"].note == "venueid NeurIPS.cc/2025/Workshop/RegML"


def test_accepted_conference_paper_gets_the_canonical_booktitle(httpserver, resolver):
    serve(httpserver, NOTE_ID, derived("ICLR 2024 poster", "ICLR.cc/2024/Conference"))
    ref = resolver.fetch(NOTE_ID)
    assert ref.booktitle == "International Conference on Learning Representations"
    assert ref.venue == Venue(
        name="International Conference on Learning Representations", short="ICLR 2024"
    )
    assert ref.year == 2024


@pytest.mark.parametrize(
    ("venue", "venueid"),
    [
        (
            "ICLR 2024 Conference Withdrawn Submission",
            "ICLR.cc/2024/Conference/Withdrawn_Submission",
        ),
        ("Submitted to ICLR 2024", "ICLR.cc/2024/Conference/Rejected_Submission"),
        ("Submitted to ICLR 2024", "ICLR.cc/2024/Conference/Submission"),
        (
            "ICLR 2024 Conference Desk Rejected Submission",
            "ICLR.cc/2024/Conference/Desk_Rejected_Submission",
        ),
    ],
)
def test_unpublished_notes_are_reported_never_as_published(httpserver, resolver, venue, venueid):
    serve(httpserver, NOTE_ID, derived(venue, venueid))
    (outcome,) = resolver.resolve([Identifier("openreview", NOTE_ID)])
    assert isinstance(outcome, Failed) and not outcome.not_found
    assert "not a published paper" in outcome.reason


@pytest.mark.parametrize(
    ("venue", "venueid", "published"),
    [
        ("ICLR 2024 poster", "ICLR.cc/2024/Conference", True),
        ("TMLR", "TMLR", True),
        ("RegML 2025 Poster", "NeurIPS.cc/2025/Workshop/RegML", True),
        (
            "ICLR 2024 Conference Withdrawn Submission",
            "ICLR.cc/2024/Conference/Withdrawn_Submission",
            False,
        ),
        ("Submitted to ICLR 2024", "ICLR.cc/2024/Conference/Submission", False),
        ("Submitted to TMLR", "TMLR/Rejected", False),
        (None, None, False),
    ],
)
def test_not_published(venue, venueid, published):
    assert (not_published(venue, venueid) is None) is published


def test_tmlr_paper_is_a_journal_article():
    note = derived("Accepted by TMLR", "TMLR")["notes"][0]
    ref = note_to_reference(note, url="https://api2.openreview.net/notes?id=x")
    assert ref.type is WorkType.JOURNAL_ARTICLE
    assert ref.journal == "Transactions on Machine Learning Research"
    assert ref.year == 2025  # from pdate: TMLR's venueid has no year


def test_api_v1_bare_values_are_read():
    """DERIVED: the real note with every content value unwrapped, as API v1 gives them."""
    note = copy.deepcopy(ANSWER["notes"][0])
    note["content"] = {name: item["value"] for name, item in note["content"].items()}
    ref = note_to_reference(note, url="https://api.openreview.net/notes?id=x")
    assert ref.title == "Emergency Response Measures for Catastrophic Risk"


def test_unknown_note_is_not_found(httpserver, resolver):
    serve(httpserver, "AAAAAAAAAA", {"notes": [], "count": 0})
    (outcome,) = resolver.resolve([Identifier("openreview", "AAAAAAAAAA")])
    assert isinstance(outcome, Failed) and outcome.not_found
    assert "no note AAAAAAAAAA" in outcome.reason


@pytest.mark.parametrize("fault", FAULTS)
def test_fault_fails_its_note_only(httpserver, resolver, fault):
    serve(httpserver, NOTE_ID, ANSWER)
    httpserver.expect_request("/notes", query_string={"id": "B1xsqj09Fm"}).respond_with_handler(
        answer(fault)
    )
    outcomes = resolver.resolve(
        [Identifier("openreview", NOTE_ID), Identifier("openreview", "B1xsqj09Fm")]
    )
    assert isinstance(outcomes[0], Resolved)
    assert isinstance(outcomes[1], Failed) and FAULTS[fault] in outcomes[1].reason
    assert outcomes[1].not_found is (fault == "404")


@pytest.mark.parametrize(
    ("body", "reason"),
    [('{"notes": [{"id": "4aMedv0', "malformed JSON"), ('{"status": 200}', "has no notes")],
    ids=["truncated", "no-notes"],
)
def test_malformed_answer_is_a_failure(httpserver, resolver, body, reason):
    """SYNTHESISED: a cut-off JSON body, and JSON that is no notes answer."""
    serve(httpserver, NOTE_ID, body)
    (outcome,) = resolver.resolve([Identifier("openreview", NOTE_ID)])
    assert isinstance(outcome, Failed) and reason in outcome.reason


def test_note_without_content_is_a_failure():
    with pytest.raises(SourceError, match="no content"):
        note_to_reference({"id": NOTE_ID}, url="https://api2.openreview.net/notes?id=x")


def test_malformed_id_is_refused_without_a_request(httpserver, resolver):
    (outcome,) = resolver.resolve([Identifier("openreview", "a/b")])
    assert isinstance(outcome, Failed) and "not an OpenReview id" in outcome.reason
    assert len(httpserver.log) == 0
