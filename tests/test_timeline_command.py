"""``imgsynth-refs timeline FILE.bib``: the page or the figure from a user's .bib."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import lxml.html
import pytest

from export_helpers import run_cli, run_cli_process
from sources_helpers import FIXTURES

KEYWORDS = FIXTURES / "bib" / "keywords.bib"


def test_a_bib_becomes_a_page_grouped_by_year(tmp_path: Path, capsys) -> None:
    out = tmp_path / "thesis.html"
    status, stdout, err = run_cli(capsys, "timeline", str(KEYWORDS), "-o", str(out))
    assert (status, stdout) == (0, "")
    assert err == f"wrote 5 works to {out}\n"
    doc = lxml.html.document_fromstring(out.read_text(encoding="utf-8"))
    assert doc.findtext(".//title") == "Reading list: keywords.bib"
    assert [h.text.strip() for h in doc.cssselect("section.era > h2")] == ["2015", "2024", "2025"]
    assert "grouped by year" in doc.cssselect(".intro")[0].text_content()


def test_grouped_by_keywords_with_a_title_to_standard_output(capsys) -> None:
    status, stdout, _ = run_cli(
        capsys, "timeline", str(KEYWORDS), "--group-by", "keywords", "--title", "My <reading>"
    )
    assert status == 0
    doc = lxml.html.document_fromstring(stdout)
    assert doc.findtext(".//h1") == "My <reading>"
    assert [h.text.strip() for h in doc.cssselect("section.era > h2")] == [
        "diffusion models",
        "diffusion process",
        "gan",
        "No keywords",
    ]


def test_the_figure_from_the_suffix(tmp_path: Path, capsys) -> None:
    out = tmp_path / "thesis.svg"
    status, _, _ = run_cli(capsys, "timeline", str(KEYWORDS), "-o", str(out))
    assert status == 0
    root = ET.parse(out).getroot()
    labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Noise Matters" in labels and "DiffusionE" in labels


def test_unreadable_entries_are_listed_and_the_rest_written(tmp_path: Path, capsys) -> None:
    bib = tmp_path / "thesis.bib"
    bib.write_bytes(KEYWORDS.read_bytes() + b"\n@misc{undated, title = {No year}}\n")
    out = tmp_path / "thesis.html"
    status, _, err = run_cli(capsys, "timeline", str(bib), "-o", str(out))
    assert status == 1
    skipped, wrote = err.splitlines()
    assert skipped.startswith(f"imgsynth-refs: skipped: {bib}: record 'undated'")
    assert wrote == f"wrote 5 works to {out}"
    assert out.read_text(encoding="utf-8").count('<li class="card"') == 5


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["missing.bib"], 1, "missing.bib: cannot read"),
        (["bad.bib"], 1, "bad.bib:1: "),
        ([str(KEYWORDS), "--group-by", "key words"], 2, "not a field name"),
        ([str(KEYWORDS), "--format", "pdf"], 2, "invalid choice"),
        ([str(KEYWORDS), "-o", "no/such/dir/x.html"], 2, "cannot write no/such/dir/x.html"),
        ([str(KEYWORDS), "-o", ""], 2, "-o needs a file name"),
        ([str(KEYWORDS), "-o", "thesis.md"], 2, "cannot tell the format of 'thesis.md'"),
    ],
)
def test_bad_input_is_one_line_and_an_exit_status(tmp_path: Path, args, status, message) -> None:
    (tmp_path / "bad.bib").write_text("@article{a,\n  title = {Open\n", encoding="utf-8")
    done = run_cli_process("timeline", *args, cwd=tmp_path)
    assert done.returncode == status
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert message in done.stderr


def test_the_command_imports_no_network_library(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from imgsynth_refs.cli import main\n"
        f"assert main(['timeline', {str(KEYWORDS)!r}, '-o', {str(tmp_path / 'x.html')!r}]) == 0\n"
        "print(sorted(m for m in ('requests', 'arxiv', 'urllib3') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
