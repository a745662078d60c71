"""Crossref resolver against the local server replaying a real /works/DOI answer (and, as
SYNTHESISED faults, that answer cut short or altered, which must not be cached)."""

from __future__ import annotations

import json

import pytest

from imgsynth_refs.errors import SourceError
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.models import ArxivInfo, Catalog, Person, Reference, Venue, WorkType
from imgsynth_refs.sources.base import Failed, Resolved
from imgsynth_refs.sources.crossref import CrossrefResolver, arxiv_id_from_doi, work_to_reference
from imgsynth_refs.sources.http import make_session
from sources_helpers import fixture_text, truncated_then_recorded

DOI = "10.1177/02683962211048201"
WORK_PATH = f"/works/{DOI}"
RECORDED = fixture_text("crossref", "10.1177_02683962211048201.trimmed.json")


def test_journal_article(httpserver, session, config):
    httpserver.expect_request(WORK_PATH).respond_with_data(
        RECORDED, content_type="application/json"
    )
    ref = CrossrefResolver(session, config).fetch(DOI)
    assert ref.type is WorkType.JOURNAL_ARTICLE
    assert ref.title == "Artificial intelligence and the conduct of literature reviews"
    assert ref.authors == [
        Person(family="Wagner", given="Gerit"),
        Person(family="Lukyanenko", given="Roman"),
        Person(family="Paré", given="Guy"),
    ]
    assert ref.journal == "Journal of Information Technology"
    assert ref.venue == Venue(name="Journal of Information Technology")
    # The date (published-print 2022-06), not the online-first date 2021-10-08.
    assert (ref.year, ref.month, ref.day) == (2022, 6, None)
    assert (ref.volume, ref.number, ref.pages) == ("37", "2", "209--226")
    assert ref.publisher == "SAGE Publications"
    assert (ref.doi, ref.url) == (DOI, f"https://doi.org/{DOI}")
    assert ref.provenance["pages"].source.endswith(WORK_PATH)


def test_unknown_doi_is_not_found(httpserver, session, config):
    """Synthesised 404 (Crossref answers 'Resource not found.' for a DOI it lacks)."""
    httpserver.expect_request("/works/10.9999/nothing").respond_with_data(
        "Resource not found.", status=404
    )
    (outcome,) = CrossrefResolver(session, config).resolve([Identifier("doi", "10.9999/nothing")])
    assert isinstance(outcome, Failed) and outcome.not_found


