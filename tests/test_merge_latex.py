"""Merged and fixed files still compile with BibTeX and Biber."""

from __future__ import annotations

import pytest

from imgsynth_refs.bibfile import BibFile, write_bib
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.check import fix_until_stable
from imgsynth_refs.merge import merge_references
from thesis_helpers import compile_bib

HAND_WRITTEN = (
    "% My thesis bibliography, kept by hand since 2019.\r\n"
    "@string{neurips = {Advances in Neural Information Processing Systems}}\r\n"
    '@preamble{ "\\providecommand{\\noopsort}[1]{}" }\r\n\r\n'
    "@inproceedings{mine2019,\r\n"
    '  title     = {Training GANs on M{\\"u}nchen street scenes},\r\n'
    '  author    = {M{\\"u}ller, Karl and Goodfellow, Ian et al.},\r\n'
    "  booktitle = neurips,\r\n"
    "  year      = 2019,\r\n"
    "  url       = {https://arxiv.org/pdf/1511.06434v1.pdf}\r\n"
    "}\r\n"
)


@pytest.mark.latex
@pytest.mark.parametrize(
    ("backend", "dialect"), [("bibtex", "bibtex"), ("biber", "bibtex"), ("biber", "biblatex")]
)
def test_merged_and_fixed_file_compiles(tmp_path, backend, dialect):
    path = tmp_path / "thesis.bib"
    path.write_bytes(HAND_WRITTEN.encode())
    refs = load_catalog().select(["origins", "gan", "transformer", "photoshop"])
    merged = merge_references(BibFile.read(path), refs, sort=backend == "biber", dialect=dialect)
    merged.write(path)
    bib = BibFile.read(path)
    data, fixed = fix_until_stable(bib)
    assert {f.code for f in fixed} >= {"unprotected-acronym", "malformed-authors", "pdf-url"}
    write_bib(path, bib, data)
    keys = ["mine2019", *(ref.key for ref in merged.added)]
    log = compile_bib(tmp_path, path, keys, backend=backend)
    assert "error" not in log.lower().replace("errors=0", "")
    assert (tmp_path / ("doc.bbl")).read_text(encoding="utf-8", errors="replace").count(
        "Goodfellow"
    ) >= 2
