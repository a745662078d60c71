"""check's rules one by one: the defects seen on real files (issue 11) and the Google Scholar
damage they missed, and the defects found in review (crossref inheritance, an invalid entry
type, acronyms as the writer braces them, a doubled ``and``), each pinned by a case that
failed before the fix."""

from __future__ import annotations

import pytest

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.check import RULES, check_bib, fix_bib, select_rules
from imgsynth_refs.errors import UsageError
from imgsynth_refs.models import Catalog
from thesis_helpers import S2_ENTRY

CATALOG = load_catalog()
EMPTY = Catalog(eras=[], references=[])


def parse(text: str) -> BibFile:
    return BibFile.parse(text.encode(), source="t.bib", strict=False)


def found(text: str, code: str | None = None, **options):
    options.setdefault("catalog", EMPTY)
    result = check_bib(parse(text), **options)
    return [f for f in result if code is None or f.code == code]


# --------------------------------------------------------------------------- et al.


@pytest.mark.parametrize(
    ("author", "fixed"),
    [
        (
            "Goodfellow, Ian and Bengio, Yoshua and et al.",
            "Goodfellow, Ian and Bengio, Yoshua and others",
        ),
        ("Goodfellow, Ian et al.", "Goodfellow, Ian and others"),
        (
            "Goodfellow, Ian and Bengio, Yoshua, et al.",
            "Goodfellow, Ian and Bengio, Yoshua and others",
        ),
        ("Goodfellow, Ian and\n    et al.", "Goodfellow, Ian and\n    others"),
        ("Goodfellow, Ian\n    et al.", "Goodfellow, Ian\n    and others"),
    ],
)
def test_et_al_is_one_finding_and_its_fix_leaves_no_empty_name(author, fixed):
    text = f"@misc{{e,\n  author = {{{author}}},\n  title = {{T}}\n}}\n"
    findings = found(text, "malformed-authors")
    assert len(findings) == 1 and findings[0].line == 2
    data, _ = fix_bib(parse(text), findings)
    assert data.decode() == text.replace(author, fixed)
    assert found(data.decode()) == []  # no empty name, no new finding
    assert data.decode().count("\n") == text.count("\n")  # a fix never joins lines


# --------------------------------------------------------------------------- line numbers


def test_a_value_ending_a_line_with_a_backslash_does_not_shift_later_lines():
    text = (
        "@misc{a,\n  title = {The \\TeX\\\n  book},\n  author = {Knuth, Donald}\n}\n\n"
        "@misc{b,\n  title = {Training GANs},\n  author = {A, B}\n}\n"
    )
    assert [(f.key, f.line) for f in found(text, "unprotected-acronym")] == [("b", 8)]
    assert [e.line for e in parse(text).entries] == [1, 7]


# --------------------------------------------------------------------------- duplicate-work

CALENDAR = """@Article{Beeton:TB17-1-calendar,
  author = {Barbara Beeton},
  title = {Calendar},
  journal = {TUGboat},
  volume = {17},
  number = {1},
  pages = {70--71},
  year = {1996}
}

@Article{Beeton:TB17-4-calendar,
  author = {Barbara Beeton},
  title = {Calendar},
  journal = {TUGboat},
  volume = {17},
  number = {4},
  pages = {402--403},
  year = {1996}
}
"""


def test_recurring_columns_of_a_journal_are_not_one_work():
    assert found(CALENDAR, "duplicate-work") == []
    same = CALENDAR.replace("number = {4}", "number = {1}").replace("402--403", "70--71")
    assert [f.key for f in found(same, "duplicate-work")] == ["Beeton:TB17-4-calendar"]


GAN_FORMS = """@article{goodfellow2014arxiv,
  title={Generative Adversarial Networks},
  author={Goodfellow, Ian J and Pouget-Abadie, Jean and Mirza, Mehdi},
  journal={arXiv preprint arXiv:1406.2661},
  year={2014}
}

@inproceedings{goodfellow2014generative,
  title={Generative adversarial nets},
  author={Goodfellow, Ian and Pouget-Abadie, Jean and Mirza, Mehdi},
  booktitle={Advances in neural information processing systems},
  pages={2672--2680},
  year={2014}
}
"""

ATTENTION_FORMS = """@misc{vaswani2023attention,
      title={Attention Is All You Need},
      author={Ashish Vaswani and Noam Shazeer and Niki Parmar and Jakob Uszkoreit},
      year={2023},
      eprint={1706.03762},
      archivePrefix={arXiv},
      primaryClass={cs.CL}
}

@inproceedings{vaswani2017attention,
  title={Attention is all you need},
  author={Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob},
  booktitle={Advances in neural information processing systems},
  pages={5998--6008},
  year={2017}
}
"""


