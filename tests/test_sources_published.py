"""Finding the published version of a preprint: evidence, decoys, ambiguity, CoRR, prefer.

DBLP's BibTeX records and Crossref's work are real (tests/fixtures/dblp, crossref). The
DBLP *search* answers are SYNTHESISED (no real answer for these titles was found): built by
``sources_helpers.dblp_search_answer`` in the real envelope, each hit from the facts of a
real DBLP record, or, for decoys and rivals, from facts the test states.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from imgsynth_refs.errors import UsageError
from imgsynth_refs.models import ArxivInfo, Person, Provenance, Reference, WorkType
from imgsynth_refs.sources.published import (
    THRESHOLD,
    Status,
    find_published,
    normalize_title,
    score,
    title_similarity,
)
from sources_helpers import dblp_info, dblp_search_answer, fixture_text

DCGAN_TITLE = (
    "Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks"
)
STYLEGAN_TITLE = "A Style-Based Generator Architecture for Generative Adversarial Networks"
ARXIV_API = "https://export.arxiv.org/api/query?id_list="


def _preprint(title, authors, arxiv_id, published, *, key=None, doi=None, **arxiv):
    """A preprint record as the arXiv resolver makes it (facts of the real arXiv listing)."""
    people = [Person(family=f, given=g) for g, f in authors]
    source = Provenance(source=ARXIV_API + arxiv_id, retrieved=date(2026, 11, 26))
    return Reference(
        key=key,
        type=WorkType.PREPRINT,
        title=title,
        authors=people,
        year=published.year,
        month=published.month,
        arxiv=ArxivInfo(id=arxiv_id, version=2, published=published, **arxiv),
        doi=doi,
        url=f"https://arxiv.org/abs/{arxiv_id}",
        era="gan",
        provenance={"arxiv": source, "title": source},
    )


DCGAN = _preprint(
    DCGAN_TITLE,
    [("Alec", "Radford"), ("Luke", "Metz"), ("Soumith", "Chintala")],
    "1511.06434",
    date(2015, 11, 19),
    key="radford2015unsupervised",
)
STYLEGAN = _preprint(
    STYLEGAN_TITLE,
    [("Tero", "Karras"), ("Samuli", "Laine"), ("Timo", "Aila")],
    "1812.04948",
    date(2018, 12, 12),
    key="karras2019style",
)
GAN = _preprint(
    "Generative Adversarial Networks",
    [("Ian J.", "Goodfellow"), ("Jean", "Pouget-Abadie"), ("Mehdi", "Mirza")],
    "1406.2661",
    date(2014, 6, 10),
)
KARRAS = ["Tero Karras", "Samuli Laine", "Timo Aila"]
GOODFELLOW = ["Ian J. Goodfellow", "Jean Pouget-Abadie", "Mehdi Mirza"]
STYLEGAN_CORR = dblp_info(
    "journals/corr/abs-1812-04948",
    STYLEGAN_TITLE + ".",
    KARRAS,
    "CoRR",
    2018,
    "Informal and Other Publications",
    volume="abs/1812.04948",
)
STYLEGAN_CVPR = dblp_info(
    "conf/cvpr/KarrasLA19", STYLEGAN_TITLE + ".", KARRAS, "CVPR", 2019, pages="4401-4410"
)
# The journal extension (TPAMI 43(12), 2021): same title and authors, two years later.
STYLEGAN_TPAMI = dblp_info(
    "journals/pami/KarrasLA21",
    STYLEGAN_TITLE + ".",
    KARRAS,
    "IEEE Trans. Pattern Anal. Mach. Intell.",
    2021,
    "Journal Articles",
)
DCGAN_ICLR = dblp_info(
    "journals/corr/RadfordMC15",
    DCGAN_TITLE + ".",
    ["Alec Radford", "Luke Metz", "Soumith Chintala"],
    "ICLR (Poster)",
    2016,
)


def _search(httpserver, title, *infos):
    httpserver.expect_request("/search/publ/api").respond_with_data(
        dblp_search_answer(title, list(infos)), content_type="application/json"
    )


def _serve_bib(httpserver, key, fixture):
    httpserver.expect_request(f"/rec/{key}.bib").respond_with_data(fixture_text("dblp", fixture))


def _paths(httpserver):
    return [request.path for request, _ in httpserver.log]


def test_dcgan_is_upgraded_to_iclr_2016_with_evidence(httpserver, session, config):
    _search(httpserver, DCGAN_TITLE, DCGAN_ICLR)
    _serve_bib(
        httpserver, "journals/corr/RadfordMC15", "journals_corr_RadfordMC15.chen-yuxuan-gans.bib"
    )
    upgrade = find_published(DCGAN, session=session, config=config)
    assert upgrade.status is Status.APPLIED and upgrade.applied
    ref = upgrade.reference
    assert ref.type is WorkType.CONFERENCE_PAPER
    assert ref.booktitle == "International Conference on Learning Representations"
    assert (ref.venue.short, ref.year) == ("ICLR 2016", 2016)
    # The preprint's key, eprint fields and era are kept, with their provenance.
    assert ref.key == "radford2015unsupervised"
    assert ref.arxiv == DCGAN.arxiv
    assert ref.era == "gan"
    assert ref.provenance["arxiv"] == DCGAN.provenance["arxiv"]
    assert ref.provenance["booktitle"].source.endswith("/rec/journals/corr/RadfordMC15.bib")
    evidence = upgrade.evidence
    assert evidence.source == "dblp"
    assert evidence.url == "https://dblp.org/rec/journals/corr/RadfordMC15"
    assert set(evidence.matched) == {"title", "first_author", "authors", "year"}
    assert evidence.confidence == 1.0
    assert "year +1" in evidence.detail and "authors 3/3" in evidence.detail
    assert "ICLR 2016" in upgrade.message
    assert _paths(httpserver) == ["/search/publ/api", "/rec/journals/corr/RadfordMC15.bib"]


def test_stylegan_goes_to_cvpr_2019_not_corr_nor_the_later_journal(httpserver, session, config):
    _search(httpserver, STYLEGAN_TITLE, STYLEGAN_CORR, STYLEGAN_TPAMI, STYLEGAN_CVPR)
    _serve_bib(httpserver, "conf/cvpr/KarrasLA19", "conf_cvpr_KarrasLA19.excerpt.bib")
    upgrade = find_published(STYLEGAN, session=session, config=config)
    assert upgrade.status is Status.APPLIED
    ref = upgrade.reference
    assert (ref.venue.short, ref.pages, ref.doi) == (
        "CVPR 2019",
        "4401--4410",
        "10.1109/CVPR.2019.00453",
    )
    assert ref.booktitle == "IEEE Conference on Computer Vision and Pattern Recognition"
    assert ref.key == "karras2019style"
    labels = {c.label.split(":")[0]: c for c in upgrade.candidates}
    assert labels["CoRR 2018"].rejected == "CoRR preprint" and not labels["CoRR 2018"].strong
    assert labels["IEEE Trans. Pattern Anal. Mach. Intell. 2021"].strong  # later: not chosen
    assert _paths(httpserver) == ["/search/publ/api", "/rec/conf/cvpr/KarrasLA19.bib"]


def test_corr_listing_alone_is_never_an_upgrade(httpserver, session, config):
    _search(httpserver, STYLEGAN_TITLE, STYLEGAN_CORR)
    upgrade = find_published(STYLEGAN, session=session, config=config)
    assert upgrade.status is Status.NOT_FOUND
    assert upgrade.reference == STYLEGAN
    assert [c.rejected for c in upgrade.candidates] == ["CoRR preprint"]
    assert _paths(httpserver) == ["/search/publ/api"]


def test_decoy_with_the_same_title_but_other_authors_and_year_is_rejected(
    httpserver, session, config
):
    """Decoy hit stated by the test: same title, other people, six years later."""
    decoy = dblp_info(
        "conf/iccv/DoeR24", STYLEGAN_TITLE + ".", ["Jane Doe", "Richard Roe"], "ICCV", 2024
    )
    _search(httpserver, STYLEGAN_TITLE, decoy)
    upgrade = find_published(STYLEGAN, session=session, config=config)
    assert upgrade.status is Status.WEAK
    assert upgrade.reference == STYLEGAN
    assert upgrade.evidence.matched == ("title",)
    assert upgrade.evidence.confidence < THRESHOLD
    assert "first author Karras differs" in upgrade.message
    assert _paths(httpserver) == ["/search/publ/api"]


def test_same_authors_outside_the_year_window_is_rejected(httpserver, session, config):
    """GAN (arXiv 1406.2661, 2014) and its CACM 2020 review of the same title and authors."""
    cacm = dblp_info(
        "journals/cacm/GoodfellowPMXWOC20",
        "Generative adversarial networks.",
        GOODFELLOW,
        "Commun. ACM",
        2020,
        "Journal Articles",
    )
    _search(httpserver, GAN.title, cacm)
    upgrade = find_published(GAN, session=session, config=config)
    assert upgrade.status is Status.WEAK
    assert "year" not in upgrade.evidence.matched
    assert "year +6" in upgrade.message


def test_two_strong_candidates_in_one_year_are_ambiguous(httpserver, session, config):
    """Rival hit stated by the test: the same paper listed at two 2019 venues."""
    rival = dblp_info("conf/icml/KarrasLA19", STYLEGAN_TITLE + ".", KARRAS, "ICML", 2019)
    _search(httpserver, STYLEGAN_TITLE, STYLEGAN_CVPR, rival)
    upgrade = find_published(STYLEGAN, session=session, config=config)
    assert upgrade.status is Status.AMBIGUOUS and not upgrade.applied
    assert upgrade.reference == STYLEGAN
    assert "CVPR 2019" in upgrade.message and "ICML 2019" in upgrade.message
    assert _paths(httpserver) == ["/search/publ/api"]


def test_journal_ref_settles_an_ambiguity(httpserver, session, config):
    stylegan = STYLEGAN.model_copy(
        update={"arxiv": STYLEGAN.arxiv.model_copy(update={"comment": "CVPR 2019 final version"})}
    )
    rival = dblp_info("conf/icml/KarrasLA19", STYLEGAN_TITLE + ".", KARRAS, "ICML", 2019)
    _search(httpserver, STYLEGAN_TITLE, rival, STYLEGAN_CVPR)
    _serve_bib(httpserver, "conf/cvpr/KarrasLA19", "conf_cvpr_KarrasLA19.excerpt.bib")
    upgrade = find_published(stylegan, session=session, config=config)
    assert upgrade.status is Status.APPLIED
    assert upgrade.reference.venue.short == "CVPR 2019"
    assert "journal_ref" in upgrade.evidence.matched


def test_prefer_arxiv_keeps_the_preprint_and_reports_the_published_version(
    httpserver, session, config
):
    _search(httpserver, STYLEGAN_TITLE, STYLEGAN_CVPR)
    _serve_bib(httpserver, "conf/cvpr/KarrasLA19", "conf_cvpr_KarrasLA19.excerpt.bib")
    upgrade = find_published(STYLEGAN, session=session, config=config, prefer="arxiv")
    assert upgrade.status is Status.KEPT and not upgrade.applied
    assert upgrade.reference == STYLEGAN
    assert upgrade.published.venue.short == "CVPR 2019"
    assert upgrade.evidence.confidence == 1.0
    assert "kept the preprint" in upgrade.message


def test_arxiv_doi_is_asked_first_and_needs_no_search(httpserver, session, config):
    """A preprint whose arXiv listing links the (real, recorded) Crossref work's DOI."""
    doi = "10.1177/02683962211048201"
    preprint = _preprint(
        "Artificial intelligence and the conduct of literature reviews",
        [("Gerit", "Wagner"), ("Roman", "Lukyanenko"), ("Guy", "Paré")],
        "2109.00001",
        date(2021, 9, 1),
        doi=doi,
    )
    httpserver.expect_request(f"/works/{doi}").respond_with_data(
        fixture_text("crossref", "10.1177_02683962211048201.trimmed.json"),
        content_type="application/json",
    )
    upgrade = find_published(preprint, session=session, config=config)
    assert upgrade.status is Status.APPLIED
    assert upgrade.reference.type is WorkType.JOURNAL_ARTICLE
    assert upgrade.reference.journal == "Journal of Information Technology"
    assert upgrade.reference.arxiv.id == "2109.00001"
    assert upgrade.evidence.source == "arxiv-doi"
    assert upgrade.evidence.matched[0] == "doi"
    assert upgrade.evidence.confidence >= 0.95
    assert _paths(httpserver) == [f"/works/{doi}"]


