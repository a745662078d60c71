"""Reading .bib text: parse_bib and entry_to_reference."""

from __future__ import annotations

import pytest

from imgsynth_refs.bibtex import format_entries, latex_to_unicode, parse_names
from imgsynth_refs.bibtex.read import entry_to_reference, parse_bib
from imgsynth_refs.errors import BibParseError, DataError
from imgsynth_refs.models import Person, WorkType

# Excerpts of real responses (see /work/shared/fixtures/README.md for provenance):
# NeurIPS proceedings BibTeX, NIPS2017_3f5ee243 (note the empty pages and "\L ukasz").
NEURIPS_2017 = r"""@inproceedings{NIPS2017_3f5ee243,
 author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob and Jones, Llion and Gomez, Aidan N and Kaiser, \L ukasz and Polosukhin, Illia},
 booktitle = {Advances in Neural Information Processing Systems},
 editor = {I. Guyon and U. Von Luxburg and S. Bengio and H. Wallach and R. Fergus and S. Vishwanathan and R. Garnett},
 pages = {},
 publisher = {Curran Associates, Inc.},
 title = {Attention is All you Need},
 url = {https://proceedings.neurips.cc/paper_files/paper/2017/file/3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf},
 volume = {30},
 year = {2017}
}
"""  # noqa: E501

# ACL Anthology BibTeX of P18-1238 (abstract dropped).
ACL_P18_1238 = """@inproceedings{sharma-etal-2018-conceptual,
    title = "Conceptual Captions: A Cleaned, Hypernymed, Image Alt-text Dataset For Automatic Image Captioning",
    author = "Sharma, Piyush  and
      Ding, Nan  and
      Goodman, Sebastian  and
      Soricut, Radu",
    editor = "Gurevych, Iryna  and
      Miyao, Yusuke",
    booktitle = "Proceedings of the 56th Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers)",
    month = jul,
    year = "2018",
    address = "Melbourne, Australia",
    publisher = "Association for Computational Linguistics",
    url = "https://aclanthology.org/P18-1238",
    doi = "10.18653/v1/P18-1238",
    pages = "2556--2565",
}
"""  # noqa: E501

# dblp BibTeX of conf/cvpr/RombachBLEO22 and conf/cvpr/KarrasLA19 (timestamps dropped).
DBLP_CVPR = r"""@inproceedings{DBLP:conf/cvpr/RombachBLEO22,
  author       = {Robin Rombach and
                  Andreas Blattmann and
                  Dominik Lorenz and
                  Patrick Esser and
                  Bj{\"{o}}rn Ommer},
  title        = {High-Resolution Image Synthesis with Latent Diffusion Models},
  booktitle    = {{IEEE/CVF} Conference on Computer Vision and Pattern Recognition,
                  {CVPR} 2022, New Orleans, LA, USA, June 18-24, 2022},
  pages        = {10674--10685},
  publisher    = {{IEEE}},
  year         = {2022},
  url          = {https://doi.org/10.1109/CVPR52688.2022.01042},
  doi          = {10.1109/CVPR52688.2022.01042}
}

@inproceedings{DBLP:conf/cvpr/KarrasLA19,
  author       = {Tero Karras and
                  Samuli Laine and
                  Timo Aila},
  title        = {A Style-Based Generator Architecture for Generative Adversarial Networks},
  booktitle    = {{IEEE} Conference on Computer Vision and Pattern Recognition, {CVPR}
                  2019, Long Beach, CA, USA, June 16-20, 2019},
  pages        = {4401--4410},
  publisher    = {Computer Vision Foundation / {IEEE}},
  year         = {2019},
  url          = {http://openaccess.thecvf.com/content\_CVPR\_2019/html/Karras\_A\_Style-Based\_Generator\_Architecture\_for\_Generative\_Adversarial\_Networks\_CVPR\_2019\_paper.html},
  doi          = {10.1109/CVPR.2019.00453}
}
"""


