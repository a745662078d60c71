"""Export formats: the registry, every format parsing back, and what real clients make of
CSL-JSON (pandoc's title-case styles, ``and others``) and the Markdown reading list."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import TextIO

import pybtex.database
import pytest
from pydantic import TypeAdapter

from export_helpers import pandoc_citeproc, require_tools
from imgsynth_refs import bibtex
from imgsynth_refs.bibtex.read import entry_to_reference, parse_bib
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.commands.export import FORMATS
from imgsynth_refs.errors import UsageError
from imgsynth_refs.export import Writer, available_formats, export, find_writer
from imgsynth_refs.formats.bibtex import BibtexWriter
from imgsynth_refs.formats.csl import CslJsonWriter, csl_item
from imgsynth_refs.formats.markdown import MarkdownWriter, reading_list_links
from imgsynth_refs.models import Person, Reference, WorkType

CATALOG = load_catalog()
ALL = CATALOG.select()


def test_registry_names_match_the_cli() -> None:
    assert sorted(FORMATS) == available_formats()


@pytest.mark.parametrize(
    ("name", "filename", "writer"),
    [
        ("bibtex", None, "bibtex"),
        ("BibLaTeX", None, "biblatex"),
        (None, "thesis/refs.bib", "bibtex"),
        (None, "refs.csl.json", "csl-json"),
        (None, "refs.json", "json"),
        (None, "READING.md", "markdown"),
        ("markdown", "refs.bib", "markdown"),
    ],
)
def test_find_writer(name: str | None, filename: str | None, writer: str) -> None:
    assert find_writer(name, filename=filename).name == writer


@pytest.mark.parametrize(
    ("name", "filename", "message"),
    [
        (
            "ris",
            None,
            "unknown format 'ris'; valid: biblatex, bibtex, csl-json, html, json, markdown, svg",
        ),
        (None, "refs.txt", "cannot tell the format of 'refs.txt'"),
    ],
)
def test_find_writer_errors(name: str | None, filename: str | None, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        find_writer(name, filename=filename)


def test_a_writer_implements_one_method() -> None:
    class Keys(Writer):
        name = "keys-only"

        def write_stream(self, refs: list[Reference], stream: TextIO) -> None:
            stream.write(" ".join(ref.key or "" for ref in refs))

    assert Keys().to_string(ALL[:2]) == f"{ALL[0].key} {ALL[1].key}"
    assert {"to_string", "write_file"}.isdisjoint(vars(BibtexWriter))


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize("prefer", ["published", "arxiv"])
def test_bib_parses_back_with_bibtexparser_and_pybtex(fmt: str, prefer: str) -> None:
    text = export(ALL, fmt, prefer=prefer)  # type: ignore[arg-type]
    entries = parse_bib(text, source=f"{fmt}.bib")
    assert [e.key for e in entries] == [r.key for r in ALL]
    preprint = {r.key: bibtex.is_preprint_form(r, prefer) for r in ALL}  # type: ignore[arg-type]
    titles = [r.arxiv_title if preprint[r.key] else r.title for r in ALL]
    assert [entry_to_reference(e).title for e in entries] == titles
    database = pybtex.database.parse_string(text, "bibtex")
    assert list(database.entries) == [r.key for r in ALL]
    for ref in ALL:
        entry = database.entries[ref.key]
        people = entry.persons.get("author", [])
        authors = ref.arxiv_authors if preprint[ref.key] else ref.authors
        assert len(people) == len(authors)
        for person, expected in zip(people, authors, strict=True):
            assert bibtex.latex_to_unicode(" ".join(person.last_names)) == expected.family


def test_bibtex_is_ascii_and_biblatex_utf8() -> None:
    assert export(ALL, "bibtex").isascii()
    assert "Björn" in export(ALL, "biblatex")


def test_json_parses_back_with_the_models() -> None:
    text = export(ALL, "json")
    assert TypeAdapter(list[Reference]).validate_json(text) == ALL


def test_csl_json_items() -> None:
    items = json.loads(export(ALL, "csl-json"))
    by_id = {item["id"]: item for item in items}
    assert [item["id"] for item in items] == [r.key for r in ALL]
    gan = by_id["goodfellow2014generative"]
    assert gan["type"] == "paper-conference"
    assert gan["issued"] == {"date-parts": [[2014, 12]]}
    assert gan["page"] == "2672-2680"
    assert gan["container-title"] == "Advances in Neural Information Processing Systems"
    types = {item["type"] for item in items}
    assert types <= {
        "paper-conference",
        "article-journal",
        "article",
        "dataset",
        "software",
        "webpage",
        "post-weblog",
    }
    preprints = json.loads(export(ALL, "csl-json", prefer="arxiv"))
    assert {i["type"] for i in preprints if i["id"] == "goodfellow2014generative"} == {"article"}
    assert all("DOI" not in i for i in preprints if i["type"] == "article")


@pytest.mark.parametrize("prefer", ["published", "arxiv"])
def test_csl_json_is_accepted_by_pandoc_citeproc(tmp_path: Path, prefer: str) -> None:
    require_tools("pandoc")
    export(ALL, "csl-json", tmp_path / "refs.json", prefer=prefer)  # type: ignore[arg-type]
    (tmp_path / "doc.md").write_text("Cites " + "; ".join(f"@{r.key}" for r in ALL) + ".\n")
    done = pandoc_citeproc(tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # no "[WARNING] Citeproc: citation ... not found"
    for ref in ALL:
        assert ref.title.split()[-1] in done.stdout
    # pandoc also reads the file as a CSL-JSON document and writes the same ids back.
    again = subprocess.run(
        ["pandoc", "-f", "csljson", "-t", "csljson", "refs.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert [item["id"] for item in json.loads(again.stdout)] == [r.key for r in ALL]


def test_markdown_reading_list() -> None:
    text = export(ALL, "markdown", eras=CATALOG.eras)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == [f"## {e.name} ({e.years})" for e in CATALOG.eras] + ["## Other works"]
    for era in CATALOG.eras:
        section = text.split(f"## {era.name}")[1].split("\n## ")[0]
        items = [line for line in section.splitlines() if line.startswith("- ")]
        refs = CATALOG.select([era.id])
        assert len(items) == len(refs)
        dates = [r.sort_date for r in refs]
        assert dates == sorted(dates)
        for item, ref in zip(items, refs, strict=True):
            assert ref.title.split()[-1].rstrip(".") in item
            assert str(ref.year) in item
    gan = next(line for line in text.splitlines() if "Generative Adversarial Nets" in line)
    assert "Ian Goodfellow" in gan and "*NIPS 2014*" in gan
    assert "[arXiv](https://arxiv.org/abs/1406.2661)" in gan
    assert "[PDF](https://arxiv.org/pdf/1406.2661)" in gan
    assert "[proceedings](https://proceedings.neurips.cc/" in gan


def test_reading_list_links_skip_duplicates() -> None:
    for ref in ALL:
        urls = [url for _, url in reading_list_links(ref)]
        assert len(urls) == len(set(urls))
        if ref.doi:
            assert f"https://doi.org/{ref.doi}" in urls


def test_markdown_writer_takes_eras_from_the_shipped_catalog() -> None:
    assert MarkdownWriter().to_string(CATALOG.select(["gan"])).count("\n## ") == 1


def test_write_file_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_text("% my old file\n")
    export(CATALOG.select(["gan"]), path=target)
    assert target.read_text().startswith("@inproceedings{vaswani2017attention,")
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_failed_export_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "refs.csl.json"
    target.write_bytes(b"old contents\n")
    calls = []

    def fail_on_third(ref: Reference, prefer: str = "published") -> dict[str, object]:
        calls.append(ref.key)
        if len(calls) == 3:
            raise RuntimeError("simulated failure in the middle of an export")
        return {"id": ref.key}

    monkeypatch.setattr("imgsynth_refs.formats.csl.csl_item", fail_on_third)
    with pytest.raises(RuntimeError, match="simulated"):
        export(ALL, path=target)
    assert target.read_bytes() == b"old contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.csl.json"]


def test_failed_rename_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "refs.bib"
    target.write_bytes(b"old\n")

    def no_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device (simulated)")

    monkeypatch.setattr("imgsynth_refs.fileio.os.replace", no_replace)
    with pytest.raises(OSError, match="simulated"):
        export(ALL, path=target)
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_csl_writer_assigns_keys_to_new_records() -> None:
    ref = ALL[0].model_copy(update={"key": None})
    stream = io.StringIO()
    CslJsonWriter().write_stream([ref], stream)
    assert json.loads(stream.getvalue())[0]["id"] == ALL[0].key


def test_unknown_preference() -> None:
    with pytest.raises(UsageError, match="valid: published, arxiv"):
        export(ALL, "bibtex", prefer="newest")  # type: ignore[arg-type]


def test_missing_tools_fail_in_ci_and_skip_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("export_helpers.shutil.which", lambda name: None)
    monkeypatch.setenv("IMGSYNTH_REFS_REQUIRE_TOOLS", "1")
    with pytest.raises(pytest.fail.Exception, match="missing tools: pdflatex, biber"):
        require_tools("pdflatex", "biber")
    monkeypatch.setenv("IMGSYNTH_REFS_REQUIRE_TOOLS", "")
    with pytest.raises(pytest.skip.Exception, match="missing tools: pandoc"):
        require_tools("pandoc")


def test_csl_title_marks_protected_words_nocase() -> None:
    """A title-case CSL style turned ``YFCC100M`` into ``Yfcc100m`` before."""
    item = csl_item(CATALOG.get("thomee2016yfcc100m"))
    assert item["title"] == (
        '<span class="nocase">YFCC100M</span>: The New Data in Multimedia Research'
    )
    item = csl_item(CATALOG.get("dhariwal2021diffusion"))
    assert (
        item["title"] == 'Diffusion Models Beat <span class="nocase">GANs</span> on Image Synthesis'
    )


@pytest.mark.parametrize("style", [None, "modern-language-association.csl"])
def test_title_case_csl_styles_keep_acronyms(tmp_path: Path, style: str | None) -> None:
    """pandoc's default style (Chicago author-date) and MLA title-case every title."""
    require_tools("pandoc")
    export(ALL, "csl-json", tmp_path / "refs.json")
    (tmp_path / "doc.md").write_text("---\nnocite: '@*'\n---\n\nText.\n")
    options: list[str] = []
    if style is not None:
        kpsewhich = shutil.which("kpsewhich")
        found = (
            kpsewhich
            and subprocess.run(
                [kpsewhich, style], capture_output=True, text=True, check=False
            ).stdout.strip()
        )
        if not found:
            pytest.skip(f"{style} is not installed (TeX Live's citation-style-language)")
        options.append(f"--csl={found}")
    done = pandoc_citeproc(tmp_path, *options)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    for word in ("YFCC100M", "GANs", "ImageNet", "CLIP", "DreamBooth", "Bayes"):
        assert word in text
    assert "nocase" not in text


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ([("Goodfellow", "Ian", "")], "Ian Goodfellow."),
        ([("Goodfellow", "Ian", ""), ("others", "", "")], "Ian Goodfellow et al."),
        (
            [("Goodfellow", "Ian", ""), ("Bengio", "Yoshua", ""), ("others", "", "")],
            "Ian Goodfellow, Yoshua Bengio, et al.",
        ),
        (
            [("Kingma", "Diederik P.", ""), ("Smith", "John", "Jr.")],
            "Diederik P. Kingma and John Smith Jr.",
        ),
    ],
)
def test_reading_list_names_end_in_one_period_and_et_al_stands_alone(
    authors: list[tuple[str, str, str]], expected: str
) -> None:
    data = CATALOG.get("goodfellow2014generative").model_dump()
    data["authors"] = [{"family": f, "given": g, "suffix": s} for f, g, s in authors]
    text = export([Reference.model_validate(data)], "markdown", eras=CATALOG.eras)
    item = next(line for line in text.splitlines() if line.startswith("- "))
    assert item.startswith(f"- **GAN**: {expected} “Generative Adversarial Nets”.")


