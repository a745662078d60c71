"""Publisher landing pages carry their DOI: ACM, Springer, Wiley and Nature links are DOIs.

The table is Zotero's and papis' own test cases (tests/fixtures/publisher/url_doi_pairs.tsv):
each page URL a translator test requested, with the DOI of the item it expects. IEEE Xplore
``document/NNN`` and ScienceDirect ``pii/...`` pages hold no DOI in the URL and stay ``url``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from imgsynth_refs.identifiers import Identifier, Kind, canonical_url, classify, parse

TABLE = Path(__file__).parent / "fixtures" / "publisher" / "url_doi_pairs.tsv"


def _rows() -> list[tuple[str, str | None]]:
    """(page URL, expected DOI or None for a page whose URL holds no registered DOI)."""
    rows = []
    with TABLE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            url = row["test_url (page requested)"]
            doi = row["DOI (from expected output)"] or None
            item_url = row["item_url (canonical, from expected output)"]
            if doi is None and item_url.startswith("https://doi.org/"):
                doi = item_url.removeprefix("https://doi.org/")
            if row["translator"].startswith("IEEE") or "/10.5555/" in url:
                doi = None  # IEEE's number is no DOI; ACM's 10.5555 ids are not registered
            rows.append((url, doi))
    return rows


ROWS = _rows()


def test_the_table_is_the_real_one() -> None:
    assert len(ROWS) == 24
    assert sum(doi is not None for _, doi in ROWS) == 13


@pytest.mark.parametrize(("url", "doi"), ROWS, ids=[url for url, _ in ROWS])
def test_zotero_and_papis_pages(url: str, doi: str | None) -> None:
    ident = parse(url)
    assert ident is not None
    if doi is None:
        assert ident.kind == Kind.URL
    else:
        assert ident == Identifier("doi", doi.lower())


@pytest.mark.parametrize(
    ("url", "doi"),
    [
        ("https://dl.acm.org/doi/10.1145/2812802", "10.1145/2812802"),  # YFCC100M
        ("https://dl.acm.org/doi/abs/10.1145/2812802", "10.1145/2812802"),
        ("https://dl.acm.org/doi/pdf/10.1145/2812802", "10.1145/2812802"),
        ("https://dl.acm.org/doi/fullHtml/10.1145/2812802", "10.1145/2812802"),
        ("dl.acm.org/doi/10.1145/3065386", "10.1145/3065386"),
        ("https://link.springer.com/article/10.1007/BF02727953", "10.1007/bf02727953"),
        (
            "https://link.springer.com/content/pdf/10.1007/s10040-009-0439-x.pdf",
            "10.1007/s10040-009-0439-x",
        ),
        ("https://onlinelibrary.wiley.com/doi/10.1002/asi.4630490805", "10.1002/asi.4630490805"),
        (
            "https://onlinelibrary.wiley.com/doi/abs/10.1002/asi.4630490805",
            "10.1002/asi.4630490805",
        ),
        (
            "https://onlinelibrary.wiley.com/doi/full/10.1002/asi.4630490805",
            "10.1002/asi.4630490805",
        ),
        (
            "https://onlinelibrary.wiley.com/doi/pdf/10.1002/asi.4630490805",
            "10.1002/asi.4630490805",
        ),
        ("https://www.nature.com/articles/nature14539", "10.1038/nature14539"),
        ("https://www.nature.com/articles/nature14539.pdf", "10.1038/nature14539"),
        ("https://www.nature.com/articles/s41586-021-03819-2", "10.1038/s41586-021-03819-2"),
    ],
)
def test_doi_in_the_path(url: str, doi: str) -> None:
    ident = parse(url)
    assert ident == Identifier("doi", doi)
    assert canonical_url(ident) == f"https://doi.org/{doi}"


@pytest.mark.parametrize(
    "url",
    [
        "https://dl.acm.org/action/doSearch?AllField=Zotero",
        "https://dl.acm.org/toc/interactions/2016/24/1",
        "https://dl.acm.org/doi/10.5555/1717186",
        "https://link.springer.com/search?query=zotero",
        "https://link.springer.com/journal/10344/volumes-and-issues/66-5",
        "https://www.nature.com/nature/volumes/521",
        "https://ieeexplore.ieee.org/document/4607247",
        "https://ieeexplore.ieee.org/abstract/document/7696113?reload=true",
        "https://ieeexplore.ieee.org/xpl/tocresult.jsp?isnumber=10045573&punumber=6221021",
        "https://www.sciencedirect.com/science/article/pii/S0004370221000862",
    ],
)
def test_pages_without_a_doi_in_the_url_stay_links(url: str) -> None:
    assert classify(url) == Identifier("url", url)


def test_cvf_pdf_is_the_html_page() -> None:
    stem = "Rombach_High-Resolution_Image_Synthesis_With_Latent_Diffusion_Models_CVPR_2022"
    pdf = parse(f"https://openaccess.thecvf.com/content/CVPR2022/papers/{stem}_paper.pdf")
    html = parse(f"https://openaccess.thecvf.com/content/CVPR2022/html/{stem}_paper.html")
    assert pdf == html == Identifier("cvf", f"content/CVPR2022/html/{stem}")
