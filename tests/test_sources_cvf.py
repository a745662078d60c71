"""CVF open-access resolver against the local server replaying real CVF BibTeX blocks.

Only the BibTeX blocks are recorded (fixtures/cvf, as the papers' authors pasted them from
their CVF pages); ``cvf_page`` (tests/link_sources_helpers.py) wraps one in a MINIMAL PAGE,
made there and not recorded (see fixtures/cvf/PROVENANCE.md). The parser looks for the entry
in the page's text, so the wrapper's layout does not matter (tested with two layouts).
"""

from __future__ import annotations

import pytest

from imgsynth_refs.identifiers import Identifier, parse
from imgsynth_refs.models import Venue, WorkType
from imgsynth_refs.sources.base import Failed, Resolved
from imgsynth_refs.sources.cvf import CvfPaper, CvfResolver, bibtex_block, cvf_paper
from link_sources_helpers import FAULTS, answer, cvf_page, fault_config
from sources_helpers import fixture_text

LDM = (
    "content/CVPR2022/html/"
    "Rombach_High-Resolution_Image_Synthesis_With_Latent_Diffusion_Models_CVPR_2022"
)
NERF = (
    "content/ICCV2021/html/"
    "Jain_Putting_NeRF_on_a_Diet_Semantically_Consistent_Few-Shot_View_Synthesis_ICCV_2021"
)
DFM = (
    "content/CVPR2021W/IMW/html/Efe_DFM_A_Performance_Baseline_for_Deep_Feature_Matching_CVPRW_2021"
)


@pytest.fixture
def config(httpserver):
    return fault_config(httpserver.url_for("").rstrip("/"))


@pytest.fixture
def resolver(session, config):
    return CvfResolver(session, config)


def serve(httpserver, cvf_id: str, fixture: str, **options: str) -> None:
    httpserver.expect_request(f"/{cvf_id}_paper.html").respond_with_data(
        cvf_page(fixture_text("cvf", fixture), **options), content_type="text/html"
    )


@pytest.mark.parametrize("layout", ["div", "pre"])
def test_latent_diffusion_with_cvf_pages(httpserver, resolver, layout):
    serve(httpserver, LDM, "Rombach_2022_CVPR.bib", layout=layout)
    ref = resolver.fetch(LDM)
    assert ref.type is WorkType.CONFERENCE_PAPER
    assert ref.title == "High-Resolution Image Synthesis With Latent Diffusion Models"
    assert [a.display() for a in ref.authors] == [
        "Robin Rombach",
        "Andreas Blattmann",
        "Dominik Lorenz",
        "Patrick Esser",
        "Björn Ommer",
    ]
    assert (ref.year, ref.month, ref.pages) == (2022, 6, "10684--10695")
    assert ref.booktitle == (
        "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)"
    )
    assert ref.venue == Venue(
        name="IEEE/CVF Conference on Computer Vision and Pattern Recognition", short="CVPR 2022"
    )
    assert ref.url == f"https://openaccess.thecvf.com/{LDM}_paper.html"
    assert parse(ref.url) == Identifier("cvf", LDM)
    assert ref.provenance["pages"].source == httpserver.url_for(f"/{LDM}_paper.html")


def test_iccv_paper(httpserver, resolver):
    serve(httpserver, NERF, "Jain_2021_ICCV.bib")
    ref = resolver.fetch(NERF)
    assert ref.venue is not None and ref.venue.short == "ICCV 2021"
    assert (ref.pages, ref.month) == ("5885--5894", 10)


@pytest.mark.parametrize(
    ("fixture", "booktitle", "pages"),
    [
        (
            "Efe_2021_CVPR_Workshops.bib",
            "Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition "
            "(CVPR) Workshops",
            "4284--4293",
        ),
        (
            "Ruiz_2018_CVPR_Workshops.bib",
            "The IEEE Conference on Computer Vision and Pattern Recognition (CVPR) Workshops",
            None,
        ),
    ],
)
def test_workshop_papers_are_not_the_conference(httpserver, resolver, fixture, booktitle, pages):
    serve(httpserver, DFM, fixture)
    ref = resolver.fetch(DFM)
    assert ref.type is WorkType.CONFERENCE_PAPER
    assert ref.booktitle == booktitle
    assert ref.venue == Venue(name=booktitle)  # no short name: never "CVPR 2021"
    assert ref.pages == pages


