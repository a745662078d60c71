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
