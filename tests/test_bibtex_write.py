"""Writing records as BibTeX/BibLaTeX: entry types, fields, titles, names, encoding, keys;
fields that fit biber's data model, one link per work, a software version, an access year
that is no publication year, and titles that compile."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from hypothesis import Phase, assume, event, given, settings
from hypothesis import strategies as st

from export_helpers import require_tools
from imgsynth_refs.bibtex import (
    encode_text,
    format_entries,
    format_name,
    is_preprint_form,
    latex_to_unicode,
    parse_names,
    protect_title,
    reference_to_entry,
)
from imgsynth_refs.bibtex.read import entry_to_reference, parse_bib
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.errors import DataError, UsageError
from imgsynth_refs.export import export
from imgsynth_refs.models import ArxivInfo, Person, Reference, Venue, WorkType


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "ImageNet Classification with Deep Convolutional Neural Networks",
            "{ImageNet} Classification with Deep Convolutional Neural Networks",
        ),
        ("Generative Adversarial Nets", "Generative Adversarial Nets"),
        (
            "Diffusion Models Beat GANs on Image Synthesis",
            "Diffusion Models Beat {GANs} on Image Synthesis",
        ),
        (
            "Hierarchical Text-Conditional Image Generation with CLIP Latents",
            "Hierarchical Text-Conditional Image Generation with {CLIP} Latents",
        ),
        ("Zero-Shot Text-to-Image Generation", "Zero-Shot Text-to-Image Generation"),
        ("DALL-E mini", "{DALL-E} mini"),
        (
            "YFCC100M: The New Data in Multimedia Research",
            "{YFCC100M}: The New Data in Multimedia Research",
        ),
        ("NVIDIA's GAN improvements", "{NVIDIA's} {GAN} improvements"),
        ("Auto-Encoding Variational Bayes", "Auto-Encoding Variational {Bayes}"),
        (
            "Conceptual Captions: A Cleaned, Hypernymed, Image Alt-text Dataset",
            "{Conceptual Captions}: A Cleaned, Hypernymed, Image Alt-text Dataset",
        ),
        ("Learning with (3D) Gaussian Splats", "Learning with ({3D}) {Gaussian} Splats"),
        ("Type I and Type II Errors", "Type {I} and Type {II} Errors"),
        ("A Style-Based Generator Architecture", "A Style-Based Generator Architecture"),
        # PEERS.md #8: a capitalised ordinary word is never braced, nothing is doubled.
        ("Aspects of the Theory of Syntax", "Aspects of the Theory of Syntax"),
        ("Stable Diffusion", "{Stable Diffusion}"),
        ("Exploring the Limits with T5 and U-Net", "Exploring the Limits with {T5} and {U-Net}"),
        ("Results from 2016 to 2020", "Results from 2016 to 2020"),
    ],
)
def test_protect_title(title: str, expected: str) -> None:
    assert protect_title(title) == expected
    assert "{{" not in protect_title(title)


@pytest.mark.parametrize(
    ("text", "dialect", "expected"),
    [
        ("Björn Ommer", "bibtex", 'Bj{\\"o}rn Ommer'),
        ("Łukasz", "bibtex", "{\\L}ukasz"),
        ("Lê Khắc", "bibtex", "L{\\^e} Kh{\\'{\\u{a}}}c"),
        ("Björn Ommer", "biblatex", "Björn Ommer"),
        ("R&D at 50% of #1_x $", "bibtex", "R\\&D at 50\\% of \\#1\\_x \\$"),
        ("R&D", "biblatex", "R\\&D"),
        ("{braces}", "bibtex", "braces"),
        ("tab\tand\x85control", "bibtex", "tab and control"),
        ("Ű and ű", "bibtex", "{\\H{U}} and {\\H{u}}"),
    ],
)
def test_encode_text(text: str, dialect: str, expected: str) -> None:
    assert encode_text(text, dialect) == expected  # type: ignore[arg-type]


@given(st.text(max_size=30), st.sampled_from(["bibtex", "biblatex"]))
def test_encode_text_leaves_no_break_or_control(text: str, dialect: str) -> None:
    """Printable text skips the clean-up of breaks and controls; nothing else may."""
    encoded = encode_text(text, dialect)  # type: ignore[arg-type]
    assert not any(c in encoded for c in "\t\n\r\x0b\x0c\x85\u2028\u2029")
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in encoded)
    if text.isprintable() and "  " not in text:  # a tab is read as one space
        assert encode_text(text.replace(" ", "\t"), dialect) == encoded  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (Person(family="Goodfellow", given="Ian"), "Goodfellow, Ian"),
        (Person(family="Maaten", given="Laurens", prefix="van der"), "van der Maaten, Laurens"),
        (Person(family="King", given="Martin Luther", suffix="Jr."), "King, Jr., Martin Luther"),
        (Person(family="Ommer", given="Björn"), 'Ommer, Bj{\\"o}rn'),
        (Person(family="OpenAI"), "OpenAI"),
        (Person(family="Google Research"), "{Google Research}"),
        (Person(family="Simon and Schuster"), "{Simon and Schuster}"),
        (Person(family="Gontijo Lopes", given="Raphael"), "Gontijo Lopes, Raphael"),
        (Person(family="de Souza", given="Ana"), "{de Souza}, Ana"),
        (Person(family="others"), "others"),
    ],
)
def test_format_name_round_trips(person: Person, expected: str) -> None:
    assert format_name(person) == expected
    assert parse_names(expected) == [person]


def _paper(**update: object) -> Reference:
    base = Reference(
        key="karras2019style",
        type=WorkType.CONFERENCE_PAPER,
        title="A Style-Based Generator Architecture for Generative Adversarial Networks",
        authors=[
            Person(family="Karras", given="Tero"),
            Person(family="Laine", given="Samuli"),
            Person(family="Aila", given="Timo"),
        ],
        year=2019,
        month=6,
        booktitle="Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern "
        "Recognition (CVPR)",
        pages="4401--4410",
        publisher="IEEE",
        doi="10.1109/cvpr.2019.00453",
        arxiv=ArxivInfo(
            id="1812.04948", version=3, primary_class="cs.NE", published=date(2018, 12, 12)
        ),
        venue=Venue(name="CVPR", short="CVPR 2019"),
    )
    return base.model_copy(update=update)


def _fields(ref: Reference, **options: str) -> dict[str, str]:
    entry = reference_to_entry(ref, **options)  # type: ignore[arg-type]
    return {"ENTRYTYPE": entry.entry_type, **{f.key: f.value for f in entry.fields}}


def test_published_paper_keeps_eprint_without_duplication() -> None:
    fields = _fields(_paper())
    assert fields["ENTRYTYPE"] == "inproceedings"
    assert fields["booktitle"].startswith("Proceedings of the IEEE/CVF")
    assert fields["doi"] == "10.1109/cvpr.2019.00453"
    assert (fields["eprint"], fields["archivePrefix"], fields["primaryClass"]) == (
        "1812.04948",
        "arXiv",
        "cs.NE",
    )
    assert "journal" not in fields
    assert not any("arXiv:" in value for value in fields.values())
    assert fields["month"] == "jun"


def test_prefer_arxiv_writes_the_preprint() -> None:
    fields = _fields(_paper(), prefer="arxiv")
    assert fields["ENTRYTYPE"] == "misc"
    assert (fields["year"], fields["month"]) == ("2018", "dec")
    assert fields["url"] == "https://arxiv.org/abs/1812.04948"
    for name in ("booktitle", "doi", "pages", "publisher"):
        assert name not in fields


def test_biblatex_paper_and_preprint() -> None:
    fields = _fields(_paper(), dialect="biblatex")
    assert fields["ENTRYTYPE"] == "inproceedings"
    assert fields["date"] == "2019-06"
    assert (fields["eprinttype"], fields["eprintclass"]) == ("arxiv", "cs.NE")
    assert "year" not in fields and "month" not in fields
    preprint = _fields(_paper(), dialect="biblatex", prefer="arxiv")
    assert preprint["ENTRYTYPE"] == "online"
    assert preprint["date"] == "2018-12-12"
    assert "url" not in preprint


def test_journal_article() -> None:
    ref = _paper(
        type=WorkType.JOURNAL_ARTICLE,
        booktitle=None,
        journal="Communications of the ACM",
        volume="59",
        number="2",
        pages="64--73",
    )
    fields = _fields(ref)
    assert fields["ENTRYTYPE"] == "article"
    assert (fields["journal"], fields["volume"], fields["number"]) == (
        "Communications of the ACM",
        "59",
        "2",
    )
    assert _fields(ref, dialect="biblatex")["journaltitle"] == "Communications of the ACM"


@pytest.mark.parametrize(
    ("kind", "bibtex_type", "biblatex_type"),
    [
        (WorkType.DATASET, "misc", "dataset"),
        (WorkType.SOFTWARE, "misc", "software"),
        (WorkType.WEB_PAGE, "misc", "online"),
        (WorkType.BLOG_POST, "misc", "online"),
    ],
)
def test_web_resources(kind: WorkType, bibtex_type: str, biblatex_type: str) -> None:
    ref = Reference(
        key="web",
        type=kind,
        title="Inceptionism: Going Deeper into Neural Networks",
        authors=[Person(family="Mordvintsev", given="Alexander")],
        year=2015,
        month=6,
        day=17,
        venue=Venue(name="Google Research Blog"),
        url="https://research.google/blog/inceptionism-going-deeper-into-neural-networks/",
        urldate=date(2026, 11, 26),
    )
    fields = _fields(ref)
    assert fields["ENTRYTYPE"] == bibtex_type
    # Styles that ignore url (plain, alpha...) print howpublished; plainnat would print a
    # url field a second time.
    assert fields["howpublished"] == f"Google Research Blog, \\url{{{ref.url}}}"
    assert fields["note"] == "Accessed 2026-11-26"
    assert "url" not in fields
    latex = _fields(ref, dialect="biblatex")
    assert latex["ENTRYTYPE"] == biblatex_type
    assert (latex["date"], latex["urldate"]) == ("2015-06-17", "2026-11-26")


def test_work_without_authors_gets_a_sort_key_for_bibtex() -> None:
    ref = Reference(
        key="yfcc",
        type=WorkType.DATASET,
        title="YFCC100M",
        year=2014,
        organization="Yahoo Labs",
        url="http://projects.dfki.uni-kl.de/yfcc100m/",
    )
    fields = _fields(ref)
    assert fields["key"] == "Yahoo Labs"
    assert "author" not in fields


def test_format_entries_text() -> None:
    text = format_entries([_paper()])
    assert text.startswith("@inproceedings{karras2019style,\n  author")
    assert "  month         = jun,\n" in text
    assert "title         = {A Style-Based Generator Architecture" in text
    assert text.endswith("}\n")


def test_keys_assigned_for_new_records_and_duplicates_rejected() -> None:
    a = _paper(key=None)
    b = _paper(key=None, title="A Style-Based Generator, Again")
    keys = [e.key for e in parse_bib(format_entries([a, b]), source="x")]
    assert keys == ["karras2019style", "karras2019stylea"]
    with pytest.raises(DataError, match="share"):
        format_entries([_paper(), _paper()])


@pytest.mark.parametrize(("option", "value"), [("dialect", "ris"), ("prefer", "latest")])
def test_unknown_options(option: str, value: str) -> None:
    with pytest.raises(UsageError, match=value):
        format_entries([_paper()], **{option: value})  # type: ignore[arg-type]


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
@pytest.mark.parametrize("prefer", ["published", "arxiv"])
def test_catalog_round_trips(dialect: str, prefer: str) -> None:
    refs = load_catalog().references
    text = format_entries(refs, dialect=dialect, prefer=prefer)  # type: ignore[arg-type]
    back = [entry_to_reference(e) for e in parse_bib(text, source="export.bib")]
    assert [r.key for r in back] == [r.key for r in refs]
    for ref, again in zip(refs, back, strict=True):
        # The preprint form carries the title and authors arXiv lists.
        preprint = is_preprint_form(ref, prefer)  # type: ignore[arg-type]
        assert again.title == (ref.arxiv_title if preprint else ref.title)
        assert again.authors == (ref.arxiv_authors if preprint else ref.authors)
        assert (again.arxiv.id if again.arxiv else None) == (ref.arxiv.id if ref.arxiv else None)
        if prefer == "published" or ref.arxiv is None:
            assert (again.year, again.month) == (ref.year, ref.month)
            assert again.doi == ref.doi
            assert again.pages == ref.pages
            assert again.booktitle == ref.booktitle
            assert again.journal == ref.journal
            if dialect == "biblatex" or ref.type in (
                WorkType.CONFERENCE_PAPER,
                WorkType.JOURNAL_ARTICLE,
                WorkType.PREPRINT,
            ):
                expected = ref.type
                if ref.type is WorkType.BLOG_POST:
                    expected = WorkType.WEB_PAGE  # both are @online
                assert again.type is expected
        else:
            assert again.type is WorkType.PREPRINT
            assert again.doi is None


# Latin-1 and Latin Extended-A, minus control characters, what LaTeX reads as markup or
# ligatures, and the letters pylatexenc only approximates (Ħ as H with macron, Ŀ as L with
# dot, ...) or does not know (long s, spacing cedilla: kept as they are).
_LOSSY = "ĦħĸĿŀŉŦŧ\u017f\u00b8"
_TEXT = st.characters(
    min_codepoint=0x20,
    max_codepoint=0x17F,
    blacklist_categories=("Cc",),
    blacklist_characters='{}\\~^"`' + _LOSSY,
)
_LETTERS = st.characters(
    min_codepoint=0x41,
    max_codepoint=0x17F,
    whitelist_categories=("Lu", "Ll"),
    blacklist_characters="µ" + _LOSSY,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(_TEXT, min_size=1, max_size=40))
def test_any_latin_title_round_trips(title: str) -> None:
    title = " ".join(title.split())
    assume(title and "--" not in title and "''" not in title)
    ref = _paper(title=title)
    for dialect in ("bibtex", "biblatex"):
        text = format_entries([ref], dialect=dialect)  # type: ignore[arg-type]
        assert dialect == "biblatex" or text.isascii()
        (entry,) = parse_bib(text, source="t.bib")
        assert entry_to_reference(entry).title == title


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(_LETTERS, min_size=1, max_size=12), st.text(_LETTERS, min_size=1, max_size=12))
def test_any_latin_name_round_trips(family: str, given_name: str) -> None:
    person = Person(
        family=family[0].upper() + family[1:], given=given_name[0].upper() + given_name[1:]
    )
    assert parse_names(format_name(person)) == [person]


# --- hostile source data: a value can never add an entry, field, @preamble or @string ---

INJECTIONS = [
    "\ufffd",
    "}",
    "{",
    "\\",
    '"',
    '}, @preamble{"\\immediate\\write18{touch pwned}"}',
    '}}\n@string{pwn = "x"}\n@misc{evil, title={',
    "\n@misc{evil,\n  title = {x}\n}\n",
    "\\}",
    "\\{",
    "%",
    "#",
    "@",
    ",",
    "=",
    "\r\n",
    "\x00",
    "\u2028",
]
"""Pieces that end a field, an entry or a file in some reader, or start a new one."""

HOSTILE = st.one_of(
    st.text(max_size=30),
    st.builds(
        lambda head, piece, tail: head + piece + tail,
        st.text(max_size=6),
        st.sampled_from(INJECTIONS),
        st.text(max_size=6),
    ),
)
"""Any string a source can return, biased towards BibTeX structure."""

TEXT_FIELDS = ("title", "booktitle", "publisher", "series", "address", "organization", "note")
RAW_FIELDS = ("volume", "number", "pages", "doi", "url")
ARXIV_FIELDS = ("id", "primary_class")
NAME_FIELDS = ("author.family", "author.given")
HOSTILE_FIELD = st.sampled_from(
    [*TEXT_FIELDS, *RAW_FIELDS, *(f"arxiv.{f}" for f in ARXIV_FIELDS), *NAME_FIELDS, "version"]
)


def _hostile(field: str, value: str) -> Reference | None:
    """The test paper with ``field`` set to ``value`` as a source would deliver it, or None
    when the model refuses the value (the record fails)."""
    from pydantic import ValidationError

    data = _paper().model_dump()
    if field.startswith("arxiv."):
        data["arxiv"][field.removeprefix("arxiv.")] = value
    elif field.startswith("author."):
        data["authors"][0][field.removeprefix("author.")] = value
    else:
        data[field] = value
    if field == "version":
        data["type"] = WorkType.SOFTWARE
    try:
        return Reference.model_validate(data)
    except ValidationError:
        return None


def _read_back(text: str) -> list[tuple[str, str, dict[str, str]]]:
    """``(type, key, fields)`` of every block bibtexparser reads; fails on any other block."""
    import bibtexparser

    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, text
    assert not library.strings and not library.preambles, text
    assert len(library.blocks) == len(library.entries), text
    return [(e.entry_type, e.key, {f.key: f.value for f in e.fields}) for e in library.entries]


@given(
    field=HOSTILE_FIELD,
    value=HOSTILE,
    dialect=st.sampled_from(["bibtex", "biblatex"]),
    prefer=st.sampled_from(["published", "arxiv"]),
)
@settings(max_examples=1500)
def test_no_source_value_changes_the_structure_of_the_bib(field, value, dialect, prefer):
    ref = _hostile(field, value)
    event("refused by the model" if ref is None else "written")
    if ref is None:
        return  # refused by the model: that source's record fails, with the field named
    entry = reference_to_entry(ref, dialect=dialect, prefer=prefer)
    text = format_entries([ref], dialect=dialect, prefer=prefer)
    expected = {f.key: f.value for f in entry.fields}
    assert _read_back(text) == [(entry.entry_type, ref.key, expected)]
    name = field.partition(".")[2] if field.startswith("arxiv.") else field
    written = {"id": "eprint", "primary_class": "primaryClass"}.get(name, name)
    if dialect == "biblatex" and written == "primaryClass":
        written = "eprintclass"
    if field in ("doi", "url", "arxiv.id", "arxiv.primary_class") and written in expected:
        owner = ref.arxiv if field.startswith("arxiv.") else ref
        assert expected[written] == getattr(owner, name)  # written as the record holds it


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("volume", '1}, @preamble{"\\immediate\\write18{touch pwned}"} @misc{x, title={'),
        ("number", "2}\n@string{a = b}"),
        ("doi", "10.1234/x},note={injected"),
        ("arxiv.primary_class", "cs.LG}, @preamble{x}"),
        ("url", "https://example.org/}, @misc{evil,"),
        ("url", "javascript:alert(1)"),
        ("volume", "9" * 65),
    ],
)
def test_source_values_that_are_not_of_their_field_are_refused(field, value):
    assert _hostile(field, value) is None


@pytest.mark.parametrize(
    ("update", "problem"),
    [
        ({"doi": "10.1234/x}, @preamble{y"}, "field 'doi': .*unbalanced braces"),
        ({"url": "https://x.org/a\\{b}"}, "field 'url': .*a backslash before a brace"),
        ({"url": "https://x.org/\n@misc{a,"}, "field 'url': .*unbalanced braces"),
        ({"url": "https://x.org/a\nb"}, "field 'url': .*a line break"),
        ({"doi": "10.1234/\ufffd"}, "field 'doi': .*U\\+FFFD"),
    ],
)
def test_a_value_that_slipped_past_validation_is_refused_by_the_writer(update, problem):
    ref = _paper().model_copy(update=update)  # model_copy does not validate
    with pytest.raises(DataError, match=rf"record 'karras2019style': {problem}"):
        format_entries([ref])


BIBER_NAMES = {
    "year": "date",
    "month": "date",
    "archiveprefix": "eprinttype",
    "primaryclass": "eprintclass",
    "journal": "journaltitle",
    "address": "location",
}
"""Fields biber's tool mode writes under their biblatex names."""


