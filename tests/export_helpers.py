"""Helpers shared by the tests: external tools that CI must have, the CLI run in-process."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def require_tools(*tools: str, latex_packages: tuple[str, ...] = ()) -> None:
    """Skip the test if a tool is missing, or fail it when ``IMGSYNTH_REFS_REQUIRE_TOOLS``
    is set (CI), so that a missing tool never hides a broken export."""
    needed = [*tools, "kpsewhich"] if latex_packages else list(tools)
    missing = [tool for tool in needed if shutil.which(tool) is None]
    if not missing and latex_packages:
        for package in latex_packages:
            found = subprocess.run(
                ["kpsewhich", package], capture_output=True, text=True, check=False
            )
            if not found.stdout.strip():
                missing.append(package)
    if missing:
        message = f"missing tools: {', '.join(missing)}"
        if os.environ.get("IMGSYNTH_REFS_REQUIRE_TOOLS"):
            pytest.fail(f"{message} (IMGSYNTH_REFS_REQUIRE_TOOLS is set)")
        pytest.skip(message)


def run_tex(command: list[str], cwd: Path) -> str:
    """Run a TeX tool (pdflatex, bibtex, biber) in ``cwd``; fail the test with the end of
    ``doc.log`` (else of its output) unless it succeeds. Returns its standard output."""
    done = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, errors="replace", check=False
    )
    log = cwd / "doc.log"
    detail = log.read_text(errors="replace")[-3000:] if log.exists() else done.stdout[-3000:]
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{detail}\n{done.stderr}"
    return done.stdout


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``imgsynth-refs ARGV`` in-process: (exit status, stdout, stderr)."""
    from imgsynth_refs.cli import main

    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_cli_process(
    *argv: str, cwd: Path | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m imgsynth_refs ARGV`` as a fresh process, as a user runs it (text output)."""
    return subprocess.run(
        [sys.executable, "-m", "imgsynth_refs", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=timeout,
    )


def pandoc_citeproc(cwd: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """``pandoc --citeproc`` rendering ``cwd/doc.md`` with ``cwd/refs.json`` as plain text."""
    return subprocess.run(
        ["pandoc", "--citeproc", "--bibliography=refs.json", "-t", "plain", "doc.md", *options],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


class Terminal:
    """A stand-in stderr that says it is a terminal (tqdm draws on it) and keeps what is written."""

    def __init__(self) -> None:
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self.text += text
        return len(text)

    def flush(self) -> None:
        pass
