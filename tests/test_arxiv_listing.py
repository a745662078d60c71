"""A work posted on arXiv under another title or author list than it was published with.

``ArxivInfo.title`` / ``ArxivInfo.authors`` hold arXiv's listing where it differs from the
published record; every writer uses them for the preprint form (``prefer="arxiv"``), the
published-version search records them when it upgrades a preprint, and a rebuild compares
against them instead of proposing the published title as an arXiv change.

The facts pinned here are the shipped records' (refs/works, with provenance there): GAN was
posted as "Generative Adversarial Networks" by "Ian J. Goodfellow" et al. (NIPS 2014:
"Generative Adversarial Nets"), the Transformer as "Attention Is All You Need" (NIPS 2017:
"Attention is All you Need"), Imagen with 14 authors (NeurIPS 2022: 13), Diffusion Models
Beat GANs with "Alex Nichol" (NeurIPS 2021: "Alexander Nichol").
"""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Sequence
from datetime import date

import pytest
from pydantic import TypeAdapter, ValidationError

from export_helpers import run_cli
from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.bibtex import reference_to_entry
from imgsynth_refs.bibtex.read import entry_to_reference, parse_bib
from imgsynth_refs.catalog import data_dir, load_catalog
from imgsynth_refs.check import check_bib
from imgsynth_refs.export import export
from imgsynth_refs.formats.csl import csl_item
from imgsynth_refs.identifiers import Identifier
from imgsynth_refs.maintenance import apply_changes, changed_fields, rebuild
from imgsynth_refs.models import (
    ArxivInfo,
    Person,
    Reference,
    WorkType,
    same_authors,
    same_title,
)
from imgsynth_refs.sources.base import Outcome, Resolved
from imgsynth_refs.sources.published import Status, Upgrade, merge

CATALOG = load_catalog()
GAN = CATALOG.get("goodfellow2014generative")
ATTENTION = CATALOG.get("vaswani2017attention")
IMAGEN = CATALOG.get("saharia2022photorealistic")
DIFFUSION = CATALOG.get("dhariwal2021diffusion")

# (key, arXiv title, arXiv's first / last / count of authors, published title, count)
LISTINGS = [
    (
        "goodfellow2014generative",
        "Generative Adversarial Networks",
        ("Ian J. Goodfellow", "Yoshua Bengio", 8),
        "Generative Adversarial Nets",
        8,
    ),
    (
        "vaswani2017attention",
        "Attention Is All You Need",
        ("Ashish Vaswani", "Illia Polosukhin", 8),
        "Attention is All you Need",
        8,
    ),
    (
        "saharia2022photorealistic",
        "Photorealistic Text-to-Image Diffusion Models with Deep Language Understanding",
        ("Chitwan Saharia", "Mohammad Norouzi", 14),
        "Photorealistic Text-to-Image Diffusion Models with Deep Language Understanding",
        13,
    ),
    (
        "dhariwal2021diffusion",
        "Diffusion Models Beat GANs on Image Synthesis",
        ("Prafulla Dhariwal", "Alex Nichol", 2),
        "Diffusion Models Beat GANs on Image Synthesis",
        2,
    ),
]


def _people(*names: tuple[str, str]) -> list[Person]:
    return [Person(given=given, family=family) for given, family in names]


# --------------------------------------------------------------------------- the model


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Generative Adversarial Nets", "Generative Adversarial Nets", True),
        ("{GAN}s:  a  Survey", "GANs: a Survey", True),
        ("Text\u2013to\u2013Image", "Text-to-Image", True),
        ("Caf\u0065\u0301", "Caf\u00e9", True),
        ("A Title.", "A Title", True),
        ("Attention Is All You Need", "Attention is All you Need", False),
        ("Generative Adversarial Networks", "Generative Adversarial Nets", False),
    ],
)
def test_same_title_ignores_form_but_not_case_or_words(a: str, b: str, same: bool) -> None:
    assert same_title(a, b) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ([("Łukasz", "Kaiser")], [("Lukasz", "Kaiser")], True),
        ([("Diederik P.", "Kingma")], [("Diederik P", "Kingma")], True),
        ([("ian j.", "goodfellow")], [("Ian J.", "Goodfellow")], True),
        ([("Ian J.", "Goodfellow")], [("Ian", "Goodfellow")], False),
        ([("Alex", "Nichol")], [("Alexander", "Nichol")], False),
        ([("A", "One"), ("B", "Two")], [("B", "Two"), ("A", "One")], False),
        ([("A", "One")], [("A", "One"), ("B", "Two")], False),
    ],
)
def test_same_authors_ignores_accents_and_dots_not_names_or_order(
    a: list[tuple[str, str]], b: list[tuple[str, str]], same: bool
) -> None:
    assert same_authors(_people(*a), _people(*b)) is same


