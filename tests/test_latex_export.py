"""Real clients: every era's export compiled with pdflatex + bibtex (natbib, plainnat) and
with pdflatex + biblatex + biber; the .blg logs must show no error and no warning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from export_helpers import require_tools, run_tex
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.export import export

pytestmark = pytest.mark.latex

CATALOG = load_catalog()
ERAS = [*CATALOG.era_ids, "all"]

# Preambles a thesis would use. natbib's plainnat wraps DOIs and URLs in \doi/\url, which
# need the url package; with pdflatex, biblatex asks biber for LaTeX macros where the
# input encoding lacks a character (safeinputenc), since the BibLaTeX export keeps UTF-8.
BIBTEX_DOC = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\usepackage[numbers]{natbib}
\usepackage{url}
\begin{document}
Works: \cite{%(keys)s}.
\bibliographystyle{plainnat}
\bibliography{refs}
\end{document}
"""
BIBLATEX_DOC = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\usepackage[backend=biber,safeinputenc]{biblatex}
\addbibresource{refs.bib}
\begin{document}
Works: \cite{%(keys)s}.
\printbibliography
\end{document}
"""


def _compile(tmp_path: Path, engine: str, era: str, prefer: str) -> tuple[str, str]:
    refs = CATALOG.select([era])
    fmt = "bibtex" if engine == "bibtex" else "biblatex"
    export(refs, fmt, tmp_path / "refs.bib", prefer=prefer)  # type: ignore[arg-type]
    keys = ",".join(ref.key or "" for ref in refs)
    template = BIBTEX_DOC if engine == "bibtex" else BIBLATEX_DOC
    (tmp_path / "doc.tex").write_text(template % {"keys": keys})
    # -draftmode: typeset and log everything, but write no PDF (no font generation).
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-draftmode", "doc.tex"]
    run_tex(latex, tmp_path)
    run_tex([engine, "doc"], tmp_path)
    run_tex(latex, tmp_path)
    return (tmp_path / "doc.blg").read_text(errors="replace"), (tmp_path / "doc.bbl").read_text(
        errors="replace"
    )


@pytest.mark.parametrize("era", ERAS)
def test_bibtex_natbib_plainnat(tmp_path: Path, era: str) -> None:
    require_tools("pdflatex", "bibtex", latex_packages=("natbib.sty", "plainnat.bst", "url.sty"))
    blg, bbl = _compile(tmp_path, "bibtex", era, "published")
    assert not re.search(r"^Warning--|error message|warnings?\)", blg, re.MULTILINE), blg
    for ref in CATALOG.select([era]):
        assert f"]{{{ref.key}}}" in bbl  # \bibitem[label]{key}


@pytest.mark.parametrize("era", ERAS)
def test_biblatex_biber(tmp_path: Path, era: str) -> None:
    require_tools("pdflatex", "biber", latex_packages=("biblatex.sty",))
    blg, bbl = _compile(tmp_path, "biber", era, "published")
    assert not re.search(r"\b(WARN|ERROR)\b", blg), blg
    for ref in CATALOG.select([era]):
        assert f"\\entry{{{ref.key}}}" in bbl


@pytest.mark.parametrize("engine", ["bibtex", "biber"])
def test_preprint_form_compiles(tmp_path: Path, engine: str) -> None:
    packages = ("natbib.sty", "plainnat.bst") if engine == "bibtex" else ("biblatex.sty",)
    require_tools("pdflatex", engine, latex_packages=packages)
    blg, _ = _compile(tmp_path, engine, "all", "arxiv")
    assert not re.search(r"^Warning--|\b(WARN|ERROR)\b|error message", blg, re.MULTILINE), blg
