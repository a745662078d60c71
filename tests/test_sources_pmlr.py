"""PMLR resolver against the local server replaying real volume sources (fixtures/pmlr)."""

from __future__ import annotations

import pytest
from werkzeug import Response

from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.models import Venue, WorkType
from imgsynth_refs.sources.base import Failed, Resolved
from imgsynth_refs.sources.http import make_session
from imgsynth_refs.sources.pmlr import PmlrResolver, front_matter
from link_sources_helpers import FAULTS, answer, answers_in_turn, fault_config, retrying_session
from sources_helpers import fixture_text

V139 = "/v139/gh-pages"
CLIP_POST = f"{V139}/_posts/2021-07-01-radford21a.md"
DALLE_POST = f"{V139}/_posts/2021-07-01-ramesh21a.md"


@pytest.fixture
def config(httpserver):
    return fault_config(httpserver.url_for("").rstrip("/"))


@pytest.fixture
def resolver(session, config):
    return PmlrResolver(session, config)


def serve_v139(httpserver, *, volume: bool = True) -> None:
    if volume:
        httpserver.expect_request(f"{V139}/_config.yml").respond_with_data(
            fixture_text("pmlr", "v139_config.yml")
        )
    httpserver.expect_request(CLIP_POST).respond_with_data(
        fixture_text("pmlr", "v139_posts_2021-07-01-radford21a.md")
    )
    httpserver.expect_request(DALLE_POST).respond_with_data(
        fixture_text("pmlr", "v139_posts_2021-07-01-ramesh21a.md")
    )


@pytest.mark.parametrize(
    ("pmlr_id", "key"),
    [("v139/radford21a", "radford2021learning"), ("v139/ramesh21a", "ramesh2021zero")],
)
def test_clip_and_dalle_agree_with_the_shipped_records(httpserver, resolver, pmlr_id, key):
    serve_v139(httpserver)
    ref = resolver.fetch(pmlr_id)
    shipped = load_catalog().get(key)
    fields = ("type", "title", "authors", "editors", "year", "month", "booktitle", "series")
    fields += ("volume", "pages", "publisher", "url", "venue")
    assert {f: getattr(ref, f) for f in fields} == {f: getattr(shipped, f) for f in fields}
    assert ref.provenance["pages"].source.endswith(pmlr_id.split("/")[1] + ".md")
    assert ref.provenance["editors"].source.endswith("/_config.yml")


def test_workshop_volume_keeps_its_own_venue_and_the_papers_editors(httpserver, resolver):
    httpserver.expect_request("/v137/gh-pages/_config.yml").respond_with_data(
        fixture_text("pmlr", "v137_config.yml")
    )
    httpserver.expect_request("/v137/gh-pages/_posts/2020-02-08-frank20a.md").respond_with_data(
        fixture_text("pmlr", "v137_posts_2020-02-08-frank20a.md")
    )
    ref = resolver.fetch("v137/frank20a")
    assert ref.type is WorkType.CONFERENCE_PAPER
    assert ref.venue == Venue(
        name="\"I Can't Believe It's Not Better!\" at NeurIPS Workshops", short="ICBINB 2020"
    )
    assert [e.display() for e in ref.editors] == [
        "Jessica Zosa Forde",
        "Francisco Ruiz",
        "Melanie F. Pradier",
        "Aaron Schein",
    ]
    assert (ref.year, ref.month, ref.pages, ref.volume) == (2020, 12, "53--59", "137")
    assert ref.provenance["editors"].source.endswith("frank20a.md")


def test_unknown_volume_and_unknown_paper_are_not_found(httpserver, resolver):
    serve_v139(httpserver)
    for path in ("/v9999/gh-pages/_config.yml", f"{V139}/_posts/2021-07-01-nobody21a.md"):
        httpserver.expect_request(path).respond_with_data("404: Not Found", status=404)
    outcomes = resolver.resolve(
        [Identifier("pmlr", "v9999/nobody99a"), Identifier("pmlr", "v139/nobody21a")]
    )
    assert all(isinstance(o, Failed) and o.not_found for o in outcomes)
    assert "no PMLR volume v9999" in outcomes[0].reason
    assert "no paper v139/nobody21a in PMLR volume v139" in outcomes[1].reason