def _with_others() -> Reference:
    people = [Person(family="Goodfellow", given="Ian"), Person(family="others")]
    return Reference(
        key="many2014",
        type=WorkType.JOURNAL_ARTICLE,
        title="A Work With Many Authors",
        authors=people,
        year=2014,
        journal="Journal of Many",
    )


def test_csl_json_keeps_and_others_as_pandocs_literal() -> None:
    from imgsynth_refs.formats.csl import csl_item

    assert csl_item(_with_others())["author"] == [
        {"family": "Goodfellow", "given": "Ian"},
        {"literal": "others"},
    ]


def test_csl_json_and_others_renders_et_al_with_pandoc(tmp_path: Path) -> None:
    require_tools("pandoc")
    from imgsynth_refs.export import export

    export([_with_others()], "csl-json", tmp_path / "refs.json")
    (tmp_path / "doc.md").write_text("See @many2014.\n")
    done = pandoc_citeproc(tmp_path)
    assert done.returncode == 0, done.stderr
    text = " ".join(done.stdout.split())
    assert "Goodfellow et al." in text, text
    assert "others" not in text, text


def test_each_shipped_format_is_registered_by_the_module_the_table_names():
    from imgsynth_refs.export import FORMAT_MODULES

    assert sorted(FORMAT_MODULES) == sorted(FORMATS)
    for name, module in FORMAT_MODULES.items():
        assert find_writer(name).__module__ == f"imgsynth_refs.{module}"


def test_writing_bibtex_imports_neither_the_page_nor_the_figure():
    import subprocess
    import sys

    code = (
        "import sys; from imgsynth_refs.export import find_writer; find_writer('bibtex');"
        "print(sorted(m for m in sys.modules if m.startswith('imgsynth_refs.timeline')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"
