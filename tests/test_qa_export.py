"""QA: what a thesis writer met when using the exports with real clients.

Each test names what went wrong before its fix: a title-case CSL style turned ``YFCC100M``
into ``Yfcc100m``; biber's datamodel check rejected ``publisher`` in BibLaTeX @article;
literal braces in a title came out nested (``{{GAN}s}``, PEERS #8); ``-o`` wrote new files
readable by their owner only and replaced a symlinked .bib instead of the file it points to;
``-o -`` wrote a file called ``-``.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from export_helpers import pandoc_citeproc, require_tools, run_cli_process
from imgsynth_refs.bibtex import reference_to_entry
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.export import export
from imgsynth_refs.fileio import atomic_write_text
from imgsynth_refs.formats.csl import csl_item
from imgsynth_refs.models import Reference

CATALOG = load_catalog()
ALL = CATALOG.select(["all"])


# --------------------------------------------------------------------------- CSL-JSON


def test_csl_title_marks_protected_words_nocase() -> None:
    item = csl_item(CATALOG.get("thomee2016yfcc100m"))
    assert item["title"] == (
        '<span class="nocase">YFCC100M</span>: The New Data in Multimedia Research'
    )
    item = csl_item(CATALOG.get("dhariwal2021diffusion"))
    assert (
        item["title"] == 'Diffusion Models Beat <span class="nocase">GANs</span> on Image Synthesis'
    )


@pytest.mark.parametrize("style", [None, "modern-language-association.csl"])
def test_title_case_csl_styles_keep_acronyms(tmp_path: Path, style: str | None) -> None:
    """pandoc's default style (Chicago author-date) and MLA title-case every title."""
    require_tools("pandoc")
    export(ALL, "csl-json", tmp_path / "refs.json")
    (tmp_path / "doc.md").write_text("---\nnocite: '@*'\n---\n\nText.\n")
    options: list[str] = []
    if style is not None:
        kpsewhich = shutil.which("kpsewhich")
        found = (
            kpsewhich
            and subprocess.run(
                [kpsewhich, style], capture_output=True, text=True, check=False
            ).stdout.strip()
        )
        if not found:
            pytest.skip(f"{style} is not installed (TeX Live's citation-style-language)")
        options.append(f"--csl={found}")
    done = pandoc_citeproc(tmp_path, *options)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    for word in ("YFCC100M", "GANs", "ImageNet", "CLIP", "DreamBooth", "Bayes"):
        assert word in text
    assert "nocase" not in text


# --------------------------------------------------------------------------- BibLaTeX


