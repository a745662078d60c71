"""QA of the thesis workflow (add/merge/check) as a user meets it: defects found in review.

Every .bib here is written by the test (Google Scholar's export form for the two Goodfellow
entries: Scholar lists both the 2014 arXiv paper and the 2020 Communications of the ACM
article under the same title, "Generative adversarial networks").
"""

from __future__ import annotations

import os

import pytest

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.check import check_bib
from imgsynth_refs.cli import main
from imgsynth_refs.merge import merge_references
from imgsynth_refs.models import Catalog, Person, Reference

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


def test_a_symlinked_bib_is_updated_through_the_link(tmp_path, capsys):
    """Thesis folders often link the .bib from a synced folder: the write must go to the
    file the link points at, and the link must stay a link."""
    real = tmp_path / "synced" / "thesis.bib"
    real.parent.mkdir()
    old = b"% my thesis\n@misc{mine, title={Mine}, author={Me, A}, year=2020}\n"
    real.write_bytes(old)
    link = tmp_path / "thesis.bib"
    link.symlink_to(real)
    assert main(["add", "1406.2661", "--to", str(link), "--offline"]) == 0
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    data = real.read_bytes()
    assert data.startswith(old)
    assert b"@inproceedings{goodfellow2014generative," in data
    assert (real.parent / "thesis.bib~").read_bytes() == old
    capsys.readouterr()


def test_check_fix_on_a_file_that_does_not_parse_says_it_fixed_nothing(tmp_path, capsys):
    """--fix must not silently do nothing while the findings say "--fix applies it"."""
    path = tmp_path / "thesis.bib"
    old = (
        b"@article{a,\n title={Markov chains},\n author={Kingma, D. et al.},\n"
        b" journal={J}, year=2020}\n\n@article{b,\n title={broken {brace},\n year=2020}\n"
    )
    path.write_bytes(old)
    assert main(["check", str(path), "--fix", "--offline"]) == 1
    err = capsys.readouterr().err
    assert f"{path}: nothing fixed: the entry on line 6 does not parse" in err
    assert path.read_bytes() == old
    assert not (tmp_path / "thesis.bib~").exists()


STALE = (
    b"@article{x, title={Some title}, author={Doe, J},\n"
    b" journal={arXiv preprint arXiv:2204.08348v1}, year=2022}\n"
)
"""Cites v1 of a paper whose recorded arXiv entry (tests/fixtures/arxiv) is v3."""


def test_check_fix_applies_a_stale_version_found_online(sources_server, tmp_path, capsys):
    """The finding says '--fix applies it'; it must, also when arXiv (not the catalog) knows
    the latest version. The record's key is not a catalog key, so the source is arXiv."""
    path = tmp_path / "thesis.bib"
    path.write_bytes(STALE)
    assert main(["check", str(path), "--fix"]) == 1
    out = capsys.readouterr().out
    # The report is the file after the fix: the stale version is among the fixed ones.
    assert "[stale-arxiv-version] x: cite arXiv:2204.08348v3" in out
    assert "fixed: " in out
    assert path.read_bytes() == STALE.replace(b"2204.08348v1", b"2204.08348v3")


CROSSREF_BIB = b"""@inproceedings{paper1,
  author = {Doe, Jane},
  title = {A Paper},
  crossref = {conf2020},
  pages = {1--10}
}

@proceedings{conf2020,
  title = {Proceedings of the Conference},
  booktitle = {Proceedings of the Conference},
  year = {2020},
  editor = {Smith, J.}
}
"""
"""DBLP's 'with crossref' BibTeX form: the paper inherits booktitle and year."""


def test_fields_inherited_through_crossref_are_not_missing():
    bib = BibFile.parse(CROSSREF_BIB, source="xref.bib")
    findings = check_bib(bib, catalog=Catalog(eras=[], references=[]))
    assert [f for f in findings if f.code == "missing-field"] == []


def test_a_crossref_to_no_entry_inherits_nothing():
    data = CROSSREF_BIB.replace(b"crossref = {conf2020}", b"crossref = {nowhere}")
    findings = check_bib(
        BibFile.parse(data, source="xref.bib"), catalog=Catalog(eras=[], references=[])
    )
    assert {f.message for f in findings if f.code == "missing-field"} == {
        "@inproceedings needs booktitle",
        "@inproceedings needs year or date",
    }