def test_arxiv_doi_unknown_to_crossref_falls_back_to_dblp(httpserver, session, config):
    """Synthesised Crossref 404 (e.g. a DataCite DOI), then an empty DBLP answer."""
    preprint = DCGAN.model_copy(update={"doi": "10.5281/zenodo.1"})
    httpserver.expect_request("/works/10.5281/zenodo.1").respond_with_data("", status=404)
    _search(httpserver, DCGAN_TITLE)
    upgrade = find_published(preprint, session=session, config=config)
    assert upgrade.status is Status.NOT_FOUND
    assert "Crossref does not know arXiv's DOI 10.5281/zenodo.1" in upgrade.message


def test_source_failure_keeps_the_preprint_and_names_the_reason(httpserver, session, config):
    """Synthesised 503 from DBLP (retries are off in these tests)."""
    httpserver.expect_request("/search/publ/api").respond_with_data("busy", status=503)
    upgrade = find_published(DCGAN, session=session, config=config)
    assert upgrade.status is Status.FAILED
    assert upgrade.reference == DCGAN
    assert "HTTP 503" in upgrade.message


def test_a_published_record_is_left_alone(httpserver, session, config):
    published = Reference(
        type=WorkType.CONFERENCE_PAPER,
        title="x",
        authors=[Person(family="Doe")],
        year=2020,
        booktitle="b",
    )
    assert find_published(published, session=session, config=config).status is (Status.NOT_PREPRINT)
    assert len(httpserver.log) == 0