def test_neurips_entry() -> None:
    (entry,) = parse_bib(NEURIPS_2017, source="nips.bib")
    ref = entry_to_reference(entry)
    assert ref.type is WorkType.CONFERENCE_PAPER
    assert ref.key == "NIPS2017_3f5ee243"
    assert ref.title == "Attention is All you Need"
    assert ref.authors[6] == Person(family="Kaiser", given="Łukasz")
    assert len(ref.authors) == 8
    # "Von" is capitalised, so BibTeX treats it as part of the given names.
    assert ref.editors[1] == Person(family="Luxburg", given="U. Von")
    assert ref.pages is None
    assert ref.volume == "30"
    assert ref.year == 2017
    assert ref.neurips_id == "2017/3f5ee243547dee91fbd053c1c4a845aa"


def test_acl_entry_month_macro_and_ids() -> None:
    (entry,) = parse_bib(ACL_P18_1238, source="acl.bib")
    ref = entry_to_reference(entry)
    assert ref.month == 7
    assert ref.address == "Melbourne, Australia"
    assert ref.doi == "10.18653/v1/P18-1238"
    assert ref.acl_id == "P18-1238"
    assert [p.family for p in ref.editors] == ["Gurevych", "Miyao"]
    assert ref.pages == "2556--2565"


def test_dblp_entries_latex_and_url_escapes() -> None:
    rombach, karras = (entry_to_reference(e) for e in parse_bib(DBLP_CVPR, source="dblp.bib"))
    assert rombach.authors[4] == Person(family="Ommer", given="Björn")
    assert rombach.booktitle is not None and rombach.booktitle.startswith(
        "IEEE/CVF Conference on Computer Vision and Pattern Recognition, CVPR 2022,"
    )
    assert rombach.publisher == "IEEE"
    assert karras.url is not None and "content_CVPR_2019/html/Karras_A_Style" in karras.url
    assert karras.doi == "10.1109/CVPR.2019.00453"


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ("Goodfellow, Ian", [Person(family="Goodfellow", given="Ian")]),
        ("Ian Goodfellow", [Person(family="Goodfellow", given="Ian")]),
        (
            "Ludwig van Beethoven",
            [Person(family="Beethoven", given="Ludwig", prefix="van")],
        ),
        (
            "van der Maaten, Laurens",
            [Person(family="Maaten", given="Laurens", prefix="van der")],
        ),
        (
            "King, Jr, Martin Luther",
            [Person(family="King", given="Martin Luther", suffix="Jr")],
        ),
        ("{OpenAI}", [Person(family="OpenAI")]),
        ("{Simon and Schuster}", [Person(family="Simon and Schuster")]),
        (
            'M{\\"u}ller, J{\\"u}rgen and Aäron van den Oord',
            [
                Person(family="Müller", given="Jürgen"),
                Person(family="Oord", given="Aäron", prefix="van den"),
            ],
        ),
        (
            "Diederik P. Kingma and Max Welling",
            [Person(family="Kingma", given="Diederik P."), Person(family="Welling", given="Max")],
        ),
        (
            "Radford, Alec and others",
            [Person(family="Radford", given="Alec"), Person(family="others")],
        ),
    ],
)
def test_parse_names(names: str, expected: list[Person]) -> None:
    assert parse_names(names) == expected


@pytest.mark.parametrize(
    ("text", "kind", "arxiv_id", "version"),
    [
        (
            "@misc{a, title={T}, author={A, B}, year={2015}, eprint={1511.06434v2},"
            " archivePrefix={arXiv}, primaryClass={cs.LG}}",
            WorkType.PREPRINT,
            "1511.06434",
            2,
        ),
        (
            "@article{a, title={T}, author={A, B}, year={2015}, journal={arXiv preprint"
            " arXiv:1511.06434}}",
            WorkType.PREPRINT,
            "1511.06434",
            None,
        ),
        (
            "@article{DBLP:journals/corr/X, title={T}, author={A, B}, year={2015},"
            " journal={CoRR}, volume={abs/1511.06434}, eprinttype={arXiv},"
            " eprint={1511.06434}}",
            WorkType.PREPRINT,
            "1511.06434",
            None,
        ),
        (
            "@online{a, title={T}, author={A, B}, date={2015-11-19}, eprinttype={arxiv},"
            " eprint={1511.06434}, eprintclass={cs.LG}}",
            WorkType.PREPRINT,
            "1511.06434",
            None,
        ),
        (
            "@misc{a, title={T}, author={A, B}, year={2015}, doi={10.48550/arXiv.1511.06434}}",
            WorkType.PREPRINT,
            "1511.06434",
            None,
        ),
    ],
)
def test_arxiv_preprints(text: str, kind: WorkType, arxiv_id: str, version: int | None) -> None:
    (entry,) = parse_bib(text, source="x.bib")
    ref = entry_to_reference(entry)
    assert ref.type is kind
    assert ref.arxiv is not None
    assert (ref.arxiv.id, ref.arxiv.version) == (arxiv_id, version)
    assert ref.journal is None
    assert ref.doi is None
    assert ref.volume is None


