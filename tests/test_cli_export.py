"""The ``export`` and ``eras`` commands; ``-o`` through a symlink, into a pipe, ``-`` as
standard output."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from export_helpers import run_cli_process
from imgsynth_refs.bibtex import reference_to_entry
from imgsynth_refs.bibtex.read import parse_bib
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.cli import main

CATALOG = load_catalog()


def test_export_gan_prints_bibtex() -> None:
    done = run_cli_process("export", "--era", "gan")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    keys = [entry.key for entry in parse_bib(done.stdout, source="stdout")]
    assert keys == [ref.key for ref in CATALOG.select(["gan"])]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["export", "--era", "gans"],
            "unknown era 'gans'; valid: precursors, origins, gan, transformer, photoshop, all",
        ),
        (
            ["export", "--era", "gan", "--format", "ris"],
            "unknown format 'ris'; valid: biblatex, bibtex, csl-json, html, json, markdown, svg",
        ),
        (["export", "-o", "refs.txt"], "cannot tell the format of 'refs.txt'"),
        (["export", "--prefer", "newest"], "invalid choice: 'newest'"),
        (
            ["export", "-o", "missing/folder/refs.bib"],
            "cannot write missing/folder/refs.bib: No such file or directory",
        ),
    ],
)
def test_usage_errors_are_one_line_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    done = run_cli_process(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("bibtex", ".bib"), ("biblatex", ".bib"), ("csl-json", ".json"), ("json", ".json")],
)
def test_export_to_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, suffix: str
) -> None:
    target = tmp_path / f"out{suffix}"
    assert (
        main(["export", "--era", "origins", "--era", "gan", "--format", fmt, "-o", str(target)])
        == 0
    )
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"wrote 7 works to {target}\n"
    text = target.read_text()
    keys = [r.key for r in CATALOG.select(["origins", "gan"])]
    if suffix == ".bib":
        assert [e.key for e in parse_bib(text, source=str(target))] == keys
    else:
        assert [item.get("id", item.get("key")) for item in json.loads(text)] == keys


def test_format_follows_the_output_suffix(tmp_path: Path) -> None:
    target = tmp_path / "reading.md"
    assert main(["export", "--era", "photoshop", "-o", str(target)]) == 0
    assert target.read_text().startswith("# Reading list\n\n## Image synthesis's")


def test_prefer_arxiv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--era", "origins", "--prefer", "arxiv"]) == 0
    text = capsys.readouterr().out
    assert "@misc{goodfellow2014generative," in text
    assert "@inproceedings{krizhevsky2012imagenet," in text  # never posted to arXiv


def test_failed_export_leaves_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "thesis.bib"
    target.write_text("@misc{mine, title={Mine}}\n")

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("simulated failure while formatting")

    monkeypatch.setattr("imgsynth_refs.bibtex.write.reference_to_entry", broken)
    assert main(["export", "--era", "gan", "-o", str(target)]) == 1
    assert "internal error: RuntimeError: simulated failure" in capsys.readouterr().err
    assert target.read_text() == "@misc{mine, title={Mine}}\n"
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.bib"]
    assert main(["export", "--era", "nope", "-o", str(target)]) == 2
    assert target.read_text() == "@misc{mine, title={Mine}}\n"


def test_eras_lists_every_work(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eras"]) == 0
    out = capsys.readouterr().out
    era_lines = [line for line in out.splitlines() if not line.startswith(" ")]
    assert era_lines[: len(CATALOG.eras)] == [f"{e.id}: {e.name} ({e.years})" for e in CATALOG.eras]
    for ref in CATALOG.references:
        assert f"  {ref.key}  {ref.year}  {ref.title}" in out


def test_export_imports_no_network_library() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from imgsynth_refs.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['export', '--era', 'all', '--format', 'markdown'])\n"
        "bad = sorted(m for m in ('requests', 'arxiv', 'requests_cache', 'urllib3')"
        " if m in sys.modules)\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


@pytest.mark.parametrize(
    ("key", "field", "short"),
    [
        ("goodfellow2014generative", "booktitle", "NIPS"),
        ("dhariwal2021diffusion", "booktitle", "NeurIPS"),
        ("karras2019style", "booktitle", "CVPR"),
        ("thomee2016yfcc100m", "journal", "CACM"),
        ("yu2022scaling", "journal", "TMLR"),
    ],
)
def test_short_venues_replace_the_container_with_the_year_correct_short_name(key, field, short):
    from imgsynth_refs import load_catalog
    from imgsynth_refs.export import short_venues

    (ref,) = short_venues([load_catalog().get(key)])
    assert getattr(ref, field) == short


def test_short_venues_leave_web_pages_and_preprints_alone():
    from imgsynth_refs import load_catalog
    from imgsynth_refs.export import short_venues

    catalog = load_catalog()
    refs = [catalog.get("offert2022ten"), catalog.get("ramesh2022hierarchical")]
    assert short_venues(refs) == refs


def test_export_short_venues_flag(capsys):
    from imgsynth_refs import cli

    assert cli.main(["export", "--era", "origins", "--short-venues"]) == 0
    out = capsys.readouterr().out
    assert "booktitle     = {NIPS}," in out
    assert "Advances in Neural" not in out


def test_dalle_mini_is_protected_as_one_name():

    title = reference_to_entry(load_catalog().get("dayma2021dall")).fields_dict["title"].value
    assert title == "{DALL{\\textperiodcentered}E Mini}"


def test_writing_through_a_symlink_updates_the_file_it_points_to(tmp_path: Path) -> None:
    """A symlinked .bib was replaced instead of the file it points to."""
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
    """``-o -`` wrote a file called ``-``."""
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