def test_a_higher_threshold_refuses_a_changed_title(httpserver, session, config):
    """GAN's preprint title vs its NIPS 2014 title (hit stated by the test from the real
    proceedings BibTeX, fixtures/neurips/NIPS2014_5ca3e9b1...)."""
    nips = dblp_info(
        "conf/nips/GoodfellowPMXWOCB14",
        "Generative Adversarial Nets.",
        GOODFELLOW,
        "NIPS",
        2014,
    )
    _search(httpserver, GAN.title, nips)
    upgrade = find_published(GAN, session=session, config=config, threshold=0.99)
    assert upgrade.status is Status.WEAK
    assert THRESHOLD < upgrade.evidence.confidence < 0.99  # strong by default, not at 0.99
    assert _paths(httpserver) == ["/search/publ/api"]


@pytest.mark.parametrize(("prefer", "threshold"), [("newest", 0.85), ("arxiv", 0), ("arxiv", 1.5)])
def test_bad_arguments(session, config, prefer, threshold):
    with pytest.raises(UsageError):
        find_published(DCGAN, session=session, config=config, prefer=prefer, threshold=threshold)


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [
        ("Generative Adversarial Networks", "Generative Adversarial Nets", True),
        ("GANs: {B}j\\\"orn's survey!", "gans bjorn s survey", True),
        (STYLEGAN_TITLE, "A Style-Based Generator Architecture", False),
        ("Attention Is All You Need", "Attention is all you need.", True),
    ],
)
def test_title_similarity(a, b, similar):
    assert (title_similarity(a, b) >= 0.9) is similar


