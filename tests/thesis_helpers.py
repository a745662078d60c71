"""Shared helpers of the thesis tests (add/merge/check): bytes checks and LaTeX runs."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def is_subsequence(old: bytes, new: bytes) -> bool:
    """Whether every byte of ``old`` appears in ``new`` in order."""
    remaining = iter(new)
    return all(byte in remaining for byte in old)


def need_tools(*tools: str) -> None:
    """Skip when a tool is missing, but fail when IMGSYNTH_REFS_REQUIRE_TOOLS is set (CI)."""
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        message = f"missing tools: {', '.join(missing)}"
        if os.environ.get("IMGSYNTH_REFS_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)


def compile_bib(folder: Path, bib: Path, keys: list[str], *, backend: str) -> str:
    """Compile a document citing ``keys`` from ``bib`` with bibtex or biber; the log.

    Fails the test when LaTeX, BibTeX or Biber reports an error.
    """
    need_tools("pdflatex", backend)
    cites = ",".join(keys)
    if backend == "bibtex":
        preamble = ""
        tail = f"\\bibliographystyle{{plain}}\n\\bibliography{{{bib.stem}}}\n"
    else:
        preamble = f"\\usepackage[backend=biber]{{biblatex}}\n\\addbibresource{{{bib.name}}}\n"
        tail = "\\printbibliography\n"
    document = (
        "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage[utf8]{inputenc}\n"
        f"{preamble}\\begin{{document}}\n\\nocite{{{cites}}}\n{tail}\\end{{document}}\n"
    )
    (folder / "doc.tex").write_text(document, encoding="utf-8")
    run = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
    logs = []
    for command in (run, [backend, "doc"], run):
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120)
        logs.append(done.stdout + done.stderr)
        assert done.returncode == 0, f"{command[0]} failed:\n{logs[-1][-3000:]}"
    return "\n".join(logs)
