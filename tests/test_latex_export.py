"""Real clients: every era's export compiled with pdflatex + bibtex (natbib, plainnat) and
with pdflatex + biblatex + biber; the .blg logs must show no error and no warning. Biber
reads every era's file in one run (one refsection each), since its start-up is most of
its time."""

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


def _compile_bibtex(tmp_path: Path, era: str, prefer: str) -> tuple[str, str]:
    """pdflatex + bibtex + pdflatex over one era's BibTeX export: (the .blg, the .bbl)."""
    refs = CATALOG.select([era])
    export(refs, "bibtex", tmp_path / "refs.bib", prefer=prefer)  # type: ignore[arg-type]
    keys = ",".join(ref.key or "" for ref in refs)
    (tmp_path / "doc.tex").write_text(BIBTEX_DOC % {"keys": keys})
    # -draftmode: typeset and log everything, but write no PDF (no font generation).
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-draftmode", "doc.tex"]
    run_tex(latex, tmp_path)
    run_tex(["bibtex", "doc"], tmp_path)
    run_tex(latex, tmp_path)
    return (tmp_path / "doc.blg").read_text(errors="replace"), (tmp_path / "doc.bbl").read_text(
        errors="replace"
    )


@pytest.mark.parametrize("era", ERAS)
def test_bibtex_natbib_plainnat(tmp_path: Path, era: str) -> None:
    require_tools("pdflatex", "bibtex", latex_packages=("natbib.sty", "plainnat.bst", "url.sty"))
    blg, bbl = _compile_bibtex(tmp_path, era, "published")
    assert not re.search(r"^Warning--|error message|warnings?\)", blg, re.MULTILINE), blg
    for ref in CATALOG.select([era]):
        assert f"]{{{ref.key}}}" in bbl  # \bibitem[label]{key}


BIBLATEX_SECTIONS_DOC = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\usepackage[backend=biber,safeinputenc]{biblatex}
\begin{document}
%(sections)s\end{document}
"""
BIBLATEX_SECTION = r"""\begin{refsection}[%(name)s.bib]
Works: \cite{%(keys)s}.
\printbibliography
\end{refsection}
"""
# (section, era, prefer): every era as published, and every work in its preprint form.
SECTIONS = [*((era, era, "published") for era in ERAS), ("all-arxiv", "all", "arxiv")]


@pytest.fixture(scope="module")
def biber_sections(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str]]:
    """One pdflatex + biber + pdflatex run over the BibLaTeX export of every section of
    :data:`SECTIONS`, each file in its own refsection, biber checking every entry against
    biblatex's data model (a field an entry type lacks is a WARN): (the .blg log, each
    section's part of the .bbl)."""
    require_tools("pdflatex", "biber", latex_packages=("biblatex.sty",))
    folder = tmp_path_factory.mktemp("biber-sections")
    sections = []
    for name, era, prefer in SECTIONS:
        refs = CATALOG.select([era])
        export(refs, "biblatex", folder / f"{name}.bib", prefer=prefer)  # type: ignore[arg-type]
        keys = ",".join(ref.key or "" for ref in refs)
        sections.append(BIBLATEX_SECTION % {"name": name, "keys": keys})
    (folder / "doc.tex").write_text(BIBLATEX_SECTIONS_DOC % {"sections": "".join(sections)})
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-draftmode", "doc.tex"]
    run_tex(latex, folder)
    run_tex(["biber", "--validate-datamodel", "doc"], folder)
    run_tex(latex, folder)
    bbl = (folder / "doc.bbl").read_text(errors="replace")
    # Section 0 is the document's own; the refsections follow in order from 1.
    parts = {}
    for number, (name, _, _) in enumerate(SECTIONS, start=1):
        found = re.search(
            re.escape(f"\\refsection{{{number}}}") + r"(.*?)\\endrefsection", bbl, re.S
        )
        assert found, f"no refsection {number} ({name}) in the .bbl:\n{bbl}"
        parts[name] = found.group(1)
    return (folder / "doc.blg").read_text(errors="replace"), parts


@pytest.mark.parametrize(("section", "era"), [(name, era) for name, era, _ in SECTIONS])
def test_biblatex_biber(biber_sections: tuple[str, dict[str, str]], section: str, era: str) -> None:
    blg, bbl = biber_sections
    assert not re.search(r"\b(WARN|ERROR)\b", blg), blg
    assert f"{section}.bib" in blg  # biber read the section's file
    for ref in CATALOG.select([era]):
        assert f"\\entry{{{ref.key}}}" in bbl[section]


def test_preprint_form_compiles_with_bibtex(tmp_path: Path) -> None:
    require_tools("pdflatex", "bibtex", latex_packages=("natbib.sty", "plainnat.bst"))
    blg, _ = _compile_bibtex(tmp_path, "all", "arxiv")
    assert not re.search(r"^Warning--|error message", blg, re.MULTILINE), blg