@pytest.mark.parametrize("prefer", ["published", "arxiv"])
def test_biblatex_fields_fit_biber_datamodel(tmp_path: Path, prefer: str) -> None:
    require_tools("pdflatex", "biber", latex_packages=("biblatex.sty",))
    export(ALL, "biblatex", tmp_path / "refs.bib", prefer=prefer)  # type: ignore[arg-type]
    keys = ",".join(ref.key or "" for ref in ALL)
    (tmp_path / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n"
        "\\usepackage[backend=biber,safeinputenc]{biblatex}\n\\addbibresource{refs.bib}\n"
        f"\\begin{{document}}\n\\cite{{{keys}}}\n\\printbibliography\n\\end{{document}}\n"
    )
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-draftmode", "doc.tex"]
    subprocess.run(latex, cwd=tmp_path, capture_output=True, check=True)
    done = subprocess.run(
        ["biber", "--validate-datamodel", "doc"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    assert done.returncode == 0, done.stdout
    assert not re.findall(r"WARN - .*", done.stdout), done.stdout


def test_biblatex_article_has_no_publisher() -> None:
    entry = reference_to_entry(CATALOG.get("thomee2016yfcc100m"), dialect="biblatex")
    assert entry.entry_type == "article"
    assert "publisher" not in entry.fields_dict
    # Nor the BibTeX dialect, which users also run through biber (--validate-datamodel).
    bibtex = reference_to_entry(CATALOG.get("thomee2016yfcc100m"))
    assert "publisher" not in bibtex.fields_dict


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_literal_braces_in_a_title_are_never_nested(dialect: str) -> None:
    data = CATALOG.get("goodfellow2014generative").model_dump()
    data["title"] = "The {Weird} Title of {GAN}s"
    ref = Reference.model_validate(data)
    title = reference_to_entry(ref, dialect=dialect).fields_dict["title"].value  # type: ignore[arg-type]
    assert "{{" not in title
    assert title == "The Weird Title of {GANs}"


# --------------------------------------------------------------------------- -o FILE


def test_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "refs.bib", "x\n")
    finally:
        os.umask(old)
    assert (tmp_path / "refs.bib").stat().st_mode & 0o777 == 0o644


def test_writing_through_a_symlink_updates_the_file_it_points_to(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "thesis.bib"
    real.parent.mkdir()
    real.write_text("% old\n")
    link = tmp_path / "thesis.bib"
    link.symlink_to(real)
    done = run_cli_process("export", "--era", "gan", "-o", "thesis.bib", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink()
    assert real.read_text().startswith("@inproceedings{vaswani2017attention,")
    assert sorted(p.name for p in real.parent.iterdir()) == ["thesis.bib"]


def test_output_dash_is_standard_output(tmp_path: Path) -> None:
    done = run_cli_process("export", "--era", "gan", "-o", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("@inproceedings{vaswani2017attention,")
    assert list(tmp_path.iterdir()) == []
    done = run_cli_process(
        "export", "--era", "gan", "--format", "markdown", "-o", "-", cwd=tmp_path
    )
    assert done.stdout.startswith("# Reading list")


def test_empty_output_name_is_a_usage_error(tmp_path: Path) -> None:
    done = run_cli_process("export", "--era", "gan", "-o", "", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == "imgsynth-refs: error: -o needs a file name\n"


@pytest.mark.parametrize("dialect", ["bibtex", "biblatex"])
def test_line_breaks_and_tabs_in_a_field_are_spaces_not_deleted(dialect: str) -> None:
    """A record from the API or a TOML multi-line string may hold line breaks."""
    data = CATALOG.get("goodfellow2014generative").model_dump()
    data["booktitle"] = "Advances in Neural\nInformation Processing Systems"
    data["note"] = "See\tthe\r\nerratum"
    fields = reference_to_entry(Reference.model_validate(data), dialect=dialect).fields_dict
    assert fields["booktitle"].value == "Advances in Neural Information Processing Systems"
    assert fields["note"].value == "See the erratum"


# --------------------------------------------------------------------------- Markdown


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ([("Goodfellow", "Ian", "")], "Ian Goodfellow."),
        ([("Goodfellow", "Ian", ""), ("others", "", "")], "Ian Goodfellow et al."),
        (
            [("Goodfellow", "Ian", ""), ("Bengio", "Yoshua", ""), ("others", "", "")],
            "Ian Goodfellow, Yoshua Bengio, et al.",
        ),
        (
            [("Kingma", "Diederik P.", ""), ("Smith", "John", "Jr.")],
            "Diederik P. Kingma and John Smith Jr.",
        ),
    ],
)
def test_reading_list_names_end_in_one_period_and_et_al_stands_alone(
    authors: list[tuple[str, str, str]], expected: str
) -> None:
    data = CATALOG.get("goodfellow2014generative").model_dump()
    data["authors"] = [{"family": f, "given": g, "suffix": s} for f, g, s in authors]
    text = export([Reference.model_validate(data)], "markdown", eras=CATALOG.eras)
    item = next(line for line in text.splitlines() if line.startswith("- "))
    assert item.startswith(f"- **GAN**: {expected} “Generative Adversarial Nets”.")


# --------------------------------------------------------------------------- Greek letters

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


# --------------------------------------------------------------------------- arXiv once


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


def test_output_to_a_pipe_writes_into_it_and_keeps_it(tmp_path: Path) -> None:
    """``-o /dev/stdout``, ``-o >(gzip > x.gz)`` or a FIFO: no rename may replace them (as
    root, a rename over ``-o /dev/null`` would replace the device with a regular file)."""
    fifo = tmp_path / "pipe.bib"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        done = run_cli_process(
            "export", "--era", "gan", "--format", "bibtex", "-o", str(fifo), cwd=tmp_path
        )
        assert done.returncode == 0, done.stderr
        data = os.read(reader, 1 << 16)
    finally:
        os.close(reader)
    assert data.startswith(b"@inproceedings{vaswani2017attention,")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.bib"]


def test_a_read_only_file_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename replaces a file its owner made read-only (chmod 444) without asking; for a
    user other than root the write must fail as a direct write would. (Tests run as root here,
    so the permission check is simulated.)"""
    target = tmp_path / "thesis.bib"
    target.write_text("% protected\n")
    target.chmod(0o444)
    monkeypatch.setattr("imgsynth_refs.fileio.os.access", lambda path, mode: False)
    with pytest.raises(PermissionError):
        atomic_write_text(target, "new\n")
    assert target.read_text() == "% protected\n"
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.bib"]