def _published(**arxiv: object) -> dict[str, object]:
    return {
        "type": "conference_paper",
        "title": "Generative Adversarial Nets",
        "authors": [{"given": "Ian", "family": "Goodfellow"}],
        "year": 2014,
        "booktitle": "Advances in Neural Information Processing Systems",
        "arxiv": {"id": "1406.2661", **arxiv},
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_published(title="Generative  Adversarial {Nets}"), "arxiv.title is the record's title"),
        (
            _published(authors=[{"given": "Ian", "family": "Goodfellow"}]),
            "arxiv.authors are the record's authors",
        ),
        (
            {**_published(title="Generative Adversarial Networks"), "type": "preprint"},
            "a preprint's title and authors are arXiv's own",
        ),
        (_published(authors=[]), "at least 1 item"),
        (_published(title="  "), "at least 1 character"),
    ],
)
def test_a_listing_that_repeats_the_record_or_is_empty_is_refused(
    data: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Reference.model_validate(data)


def test_the_preprint_form_falls_back_to_the_record() -> None:
    ref = Reference.model_validate(_published(title="Generative Adversarial Networks"))
    assert (ref.arxiv_title, ref.arxiv_authors) == ("Generative Adversarial Networks", ref.authors)
    plain = Reference.model_validate(_published())
    assert (plain.arxiv_title, plain.arxiv_authors) == (plain.title, plain.authors)


def test_with_listing_keeps_only_what_differs() -> None:
    published = Reference.model_validate(_published())
    posting = published.arxiv
    assert posting is not None
    kept = posting.with_listing(
        "Generative Adversarial Networks", _people(("Ian J.", "Goodfellow")), against=published
    )
    assert (kept.title, kept.authors) == (
        "Generative Adversarial Networks",
        _people(("Ian J.", "Goodfellow")),
    )
    same = kept.with_listing(
        "Generative Adversarial Nets.", _people(("Ian", "Goodfellow")), against=published
    )
    assert (same.title, same.authors) == (None, None)


@pytest.mark.parametrize(("key", "title", "authors", "published", "count"), LISTINGS)
def test_shipped_listings(
    key: str, title: str, authors: tuple[str, str, int], published: str, count: int
) -> None:
    ref = CATALOG.get(key)
    first, last, number = authors
    assert (ref.title, len(ref.authors)) == (published, count)
    assert ref.arxiv_title == title
    assert [p.display() for p in ref.arxiv_authors][:: number - 1] == [first, last]
    assert len(ref.arxiv_authors) == number


def test_imagen_on_arxiv_adds_sara_mahdavi_and_reorders() -> None:
    names = [p.display() for p in IMAGEN.arxiv_authors]
    assert names[7:10] == ["Burcu Karagol Ayan", "S. Sara Mahdavi", "Rapha Gontijo Lopes"]
    assert "S. Sara Mahdavi" not in [p.display() for p in IMAGEN.authors]


# --------------------------------------------------------------------------- the writers


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
@pytest.mark.parametrize(("key", "title", "authors", "published", "count"), LISTINGS)
def test_bib_preprint_form_uses_the_listing_and_published_form_does_not(
    dialect: str, key: str, title: str, authors: tuple[str, str, int], published: str, count: int
) -> None:
    ref = CATALOG.get(key)
    arxiv = entry_to_reference(reference_to_entry(ref, dialect=dialect, prefer="arxiv"))  # type: ignore[arg-type]
    assert (arxiv.type, arxiv.title, arxiv.authors) == (
        WorkType.PREPRINT,
        title,
        ref.arxiv_authors,
    )
    back = entry_to_reference(reference_to_entry(ref, dialect=dialect))  # type: ignore[arg-type]
    assert (back.type, back.title, back.authors) == (ref.type, published, ref.authors)
    assert len(back.authors) == count


def test_bibtex_text_of_the_gan_preprint() -> None:
    text = export([GAN], "bibtex", prefer="arxiv")
    assert "title         = {Generative Adversarial Networks}," in text
    assert "author        = {Goodfellow, Ian J. and Pouget-Abadie, Jean" in text
    assert "{Generative Adversarial Nets}" in export([GAN], "bibtex")


@pytest.mark.parametrize(("key", "title", "authors", "published", "count"), LISTINGS)
def test_csl_json_preprint_form_uses_the_listing(
    key: str, title: str, authors: tuple[str, str, int], published: str, count: int
) -> None:
    ref = CATALOG.get(key)
    item = csl_item(ref, "arxiv")
    assert item["type"] == "article"
    assert item["title"].replace('<span class="nocase">', "").replace("</span>", "") == title
    assert [f"{a['given']} {a['family']}" for a in item["author"]] == [
        p.display() for p in ref.arxiv_authors
    ]
    published_item = csl_item(ref)
    assert [f"{a['given']} {a['family']}" for a in published_item["author"]] == [
        p.display() for p in ref.authors
    ]
    assert len(published_item["author"]) == count


def test_markdown_preprint_form_uses_the_listing() -> None:
    preprint = export([GAN, ATTENTION, IMAGEN, DIFFUSION], "markdown", prefer="arxiv")
    published = export([GAN, ATTENTION, IMAGEN, DIFFUSION], "markdown")
    for text in (
        "“Generative Adversarial Networks”. *arXiv preprint*, 2014.",
        "Ian J. Goodfellow, Jean Pouget-Abadie",
        "“Attention Is All You Need”",
        "S. Sara Mahdavi",
        "Prafulla Dhariwal and Alex Nichol.",
    ):
        assert text in preprint
        assert text not in published
    assert "“Generative Adversarial Nets”. *NIPS 2014*." in published
    assert "Prafulla Dhariwal and Alexander Nichol." in published


def test_json_round_trips_the_listing() -> None:
    text = export(CATALOG.references, "json")
    back = TypeAdapter(list[Reference]).validate_json(text)
    assert back == CATALOG.references
    gan = json.loads(text)[[r.key for r in CATALOG.references].index(GAN.key)]
    assert gan["arxiv"]["title"] == "Generative Adversarial Networks"
    assert gan["arxiv"]["authors"][0] == {
        "family": "Goodfellow",
        "given": "Ian J.",
        "prefix": "",
        "suffix": "",
    }


def test_resolve_prefer_arxiv_on_a_catalog_work_writes_the_listing(capsys) -> None:
    status, out, err = run_cli(capsys, "resolve", "1406.2661", "--prefer", "arxiv", "--offline")
    assert status == 0, err
    (entry,) = parse_bib(out, source="stdout")
    ref = entry_to_reference(entry)
    assert (ref.key, ref.title, ref.authors[0].given) == (
        "goodfellow2014generative",
        "Generative Adversarial Networks",
        "Ian J.",
    )


GAN_PAGE = (
    "https://proceedings.neurips.cc/paper/2014/hash/5ca3e9b122f61f8f06494c97b1afccf3-Abstract.html"
)


@pytest.mark.parametrize(
    ("where", "title", "first"),
    [
        ("eprint={1406.2661}, eprinttype={arxiv}", "Generative Adversarial Networks", "Ian J."),
        (f"url={{{GAN_PAGE}}}", "Generative Adversarial Nets", "Ian"),
    ],
)
def test_check_suggests_the_title_and_authors_of_the_form_cited(
    where: str, title: str, first: str
) -> None:
    text = f"@unpublished{{goodfellow2014generative, date={{2014}}, {where}}}\n"
    found = check_bib(BibFile.parse(text.encode(), source="t.bib", strict=False), catalog=CATALOG)
    fixes = [f.fix for f in found if f.code == "missing-field"]
    assert f"add title = {{{title}}} (from the catalog's 'goodfellow2014generative')" in fixes
    assert any(fix.startswith(f"add author = {{Goodfellow, {first} and ") for fix in fixes)


# --------------------------------------------------------------------------- upgrades


def _arxiv_preprint(ref: Reference) -> Reference:
    """``ref`` as the arXiv resolver gives it: arXiv's own title and authors, the first
    version's date (what the shipped record holds in ``arxiv``)."""
    assert ref.arxiv is not None and ref.arxiv.published is not None
    posted = ref.arxiv.published
    return Reference(
        type=WorkType.PREPRINT,
        title=ref.arxiv_title,
        authors=ref.arxiv_authors,
        year=posted.year,
        month=posted.month,
        day=posted.day,
        arxiv=ref.arxiv.model_copy(update={"title": None, "authors": None}),
        url=f"https://arxiv.org/abs/{ref.arxiv.id}",
    )


def _published_only(ref: Reference) -> Reference:
    """``ref`` as a proceedings or DBLP source gives it: no arXiv data."""
    return ref.model_copy(update={"key": None, "arxiv": None, "era": None, "milestone": None})


@pytest.mark.parametrize("key", [row[0] for row in LISTINGS])
def test_merge_records_the_listing_where_it_differs(key: str) -> None:
    ref = CATALOG.get(key)
    merged = merge(_arxiv_preprint(ref), _published_only(ref))
    assert merged.arxiv == ref.arxiv
    assert (merged.title, merged.authors) == (ref.title, ref.authors)
    assert Reference.model_validate(merged.model_dump()) == merged


def test_merge_of_a_preprint_listed_as_published_adds_nothing() -> None:
    dcgan = CATALOG.get("radford2016unsupervised")
    merged = merge(_arxiv_preprint(dcgan), _published_only(dcgan))
    assert merged.arxiv is not None
    assert (merged.arxiv.title, merged.arxiv.authors) == (None, None)


@pytest.mark.parametrize("key", [row[0] for row in LISTINGS])
def test_a_preprint_answer_that_agrees_with_the_listing_is_no_change(key: str) -> None:
    ref = CATALOG.get(key)
    assert changed_fields(ref, _arxiv_preprint(ref)) == []
    unlisted = ref.model_copy(
        update={"arxiv": ref.arxiv.model_copy(update={"title": None, "authors": None})}  # type: ignore[union-attr]
    )
    assert changed_fields(unlisted, _arxiv_preprint(ref)) == ["arxiv"]


class _ArxivStandIn:
    """Stands in for the arXiv resolver (sources/arxiv.py, tested against recorded answers):
    answers GAN's id with the record that resolver makes of arXiv's listing."""

    name = "arxiv"
    kinds = frozenset({"arxiv"})

    def resolve(self, identifiers: Sequence[Identifier]) -> list[Outcome]:
        return [Resolved(ident, _arxiv_preprint(GAN)) for ident in identifiers]


def _not_found(ref: Reference) -> Upgrade:
    return Upgrade(Status.NOT_FOUND, ref, message="no published version found")


def _rebuild(root):
    return rebuild(root, resolvers=[_ArxivStandIn()], find_upgrades=_not_found)


@pytest.fixture
def gan_by_arxiv(tmp_path):
    """A refs/ folder with the shipped GAN record minus its NeurIPS id, so that arXiv is its
    source of truth."""
    root = tmp_path / "refs"
    (root / "works").mkdir(parents=True)
    shutil.copy(data_dir() / "eras.toml", root / "eras.toml")
    text = (data_dir() / "works" / "goodfellow2014generative.toml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("neurips_id")]
    path = root / "works" / "goodfellow2014generative.toml"
    path.write_text("".join(lines), encoding="utf-8")
    return root, path


def test_rebuild_from_arxiv_confirms_the_listing(gan_by_arxiv) -> None:
    root, _path = gan_by_arxiv
    report = _rebuild(root)
    assert (report.changes, report.unchanged, report.failures) == ([], [GAN.key], [])


def test_rebuild_rewrites_a_wrong_multi_line_listing_in_place(gan_by_arxiv) -> None:
    root, path = gan_by_arxiv
    text = path.read_text(encoding="utf-8")
    wrong = text.replace('title = "Generative Adversarial Networks"', 'title = "GANs"', 1)
    wrong = wrong.replace('{ given = "Ian J.", family = "Goodfellow" }', '{ family = "G" }', 1)
    path.write_text(wrong, encoding="utf-8")
    (change,) = _rebuild(root).changes
    assert change.fields == ("arxiv",)
    assert '-arxiv = { id = "1406.2661"' in change.diff
    assert '-  { family = "G" },' in change.diff
    assert '+  { given = "Ian J.", family = "Goodfellow" },' in change.diff
    apply_changes([change])
    rebuilt = load_catalog(root).get(GAN.key)
    assert rebuilt.arxiv is not None and GAN.arxiv is not None
    assert (rebuilt.arxiv.title, rebuilt.arxiv.authors) == (GAN.arxiv.title, GAN.arxiv.authors)
    assert rebuilt.provenance["arxiv"].retrieved == date.today()
    # Everything but the arxiv value and its provenance is as it was.
    assert (
        tomllib.loads(path.read_text(encoding="utf-8"))["authors"] == tomllib.loads(text)["authors"]
    )
    assert _rebuild(root).changes == []


def test_published_form_of_a_record_without_listing_is_unchanged() -> None:
    dcgan = CATALOG.get("radford2016unsupervised")
    assert isinstance(dcgan.arxiv, ArxivInfo)
    assert (dcgan.arxiv.title, dcgan.arxiv.authors) == (None, None)
    assert (dcgan.arxiv_title, dcgan.arxiv_authors) == (dcgan.title, dcgan.authors)
