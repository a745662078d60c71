"""QA of online resolution as a user meets it: defects found in review, each pinned here.

Bodies are the real recorded ones in tests/fixtures (see each PROVENANCE.md). Faults are
SYNTHESISED and say so: a recorded body cut short (as a broken proxy or an interrupted
upstream answer with HTTP 200 delivers it), a 503 with a long ``Retry-After``.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
import urllib3.util.retry
from werkzeug import Response

from arxiv_helpers import FakeClock
from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.bibtex import format_entries
from imgsynth_refs.check import check_bib
from imgsynth_refs.errors import ImgsynthRefsError, SourceError
from imgsynth_refs.models import Catalog
from imgsynth_refs.resolve import read_inputs
from imgsynth_refs.sources.acl import AclResolver
from imgsynth_refs.sources.crossref import CrossrefResolver
from imgsynth_refs.sources.http import RetryAfterTooLongError, make_session
from imgsynth_refs.sources.neurips import NeuripsResolver
from sources_helpers import fixture_text

ALEXNET = "c399862d3b9d6b76c8436e924a68c45b"
DOI = "10.1177/02683962211048201"
CROSSREF = fixture_text("crossref", "10.1177_02683962211048201.trimmed.json")
ACL_BIB = fixture_text("acl", "P18-1238.bib")


# --------------------------------------------------------------------------- NeurIPS url


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


# --------------------------------------------------------------------------- cache


def _truncated_then_recorded(recorded: str) -> list[Response]:
    """SYNTHESISED fault: the recorded body cut in half (HTTP 200), then the recorded body."""
    return [Response(recorded[: len(recorded) // 2]), Response(recorded)]


def test_a_malformed_json_answer_is_not_cached(httpserver, config):
    answers = _truncated_then_recorded(CROSSREF)
    httpserver.expect_request(f"/works/{DOI}").respond_with_handler(lambda r: answers.pop(0))
    with make_session(config) as session, pytest.raises(SourceError, match="malformed JSON"):
        CrossrefResolver(session, config).fetch(DOI)
    with make_session(config) as session:  # the next run asks again, and gets the work
        ref = CrossrefResolver(session, config).fetch(DOI)
    assert ref.title == "Artificial intelligence and the conduct of literature reviews"
    assert len(httpserver.log) == 2


def test_an_unparsable_bibtex_answer_is_not_cached(httpserver, config):
    answers = _truncated_then_recorded(ACL_BIB)
    httpserver.expect_request("/P18-1238.bib").respond_with_handler(lambda r: answers.pop(0))
    with make_session(config) as session, pytest.raises(ImgsynthRefsError):
        AclResolver(session, config).fetch("P18-1238")
    with make_session(config) as session:
        ref = AclResolver(session, config).fetch("P18-1238")
    assert ref.acl_id == "P18-1238"
    assert len(httpserver.log) == 2


# --------------------------------------------------------------------------- retries


def test_a_retry_after_beyond_the_bound_fails_that_source_at_once(httpserver, config):
    """SYNTHESISED 503 asking for an hour, longer than IMGSYNTH_REFS_MAX_RETRY_WAIT (300 s):
    no silent wait; that source fails at once, now and for the rest of the run."""
    answers = [Response("busy", status=503, headers={"Retry-After": "3600"}), Response("ok")]
    httpserver.expect_request("/r").respond_with_handler(lambda r: answers.pop(0))
    config = replace(config, retries=1)
    clock = FakeClock()
    with make_session(config) as session:
        session.throttle.clock, session.throttle.sleep = clock, clock.sleep
        asks = r"arXiv asks us to wait 60 min \(Retry-After\), longer than .*MAX_RETRY_WAIT"
        with pytest.raises(RetryAfterTooLongError, match=asks + r" \(5 min\); try later"):
            session.get(httpserver.url_for("/r"))
        with pytest.raises(RetryAfterTooLongError, match=asks):
            session.get(httpserver.url_for("/r?again"))
        assert session.throttle.waits == []
        assert session.throttle.total_sent == 1
    assert len(answers) == 1


def test_the_session_works_with_urllib3_before_retry_after_max(monkeypatch, httpserver, config):
    """requests allows any urllib3 from 1.21; ``Retry(retry_after_max=...)`` exists only from
    urllib3 2.6.3. This EMULATES an older urllib3 by refusing that argument."""
    original = urllib3.util.retry.Retry.__init__

    def older_init(self, *args, **kwargs):
        if "retry_after_max" in kwargs:
            raise TypeError("__init__() got an unexpected keyword argument 'retry_after_max'")
        original(self, *args, **kwargs)

    monkeypatch.setattr(urllib3.util.retry.Retry, "__init__", older_init)
    httpserver.expect_request("/p").respond_with_data("page")
    with make_session(config) as session:
        assert session.get(httpserver.url_for("/p")).text == "page"


# --------------------------------------------------------------------------- inputs


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_input_is_named_as_such(text):
    (failure,) = read_inputs([text])
    assert failure.reason == "empty input"


def test_resolve_dash_o_dash_writes_standard_output(capsys, tmp_path, monkeypatch):
    """``export -o -`` is standard output; ``resolve`` takes the same option the same way."""
    from imgsynth_refs.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["resolve", "1406.2661", "-o", "-", "--offline", "--quiet"]) == 0
    assert "@inproceedings{goodfellow2014generative," in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- cache folder


def test_a_cache_dir_that_is_a_file_is_a_usage_error_naming_the_variable(tmp_path, config):
    from imgsynth_refs.errors import UsageError

    not_a_folder = tmp_path / "cache"
    not_a_folder.write_text("")
    with pytest.raises(UsageError, match=r"^IMGSYNTH_REFS_CACHE_DIR: .*cache.* not a folder"):
        make_session(replace(config, cache_dir=not_a_folder))


def test_a_corrupt_cache_file_is_named_with_the_remedy(tmp_path, config):
    from imgsynth_refs.errors import DataError

    (tmp_path / "http-cache.sqlite").write_bytes(b"not a database")
    with pytest.raises(DataError, match=r"http-cache\.sqlite: .*not a database.*delete"):
        make_session(replace(config, cache_dir=tmp_path))


def test_a_reason_that_names_its_url_does_not_repeat_it():
    """Offline misses read 'crossref: offline, and not in the cache: URL (URL)'."""
    url = "https://api.crossref.org/works/10.1177/02683962211048201"
    offline = SourceError(f"offline, and not in the cache: {url}", source="crossref", url=url)
    assert str(offline) == f"crossref: offline, and not in the cache: {url}"
    assert str(SourceError("HTTP 503", source="crossref", url=url)) == f"crossref: HTTP 503 ({url})"


# --------------------------------------------------------------------------- arXiv


def test_an_empty_arxiv_page_that_claims_results_is_a_fault_not_cached(httpserver, tmp_path):
    """arXiv sporadically answers a page without its entries (arxiv.py's
    UnexpectedEmptyPageError). SYNTHESISED: the recorded 1605.08386 feed with its <entry>
    removed and totalResults still 1. That is no proof the paper does not exist: the id
    must not be reported (and cached for 30 days) as unknown."""
    from lxml import etree

    from arxiv_helpers import API_PATH, ATOM, ArxivReplay, make_config, recorded
    from imgsynth_refs.identifiers import Identifier
    from imgsynth_refs.sources.arxiv import ArxivResolver
    from imgsynth_refs.sources.base import Failed, Resolved

    root = etree.fromstring(recorded("id_1605.08386"))
    for entry in root.findall(f"{ATOM}entry"):
        root.remove(entry)
    emptied = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    replay = ArxivReplay()
    replay.faults.append(lambda request: Response(emptied, content_type="application/atom+xml"))
    httpserver.expect_request(API_PATH).respond_with_handler(replay)
    config = make_config(httpserver.url_for("/"), tmp_path)
    paper = Identifier("arxiv", "1605.08386")
    with make_session(config) as session:
        (outcome,) = ArxivResolver(session, config).resolve([paper])
    assert isinstance(outcome, Failed)
    assert not outcome.not_found
    assert "empty" in outcome.reason
    with make_session(config) as session:  # the next run asks again
        (outcome,) = ArxivResolver(session, config).resolve([paper])
    assert isinstance(outcome, Resolved)
    assert len(replay.requests) == 2
