"""Which .bib fields name a work: one table of real field forms, read alike by every reader.

Each row is an entry naming one work the way some tool or person writes it (Google Scholar,
d2l, dblp, Zotero, ADS, biblatex, hand-kept files). ``extract`` lists it, ``merge`` finds the
work present, ``check`` sees an arXiv-only entry and asks for its published version, and
``entry_to_reference`` reads the record with that id: the four agree on every row.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from imgsynth_refs.bibfields import WORK_FIELDS, classify_entry, is_arxiv_venue
from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.bibtex.read import entry_to_reference, parse_bib
from imgsynth_refs.check import check_bib
from imgsynth_refs.extract import extract_bib
from imgsynth_refs.identifiers import Identifier, Kind
from imgsynth_refs.merge import inputs_present, merge_references
from imgsynth_refs.models import ArxivInfo, Catalog, Person, Reference, WorkType

DCGAN = "1511.06434"
VAE = "1312.6114"
DEEPWALK = "0908.1772"

ARXIV_FORMS = [
    pytest.param(
        "@misc{k,", f"eprint = {{{DCGAN}}}, archiveprefix = {{arXiv}}", DCGAN, id="eprint"
    ),
    pytest.param("@misc{k,", f"eprint = {{arXiv:{DCGAN}v2}}", DCGAN, id="eprint-prefixed"),
    pytest.param(
        "@online{k,", f"eprint = {{{DCGAN}}}, eprinttype = {{arxiv}}", DCGAN, id="biblatex-eprint"
    ),
    pytest.param("@misc{k,", f"arxivid = {{{DCGAN}}}", DCGAN, id="arxivid"),
    pytest.param("@article{k,", f"journal = {{arXiv:{DCGAN}}}", DCGAN, id="journal-arxiv"),
    pytest.param("@article{k,", f"journal = {{Ar{{X}}iv:{DCGAN}}}", DCGAN, id="journal-ArXiv"),
    pytest.param(
        "@article{k,", f"journal = {{{{arXiv}}:{DCGAN}}}", DCGAN, id="journal-braced-arxiv"
    ),
    pytest.param(
        "@article{k,",
        f"journal = {{arXiv preprint arXiv:{DCGAN}}}",
        DCGAN,
        id="journal-scholar",
    ),
    pytest.param(
        "@article{k,",
        f"journaltitle = {{arXiv preprint arXiv:{DCGAN}}}",
        DCGAN,
        id="journaltitle-scholar",
    ),
    pytest.param("@article{k,", f"journal = {{ArXiv}}, note = {{arXiv:{DCGAN}}}", DCGAN, id="note"),
    pytest.param("@misc{k,", f"howpublished = {{arXiv:{DCGAN}}}", DCGAN, id="howpublished"),
    pytest.param(
        "@misc{k,",
        f"howpublished = {{arXiv preprint Ar{{X}}iv:{DCGAN}v1}}",
        DCGAN,
        id="howpublished-ArXiv",
    ),
    pytest.param(
        "@misc{k,",
        f"number = {{arXiv:{DEEPWALK}v5}}, publisher = {{arXiv}}",
        DEEPWALK,
        id="number-zotero",
    ),
    pytest.param(
        "@article{k,", f"journal = {{CoRR}}, volume = {{abs/{VAE}}}", VAE, id="volume-dblp"
    ),
    pytest.param("@article{k,", f"journal = {{arXiv}}, volume = {{abs/{VAE}}}", VAE, id="volume"),
    pytest.param("@article{k,", f"journal = {{CoRR abs/{VAE}}}", VAE, id="journal-corr-abs"),
    pytest.param(
        "@article{k,",
        f"journal = {{arXiv e-prints}}, eid = {{arXiv:{DCGAN}}}, pages = {{arXiv:{DCGAN}}}",
        DCGAN,
        id="eid-pages-ads",
    ),
    pytest.param("@misc{k,", f"url = {{https://arxiv.org/abs/{DCGAN}}}", DCGAN, id="url-abs"),
    pytest.param("@misc{k,", f"url = {{http://arxiv.org/pdf/{DCGAN}v2.pdf}}", DCGAN, id="url-pdf"),
    pytest.param("@misc{k,", f"doi = {{10.48550/arXiv.{DCGAN}}}", DCGAN, id="doi-arxiv"),
    pytest.param(
        "@misc{k,", f"doi = {{https://doi.org/10.48550/ARXIV.{DCGAN}}}", DCGAN, id="doi-arxiv-url"
    ),
    pytest.param(
        "@techreport{k,", "eprint = {hep-th/9901001}", "hep-th/9901001", id="eprint-old-style"
    ),
]


def _bib(head: str, fields: str) -> str:
    return (
        f"{head}\n  author = {{Doe, Jane}},\n  title = {{A Study of Things}},\n"
        f"  {fields},\n  year = {{2015}}\n}}\n"
    )


def _record(arxiv_id: str) -> Reference:
    """A record of the work under another title: only the id can make it present."""
    return Reference(
        key="other2015",
        type=WorkType.PREPRINT,
        title="Unrelated Title of the Record",
        authors=[Person(family="Roe", given="Richard")],
        year=2015,
        arxiv=ArxivInfo(id=arxiv_id),
    )


@pytest.mark.parametrize(("head", "fields", "arxiv_id"), ARXIV_FORMS)
def test_extract_lists_the_arxiv_id(head: str, fields: str, arxiv_id: str) -> None:
    works = extract_bib(_bib(head, fields))
    assert [(w.kind, w.id) for w in works if w.kind != "url"][:1] == [("arxiv", arxiv_id)]


@pytest.mark.parametrize(("head", "fields", "arxiv_id"), ARXIV_FORMS)
def test_merge_finds_the_work_present(head: str, fields: str, arxiv_id: str) -> None:
    bib = BibFile.parse(_bib(head, fields).encode(), source="t.bib")
    result = merge_references(bib, [_record(arxiv_id)])
    assert result.added == []
    assert [p.key for p in result.present] == ["k"]


@pytest.mark.parametrize(("head", "fields", "arxiv_id"), ARXIV_FORMS)
def test_add_sees_the_work_present_before_resolving(head: str, fields: str, arxiv_id: str) -> None:
    bib = BibFile.parse(_bib(head, fields).encode(), source="t.bib")
    present, rest = inputs_present(bib, [f"arXiv:{arxiv_id}v9", "arXiv:1406.2661"])
    assert [(text, match.work.label) for text, match in present] == [(f"arXiv:{arxiv_id}v9", "k")]
    assert rest == ["arXiv:1406.2661"]


@pytest.mark.parametrize(("head", "fields", "arxiv_id"), ARXIV_FORMS)
def test_check_asks_for_the_published_version(head: str, fields: str, arxiv_id: str) -> None:
    asked: list[str] = []

    def lookup(ids: Sequence[str]) -> dict[str, Reference]:
        asked.extend(ids)
        return {}

    bib = BibFile.parse(_bib(head, fields).encode(), source="t.bib")
    check_bib(bib, catalog=Catalog(eras=[], references=[]), lookup=lookup)
    assert asked == [arxiv_id]


@pytest.mark.parametrize(("head", "fields", "arxiv_id"), ARXIV_FORMS)
def test_entry_to_reference_reads_the_preprint(head: str, fields: str, arxiv_id: str) -> None:
    ref = entry_to_reference(parse_bib(_bib(head, fields), source="t.bib")[0])
    assert ref.arxiv is not None
    assert ref.arxiv.id == arxiv_id
    assert ref.type is WorkType.PREPRINT
    # A field holding only the arXiv id is the id, not a volume, number or pages.
    assert "arXiv" not in f"{ref.volume}{ref.number}{ref.pages}"
    assert "abs/" not in f"{ref.volume}"


OTHER_FORMS = [
    pytest.param(
        "doi = {10.1109/CVPR.2019.00453}",
        Identifier("doi", "10.1109/cvpr.2019.00453"),
        id="doi",
    ),
    pytest.param(
        "doi = {https://doi.org/10.1145/3065386}",
        Identifier("doi", "10.1145/3065386"),
        id="doi-url",
    ),
    pytest.param("doi = {doi:10.1145/3065386}", Identifier("doi", "10.1145/3065386"), id="doi-doi"),
    pytest.param(
        "url = {https://papers.nips.cc/paper/2014/hash/5ca3e9b122f61f8f06494c97b1afccf3-Abstract.html}",
        Identifier("neurips", "2014/5ca3e9b122f61f8f06494c97b1afccf3"),
        id="url-neurips",
    ),
    pytest.param(
        "url = {https://aclanthology.org/P18-1238.pdf}", Identifier("acl", "P18-1238"), id="url-acl"
    ),
    pytest.param(
        "url = {https://openreview.net/forum?id=B1xsqj09Fm}",
        Identifier("openreview", "B1xsqj09Fm"),
        id="url-openreview",
    ),
    pytest.param(
        "note = {\\url{https://openreview.net/forum?id=B1xsqj09Fm}}",
        Identifier("openreview", "B1xsqj09Fm"),
        id="note-url",
    ),
]

_ID_FIELD = {
    Kind.DOI: "doi",
    Kind.NEURIPS: "neurips_id",
    Kind.ACL: "acl_id",
    Kind.OPENREVIEW: "openreview_id",
}


def _published(ident: Identifier) -> Reference:
    ids: dict[str, str] = {_ID_FIELD[ident.kind]: ident.id}
    return Reference(
        key="other2019",
        type=WorkType.CONFERENCE_PAPER,
        title="Unrelated Title of the Record",
        authors=[Person(family="Roe", given="Richard")],
        year=2019,
        booktitle="Proceedings",
        **ids,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(("fields", "ident"), OTHER_FORMS)
def test_other_ids_read_alike(fields: str, ident: Identifier) -> None:
    text = _bib("@inproceedings{k,", f"booktitle = {{Proceedings}}, {fields}")
    assert [(w.kind, w.id) for w in extract_bib(text)] == [(ident.kind, ident.id)]
    result = merge_references(BibFile.parse(text.encode()), [_published(ident)])
    assert [p.key for p in result.present] == ["k"]
    ref = entry_to_reference(parse_bib(text, source="t.bib")[0])
    if ident.kind == Kind.DOI:
        assert ref.doi is not None and ref.doi.lower() == ident.id
    elif "url =" in fields:
        assert getattr(ref, _ID_FIELD[ident.kind]) == ident.id


@pytest.mark.parametrize(
    ("journal", "expected"),
    [
        ("arXiv preprint arXiv:1511.06434", True),
        ("Ar{X}iv", True),
        ("{arXiv}", True),
        ("CoRR", True),
        ("ArXiv e-prints", True),
        ("Nature", False),
        ("arXivist Quarterly", False),
        ("", False),
    ],
)
def test_is_arxiv_venue(journal: str, expected: bool) -> None:
    assert is_arxiv_venue(journal) is expected


def test_fields_a_title_or_abstract_never_name_a_work() -> None:
    fields = {"title": "arXiv:1511.06434", "abstract": "see https://arxiv.org/abs/1406.2661"}
    assert classify_entry(fields) == []
    assert "title" not in WORK_FIELDS and "abstract" not in WORK_FIELDS
