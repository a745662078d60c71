"""The export examples run as a user runs them, from another directory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from imgsynth_refs.bibtex.read import parse_bib
from imgsynth_refs.catalog import load_catalog

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CATALOG = load_catalog()


def _run(script: str, *args: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def test_gan_reading_list(tmp_path: Path) -> None:
    out = _run("export_gan_reading_list.py", str(tmp_path / "out"), cwd=tmp_path)
    gan = CATALOG.select(["gan"])
    bib = (tmp_path / "out" / "gan.bib").read_text()
    assert [e.key for e in parse_bib(bib, source="gan.bib")] == [r.key for r in gan]
    markdown = (tmp_path / "out" / "gan.md").read_text()
    assert "## Five years of GANs (2015-2020)" in markdown
    assert all(ref.key in out for ref in gan)


def test_every_era(tmp_path: Path) -> None:
    _run("export_every_era.py", str(tmp_path), "--prefer", "arxiv", cwd=tmp_path)
    for era in CATALOG.eras:
        text = (tmp_path / f"{era.id}.bib").read_text()
        keys = [e.key for e in parse_bib(text, source=f"{era.id}.bib")]
        assert keys == [r.key for r in CATALOG.select([era.id])]
    items = json.loads((tmp_path / "all.csl.json").read_text())
    assert len(items) == len(CATALOG.references)
    by_id = {item["id"]: item for item in items}
    assert by_id["goodfellow2014generative"]["type"] == "article"  # the preprint


def test_custom_format(tmp_path: Path) -> None:
    out = _run("export_custom_format.py", cwd=tmp_path)
    gan = CATALOG.select(["gan"])
    assert (
        out.splitlines()[0] == f"{gan[0].key}: {gan[0].first_author_family} et al. ({gan[0].year})"
    )
    assert len(out.splitlines()) == len(gan)