def test_biblatex_fields() -> None:
    text = (
        "@article{k, author={Doe, Jane}, title={On {GAN}s}, journaltitle={Journal of Tests},"
        " date={2021-03-04}, urldate={2024-01-02}, location={Paris}}"
    )
    ref = entry_to_reference(parse_bib(text, source="x.bib")[0])
    assert (ref.year, ref.month, ref.day) == (2021, 3, 4)
    assert ref.journal == "Journal of Tests"
    assert ref.title == "On GANs"
    assert ref.urldate is not None and ref.urldate.isoformat() == "2024-01-02"
    assert ref.address == "Paris"


def test_field_names_are_case_insensitive() -> None:
    text = "@INPROCEEDINGS{k, AUTHOR={Doe, Jane}, Title={T}, BookTitle={Proc}, YEAR=2020}"
    ref = entry_to_reference(parse_bib(text, source="x.bib")[0])
    assert (ref.type, ref.booktitle, ref.year) == (WorkType.CONFERENCE_PAPER, "Proc", 2020)


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("% ok\n@article{a, title={x}, year=2020}\n\n@article{b,\n title = {x\n}\n", 4, "b"),
        ("@misc{a, title={x}}\n@misc{a, title={y}}\n", 2, "Duplicate entry key"),
        ("\n@misc{a, title={x}, title={y}}\n", 2, "Duplicate field"),
    ],
)
def test_parse_errors_name_the_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(BibParseError) as info:
        parse_bib(text, source="thesis.bib")
    assert info.value.line == line
    assert info.value.file == "thesis.bib"
    assert str(info.value).startswith(f"thesis.bib:{line}: ")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("@book{k, author={A, B}, title={T}, year=2020}", None),
        ("@article{k, author={A, B}, title={T}, journal={J}}", "year"),
        ("@inproceedings{k, author={A, B}, year=2020, booktitle={P}}", "title"),
    ],
)
def test_unusable_entries_raise_data_error(text: str, field: str | None) -> None:
    with pytest.raises(DataError) as info:
        entry_to_reference(parse_bib(text, source="x.bib")[0])
    assert info.value.record == "k"
    assert info.value.field == field


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{GAN}s at 50% accuracy", "GANs at 50% accuracy"),
        (r"{GAN}s at 50\% accuracy", "GANs at 50% accuracy"),
        (r"Bj{\"{o}}rn", "Björn"),
        (r"{DALL{\textperiodcentered}E} Mini", "DALL·E Mini"),
        ("Deep\n   Learning", "Deep Learning"),
        (r"Caf\'e~Society", "Café Society"),
        # Logos and \mbox, which pylatexenc drops (TUGboat's and Google Scholar's titles).
        (r"Typesetting with \TeX\ and \LaTeX", "Typesetting with TeX and LaTeX"),
        (r"The \LaTeXe{} and \BibTeX{} guide", "The LaTeX2e and BibTeX guide"),
        (r"\mbox{GAN}s for faces", "GANs for faces"),
    ],
)
def test_latex_to_unicode(latex: str, text: str) -> None:
    assert latex_to_unicode(latex) == text


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_software_version_reads_back(dialect: str) -> None:
    from imgsynth_refs.bibtex.read import entry_to_reference, parse_bib
    from imgsynth_refs.catalog import load_catalog

    ref = load_catalog().get("dayma2021dall")
    text = format_entries([ref], dialect=dialect)  # type: ignore[arg-type]
    back = entry_to_reference(parse_bib(text, source="t.bib")[0])
    assert back.version == "v0.1-alpha"
