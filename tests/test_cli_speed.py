"""What keeps the program fast: cyclic garbage collection paused while the program (not
``main()``, which tests and library users call) runs, only the running command's module
imported and registered, and the shipped TOML read with the
compiled tomli, which must read it exactly as the standard library's tomllib does."""

from __future__ import annotations

import argparse
import gc
import importlib
import subprocess
import sys
import tomllib

import pytest

from imgsynth_refs import catalog, cli


@pytest.mark.parametrize("enabled", [True, False])
def test_main_leaves_the_collector_alone(enabled: bool, capsys: pytest.CaptureFixture[str]) -> None:
    seen = []
    original = cli.build_parser

    def spy(command: str | None = None) -> argparse.ArgumentParser:
        seen.append(gc.isenabled())
        return original(command)

    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(cli, "build_parser", spy)
            assert cli.main(["eras"]) == 0
        assert seen == [enabled]  # main() is library code: no global switches (issue 8)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
    assert "gan:" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "status"),
    [(["export", "--era", "gan"], 0), (["export", "--era", "nope"], 2), (["--version"], 0)],
)
def test_program_exits_with_the_command_status(args: list[str], status: int) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "imgsynth_refs", *args], capture_output=True, text=True
    )
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    if args[0] == "export" and status == 0:
        assert done.stdout.startswith("@") and done.stdout.endswith("}\n")


def _registered(modules: tuple[str, ...]) -> list[str]:
    parser = argparse.ArgumentParser()
    subparsers = parser.add_subparsers()
    for name in modules:
        importlib.import_module(f"imgsynth_refs.commands.{name}").register(subparsers)
    return list(subparsers.choices)


def test_command_table_matches_the_modules() -> None:
    every = _registered(cli.COMMAND_MODULES)
    assert sorted(cli.COMMAND_MODULE) == sorted(every)
    for module in cli.COMMAND_MODULES:
        owned = [c for c, m in cli.COMMAND_MODULE.items() if m == module]
        assert sorted(_registered((module,))) == sorted(owned)


@pytest.mark.parametrize("command", ["export", "eras", "extract"])
def test_running_a_command_imports_no_other_command_module(command: str) -> None:
    code = (
        "import sys\n"
        "from imgsynth_refs import cli\n"
        f"cli.build_parser({command!r})\n"
        "print(sorted(m.rsplit('.', 1)[1] for m in sys.modules"
        " if m.startswith('imgsynth_refs.commands.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == repr([cli.COMMAND_MODULE[command]])


@pytest.mark.parametrize(
    "args", [["--help"], ["nope"], ["--version", "export"], ["export", "--help"]]
)
def test_help_and_bad_commands_still_see_every_command(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        cli.main(args)
    out = capsys.readouterr()
    text = out.out + out.err
    if args[0] == "export":
        assert "--era ERA" in text
    elif args[0] == "--version":
        assert text.startswith("imgsynth-refs ")
    else:
        assert all(command in text for command in cli.COMMAND_MODULE)


def test_shipped_data_reads_as_tomllib_reads_it() -> None:
    root = catalog.data_dir()
    paths = [root / "eras.toml", *sorted((root / "works").glob("*.toml"))]
    assert len(paths) > 20
    for path in paths:
        assert catalog._read_toml(path) == tomllib.loads(path.read_text(encoding="utf-8")), path
