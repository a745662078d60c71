"""Work identity: the ids a record or entry carries, one title normaliser, "same work" (also
as check's duplicate-work and merge's presence see it: title, first author and year)."""

from __future__ import annotations

import pytest

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.check import check_bib
from imgsynth_refs.identifiers import Identifier, parse
from imgsynth_refs.identity import (
    WorkIndex,
    catalog_ids,
    entry_ids,
    identifier_ids,
    link_ids,
    normalise_title,
    reference_ids,
    work_of_entry,
    work_of_reference,
)
from imgsynth_refs.merge import merge_references
from imgsynth_refs.models import ArxivInfo, Catalog, Person, Reference, WorkType
from imgsynth_refs.sources import published

HASH = "5ca3e9b122f61f8f06494c97b1afccf3"


def _paper(**ids: object) -> Reference:
    return Reference(
        key="goodfellow2014",
        type=WorkType.CONFERENCE_PAPER,
        title="Generative Adversarial Nets",
        authors=[Person(family="Goodfellow", given="Ian")],
        year=2014,
        booktitle="NeurIPS",
        **ids,  # type: ignore[arg-type]
    )


def _entry(fields: str) -> BibFile:
    return BibFile.parse(f"@inproceedings{{k, title = {{Other}}, {fields}}}\n".encode())


@pytest.mark.parametrize(
    ("ids", "fields"),
    [
        (
            {"neurips_id": f"2014/{HASH}"},
            f"url = {{https://papers.nips.cc/paper/2014/hash/{HASH}-Abstract.html}}",
        ),
        ({"doi": "10.1109/CVPR.2019.00453"}, "doi = {10.1109/cvpr.2019.00453}"),
        ({"acl_id": "P18-1238"}, "doi = {10.18653/v1/P18-1238}"),
        ({"acl_id": "P18-1238"}, "url = {https://aclanthology.org/p18-1238}"),
        ({"openreview_id": "B1xsqj09Fm"}, "url = {https://openreview.net/pdf?id=B1xsqj09Fm}"),
        ({"arxiv": ArxivInfo(id="math.GT/0309136")}, "eprint = {math/0309136v2}"),
    ],
    ids=["neurips", "doi-case", "acl-doi", "acl-case", "openreview", "arxiv-subject-class"],
)
def test_a_record_and_an_entry_carry_the_same_ids(ids: dict[str, object], fields: str) -> None:
    ref = _paper(**ids)
    (entry,) = _entry(fields).entries
    assert reference_ids(ref) & entry_ids(entry)
    match = WorkIndex([work_of_reference(ref)]).find(work_of_entry(entry))
    assert match is not None and match.reason.startswith("same ")


def test_an_acl_doi_implies_the_acl_id() -> None:
    doi = parse("https://doi.org/10.18653/v1/P18-1238")
    assert doi is not None
    assert identifier_ids([doi]) == {("doi", "10.18653/v1/p18-1238"), ("acl", "P18-1238")}


def test_a_link_to_a_page_names_no_work() -> None:
    assert identifier_ids([Identifier("url", "https://github.com/x/y")]) == set()


def test_catalog_ids_lead_from_one_id_to_the_others() -> None:
    by_id = catalog_ids(load_catalog())
    stylegan = by_id[("arxiv", "1812.04948")]
    assert ("doi", "10.1109/cvpr.2019.00453") in stylegan
    assert by_id[("doi", "10.1109/cvpr.2019.00453")] is stylegan


