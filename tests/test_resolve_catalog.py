"""Catalog first, offline: every shipped work by each of its links, and no weak match.

resolve() runs with ``offline=True`` and no resolvers at all: what resolves here came from
the shipped catalog alone, without a request. The last test runs the default resolvers with
an empty catalog against replayed answers, to show where the same links go otherwise.
"""

from __future__ import annotations

import pytest

from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.identifiers import parse
from imgsynth_refs.models import Catalog
from imgsynth_refs.resolve import catalog_match, resolve
from imgsynth_refs.sources.http import make_session
from link_sources_helpers import cvf_page, fault_config
from sources_helpers import fixture_text

SHIPPED = load_catalog()
CVF = "https://openaccess.thecvf.com/"
LDM = (
    "content/CVPR2022/html/"
    "Rombach_High-Resolution_Image_Synthesis_With_Latent_Diffusion_Models_CVPR_2022"
)


def offline(*links: str):
    return resolve(list(links), offline=True, resolvers=[])


@pytest.mark.parametrize(
    "ref", [ref for ref in SHIPPED.references if ref.url], ids=lambda ref: ref.key
)
def test_every_record_by_its_own_url(ref):
    report = offline(ref.url)
    assert report.ok, report.failures
    (item,) = report.items
    assert (item.source, item.reference.key) == ("catalog", ref.key)


@pytest.mark.parametrize(
    ("link", "key"),
    [
        ("https://proceedings.mlr.press/v139/radford21a.html", "radford2021learning"),
        ("http://proceedings.mlr.press/v139/radford21a/radford21a.pdf", "radford2021learning"),
        ("https://proceedings.mlr.press/v139/ramesh21a.html", "ramesh2021zero"),
        (
            CVF + "content/CVPR2022/html/Rombach_High-Resolution_Image_Synthesis_With_Latent_"
            "Diffusion_Models_CVPR_2022_paper.html",
            "rombach2022high",
        ),
        (
            CVF + "content/CVPR2022/papers/Rombach_High-Resolution_Image_Synthesis_With_Latent_"
            "Diffusion_Models_CVPR_2022_paper.pdf",
            "rombach2022high",
        ),
        (
            CVF + "content/CVPR2023/html/Ruiz_DreamBooth_Fine_Tuning_Text-to-Image_Diffusion_"
            "Models_for_Subject-Driven_Generation_CVPR_2023_paper.html",
            "ruiz2023dreambooth",
        ),
        (
            "http://openaccess.thecvf.com/content_CVPR_2019/html/Karras_A_Style-Based_Generator_"
            "Architecture_for_Generative_Adversarial_Networks_CVPR_2019_paper.html",
            "karras2019style",
        ),
        (
            CVF + "content/CVPR2021/html/Esser_Taming_Transformers_for_High-Resolution_Image_"
            "Synthesis_CVPR_2021_paper.html",
            "esser2021taming",
        ),
        ("https://dl.acm.org/doi/10.1145/2812802", "thomee2016yfcc100m"),
        (
            "https://papers.nips.cc/paper/5423-generative-adversarial-nets",
            "goodfellow2014generative",
        ),
        (
            "http://papers.nips.cc/paper/5423-generative-adversarial-nets.pdf",
            "goodfellow2014generative",
        ),
        (
            "https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-"
            "neural-networks",
            "krizhevsky2012imagenet",
        ),
        ("https://openreview.net/forum?id=AFDcYJKhND", "yu2022scaling"),
        ("https://openreview.net/pdf?id=AFDcYJKhND", "yu2022scaling"),
        ("http://projects.dfki.uni-kl.de/yfcc100m/", "thomee2016yfcc100m"),  # the article's link
    ],
)
def test_shipped_work_by_its_link(link, key):
    report = offline(link)
    assert report.ok, report.failures
    (item,) = report.items
    assert (item.source, item.reference.key) == ("catalog", key)


@pytest.mark.parametrize(
    "link",
    [
        # right title and year, another first author
        CVF + "content_CVPR_2019/html/Laine_A_Style-Based_Generator_Architecture_for_Generative_"
        "Adversarial_Networks_CVPR_2019_paper.html",
        # right title and author, another year
        CVF + "content_CVPR_2020/html/Karras_A_Style-Based_Generator_Architecture_for_Generative_"
        "Adversarial_Networks_CVPR_2020_paper.html",
        # right title, author and year, another conference
        CVF + "content_ICCV_2019/html/Karras_A_Style-Based_Generator_Architecture_for_Generative_"
        "Adversarial_Networks_ICCV_2019_paper.html",
        # a workshop paper of the same name
        CVF + "content/CVPR2022W/GCV/html/Rombach_High-Resolution_Image_Synthesis_With_Latent_"
        "Diffusion_Models_CVPRW_2022_paper.html",
        # a different title by the same author
        CVF + "content/CVPR2022/html/Rombach_Text-Guided_Synthesis_of_Artistic_Images_With_"
        "Retrieval-Augmented_Diffusion_Models_CVPR_2022_paper.html",
        # an old NeurIPS slug that is not the title word for word
        "https://papers.nips.cc/paper/5423-generative-adversarial-networks",
        "https://papers.nips.cc/paper/5423-generative-adversarial",
    ],
)
def test_no_weak_match(link):
    ident = parse(link)
    assert ident is not None
    assert catalog_match(ident, SHIPPED) is None
    report = offline(link)
    (failure,) = report.failures
    assert failure.reason.startswith("no source resolves")


def test_match_says_why():
    ident = parse(
        CVF + "content_CVPR_2019/html/Karras_A_Style-Based_Generator_Architecture_for_Generative_"
        "Adversarial_Networks_CVPR_2019_paper.html"
    )
    assert ident is not None
    matched = catalog_match(ident, SHIPPED)
    assert matched is not None
    assert matched[1] == "CVF file name: same title and first author, CVPR 2019"


def test_default_resolvers_take_the_new_kinds_online(httpserver):
    """With an empty catalog, PMLR, CVF and OpenReview links go to their sources (replayed)."""
    for path, fixture in (
        ("/v139/gh-pages/_config.yml", "v139_config.yml"),
        ("/v139/gh-pages/_posts/2021-07-01-radford21a.md", "v139_posts_2021-07-01-radford21a.md"),
    ):
        httpserver.expect_request(path).respond_with_data(fixture_text("pmlr", fixture))
    httpserver.expect_request(f"/{LDM}_paper.html").respond_with_data(
        cvf_page(fixture_text("cvf", "Rombach_2022_CVPR.bib"))
    )
    httpserver.expect_request("/notes", query_string={"id": "4aMedv0ONH"}).respond_with_data(
        fixture_text("openreview", "RegML_2025_4aMedv0ONH.json")
    )
    config = fault_config(httpserver.url_for("").rstrip("/"))
    links = [
        "https://proceedings.mlr.press/v139/radford21a.html",
        CVF + LDM + "_paper.html",
        "https://openreview.net/forum?id=4aMedv0ONH",
    ]
    with make_session(config) as session:
        report = resolve(
            links, session=session, config=config, catalog=Catalog(eras=[], references=[])
        )
    assert report.ok, report.failures
    assert [item.source for item in report.items] == ["pmlr", "cvf", "openreview"]
    assert [item.reference.key for item in report.items] == [
        "radford2021learning",
        "rombach2022high",
        "zhang2025emergency",
    ]
