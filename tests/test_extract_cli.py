"""The ``extract`` command: text and JSON output, inputs, and errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from export_helpers import run_cli, run_cli_process
from imgsynth_refs import cli, fileio
from test_extract import SICI, SICI_URL

ARTICLE = Path(__file__).parent / "fixtures" / "article" / "article.md"
KEYS = ["kind", "id", "version", "url", "found", "line", "reason"]


def test_registered_in_cli():
    assert "extract" in cli.COMMAND_MODULES


def test_json_contract_on_the_article(capsys):
    status, out, err = run_cli(capsys, "extract", str(ARTICLE), "--format", "json")
    assert (status, err) == (0, "")
    items = json.loads(out)
    assert len(items) == 17
    assert all(list(item) == KEYS for item in items)
    assert items[0] == {
        "kind": "url",
        "id": "https://zentralwerkstatt.org/blog/ten-years-of-image-synthesis",
        "version": None,
        "url": "https://zentralwerkstatt.org/blog/ten-years-of-image-synthesis",
        "found": "https://zentralwerkstatt.org/blog/ten-years-of-image-synthesis",
        "line": 4,
        "reason": None,
    }
    neurips = [i for i in items if i["kind"] == "neurips"]
    assert [i["id"] for i in neurips] == [
        "2012/c399862d3b9d6b76c8436e924a68c45b",
        "2014/5ca3e9b122f61f8f06494c97b1afccf3",
    ]


def test_text_output_one_tab_separated_line_per_work(capsys):
    status, out, err = run_cli(
        capsys,
        "extract",
        "DCGAN arXiv:1511.06434v2, https://arxiv.org/pdf/1511.06434.pdf; typo arXiv:1513.00001",
    )
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "<text>:1\tarxiv\t1511.06434v2\thttps://arxiv.org/abs/1511.06434v2",
        "<text>:1\tinvalid\tarXiv:1513.00001\tarXiv month 13 does not exist",
    ]


def test_json_output_invalid_entry(capsys):
    status, out, _err = run_cli(capsys, "extract", "--format", "json", "doi:10.12/abc")
    assert status == 0
    (item,) = json.loads(out)
    assert item["kind"] == "invalid"
    assert (item["id"], item["version"], item["url"], item["line"]) == (
        "doi:10.12/abc",
        None,
        None,
        1,
    )
    assert "registrant" in item["reason"]


def test_nothing_found_is_an_empty_list(capsys, tmp_path):
    empty = tmp_path / "notes.md"
    empty.write_text("no links here\n", encoding="utf-8")
    assert run_cli(capsys, "extract", "--format", "json", str(empty)) == (0, "[]\n", "")
    assert run_cli(capsys, "extract", str(empty)) == (0, "", "")


def test_several_inputs_deduplicated_across_them(capsys, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a,\n  eprint = {1511.06434},\n  archiveprefix = {arXiv}\n}\n")
    status, out, _err = run_cli(
        capsys, "extract", str(bib), "https://arxiv.org/abs/1511.06434 P18-1238 arXiv:1706.03762"
    )
    assert status == 0
    assert out.splitlines() == [
        f"{bib}:2\tarxiv\t1511.06434\thttps://arxiv.org/abs/1511.06434",
        "<text>:1\tarxiv\t1706.03762\thttps://arxiv.org/abs/1706.03762",
    ]


def test_stdin(capsys, monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO("见https://arxiv.org/abs/2105.05233。\n".encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    status, out, _err = run_cli(capsys, "extract", "-")
    assert status == 0
    assert out == "-:1\tarxiv\t2105.05233\thttps://arxiv.org/abs/2105.05233\n"


def test_latin1_file_is_read_not_refused(capsys, tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Müller: https://arxiv.org/abs/1511.06434\n".encode("latin-1"))
    status, out, _err = run_cli(capsys, "extract", str(path))
    assert status == 0
    assert "\tarxiv\t1511.06434\t" in out


def test_missing_file_is_a_one_line_usage_error(capsys):
    status, out, err = run_cli(capsys, "extract", "arXiv:1511.06434", "no/such/thesis.md")
    assert status == 2
    assert out == ""  # arguments are checked before anything is printed
    assert err == (
        "imgsynth-refs: error: no/such/thesis.md: no such file, and no link or identifier "
        "in the text\n"
    )


def test_directory_is_a_usage_error(capsys, tmp_path):
    status, out, err = run_cli(capsys, "extract", str(tmp_path))
    assert (status, out) == (2, "")
    assert err == f"imgsynth-refs: error: {tmp_path}: is a directory\n"


def test_unreadable_file_exits_1(capsys, tmp_path, monkeypatch):
    # Simulated fault: the tests run as root, so a chmod 000 file would still be readable.
    path = tmp_path / "locked.md"
    path.write_text("x")
    real = fileio.read_limited

    def refuse(source: object, **kwargs: object) -> bytes:
        if Path(str(source)) == path:
            raise PermissionError(13, "Permission denied")
        return real(source, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fileio, "read_limited", refuse)
    status, out, err = run_cli(capsys, "extract", str(path))
    assert (status, out) == (1, "")
    assert err == f"imgsynth-refs: error: {path}: cannot read: Permission denied\n"


def test_bad_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["extract", "--format", "xml", "arXiv:1511.06434"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_real_process_text_and_json():
    """The installed entry point, as a user runs it (a subprocess, real stdout)."""
    done = run_cli_process("extract", str(ARTICLE), "--format", "json", timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert len(json.loads(done.stdout)) == 17
    missing = run_cli_process("extract", "missing.md", timeout=60)
    assert missing.returncode == 2
    assert missing.stdout == ""
    assert len(missing.stderr.splitlines()) == 1
    assert "Traceback" not in missing.stderr


def test_documented_example_is_the_real_output(capsys):
    """docs/extract-json.md shows a command and its output: they must stay true."""
    doc = (Path(__file__).parents[1] / "docs" / "extract-json.md").read_text(encoding="utf-8")
    block = doc.split("```console\n", 1)[1].split("```", 1)[0]
    command, _, shown = block.partition("\n")
    text = command.split("--format json ", 1)[1].strip("'")
    status, out, _err = run_cli(capsys, "extract", "--format", "json", text)
    assert status == 0
    assert out == shown
    for key in KEYS:
        assert f"| `{key}` |" in doc


@pytest.mark.parametrize(
    ("arg", "line"),
    [
        ("1706.03762", "<text>:1\tarxiv\t1706.03762\thttps://arxiv.org/abs/1706.03762"),
        ("1407.3561v1", "<text>:1\tarxiv\t1407.3561v1\thttps://arxiv.org/abs/1407.3561v1"),
        (
            "0706.0001v1 [q-bio.CB]",
            "<text>:1\tarxiv\t0706.0001v1\thttps://arxiv.org/abs/0706.0001v1",
        ),
        ("2112.10752", "<text>:1\tarxiv\t2112.10752\thttps://arxiv.org/abs/2112.10752"),
        ("P18-1238", "<text>:1\tacl\tP18-1238\thttps://aclanthology.org/P18-1238/"),
        ("10.1145/3065386", "<text>:1\tdoi\t10.1145/3065386\thttps://doi.org/10.1145/3065386"),
        (
            "https://dl.acm.org/doi/10.1145/2812802",
            "<text>:1\tdoi\t10.1145/2812802\thttps://doi.org/10.1145/2812802",
        ),
    ],
)
def test_an_argument_that_is_an_identifier_is_read_as_one(capsys, arg, line):
    status, out, err = run_cli(capsys, "extract", arg)
    assert (status, err, out) == (0, "", line + "\n")


@pytest.mark.parametrize("arg", ["3.14159", "2.10.1", "1513.00001", "P18"])
def test_a_look_alike_argument_is_still_a_usage_error(capsys, arg):
    status, out, err = run_cli(capsys, "extract", arg)
    assert (status, out) == (2, "")
    assert "no such file, and no link or identifier" in err


def test_extract_binary_file_is_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from export_helpers import run_cli

    blob = tmp_path / "figure.png"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR arXiv:1511.06434")
    status, out, err = run_cli(capsys, "extract", str(blob))
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1 and str(blob) in err and "binary" in err, err


def test_extract_sici_doi_as_whole_argument(capsys: pytest.CaptureFixture[str]) -> None:
    from export_helpers import run_cli

    status, out, _ = run_cli(capsys, "extract", SICI)
    assert status == 0
    assert out.split("\t")[2:] == [SICI.lower(), SICI_URL + "\n"]
