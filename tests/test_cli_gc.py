"""The program pauses cyclic garbage collection while a command runs (cli.run/cli.main)."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Sequence

import pytest

from imgsynth_refs import cli


@pytest.mark.parametrize("enabled", [True, False])
def test_main_restores_the_collector(enabled: bool, capsys: pytest.CaptureFixture[str]) -> None:
    seen = []
    original = cli._main

    def spy(argv: Sequence[str] | None) -> int:
        seen.append(gc.isenabled())
        return original(argv)

    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(cli, "_main", spy)
            assert cli.main(["eras"]) == 0
        assert seen == [False]
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