def test_entry_written_with_html_line_breaks(httpserver, resolver):
    """A real block from a page that breaks lines with <br> (as older CVF pages did)."""
    cvf_id = "content/WACV2023/html/Peng_High-Resolution_Depth_Estimation_WACV_2023"
    httpserver.expect_request(f"/{cvf_id}_paper.html").respond_with_data(
        f"<html><body>{fixture_text('cvf', 'Peng_2023_WACV.div.html')}</body></html>"
    )
    ref = resolver.fetch(cvf_id)
    assert ref.title.startswith("High-Resolution Depth Estimation for 360deg Panoramas")
    assert (ref.year, ref.month, ref.pages) == (2023, 1, "3116--3125")


@pytest.mark.parametrize("fault", FAULTS)
def test_fault_fails_its_paper_only(httpserver, resolver, fault):
    serve(httpserver, LDM, "Rombach_2022_CVPR.bib")
    httpserver.expect_request(f"/{NERF}_paper.html").respond_with_handler(answer(fault))
    outcomes = resolver.resolve([Identifier("cvf", LDM), Identifier("cvf", NERF)])
    assert isinstance(outcomes[1], Failed) and FAULTS[fault] in outcomes[1].reason
    assert outcomes[1].not_found is (fault == "404")
    assert isinstance(outcomes[0], Resolved)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<html><body>Paper not available</body></html>", "carries no BibTeX entry"),
        (cvf_page("@InProceedings{x,\n title = {Cut off"), "carries no BibTeX entry"),
        (cvf_page("@InProceedings{x,\n title = {T},\n year = {2022}\n}"), "needs 'booktitle'"),
    ],
    ids=["no-entry", "truncated", "no-booktitle"],
)
def test_page_without_a_usable_entry_is_a_failure(httpserver, resolver, body, reason):
    """SYNTHESISED pages; the first two are not cached, so the next run asks again."""
    httpserver.expect_request(f"/{LDM}_paper.html").respond_with_data(body)
    for _ in range(2):
        (outcome,) = resolver.resolve([Identifier("cvf", LDM)])
        assert isinstance(outcome, Failed) and reason in outcome.reason


@pytest.mark.parametrize("cvf_id", ["content/../../etc/passwd", "static/x"])
def test_malformed_id_is_refused_without_a_request(httpserver, resolver, cvf_id):
    (outcome,) = resolver.resolve([Identifier("cvf", cvf_id)])
    assert isinstance(outcome, Failed) and "not a CVF open-access paper id" in outcome.reason
    assert len(httpserver.log) == 0


@pytest.mark.parametrize(
    ("link", "paper"),
    [
        (
            "https://openaccess.thecvf.com/" + LDM + "_paper.html",
            CvfPaper(
                "Rombach",
                "High-Resolution Image Synthesis With Latent Diffusion Models",
                "CVPR",
                2022,
                False,
            ),
        ),
        (
            "http://openaccess.thecvf.com/content_CVPR_2019/papers/Karras_A_Style-Based_Generator"
            "_Architecture_for_Generative_Adversarial_Networks_CVPR_2019_paper.pdf",
            CvfPaper(
                "Karras",
                "A Style-Based Generator Architecture for Generative Adversarial Networks",
                "CVPR",
                2019,
                False,
            ),
        ),
        (
            "https://openaccess.thecvf.com/" + DFM + "_paper.html",
            CvfPaper(
                "Efe", "DFM A Performance Baseline for Deep Feature Matching", "CVPR", 2021, True
            ),
        ),
    ],
)
def test_file_name_names_first_author_title_conference_and_year(link, paper):
    ident = parse(link)
    assert ident is not None and ident.kind == "cvf"
    assert cvf_paper(ident.id) == paper


def test_file_name_off_the_scheme_names_nothing():
    assert cvf_paper("content/CVPR2022/html/index") is None


def test_bibtex_block_ends_where_its_braces_balance():
    page = cvf_page(fixture_text("cvf", "Jain_2021_ICCV.bib")) + "<p>{not part of it}</p>"
    block = bibtex_block(page)
    assert block is not None and block.startswith("@InProceedings{Jain_2021_ICCV,")
    assert block.endswith("}") and "not part" not in block


def test_an_entry_that_never_closes_is_read_no_further_than_the_limit():
    from imgsynth_refs.sources.cvf import MAX_ENTRY

    assert bibtex_block("@InProceedings{x,\n title = {" + "a" * (2 * MAX_ENTRY) + "}}") is None
    assert bibtex_block("@InProceedings{x, title = {" + "a" * 100 + "}}") is not None
