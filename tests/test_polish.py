"""Defects found in the QA round, each pinned by the test that failed before its fix."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from export_helpers import Terminal, pandoc_citeproc, require_tools
from imgsynth_refs.bibtex import encode_text, format_entries
from imgsynth_refs.models import Person, Reference, WorkType

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


def _with_others() -> Reference:
    people = [Person(family="Goodfellow", given="Ian"), Person(family="others")]
    return Reference(
        key="many2014",
        type=WorkType.JOURNAL_ARTICLE,
        title="A Work With Many Authors",
        authors=people,
        year=2014,
        journal="Journal of Many",
    )


def test_csl_json_keeps_and_others_as_pandocs_literal() -> None:
    from imgsynth_refs.formats.csl import csl_item

    assert csl_item(_with_others())["author"] == [
        {"family": "Goodfellow", "given": "Ian"},
        {"literal": "others"},
    ]


def test_csl_json_and_others_renders_et_al_with_pandoc(tmp_path: Path) -> None:
    require_tools("pandoc")
    from imgsynth_refs.export import export

    export([_with_others()], "csl-json", tmp_path / "refs.json")
    (tmp_path / "doc.md").write_text("See @many2014.\n")
    done = pandoc_citeproc(tmp_path)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "Goodfellow et al." in text, text
    assert "others" not in text, text


SICI = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
SICI_URL = "https://doi.org/10.1002/(sici)1097-4571(199806)49:8%3C693::aid-asi4%3E3.0.co;2-0"


def test_extract_binary_file_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from export_helpers import run_cli

    blob = tmp_path / "figure.png"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR arXiv:1511.06434")
    status, out, err = run_cli(capsys, "extract", str(blob))
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1 and str(blob) in err and "binary" in err, err


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_extract_counts_every_line_ending(newline: str) -> None:
    from imgsynth_refs.extract import extract, extract_text

    text = newline.join(["intro", "", "see arXiv:1511.06434", "and 10.1145/3065386"])
    assert [w.line for w in extract_text(text)] == [3, 4]
    assert [w.line for w in extract([("notes.txt", text)])] == [3, 4]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_extract_bib_counts_every_line_ending(newline: str) -> None:
    from imgsynth_refs.extract import extract_bib

    text = newline.join(
        ["% refs", "@article{a,", "  title = {T},", "  doi = {10.1145/3065386}", "}"]
    )
    assert [w.line for w in extract_bib(text)] == [4]


def test_extract_sici_doi_as_whole_argument(capsys: pytest.CaptureFixture[str]) -> None:
    from export_helpers import run_cli

    status, out, _ = run_cli(capsys, "extract", SICI)
    assert status == 0
    assert out.split("\t")[2:] == [SICI.lower(), SICI_URL + "\n"]


def test_extract_sici_doi_in_bib_doi_field() -> None:
    from imgsynth_refs.extract import extract_bib

    works = extract_bib("@article{a,\n  title = {T},\n  doi = {" + SICI + "},\n}\n")
    assert [(w.id, w.url) for w in works] == [(SICI.lower(), SICI_URL)]


def test_resolve_progress_counts_works_and_published_searches_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    from imgsynth_refs.commands.resolve import _Progress

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = _Progress()
    for done in range(10):
        bar(done, 9)  # nine works
    for done in range(9, 15):
        bar(done, 14)  # then five searches for published versions
    bar.close()
    final = terminal.text.split("\r")[-1]
    assert "14/14" in final
    assert "9 works + 5 published-version searches" in final, final
    assert "work/s" not in terminal.text and "14/14 work" not in terminal.text


def test_resolve_dev_null_is_an_empty_input(capsys: pytest.CaptureFixture[str]) -> None:
    from export_helpers import run_cli

    status, out, err = run_cli(capsys, "resolve", "/dev/null", "--offline")
    assert status == 1
    assert out == ""
    assert "/dev/null: no links or identifiers found in the file" in err, err
    assert "no such file" not in err


def test_resolve_summary_names_catalog_store_and_sources(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from export_helpers import run_cli

    status, _out, err = run_cli(capsys, "resolve", "arXiv:1406.2661", "--offline")
    assert status == 0, err
    assert (
        "resolved 1 work (1 from the shipped bibliography, 0 from the record store, "
        "0 from the sources), 0 failed, 0 requests (offline)"
    ) in err


UNPROTECTED = b"@misc{g,\n  title = {Training GANs},\n  author = {A, B}\n}\n"


def test_check_fix_dry_run_prints_the_diff_on_stdout_like_merge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from export_helpers import run_cli

    path = tmp_path / "thesis.bib"
    path.write_bytes(UNPROTECTED)
    status, out, err = run_cli(capsys, "check", str(path), "--offline", "--fix", "--dry-run")
    assert status == 0  # the status is the fixed file's: nothing left
    assert out.startswith("---") and "+  title = {Training {GANs}}," in out, out
    assert "would fix: " in err and "+  title" not in err
    assert path.read_bytes() == UNPROTECTED


def test_check_fix_dry_run_json_holds_the_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from export_helpers import run_cli

    path = tmp_path / "thesis.bib"
    path.write_bytes(UNPROTECTED)
    status, out, err = run_cli(
        capsys, "check", str(path), "--offline", "--fix", "--dry-run", "--format", "json"
    )
    assert status == 0
    payload = json.loads(out)
    assert "+  title = {Training {GANs}}," in payload["diff"]
    assert "+  title" not in err
    assert path.read_bytes() == UNPROTECTED


def test_check_help_says_where_the_diff_goes(capsys: pytest.CaptureFixture[str]) -> None:
    from imgsynth_refs.cli import main

    with pytest.raises(SystemExit):
        main(["check", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "diff on standard output" in text and '"diff"' in text, text


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


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_software_version_reads_back(dialect: str) -> None:
    from imgsynth_refs.bibtex import entry_to_reference, format_entries, parse_bib
    from imgsynth_refs.catalog import load_catalog

    ref = load_catalog().get("dayma2021dall")
    text = format_entries([ref], dialect=dialect)  # type: ignore[arg-type]
    back = entry_to_reference(parse_bib(text, source="t.bib")[0])
    assert back.version == "v0.1-alpha"


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