def test_normalize_title():
    assert normalize_title("Björn's  GAN: a Survey.") == "bjorn s gan a survey"


@pytest.mark.parametrize(
    ("names", "matched"),
    [
        (KARRAS, {"title", "first_author", "authors", "year"}),
        (["Samuli Laine", "Tero Karras", "Timo Aila"], {"title", "authors", "year"}),
        (["Tero Karras 0001", "Jane Doe", "Richard Roe"], {"title", "year"}),
        (["TERO KARRAS", "samuli laine"], {"title", "first_author", "authors", "year"}),
    ],
)
def test_score_facts(names, matched):
    evidence, strong = score(
        STYLEGAN, title=STYLEGAN_TITLE, authors=names, year=2019, source="dblp", url="u"
    )
    assert set(evidence.matched) == matched
    assert strong is (len(matched) == 4)
    assert 0 <= evidence.confidence <= 1


def test_score_accents_and_particles():
    preprint = _preprint(
        "T", [("Björn", "Ommer"), ("Ulrike", "von Luxburg")], "2112.10752", date(2021, 12, 20)
    )
    evidence, strong = score(
        preprint,
        title="T",
        authors=["Bjorn Ommer", "Ulrike von Luxburg"],
        year=2022,
        source="dblp",
        url="u",
    )
    assert strong and evidence.confidence == 1.0


