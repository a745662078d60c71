"""The package surface: explicit __all__, lazy imports, --help and --version."""

from __future__ import annotations

import subprocess
import sys

import imgsynth_refs
from imgsynth_refs import cli


def test_all_is_sorted_and_matches_lazy_names():
    assert imgsynth_refs.__all__ == sorted(imgsynth_refs.__all__)
    assert set(imgsynth_refs.__all__) == {*imgsynth_refs._LAZY, "__version__"}
    for name in imgsynth_refs.__all__:
        assert getattr(imgsynth_refs, name) is not None


def test_unknown_attribute_raises_attribute_error():
    try:
        imgsynth_refs.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_version_and_help(capsys):
    for argv in (["--version"], ["--help"]):
        try:
            cli.main(argv)
        except SystemExit as exc:
            assert exc.code == 0
    out = capsys.readouterr().out
    assert imgsynth_refs.__version__ in out
    assert "usage: imgsynth-refs" in out


def test_help_imports_no_network_or_model_library():
    code = (
        "import sys\n"
        "from imgsynth_refs import cli\n"
        "try:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = {'requests', 'arxiv', 'requests_cache', 'pydantic', 'bibtexparser'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_no_command_prints_usage_and_exits_2(capsys):
    assert cli.main([]) == 2
    assert "usage:" in capsys.readouterr().err


def _run_module(*args: str, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "imgsynth_refs", *args], capture_output=True, text=True, **kwargs
    )


def test_full_disk_on_stdout_is_one_line_and_exit_1():
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "imgsynth_refs", "export", "--era", "gan"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == ["imgsynth-refs: error: No space left on device"]


def test_closed_stdout_is_one_line_and_exit_1_but_o_file_still_works(tmp_path):
    closed = {"stdout": subprocess.DEVNULL}
    code = "import os, runpy; os.close(1); runpy.run_module('imgsynth_refs', run_name='__main__')"
    args = [sys.executable, "-c", code, "export", "--era", "gan"]
    done = subprocess.run(args, capture_output=False, stderr=subprocess.PIPE, text=True, **closed)
    assert done.returncode == 1
    assert "standard output is closed" in done.stderr or "Bad file descriptor" in done.stderr
    target = tmp_path / "gan.bib"
    done = subprocess.run([*args, "-o", str(target)], stderr=subprocess.PIPE, text=True, **closed)
    assert done.returncode == 0 and target.read_text().startswith("@")


def test_unencodable_output_names_the_encoding():
    import os

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = _run_module("export", "--era", "transformer", "--format", "markdown", env=env)
    assert done.returncode == 1
    assert "encoding (ascii)" in done.stderr and "Traceback" not in done.stderr


def test_library_modules_import_at_the_top():
    # Laziness lives at the CLI edge only (cli.py and commands/ load the running command);
    # a library module imports what it uses at its top (issue 8).
    import ast
    from pathlib import Path

    root = Path(imgsynth_refs.__file__).parent
    inside = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if relative == "cli.py" or relative.startswith("commands/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                inside += [
                    f"{relative}:{sub.lineno} in {node.name}"
                    for sub in ast.walk(node)
                    if isinstance(sub, ast.Import | ast.ImportFrom)
                ]
    assert inside == []
