"""Real clients: ``export --era all`` compiled with every standard BibTeX style (pdflatex +
bibtex) and with biblatex's authoryear, numeric and ieee styles (pdflatex + biber
``--validate-datamodel``), and biber on the BibTeX dialect too. No tool may warn, and the
PDF (read with pdftotext) must show every entry's venue or, for a preprint, data set,
software or web page, its arXiv id, DOI or URL."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from export_helpers import require_tools, run_tex
from imgsynth_refs import cli
from imgsynth_refs.bibtex import latex_to_unicode
from imgsynth_refs.bibtex.read import parse_bib

pytestmark = pytest.mark.latex

BIBTEX_STYLES = ("plain", "unsrt", "alpha", "abbrv", "ieeetr", "apalike", "acm", "siam", "plainnat")
BIBLATEX_STYLES = ("authoryear", "numeric", "ieee")
# (export dialect, bibliography tool, style); users also run biber on the BibTeX dialect.
JOBS = [
    *(("bibtex", "bibtex", style) for style in BIBTEX_STYLES),
    *(("biblatex", "biber", style) for style in BIBLATEX_STYLES),
    ("bibtex", "biber", "numeric"),
]
Compiled = dict[tuple[str, str, str], tuple[str, str]]

# apalike and plainnat are author-year styles: natbib gives them their citation commands. No
# page numbers, which pdftotext would set amid an entry broken across pages.
BIBTEX_DOC = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
%(natbib)s
\usepackage{url}
\pagestyle{empty}
\begin{document}
\nocite{*}
\bibliographystyle{%(style)s}
\bibliography{refs}
\end{document}
"""
BIBLATEX_DOC = r"""\documentclass{article}
\usepackage[utf8]{inputenc}
\usepackage[backend=biber,style=%(style)s,safeinputenc]{biblatex}
\addbibresource{refs.bib}
\pagestyle{empty}
\begin{document}
\nocite{*}
\printbibliography
\end{document}
"""


def _compile(root: Path, dialect: str, engine: str, style: str) -> tuple[str, str]:
    """(the .blg log, the PDF's text) of one style."""
    folder = root / f"{dialect}-{engine}-{style}"
    folder.mkdir()
    (folder / "refs.bib").write_text((root / f"{dialect}.bib").read_text(encoding="utf-8"))
    if engine == "bibtex":
        natbib = r"\usepackage{natbib}" if style in ("apalike", "plainnat") else ""
        (folder / "doc.tex").write_text(BIBTEX_DOC % {"natbib": natbib, "style": style})
        tool = ["bibtex", "doc"]
    else:
        (folder / "doc.tex").write_text(BIBLATEX_DOC % {"style": style})
        tool = ["biber", "--validate-datamodel", "doc"]
    latex = ["pdflatex", "-interaction=nonstopmode", "-halt-on-error"]
    run_tex([*latex, "-draftmode", "doc.tex"], folder)
    run_tex(tool, folder)
    run_tex([*latex, "doc.tex"], folder)
    text = subprocess.run(
        ["pdftotext", "-nopgbrk", "doc.pdf", "-"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return (folder / "doc.blg").read_text(errors="replace"), text


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Compiled]]:
    """Every style compiled once, two at a time (the machines have two cores)."""
    require_tools(
        "pdflatex",
        "bibtex",
        "biber",
        "pdftotext",
        latex_packages=("natbib.sty", "url.sty", "biblatex.sty", "ieee.bbx", "plainnat.bst"),
    )
    root = tmp_path_factory.mktemp("styles")
    for dialect in ("bibtex", "biblatex"):
        status = cli.main(
            ["export", "--era", "all", "--format", dialect, "-o", str(root / f"{dialect}.bib")]
        )
        assert status == 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda job: _compile(root, *job), JOBS))
    yield root, dict(zip(JOBS, results, strict=True))


def _squash(text: str) -> str:
    """Text as compared: ligatures and dashes undone, without spaces and hyphens (styles
    break URLs and words at line ends, ieee spaces a DOI's dots)."""
    text = unicodedata.normalize("NFKC", text).replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"[\s\-\u00ad]+", "", text)


def _findable(dialect: str, root_bib: str) -> Counter[str]:
    """What each entry must show: its booktitle or journal; else its arXiv id, DOI or URL."""
    wanted: Counter[str] = Counter()
    for entry in parse_bib(root_bib, source=f"{dialect}.bib"):
        fields = {field.key: str(field.value) for field in entry.fields}
        venue = fields.get("booktitle") or fields.get("journal") or fields.get("journaltitle")
        found = re.search(r"\\url\{([^}]*)\}", fields.get("howpublished", ""))
        locator = fields.get("eprint") or fields.get("doi") or fields.get("url")
        shown = latex_to_unicode(venue) if venue else (found[1] if found else locator)
        assert shown, entry.key
        wanted[_squash(shown)] += 1
    return wanted


@pytest.mark.parametrize(("dialect", "engine", "style"), JOBS)
def test_style_compiles_without_warnings_and_shows_where_to_find_each_work(
    compiled: tuple[Path, Compiled], dialect: str, engine: str, style: str
) -> None:
    root, results = compiled
    blg, text = results[(dialect, engine, style)]
    assert not re.search(r"^Warning--|error message|warnings?\)|\b(?:WARN|ERROR)\b", blg, re.M), blg
    wanted = _findable(dialect, (root / f"{dialect}.bib").read_text(encoding="utf-8"))
    shown = _squash(text)
    missing = {needle: n for needle, n in wanted.items() if shown.count(needle) < n}
    assert missing == {}, text