@pytest.mark.parametrize(
    ("text", "later", "record"),
    [
        (GAN_FORMS, "goodfellow2014generative", "goodfellow2014generative"),
        (ATTENTION_FORMS, "vaswani2017attention", "vaswani2017attention"),
    ],
)
def test_the_shipped_bibliography_links_two_forms_of_one_work(text, later, record):
    assert found(text, "duplicate-work") == []  # titles or years too far apart alone
    duplicates = found(text, "duplicate-work", catalog=CATALOG)
    assert [f.key for f in duplicates] == [later]
    assert f"verified record {record!r}" in duplicates[0].message


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize(
    "text",
    [
        "@misc{t, title={Bayesian Deep Learning}, author={A, B}}\n",
        "@misc{t, title={Deep Nets: Bayesian Views}, author={A, B}}\n",
        "@book{t, title={Pattern Recognition and Machine Learning with GPUs}, author={A, B}}\n",
        "@proceedings{t, title={NIPS 2014}, year=2014}\n",
        "@misc{t, title={I promessi sposi e L'Italia}, author={A, B}, langid={italian}}\n",
        "@misc{t, title={Storia: I promessi sposi}, author={A, B}, language={Italian}}\n",
    ],
)
def test_no_false_acronym_alarms(text):
    assert found(text, "unprotected-acronym") == []


def test_the_english_pronoun_is_damaged_by_lowercasing():
    text = "@misc{t, title={Should I stay or should I go?}, author={A, B}}\n"
    assert len(found(text, "unprotected-acronym")) == 2


def test_acronyms_still_found_after_the_first_word():
    text = "@misc{t, title={Variational Bayesian GANs}, author={A, B}}\n"
    assert [f.message.split("'")[1] for f in found(text, "unprotected-acronym")] == [
        "Bayesian",
        "GANs",
    ]


@pytest.mark.parametrize(
    ("title", "wrong", "right"),
    [
        ("Hierarchical text-conditional image generation with clip latents", "clip", "CLIP"),
        (
            "Dreambooth: Fine tuning text-to-image diffusion models for subject-driven generation",
            "Dreambooth",
            "DreamBooth",
        ),
        ("Auto-encoding variational bayes", "bayes", "Bayes"),
        ("A bayesian approach to image synthesis", "bayesian", "Bayesian"),
    ],
)
def test_lowercased_names_are_found_against_the_record_and_the_word_list(title, wrong, right):
    author = "Ruiz, Nataniel" if wrong == "Dreambooth" else "Ramesh, Aditya"
    text = f"@article{{x,\n  title={{{title}}},\n  author={{{author}}},\n  year={{2022}}\n}}\n"
    findings = found(text, "lowercased-name", catalog=CATALOG)
    assert [(f.line, f.message.split("'")[1]) for f in findings] == [(2, wrong)]
    data, _ = fix_bib(parse(text), findings)
    assert f"{{{right}}}" in data.decode()
    assert found(data.decode(), "lowercased-name", catalog=CATALOG) == []


def test_ordinary_words_on_the_list_are_not_names_when_lowercase():
    text = "@misc{t, title={The inception of image synthesis}, author={A, B}}\n"
    assert found(text, "lowercased-name") == []


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "author",
    [
        "Zhou, Zongwei and Rahman Siddiquee, Md Mahfuzur and Tajbakhsh, Nima",
        "family=Adler, given=Alfred",
        "id=testid, given=Alfred, family=Adler and family=Bull, given=Bertie",
    ],
)
def test_valid_names_are_not_malformed(author):
    assert found(f"@misc{{a, author={{{author}}}, title={{T}}}}\n", "malformed-authors") == []


# --------------------------------------------------------------------------- missing-field


@pytest.mark.parametrize(
    "text",
    [
        "@book{b, author={A, B}, title={T}, date={2020}}\n",
        "@unpublished{u, author={A, B}, title={T}, date={2020-01}}\n",
        "@online{o, title={T}, url={https://example.org}, date={2020}}\n",
        "@phdthesis{p, author={A, B}, title={T}, school={S}, date={2020}}\n",
        "@book{b, editor={A, B}, title={T}, date={2020}}\n",
    ],
)
def test_a_biblatex_file_is_judged_by_biblatex_data_model(text):
    assert found(text, "missing-field") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("@book{b, author={A, B}, title={T}, year={2020}}\n", "@book needs publisher"),
        ("@unpublished{u, author={A, B}, title={T}, year={2020}}\n", "@unpublished needs note"),
        ("@report{r, author={A, B}, title={T}, date={2020}}\n", "@report needs type"),
        ("@misc{m, title={T}, journaltitle={J}}\n", "@misc needs date or year"),
    ],
)
def test_bibtex_and_biblatex_requirements_still_apply(text, message):
    assert message in [f.message for f in found(text, "missing-field")]


