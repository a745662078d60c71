"""DBLP search and records against the local server replaying real DBLP answers."""

from __future__ import annotations

import json

import pytest

from imgsynth_refs.errors import NotFoundError, SourceError, UsageError
from imgsynth_refs.models import Person, Reference, Venue, WorkType
from imgsynth_refs.sources.dblp import (
    DblpClient,
    DblpHit,
    normalize_record,
    parse_hits,
    search_query,
)
from imgsynth_refs.venues import NEURIPS_NAME
from sources_helpers import dblp_info, dblp_search_answer, fixture_text


@pytest.fixture
def dblp(session, config):
    return DblpClient(session, config)


def _serve_bib(httpserver, key, fixture):
    httpserver.expect_request(f"/rec/{key}.bib").respond_with_data(
        fixture_text("dblp", fixture), content_type="application/x-bibtex; charset=utf-8"
    )


def test_parse_real_answer_current_format():
    (hit,) = parse_hits(json.loads(fixture_text("dblp", "search_publ_api.rust-test-small.json")))
    assert hit == DblpHit(
        key="conf/ats/ShinogiYHTY05",
        title=(
            "A Test Cost Reduction Method by Test Response and Test Vector Overlapping for "
            "Full-Scan Test Architecture"
        ),
        authors=(
            "Tsuyoshi Shinogi",
            "Hiroyuki Yamada",
            "Terumine Hayashi",
            "Shinji Tsuruoka",
            "Tomohiro Yoshikawa",
        ),
        venue="Asian Test Symposium",
        year=2005,
        type="Conference and Workshop Papers",
        doi="10.1109/ats.2005.17",
        url="https://dblp.org/rec/conf/ats/ShinogiYHTY05",
    )
    assert not hit.is_preprint


def test_parse_real_answer_older_format():
    hits = parse_hits(
        json.loads(fixture_text("dblp", "search_publ_api.vinicius0197-tp2.excerpt.json"))
    )
    assert [h.authors for h in hits] == [
        ("Achim D. Brucker", "Jacques Julliand"),
        ("Irith Pomeranz",),
    ]
    assert [h.venue for h in hits] == ["Softw. Test., Verif. Reliab.", "DATE"]


def test_homonym_numbers_and_venue_lists():
    """Synthesised hit (DBLP writes homonyms as 'Name 0005' and cross-listed venues as lists)."""
    info = dblp_info("conf/x/Liu20", "T.", ["Wei Liu 0005", "Ann Lee"], "ICML", 2020)
    info["venue"] = ["COLT", "ALT"]
    (hit,) = parse_hits(json.loads(dblp_search_answer("t", [info])))
    assert hit.authors == ("Wei Liu", "Ann Lee")
    assert hit.venue == "COLT/ALT"
    assert hit.title == "T"


@pytest.mark.parametrize(
    ("venue", "kind", "preprint"),
    [
        ("CoRR", "Informal and Other Publications", True),
        ("CoRR", "Informal Publications", True),
        ("CoRR", "Journal Articles", True),
        ("ICLR (Poster)", "Conference and Workshop Papers", False),
        ("IEEE Trans. Pattern Anal. Mach. Intell.", "Journal Articles", False),
    ],
)
def test_corr_listings_are_preprints(venue, kind, preprint):
    hit = DblpHit("journals/corr/X", "t", ("A B",), venue, 2016, kind)
    assert hit.is_preprint is preprint


def test_no_hits_and_not_an_answer():
    assert parse_hits({"result": {"hits": {"@total": "0"}}}) == []
    with pytest.raises(ValueError, match="not a DBLP search answer"):
        parse_hits({"error": "x"})


def test_search_asks_for_the_title_words_as_json(httpserver, dblp):
    httpserver.expect_request(
        "/search/publ/api",
        query_string={"q": "Attention Is All You Need", "format": "json", "h": "30"},
    ).respond_with_data(
        fixture_text("dblp", "search_publ_api.rust-test-small.json"),
        content_type="application/json",
    )
    (hit,) = dblp.search("Attention Is All You Need!")
    assert hit.key == "conf/ats/ShinogiYHTY05"


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("GANs: a survey | part-1 $", "GANs a survey part 1"),
        ("Wasserstein GAN", "Wasserstein GAN"),
    ],
)
def test_search_query_keeps_only_words(title, query):
    assert search_query(title) == query