@pytest.mark.parametrize("fault", FAULTS)
def test_fault_fails_its_paper_only(httpserver, resolver, fault):
    serve_v139(httpserver)
    httpserver.expect_request("/v140/gh-pages/_config.yml").respond_with_handler(answer(fault))
    outcomes = resolver.resolve(
        [Identifier("pmlr", "v139/radford21a"), Identifier("pmlr", "v140/x21a")]
    )
    assert isinstance(outcomes[1], Failed)
    reason = "no PMLR volume v140" if fault == "404" else FAULTS[fault]
    assert reason in outcomes[1].reason and "v140/gh-pages/_config.yml" in outcomes[1].reason
    assert outcomes[1].not_found is (fault == "404")
    assert isinstance(outcomes[0], Resolved)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("---\ntitle: [unclosed\n---\n", "malformed YAML"),
        ("<html><body>Not the source</body></html>", "the YAML is not a mapping"),
    ],
    ids=["broken-yaml", "html"],
)
def test_malformed_post_is_a_failure_and_not_cached(httpserver, resolver, body, reason):
    """SYNTHESISED bodies in place of the real post; the volume's config is real."""
    serve_v139(httpserver)
    httpserver.expect_request(f"{V139}/_posts/2021-07-01-gray21a.md").respond_with_data(body)
    (outcome,) = resolver.resolve([Identifier("pmlr", "v139/gray21a")])
    assert isinstance(outcome, Failed) and reason in outcome.reason
    resolver.resolve([Identifier("pmlr", "v139/gray21a")])
    assert sum(r.path.endswith("gray21a.md") for r, _ in httpserver.log) == 2


@pytest.mark.parametrize("fault", ["429 with Retry-After", "429 without Retry-After", "503"])
def test_one_retry_after_a_busy_answer_resolves(httpserver, config, fault):
    serve_v139(httpserver, volume=False)
    volume = Response(fixture_text("pmlr", "v139_config.yml"))
    httpserver.expect_request(f"{V139}/_config.yml").respond_with_handler(
        answers_in_turn(answer(fault), lambda _request: volume)
    )
    session, clock = retrying_session(config)
    with session:
        (outcome,) = PmlrResolver(session, config).resolve([Identifier("pmlr", "v139/radford21a")])
    assert isinstance(outcome, Resolved)
    assert clock.slept == ([1.0] if fault == "429 with Retry-After" else [])


def test_post_without_title_is_a_failure(httpserver, resolver):
    """SYNTHESISED: valid front matter that names no paper."""
    serve_v139(httpserver)
    httpserver.expect_request(f"{V139}/_posts/2021-07-01-gray21a.md").respond_with_data(
        "---\nlayout: inproceedings\n---\n"
    )
    (outcome,) = resolver.resolve([Identifier("pmlr", "v139/gray21a")])
    assert isinstance(outcome, Failed) and "no title, authors or year" in outcome.reason


def test_second_run_is_served_from_the_cache(httpserver, config):
    serve_v139(httpserver)
    for _ in range(2):
        with make_session(config) as session:
            assert isinstance(PmlrResolver(session, config).fetch("v139/radford21a").title, str)
    assert len(httpserver.log) == 2


def test_malformed_id_is_refused_without_a_request(httpserver, resolver):
    (outcome,) = resolver.resolve([Identifier("pmlr", "v139/../../x")])
    assert isinstance(outcome, Failed) and "not a PMLR paper id" in outcome.reason
    assert len(httpserver.log) == 0


def test_front_matter_reads_a_post_and_a_config():
    post = front_matter(fixture_text("pmlr", "v139_posts_2021-07-01-radford21a.md"))
    assert post["id"] == "radford21a" and post["firstpage"] == 8748
    assert front_matter(fixture_text("pmlr", "v139_config.yml"))["shortname"] == "ICML"