@pytest.mark.latex
@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
@given(values=st.lists(st.tuples(HOSTILE_FIELD, HOSTILE), min_size=40, max_size=40))
# 80 hostile values per dialect in 2 biber runs (biber's start-up is most of a run); no
# shrinking, which would run biber again and again.
@settings(max_examples=2, phases=[Phase.explicit, Phase.generate])
def test_biber_reads_hostile_entries_back_unchanged(tmp_path_factory, values, dialect):
    """biber (btparse) reads the same entries: no new one, no lost or added field."""
    import subprocess

    if shutil.which("biber") is None:
        pytest.skip("biber is not installed")
    refs = []
    for index, (field, value) in enumerate(values):
        ref = _hostile(field, value)
        if ref is not None:
            refs.append(ref.model_copy(update={"key": f"k{index}"}))
    folder = tmp_path_factory.mktemp("biber")
    (folder / "in.bib").write_text(format_entries(refs, dialect=dialect), encoding="utf-8")
    done = subprocess.run(
        ["biber", "--tool", "--quiet", "--output-file=out.bib", "in.bib"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    back = {key: fields for _, key, fields in _read_back((folder / "out.bib").read_text())}
    assert sorted(back) == sorted(ref.key or "" for ref in refs)
    for ref in refs:
        written = {f.key.lower(): f.value for f in reference_to_entry(ref, dialect=dialect).fields}
        read = {name.lower(): value for name, value in back[ref.key or ""].items()}
        assert set(read) == {BIBER_NAMES.get(name, name) for name in written}, ref.key
        assert {n: _plain(v) for n, v in written.items() if n not in BIBER_NAMES} == {
            n: _plain(v) for n, v in read.items() if n in written
        }


def _plain(value: str) -> str:
    """A value as text: biber's tool mode writes UTF-8 for LaTeX macros, one space for runs
    of spaces, and may compose or decompose accents."""
    import unicodedata

    return unicodedata.normalize("NFC", " ".join(latex_to_unicode(value).split()))


CATALOG = load_catalog()


ALL = CATALOG.select(["all"])


def test_biblatex_article_has_no_publisher() -> None:
    """biber's datamodel check rejected ``publisher`` in a BibLaTeX @article (biber checks
    every export against the data model in tests/test_latex_export.py)."""
    entry = reference_to_entry(CATALOG.get("thomee2016yfcc100m"), dialect="biblatex")
    assert entry.entry_type == "article"
    assert "publisher" not in entry.fields_dict
    # Nor the BibTeX dialect, which users also run through biber (--validate-datamodel).
    bibtex = reference_to_entry(CATALOG.get("thomee2016yfcc100m"))
    assert "publisher" not in bibtex.fields_dict


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_literal_braces_in_a_title_are_never_nested(dialect: str) -> None:
    """Literal braces in a title came out nested (``{{GAN}s}``, PEERS #8)."""
    data = CATALOG.get("goodfellow2014generative").model_dump()
    data["title"] = "The {Weird} Title of {GAN}s"
    ref = Reference.model_validate(data)
    title = reference_to_entry(ref, dialect=dialect).fields_dict["title"].value  # type: ignore[arg-type]
    assert "{{" not in title
    assert title == "The Weird Title of {GANs}"


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_line_breaks_and_tabs_in_a_field_are_spaces_not_deleted(dialect: str) -> None:
    """A record from the API or a TOML multi-line string may hold line breaks."""
    data = CATALOG.get("goodfellow2014generative").model_dump()
    data["booktitle"] = "Advances in Neural\nInformation Processing Systems"
    data["note"] = "See\tthe\r\nerratum"
    fields = reference_to_entry(Reference.model_validate(data), dialect=dialect).fields_dict
    assert fields["booktitle"].value == "Advances in Neural Information Processing Systems"
    assert fields["note"].value == "See the erratum"


BETA_VAE = "β-VAE: Learning Basic Visual Concepts with a Constrained Variational Framework"


def test_biblatex_writes_math_symbols_as_latex() -> None:
    """biber's safeinputenc cannot hand pdflatex a Greek letter ("03b2" and an undefined
    control sequence); LaTeX's own macro works with every engine."""
    data = CATALOG.get("goodfellow2014generative").model_dump()
    data["title"] = BETA_VAE
    entry = reference_to_entry(Reference.model_validate(data), dialect="biblatex")
    assert entry.fields_dict["title"].value.startswith("{{\\ensuremath{\\beta}}-VAE}: ")


def test_greek_letter_title_compiles_with_the_readme_biblatex_preamble(tmp_path: Path) -> None:
    require_tools("pdflatex", "biber", latex_packages=("biblatex.sty",))
    data = CATALOG.get("goodfellow2014generative").model_dump()
    data["title"] = BETA_VAE
    export([Reference.model_validate(data)], "biblatex", tmp_path / "refs.bib")
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n"
        "\\usepackage[backend=biber,safeinputenc]{biblatex}\n\\addbibresource{refs.bib}\n"
        "\\begin{document}\n\\cite{goodfellow2014generative}\n\\printbibliography\n"
        "\\end{document}\n"
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-draftmode", "doc.tex"]
    subprocess.run(latex, cwd=tmp_path, capture_output=True, check=True)
    subprocess.run(["biber", "doc"], cwd=tmp_path, capture_output=True, check=True)
    done = subprocess.run(latex, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:]
    assert "\\beta" in (tmp_path / "doc.bbl").read_text()


@pytest.mark.parametrize("key", ["kingma2014auto", "radford2016unsupervised"])
def test_biblatex_links_an_iclr_paper_to_arxiv_once(key: str) -> None:
    """ICLR 2014/2016 papers live on arXiv: biblatex prints the eprint as a link, so a url to
    the same abstract page printed it twice ("arXiv: 1312.6114 [stat.ML]. url: https://arxiv.org/abs/1312.6114")."""
    ref = CATALOG.get(key)
    assert ref.url == f"https://arxiv.org/abs/{ref.arxiv.id}"
    fields = reference_to_entry(ref, dialect="biblatex").fields_dict
    assert fields["eprint"].value == ref.arxiv.id
    assert "url" not in fields
    # plainnat and friends ignore eprint: there the url is the only link.
    assert reference_to_entry(ref).fields_dict["url"].value == ref.url


@pytest.mark.parametrize("key", ["karras2019style", "esser2021taming"])
def test_biblatex_links_a_doi_once(key: str) -> None:
    """biblatex prints the DOI as a link; a url that is the same DOI's resolver address
    printed it a second time."""
    ref = CATALOG.get(key)
    assert ref.doi and ref.url is None  # the shipped record has none (house style)
    ref = ref.model_copy(update={"url": f"https://doi.org/{ref.doi}"})
    for dialect in ("biblatex", "bibtex"):
        fields = reference_to_entry(ref, dialect=dialect).fields_dict  # type: ignore[arg-type]
        assert fields["doi"].value == ref.doi
        assert "url" not in fields


TRICKY_TITLE = "The ά and ΐ signs: a < b > c | d"


def _tricky() -> Reference:
    return Reference(
        key="tricky2020",
        type=WorkType.JOURNAL_ARTICLE,
        title=TRICKY_TITLE,
        authors=[Person(family="Papadopoulos", given="Ελένη")],
        year=2020,
        journal="Journal of Signs",
    )


@pytest.mark.parametrize(
    ("text", "dialect", "expected"),
    [
        ("a < b", "bibtex", r"a {\textless} b"),
        ("a > b", "biblatex", r"a {\textgreater} b"),
        ("a | b", "bibtex", r"a {\textbar} b"),
        ("ά", "bibtex", r"{\ensuremath{\acute{\alpha}}}"),
        ("ά", "biblatex", r"{\ensuremath{\acute{\alpha}}}"),
        ("ΐ", "bibtex", r"{\ensuremath{\acute{\ddot{\iota}}}}"),
    ],
)
def test_encode_less_greater_bar_and_accented_greek(text: str, dialect: str, expected: str) -> None:
    assert encode_text(text, dialect) == expected  # type: ignore[arg-type]


DOC = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\usepackage{natbib}
\usepackage{url}
\begin{document}
\cite{tricky2020}
\bibliographystyle{plainnat}
\bibliography{refs}
\end{document}
"""


@pytest.mark.latex
def test_tricky_title_compiles_and_prints_its_characters(tmp_path: Path) -> None:
    require_tools("pdflatex", "bibtex", latex_packages=("natbib.sty", "plainnat.bst", "url.sty"))
    (tmp_path / "refs.bib").write_text(format_entries([_tricky()]), encoding="utf-8")
    (tmp_path / "doc.tex").write_text(DOC)
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    for command in (latex, ["bibtex", "doc"], latex, latex):
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout[-2000:]
    blg = (tmp_path / "doc.blg").read_text()
    assert "Warning--" not in blg and "error message" not in blg, blg
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(
        ["pdftotext", "doc.pdf", "-"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "a < b > c | d" in flat, flat
    assert "¡" not in flat and "¿" not in flat
    assert "\u03b1" in flat and "\u03b9" in flat  # alpha and iota, accents aside


def test_software_version_is_a_field_written_by_every_writer() -> None:
    from imgsynth_refs.bibtex import reference_to_entry
    from imgsynth_refs.catalog import load_catalog
    from imgsynth_refs.formats.csl import csl_item

    ref = load_catalog().get("dayma2021dall")
    assert ref.version == "v0.1-alpha" and ref.note is None
    assert "CITATION.cff" in ref.provenance["version"].source
    biblatex = reference_to_entry(ref, dialect="biblatex").fields_dict
    assert biblatex["version"].value == "v0.1-alpha"
    assert "note" not in biblatex
    bibtex = reference_to_entry(ref).fields_dict
    assert bibtex["note"].value == "Version v0.1-alpha"  # no access was recorded
    assert "version" not in bibtex  # plainnat ignores it: the note prints it
    assert csl_item(ref)["version"] == "v0.1-alpha"


def _undated_page(**update: object) -> Reference:
    """A web page as the web resolver makes one that states no date: the year is the
    access year, and provenance names every field but ``year``."""
    from datetime import date

    from imgsynth_refs.models import Provenance

    seen = Provenance(source="https://example.org/page (fetched)", retrieved=date(2026, 11, 26))
    ref = Reference(
        key="doe2026page",
        type=WorkType.WEB_PAGE,
        title="A Page",
        authors=[Person(family="Doe", given="Jane")],
        year=2026,
        url="https://example.org/page",
        urldate=date(2026, 11, 26),
        organization="Example Blog",
        provenance={name: seen for name in ("title", "url", "urldate", "organization")},
    )
    return ref.model_copy(update=update)


def test_access_year_is_no_publication_year_in_biblatex_and_csl() -> None:
    from imgsynth_refs.bibtex import reference_to_entry
    from imgsynth_refs.export import export
    from imgsynth_refs.formats.csl import csl_item

    biblatex = reference_to_entry(_undated_page(), dialect="biblatex").fields_dict
    assert "date" not in biblatex and biblatex["urldate"].value == "2026-11-26"
    item = csl_item(_undated_page())
    assert "issued" not in item and item["accessed"] == {"date-parts": [[2026, 11, 26]]}
    markdown = export([_undated_page()], "markdown", None)
    assert "*Example Blog*, accessed 2026-11-26." in markdown and "2026." not in markdown
    # Plain BibTeX keeps it: plainnat warns "empty year" without one.
    assert reference_to_entry(_undated_page()).fields_dict["year"].value == "2026"


@pytest.mark.parametrize(
    "update",
    [
        {"provenance": {}},  # read from a .bib: nothing says the year is not stated
        {"year": 2025},  # not the access year
        {"type": WorkType.SOFTWARE},  # a release is dated
    ],
)
def test_a_stated_year_is_kept(update: dict[str, object]) -> None:
    from imgsynth_refs.bibtex import reference_to_entry

    ref = _undated_page(**update)
    if "year" in update:
        ref = ref.model_copy(
            update={"provenance": {**ref.provenance, "year": ref.provenance["url"]}}
        )
    assert "date" in reference_to_entry(ref, dialect="biblatex").fields_dict


@pytest.mark.latex
def test_undated_page_compiles_without_warning_in_biblatex(tmp_path: Path) -> None:
    require_tools("pdflatex", "biber", latex_packages=("biblatex.sty",))
    (tmp_path / "refs.bib").write_text(
        format_entries([_undated_page()], dialect="biblatex"), encoding="utf-8"
    )
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage[utf8]{inputenc}"
        "\\usepackage[backend=biber,safeinputenc]{biblatex}\\addbibresource{refs.bib}"
        "\\begin{document}\\cite{doe2026page}\\printbibliography\\end{document}\n"
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-draftmode", "doc.tex"]
    for command in (latex, ["biber", "doc"], latex):
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stdout[-2000:]
    blg = (tmp_path / "doc.blg").read_text()
    assert "WARN" not in blg and "ERROR" not in blg, blg