# --------------------------------------------------------------------------- Google Scholar


def test_placeholder_volume_number_pages_on_a_preprint():
    text = (
        "@article{p,\n  title={T},\n  author={A, B},\n"
        "  journal={arXiv preprint arXiv:2204.06125},\n"
        "  volume={1},\n  number={2},\n  pages={3},\n  year={2022}\n}\n"
    )
    assert [(f.line, f.message.split(" =")[0]) for f in found(text, "placeholder-value")] == [
        (5, "volume"),
        (6, "number"),
        (7, "pages"),
    ]
    corr = (
        "@article{c, title={T}, author={A, B}, journal={CoRR}, volume={abs/2204.06125}, "
        "year=2022}\n"
    )
    assert found(corr, "placeholder-value") == []


def test_conference_papers_and_preprints_typed_article():
    text = (
        "@article{n, title={T}, author={A, B}, journal={Advances in neural information processing "
        "systems}, volume={27}, year={2014}}\n"
        "@article{i, title={U}, author={C, D}, journal={International conference on machine "
        "learning}, year={2015}}\n"
        "@article{a, title={V}, author={E, F}, journal={arXiv preprint arXiv:1511.06434}, "
        "year=2015}\n"
        "@article{j, title={W}, author={G, H}, journal={Journal of Machine Learning Research}, "
        "year=2015}\n"
    )
    assert [f.key for f in found(text, "proceedings-as-article")] == ["n", "i"]
    preprints = found(text, "preprint-as-article")
    assert [f.key for f in preprints] == ["a"]
    assert "eprint = {1511.06434}" in preprints[0].fix


@pytest.mark.parametrize(
    ("fields", "message", "fix"),
    [
        (
            "booktitle={Advances in neural information processing systems}, pages={5998--6008}, "
            "year={2018}",
            "year 2018, but the work appeared in 2017",
            "year = {2017}",
        ),
        (
            "booktitle={Advances in neural information processing systems}, year={2017}",
            "no pages; the work has pages 5998--6008",
            "pages = {5998--6008}",
        ),
        (
            "booktitle={International Conference on Machine Learning}, pages={5998--6008}, "
            "year={2017}",
            "is ICML, but the work appeared in NeurIPS",
            "booktitle = {Advances in Neural Information Processing Systems}",
        ),
    ],
)
def test_an_entry_that_disagrees_with_the_verified_record(fields, message, fix):
    text = (
        "@inproceedings{v, title={Attention is all you need}, "
        f"author={{Vaswani, Ashish and Shazeer, Noam}}, {fields}}}\n"
    )
    findings = found(text, "differs-from-record", catalog=CATALOG)
    assert len(findings) == 1
    assert message in findings[0].message and findings[0].fix == fix


def test_arxivs_own_bibtex_year_is_the_latest_version():
    text = ATTENTION_FORMS.split("\n\n")[0] + "\n"
    findings = found(text, "differs-from-record", catalog=CATALOG)
    assert [f.fix for f in findings] == ["year = {2017}"]


def test_an_entry_that_agrees_with_its_record_gives_no_difference():
    text = ATTENTION_FORMS.split("\n\n")[1]
    assert found(text, "differs-from-record", catalog=CATALOG) == []


# --------------------------------------------------------------------------- registry


def test_every_rule_has_a_code_severity_description_and_fix():
    for code, rule in RULES.items():
        assert rule.code == code and rule.description and rule.fix
        assert rule.severity.value in ("error", "warning")


def test_select_and_ignore_pick_rules_and_reject_unknown_codes():
    text = "@misc{a, title={Training GANs}, author={A, B}}\n@misc{a, title={X}, author={C, D}}\n"
    only = select_rules(["duplicate-key"])
    assert {f.code for f in found(text, rules=only)} == {"duplicate-key"}
    rest = select_rules(ignore=["duplicate-key"])
    assert "duplicate-key" not in {f.code for f in found(text, rules=rest)}
    assert "unused-entry" not in {r.code for r in select_rules()}
    assert "unused-entry" in {r.code for r in select_rules(extend=["unused-entry"])}
    with pytest.raises(UsageError, match="no rule 'nope'"):
        select_rules(["nope"])


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


def test_an_invalid_entry_type_is_a_finding_not_silence():
    bib = BibFile.parse(S2_ENTRY, source="s2.bib", strict=False)
    findings = check_bib(bib, catalog=Catalog(eras=[], references=[]))
    (finding,) = [f for f in findings if f.code == "parse-error"]
    assert finding.line == 2
    assert "['JournalArticle','Conference']" in finding.message


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