def test_truncated_json_is_a_failure(httpserver, session, config):
    """Synthesised fault: the recorded answer cut in half."""
    httpserver.expect_request(WORK_PATH).respond_with_data(RECORDED[: len(RECORDED) // 2])
    (outcome,) = CrossrefResolver(session, config).resolve([Identifier("doi", DOI)])
    assert isinstance(outcome, Failed) and not outcome.not_found
    assert "malformed JSON" in outcome.reason


def test_json_that_is_not_a_work_is_a_failure(httpserver, session, config):
    """Synthesised: a valid JSON answer of another message type."""
    body = {"status": "ok", "message-type": "work-list", "message": {"items": []}}
    httpserver.expect_request(WORK_PATH).respond_with_json(body)
    (outcome,) = CrossrefResolver(session, config).resolve([Identifier("doi", DOI)])
    assert isinstance(outcome, Failed)
    assert "not a Crossref work record" in outcome.reason


def _recorded_message(**changes):
    message = json.loads(RECORDED)["message"]
    message.update(changes)
    return message


def test_proceedings_article_gets_the_canonical_booktitle():
    """The recorded work with type and container changed (a synthesised variant)."""
    message = _recorded_message(
        type="proceedings-article",
        **{
            "container-title": [
                "2019 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"
            ]
        },
    )
    del message["volume"]
    ref = work_to_reference(message, url="https://api.crossref.org/works/x")
    assert ref.type is WorkType.CONFERENCE_PAPER
    assert ref.booktitle == "IEEE/CVF Conference on Computer Vision and Pattern Recognition"
    assert ref.venue.short == "CVPR 2021"  # no volume: the issued date (2021-10-08)
    assert (ref.year, ref.month, ref.day) == (2021, 10, 8)


@pytest.mark.parametrize("kind", ["posted-content", "book", "peer-review"])
def test_unsupported_types_are_named(kind):
    with pytest.raises(SourceError, match=f"Crossref type '{kind}' is not supported"):
        work_to_reference(_recorded_message(type=kind), url="u")


def test_markup_in_titles_is_removed_and_subtitle_kept():
    message = _recorded_message(
        title=["Deep <i>generative</i>\n models"], subtitle=["A <b>survey</b>"]
    )
    ref = work_to_reference(message, url="u")
    assert ref.title == "Deep generative models: A survey"


def test_unusable_page_field_is_dropped_not_fatal():
    ref = work_to_reference(_recorded_message(page="209-226, 230"), url="u")
    assert ref.pages is None
    assert "pages" not in ref.provenance


@pytest.mark.parametrize(
    ("doi", "arxiv_id"),
    [
        ("10.48550/arXiv.1511.06434", "1511.06434"),
        ("10.48550/ARXIV.2112.10752", "2112.10752"),
        ("10.48550/arxiv.hep-th/9901001", "hep-th/9901001"),
        (DOI, None),
    ],
)
def test_arxiv_doi_is_recognised(doi, arxiv_id):
    assert arxiv_id_from_doi(doi) == arxiv_id


class _RecordingArxiv:
    """Test double of the arXiv resolver: records the batches it is asked."""

    name = "arxiv"
    kinds = frozenset({"arxiv"})

    def __init__(self):
        self.batches = []

    def resolve(self, identifiers):
        self.batches.append([i.id for i in identifiers])
        return [
            Resolved(
                i,
                Reference(
                    type=WorkType.PREPRINT,
                    title=f"preprint {i.id}",
                    authors=[Person(family="Doe")],
                    year=2015,
                    arxiv=ArxivInfo(id=i.id),
                ),
            )
            if i.id != "1511.99999"
            else Failed(i, "arxiv: not found", not_found=True)
            for i in identifiers
        ]


def test_arxiv_dois_are_routed_to_arxiv_batched_never_to_crossref(httpserver, session, config):
    httpserver.expect_request(WORK_PATH).respond_with_data(RECORDED)
    arxiv = _RecordingArxiv()
    idents = [
        Identifier("doi", "10.48550/arxiv.1511.06434"),
        Identifier("doi", DOI),
        Identifier("doi", "10.48550/arxiv.1511.99999"),
    ]
    outcomes = CrossrefResolver(session, config, arxiv=arxiv).resolve(idents)
    assert arxiv.batches == [["1511.06434", "1511.99999"]]
    assert [o.identifier for o in outcomes] == idents
    assert outcomes[0].reference.arxiv.id == "1511.06434"
    assert outcomes[0].reference.doi is None
    assert outcomes[1].reference.doi == DOI
    assert isinstance(outcomes[2], Failed) and outcomes[2].not_found
    assert [r.path for r, _ in httpserver.log] == [WORK_PATH]


def test_arxiv_doi_without_arxiv_resolver_fails_naming_the_arxiv_id(httpserver, session, config):
    (outcome,) = CrossrefResolver(session, config).resolve(
        [Identifier("doi", "10.48550/arxiv.1511.06434")]
    )
    assert isinstance(outcome, Failed)
    assert "arXiv:1511.06434" in outcome.reason
    assert len(httpserver.log) == 0


@pytest.mark.parametrize(
    ("doi", "path"),
    [
        (DOI, f"/works/{DOI}"),
        (
            "10.1002/(sici)1097-4636(199706)35:4<471::aid-jbm6>3.0.co;2-l",
            "/works/10.1002/(sici)1097-4636(199706)35:4%3C471::aid-jbm6%3E3.0.co;2-l",
        ),
        ("10.1000/a b#c?d", "/works/10.1000/a%20b%23c%3Fd"),
    ],
)
def test_work_url_escapes_what_a_url_cannot_carry(session, config, doi, path):
    base = config.crossref_url
    assert CrossrefResolver(session, config).work_url(doi) == base + path


def test_invalid_upstream_value_is_a_one_line_failure(httpserver, session, config):
    """The recorded work with an impossible month (synthesised variant)."""
    body = json.loads(RECORDED)
    body["message"]["published-print"] = {"date-parts": [[2022, 13]]}
    httpserver.expect_request(WORK_PATH).respond_with_json(body)
    (outcome,) = CrossrefResolver(session, config).resolve([Identifier("doi", DOI)])
    assert isinstance(outcome, Failed) and not outcome.not_found
    assert "unusable record (month:" in outcome.reason
    assert "\n" not in outcome.reason


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,  # SYNTHESISED: nests deeper than Python's parser goes
        json.dumps({"status": "ok", "message-type": "work-list", "message": {}}),
        RECORDED.replace('"volume":"37"', '"volume":"37}, @preamble{x}"'),
    ],
    ids=["100k-deep", "not-a-work", "hostile-volume"],
)
def test_an_unusable_answer_is_dropped_from_the_cache(httpserver, config, body):
    """Each run asks again instead of failing from the cache for 30 days."""
    from imgsynth_refs.resolve import resolve

    assert body != RECORDED
    httpserver.expect_request(WORK_PATH).respond_with_data(body, content_type="application/json")
    for _ in range(2):
        report = resolve([f"doi:{DOI}"], config=config, catalog=Catalog(eras=[], references=[]))
        (failure,) = report.failures
        assert "crossref: " in failure.reason and "Traceback" not in failure.reason
        assert report.requests == 1


def test_a_malformed_json_answer_is_not_cached(httpserver, config):
    answers = truncated_then_recorded(RECORDED)
    httpserver.expect_request(f"/works/{DOI}").respond_with_handler(lambda r: answers.pop(0))
    with make_session(config) as session, pytest.raises(SourceError, match="malformed JSON"):
        CrossrefResolver(session, config).fetch(DOI)
    with make_session(config) as session:  # the next run asks again, and gets the work
        ref = CrossrefResolver(session, config).fetch(DOI)
    assert ref.title == "Artificial intelligence and the conduct of literature reviews"
    assert len(httpserver.log) == 2
