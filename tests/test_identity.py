"""Work identity: the ids a record or entry carries, one title normaliser, "same work"."""

from __future__ import annotations

import pytest

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.identifiers import Identifier, parse
from imgsynth_refs.identity import (
    WorkIndex,
    catalog_ids,
    entry_ids,
    identifier_ids,
    normalise_title,
    reference_ids,
    work_of_entry,
    work_of_reference,
)
from imgsynth_refs.models import ArxivInfo, Person, Reference, WorkType
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


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("{GAN}s: M{\\\"u}ller's {\\ss} \\textbf{Nets}", "GANs: Müller's ß Nets"),
        ("Björn's  GAN: a Survey.", "bjorn s gan a survey"),
        ("DALL{\\textperiodcentered}E", "DALL·E"),
        ("Attention Is All You Need", "attention is all you need"),
    ],
)
def test_one_title_normaliser(a: str, b: str) -> None:
    assert normalise_title(a) == normalise_title(b)
    assert published.normalize_title(a) == normalise_title(a)


def test_the_title_keeps_words_apart() -> None:
    assert normalise_title("Björn's  GAN: a Survey.") == "bjorn s gan a survey"
    assert normalise_title("GPT-2") != normalise_title("GPT-3")
