"""examples/thesis_bibliography.py runs as a user runs it, offline, and is idempotent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "thesis_bibliography.py"


def run(cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)], cwd=cwd, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def test_thesis_bibliography_example(tmp_path):
    out = run(tmp_path)
    path = tmp_path / "thesis.bib"
    bib = BibFile.read(path)
    catalog = load_catalog()
    expected = {r.key for r in catalog.select(["origins", "gan", "transformer"])}
    expected |= {"rombach2022high", "ruiz2023dreambooth"}
    expected -= {"radford2016unsupervised"}  # already in the file as 'dcgan'
    assert set(bib.keys) == expected | {"dcgan"}
    assert "present  dcgan (same arXiv id 1511.06434)" in out
    assert "check    dcgan: [published-version]" in out
    before = path.read_bytes()
    again = run(tmp_path)
    assert "added" not in again
    assert path.read_bytes() == before
