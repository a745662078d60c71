"""Shared helpers of the thesis tests (add/merge/check): bytes checks, LaTeX runs (tools
required as :func:`export_helpers.require_tools` says), generated .bib files and entries."""

from __future__ import annotations

import subprocess
from pathlib import Path

from hypothesis import strategies as st

from export_helpers import require_tools


def is_subsequence(old: bytes, new: bytes) -> bool:
    """Whether every byte of ``old`` appears in ``new`` in order."""
    remaining = iter(new)
    return all(byte in remaining for byte in old)


def compile_bib(folder: Path, bib: Path, keys: list[str], *, backend: str) -> str:
    """Compile a document citing ``keys`` from ``bib`` with bibtex or biber; the log.

    Fails the test when LaTeX, BibTeX or Biber reports an error.
    """
    packages = ("biblatex.sty",) if backend == "biber" else ()
    require_tools("pdflatex", backend, latex_packages=packages)
    cites = ",".join(keys)
    if backend == "bibtex":
        preamble = "\\usepackage{url}\n"  # web resources print their \url in howpublished
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
    # The first pass only writes what bibtex or biber reads: no PDF (-draftmode).
    logs = []
    for command in ([*run[:-1], "-draftmode", "doc.tex"], [backend, "doc"], run):
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=120)
        logs.append(done.stdout + done.stderr)
        assert done.returncode == 0, f"{command[0]} failed:\n{logs[-1][-3000:]}"
    return "\n".join(logs)


# --------------------------------------------------------------------------- generated .bib files

ACCENTED = ['M{\\"u}ller', 'G\\"{u}nther', "Erd\\H{o}s", "Jos\\'e", "Müller", "Ñúñez", "Łukasz"]
PLAIN = ["Deep", "{GAN}", "learning", "of", "Images", "with", "{\\em Style}", "3D", "à", "ü"]
words = st.sampled_from([*PLAIN, *ACCENTED])
spaces = st.sampled_from([" ", "  ", "\t", "", " \t "])


@st.composite
def values(draw):
    text = " ".join(draw(st.lists(words, min_size=1, max_size=6)))
    return draw(st.sampled_from(["{%s}", '"%s"', "{{%s}}"])) % text


@st.composite
def entries(draw, index):
    key = draw(
        st.sampled_from(["chen2014", "Chen2014", "goodfellow2014generative", "k:x/1", "z"])
    ) + str(index)
    etype = draw(st.sampled_from(["article", "inproceedings", "misc", "Book", "ARTICLE"]))
    names = draw(
        st.lists(st.sampled_from(["title", "author", "year", "note", "Journal"]), unique=True)
    )
    fields = [
        f"{draw(spaces)}{name}{draw(spaces)}={draw(spaces)}{draw(values())}" for name in names
    ]
    if draw(st.booleans()):
        fields.append(f"year = {draw(st.integers(1990, 2030))}")
    separator = draw(st.sampled_from([",\n", ", ", ",\n\t"]))
    trailing = draw(st.sampled_from(["", ",", ",\n"])) if fields else ""
    opener, closer = draw(st.sampled_from([("{", "}"), ("(", ")")]))
    return f"@{etype}{opener}{key},\n" + separator.join(fields) + trailing + f"\n{closer}"


# Catalog works as a user might have them already: another key, another form.
KNOWN_FORMS = [
    "@misc{goodfellow2014generative,\n  title = {Generative Adversarial Nets},\n"
    "  author = {Goodfellow, Ian and others},\n  year = 2014\n}",
    "@article{dcgan, title = {Unsupervised representation learning with deep convolutional"
    " generative adversarial networks}, author = {Radford, Alec and Metz, Luke},"
    " journal = {arXiv preprint arXiv:1511.06434}, year = {2015}}",
    "@article{vaswani, author = {Vaswani, Ashish et al.}, title = {Attention Is All You Need},"
    " journal = {NeurIPS}, year = 2017}",
    "@misc{Esser2021,\n\turl = {https://arxiv.org/pdf/2012.09841v3.pdf},\n\ttitle = {Taming}\n}",
]


@st.composite
def blocks(draw, index):
    kind = draw(
        st.sampled_from(["entry", "entry", "comment", "string", "preamble", "known", "text"])
    )
    if kind == "entry":
        return draw(entries(index))
    if kind == "known":
        return draw(st.sampled_from(KNOWN_FORMS))
    if kind == "comment":
        return "% " + draw(st.sampled_from(["note ü", "TODO: {check}", "latin é", ""]))
    if kind == "string":
        return f"@string{{s{index} = {draw(values())}}}"
    if kind == "preamble":
        return '@preamble{ "\\newcommand{\\noopsort}[1]{}" }'
    return draw(st.sampled_from(["free text between entries", "@comment{jabref-meta: x;}"]))


@st.composite
def bib_files(draw):
    parts = [draw(blocks(i)) for i in range(draw(st.integers(0, 6)))]
    gaps = [draw(st.sampled_from(["\n", "\n\n", "\n \n", "\n\n\n"])) for _ in parts]
    text = "".join(p + g for p, g in zip(parts, gaps, strict=True))
    if parts and draw(st.booleans()):
        text = text.rstrip("\n")  # no newline at the end of the file
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    encoding = draw(st.sampled_from(["utf-8", "latin-1"]))
    if encoding == "latin-1":
        text = text.encode("latin-1", "replace").decode("latin-1")
    return text.encode(encoding)


S2_ENTRY = (
    b"% exported from a service\n"
    b"@['JournalArticle','Conference']{Radford2015UnsupervisedRL,\n"
    b" title={Unsupervised Representation Learning with Deep Convolutional Generative"
    b" Adversarial Networks},\n author={Alec Radford and Luke Metz and Soumith Chintala},\n"
    b" journal={CoRR},\n volume={abs/1511.06434},\n year={2015}\n}\n"
)
"""An entry with the invalid type Semantic Scholar once exported (PEERS.md #11,
allenai/s2-folks #89): BibTeX skips it; bibtexparser reads it as a comment."""