S2_ENTRY = (
    b"% exported from a service\n"
    b"@['JournalArticle','Conference']{Radford2015UnsupervisedRL,\n"
    b" title={Unsupervised Representation Learning with Deep Convolutional Generative"
    b" Adversarial Networks},\n author={Alec Radford and Luke Metz and Soumith Chintala},\n"
    b" journal={CoRR},\n volume={abs/1511.06434},\n year={2015}\n}\n"
)
"""An entry with the invalid type Semantic Scholar once exported (PEERS.md #11,
allenai/s2-folks #89): BibTeX skips it; bibtexparser reads it as a comment."""


def test_an_invalid_entry_type_is_a_finding_not_silence():
    bib = BibFile.parse(S2_ENTRY, source="s2.bib", strict=False)
    findings = check_bib(bib, catalog=Catalog(eras=[], references=[]))
    (finding,) = [f for f in findings if f.code == "parse-error"]
    assert finding.line == 2
    assert "['JournalArticle','Conference']" in finding.message


def test_add_refuses_a_file_with_an_invalid_entry_type(tmp_path, capsys):
    """Its work (DCGAN, CoRR abs/1511.06434) would otherwise be added a second time."""
    path = tmp_path / "s2.bib"
    path.write_bytes(S2_ENTRY)
    assert main(["add", "1511.06434", "--to", str(path), "--offline"]) == 1
    assert f"{path}:2: " in capsys.readouterr().err
    assert path.read_bytes() == S2_ENTRY


@pytest.mark.parametrize(
    "text",
    [
        b"% write to me@example.org\n@misc{a, title={T}}\n",
        b"Free text with an @ sign {in braces}\n@misc{a, title={T}}\n",
        b"@comment{x}\n@misc{a, title={T}}\n",
    ],
)
def test_at_signs_in_comments_are_no_entries(text):
    assert BibFile.parse(text, source="t.bib").failures == []


CASE_TITLES = [
    "U-Net: Convolutional Networks for Biomedical Image Segmentation",
    "Using U-Net for Segmentation",
    "X-Ray Image Synthesis with T5 and Llama2",
    "Mask R-CNN",
    "Progressive Growing of GANs for Improved Quality, Stability, and Variation",
    "A Style-Based Generator Architecture for Generative Adversarial Networks",
    "Text-to-Image Synthesis with Self-Attention",
    "Auto-Encoding Variational Bayes",
    "Hierarchical Text-Conditional Image Generation with CLIP Latents",
    "ImageNet Classification with Deep Convolutional Neural Networks",
]


@pytest.mark.parametrize("title", CASE_TITLES)
def test_check_flags_exactly_what_the_writer_braces(title):
    """check's unprotected-acronym follows the writer (bibtex.protect_title): U-Net becomes
    'U-net' and T5 't5' under plain, IEEEtran, ACM, so both sides must agree on them."""
    import re

    from imgsynth_refs.bibtex import protect_title

    braced = re.findall(r"\{([^{}]+)\}", protect_title(title))
    data = f"@misc{{a, title={{{title}}}, author={{Doe, Jane}}, year=2020}}\n".encode()
    findings = check_bib(
        BibFile.parse(data, source="t.bib"), catalog=Catalog(eras=[], references=[])
    )
    flagged = [f.message.split("'")[1] for f in findings if f.code == "unprotected-acronym"]
    assert flagged == braced


@pytest.mark.parametrize(
    "author", ["Goodfellow, Ian and Bengio, Yoshua and", "Goodfellow, Ian and and Bengio, Yoshua"]
)
def test_a_trailing_or_doubled_and_is_a_malformed_author_list(author):
    data = f"@misc{{a, title={{T}}, author={{{author}}}, year=2020}}\n".encode()
    findings = check_bib(
        BibFile.parse(data, source="t.bib"), catalog=Catalog(eras=[], references=[])
    )
    assert [f.message for f in findings if f.code == "malformed-authors"] == [
        "author has an empty name (a doubled or trailing 'and'): ''"
    ]