def test_a_workshop_version_gives_way_to_the_main_conference(httpserver, session, config):
    """Workshop hit stated by the test: same paper at a 2018 workshop, before CVPR 2019."""
    workshop = dblp_info(
        "conf/cvpr/KarrasLA18w", STYLEGAN_TITLE + ".", KARRAS, "CVPR Workshops", 2018
    )
    _search(httpserver, STYLEGAN_TITLE, workshop, STYLEGAN_CVPR)
    _serve_bib(httpserver, "conf/cvpr/KarrasLA19", "conf_cvpr_KarrasLA19.excerpt.bib")
    upgrade = find_published(STYLEGAN, session=session, config=config)
    assert upgrade.status is Status.APPLIED
    assert upgrade.reference.venue.short == "CVPR 2019"


def test_unusable_arxiv_doi_work_falls_back_to_dblp(httpserver, session, config):
    """The recorded Crossref work with its type changed to 'posted-content' (synthesised
    variant: a DOI of another preprint server), then DBLP finds the conference paper."""
    work = json.loads(fixture_text("crossref", "10.1177_02683962211048201.trimmed.json"))
    work["message"]["type"] = "posted-content"
    preprint = STYLEGAN.model_copy(update={"doi": "10.1177/02683962211048201"})
    httpserver.expect_request("/works/10.1177/02683962211048201").respond_with_json(work)
    _search(httpserver, STYLEGAN_TITLE, STYLEGAN_CVPR)
    _serve_bib(httpserver, "conf/cvpr/KarrasLA19", "conf_cvpr_KarrasLA19.excerpt.bib")
    upgrade = find_published(preprint, session=session, config=config)
    assert upgrade.status is Status.APPLIED
    assert upgrade.reference.venue.short == "CVPR 2019"
    assert upgrade.evidence.source == "dblp"


def test_arxiv_doi_of_another_work_is_not_applied(httpserver, session, config):
    """arXiv lists a DOI whose (recorded) Crossref work has other authors: DBLP decides."""
    preprint = STYLEGAN.model_copy(update={"doi": "10.1177/02683962211048201"})
    httpserver.expect_request("/works/10.1177/02683962211048201").respond_with_data(
        fixture_text("crossref", "10.1177_02683962211048201.trimmed.json")
    )
    _search(httpserver, STYLEGAN_TITLE)
    upgrade = find_published(preprint, session=session, config=config)
    assert upgrade.status is Status.NOT_FOUND
    assert "is weak" in upgrade.message and "first author Karras differs" in upgrade.message


def test_a_record_that_turns_out_to_be_corr_is_not_applied(httpserver, session, config):
    """SYNTHESISED: a search hit claiming CVPR whose BibTeX is DBLP's CoRR @article form
    (fields as DBLP writes CoRR records: journal CoRR, volume abs/..., eprint)."""
    corr_bib = """@article{DBLP:journals/corr/abs-1812-04948,
  author       = {Tero Karras and
                  Samuli Laine and
                  Timo Aila},
  title        = {A Style-Based Generator Architecture for Generative Adversarial Networks},
  journal      = {CoRR},
  volume       = {abs/1812.04948},
  year         = {2018},
  url          = {http://arxiv.org/abs/1812.04948},
  eprinttype    = {arXiv},
  eprint       = {1812.04948}
}
"""
    mislabelled = dict(STYLEGAN_CVPR, key="journals/corr/abs-1812-04948")
    _search(httpserver, STYLEGAN_TITLE, mislabelled)
    httpserver.expect_request("/rec/journals/corr/abs-1812-04948.bib").respond_with_data(corr_bib)
    upgrade = find_published(STYLEGAN, session=session, config=config)
    assert upgrade.status is Status.WEAK
    assert upgrade.reference == STYLEGAN
    assert "itself a preprint" in upgrade.message