def test_truncated_search_answer_is_a_source_error(httpserver, dblp):
    """Synthesised fault: the real answer cut in half."""
    body = fixture_text("dblp", "search_publ_api.rust-test-small.json")
    httpserver.expect_request("/search/publ/api").respond_with_data(body[: len(body) // 2])
    with pytest.raises(SourceError, match="malformed JSON"):
        dblp.search("test")


def test_dcgan_record_is_iclr_2016(httpserver, dblp):
    _serve_bib(
        httpserver, "journals/corr/RadfordMC15", "journals_corr_RadfordMC15.chen-yuxuan-gans.bib"
    )
    ref = dblp.record("journals/corr/RadfordMC15")
    assert ref.type is WorkType.CONFERENCE_PAPER
    assert ref.title == (
        "Unsupervised Representation Learning with Deep Convolutional Generative Adversarial "
        "Networks"
    )
    assert ref.authors == [
        Person(family="Radford", given="Alec"),
        Person(family="Metz", given="Luke"),
        Person(family="Chintala", given="Soumith"),
    ]
    assert [e.family for e in ref.editors] == ["Bengio", "LeCun"]
    assert ref.booktitle == "International Conference on Learning Representations"
    assert ref.venue == Venue(
        name="International Conference on Learning Representations", short="ICLR 2016"
    )
    assert (ref.year, ref.key, ref.arxiv.id) == (2016, None, "1511.06434")
    assert ref.provenance["booktitle"].source.endswith("/rec/journals/corr/RadfordMC15.bib")


def test_stylegan_record_is_cvpr_2019(httpserver, dblp):
    _serve_bib(httpserver, "conf/cvpr/KarrasLA19", "conf_cvpr_KarrasLA19.excerpt.bib")
    ref = dblp.record("conf/cvpr/KarrasLA19")
    assert ref.booktitle == "IEEE Conference on Computer Vision and Pattern Recognition"
    assert ref.venue.short == "CVPR 2019"
    assert (ref.pages, ref.doi) == ("4401--4410", "10.1109/CVPR.2019.00453")
    assert ref.publisher == "Computer Vision Foundation / IEEE"
    assert ref.url == (
        "http://openaccess.thecvf.com/content_CVPR_2019/html/Karras_A_Style-Based_Generator_"
        "Architecture_for_Generative_Adversarial_Networks_CVPR_2019_paper.html"
    )


def test_neurips_record_gets_volume_and_id(httpserver, dblp):
    _serve_bib(httpserver, "conf/nips/VaswaniSPUJGKP17", "conf_nips_VaswaniSPUJGKP17.bib")
    ref = dblp.record("conf/nips/VaswaniSPUJGKP17")
    assert (ref.booktitle, ref.venue.short) == (NEURIPS_NAME, "NIPS 2017")
    assert (ref.volume, ref.pages) == ("30", "5998--6008")
    assert ref.neurips_id == "2017/3f5ee243547dee91fbd053c1c4a845aa"
    assert ref.editors[1] == Person(family="Luxburg", given="Ulrike", prefix="von")


def test_unknown_venue_keeps_its_booktitle(httpserver, dblp):
    _serve_bib(
        httpserver, "conf/spire/BastMW06", "conf_spire_BastMW06.volkm-bibtex-dblp.standard.bib"
    )
    ref = dblp.record("conf/spire/BastMW06")
    assert ref.booktitle.startswith("String Processing and Information Retrieval, 13th")
    assert ref.venue.short is None
    assert (ref.series, ref.volume, ref.doi) == (
        "Lecture Notes in Computer Science",
        "4209",
        "10.1007/11880561_13",
    )


def test_unknown_record_is_not_found(httpserver, dblp):
    """Synthesised 404."""
    httpserver.expect_request("/rec/conf/cvpr/Nobody19.bib").respond_with_data("", status=404)
    with pytest.raises(NotFoundError):
        dblp.record("conf/cvpr/Nobody19")


@pytest.mark.parametrize("key", ["", "../../etc/passwd", "conf/cvpr/Karras LA19", "x"])
def test_bad_key_is_refused(dblp, key):
    with pytest.raises(UsageError, match="not a DBLP record key"):
        dblp.record(key)


def test_nips_1987_record_gets_no_computed_volume():
    """NIPS 1987 (DBLP booktitle form) predates the numbered volumes."""
    ref = Reference(
        type=WorkType.CONFERENCE_PAPER,
        title="t",
        authors=[Person(family="Vidal", given="Jacques")],
        year=1987,
        booktitle="Neural Information Processing Systems, Denver, Colorado, USA, 1987",
    )
    normalized = normalize_record(ref)
    assert normalized.volume is None
    assert (normalized.booktitle, normalized.venue.short) == (NEURIPS_NAME, "NIPS 1987")