def test_every_paper_link_of_a_shipped_record_leads_to_its_ids() -> None:
    # One reader of the links a record carries (its url and the article's link), for
    # resolve's catalog look-up and for catalog_ids (extract, check).
    catalog = load_catalog()
    by_id = catalog_ids(catalog)
    papers = 0
    for ref in catalog.references:
        for kind, value in link_ids(ref):
            if kind != "url":
                papers += 1
                assert reference_ids(ref) <= by_id[(kind, value)]
    assert papers >= 5


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("{GAN}s: M{\\\"u}ller's {\\ss} \\textbf{Nets}", "GANs: Müller's ß Nets"),
        ("Björn's  GAN: a Survey.", "bjorn s gan a survey"),
        ("DALL{\\textperiodcentered}E", "DALL·E"),
        ("Attention Is All You Need", "attention is all you need"),
        ("$\\beta$-{VAE}: Learning Basic Visual Concepts", "β-VAE: Learning Basic Visual Concepts"),
        ("Deep Nets\\textemdash{}a Survey", "Deep Nets — a Survey"),
        ("{\\em Deep} \\acro{GAN}s in {\\tt PyTorch\\/}", "Deep GANs in PyTorch"),
        ("Typesetting with \\TeX\\ and \\LaTeX{} 2e", "Typesetting with TeX and LaTeX 2e"),
    ],
)
def test_one_title_normaliser(a: str, b: str) -> None:
    assert normalise_title(a) == normalise_title(b)
    assert published.normalize_title(a) == normalise_title(a)


def test_logos_stay_words() -> None:
    # TUGboat's titles: the LaTeX decoder drops \TeX and \LaTeX, which made every
    # "Typesetting with \TeX" one work with "Typesetting with \LaTeX".
    assert normalise_title("Typesetting with \\TeX") != normalise_title("Typesetting with \\LaTeX")
    assert normalise_title("\\ConTeXt\\ and \\MF") == "context and mf"


def test_the_title_keeps_words_apart() -> None:
    assert normalise_title("Björn's  GAN: a Survey.") == "bjorn s gan a survey"
    assert normalise_title("GPT-2") != normalise_title("GPT-3")


# Google Scholar's export form: Scholar lists both the 2014 arXiv paper and the 2020
# Communications of the ACM article under the same title, "Generative adversarial networks".
GAN_AUTHORS = (
    "Goodfellow, Ian and Pouget-Abadie, Jean and Mirza, Mehdi and Xu, Bing and "
    "Warde-Farley, David and Ozair, Sherjil and Courville, Aaron and Bengio, Yoshua"
)


CACM_2020 = f"""@article{{goodfellow2020generative,
  title={{Generative adversarial networks}},
  author={{{GAN_AUTHORS}}},
  journal={{Communications of the ACM}},
  volume={{63}},
  number={{11}},
  pages={{139--144}},
  year={{2020}},
  publisher={{ACM New York, NY, USA}}
}}
"""


ARXIV_2014 = f"""@article{{goodfellow2014generative,
  title={{Generative adversarial networks}},
  author={{{GAN_AUTHORS}}},
  journal={{arXiv preprint arXiv:1406.2661}},
  year={{2014}}
}}
"""


def gan_reference(year: int) -> Reference:
    return Reference(
        type="journal_article",
        title="Generative Adversarial Networks",
        authors=[Person(family="Goodfellow", given="Ian")],
        journal="Communications of the ACM",
        year=year,
    )


def test_same_title_and_first_author_six_years_apart_are_two_works():
    """A 2020 review article is not the 2014 paper of the same title (PEERS.md #1: title,
    authors *and year*). check must not suggest deleting one of them."""
    bib = BibFile.parse((CACM_2020 + "\n" + ARXIV_2014).encode(), source="gan.bib")
    findings = check_bib(bib, catalog=Catalog(eras=[], references=[]))
    assert [f for f in findings if f.code == "duplicate-work"] == []


def test_add_does_not_take_a_2020_article_for_the_2014_paper():
    bib = BibFile.parse(ARXIV_2014.encode(), source="gan.bib")
    result = merge_references(bib, [gan_reference(2020)])
    assert [ref.year for ref in result.added] == [2020]
    assert result.present == []


@pytest.mark.parametrize("year", [2014, 2015, 2017])
def test_a_preprint_and_its_publication_a_few_years_later_stay_one_work(year):
    bib = BibFile.parse(ARXIV_2014.encode(), source="gan.bib")
    result = merge_references(bib, [gan_reference(year)])
    assert result.added == []
    assert result.present[0].reason == "same title and first author"
