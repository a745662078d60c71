"""The package works installed from a wheel, not only from the checkout: the shipped data
travels inside the wheel and is found from any directory."""

from __future__ import annotations

import importlib.util
import os
import site
import subprocess
import sys
from pathlib import Path

import pytest

from imgsynth_refs.bibtex.read import parse_bib
from imgsynth_refs.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[1]


def _run(command: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    # A clean environment: no PYTHONPATH pointing back into the checkout.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done


def test_wheel_installs_and_finds_the_shipped_data(tmp_path: Path) -> None:
    if importlib.util.find_spec("hatchling") is None:
        message = "hatchling (the build backend) is not installed; pip install -e '.[test]'"
        if os.environ.get("IMGSYNTH_REFS_REQUIRE_TOOLS"):
            pytest.fail(message)
        pytest.skip(message)
    dist, elsewhere = tmp_path / "dist", tmp_path / "elsewhere"
    elsewhere.mkdir()
    # No build isolation and no dependencies: offline and quick.
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            dist,
            ROOT,
        ],
        cwd=tmp_path,
    )
    (wheel,) = dist.glob("imgsynth_refs-*.whl")
    venv = tmp_path / "venv"
    # A fresh venv that sees the running environment's packages (pydantic, bibtexparser,
    # pip, ...) through a .pth file, like --system-site-packages but relative to this
    # environment (CI runs in a venv). Its own site-packages comes first on sys.path, so
    # its non-editable copy of imgsynth_refs is the one imported.
    _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp_path)
    python = venv / "bin" / "python"
    purelib = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp_path
    ).stdout.strip()
    parents = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib) / "_parent_env.pth").write_text("\n".join(parents) + "\n")
    # --ignore-installed: a copy in the parent environment (CI installs the package there)
    # must neither satisfy nor be uninstalled by this install.
    _run(
        [
            python,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            "--ignore-installed",
            wheel,
        ],
        tmp_path,
    )

    where = _run(
        [python, "-c", "import imgsynth_refs.catalog as c; print(c.__file__); print(c.data_dir())"],
        cwd=elsewhere,
    ).stdout.splitlines()
    root = venv.resolve()
    assert all(Path(line).resolve().is_relative_to(root) for line in where), where

    done = _run([python, "-m", "imgsynth_refs", "export", "--era", "gan"], cwd=elsewhere)
    keys = [entry.key for entry in parse_bib(done.stdout, source="installed export")]
    assert keys == [ref.key for ref in load_catalog().select(["gan"])]
    listed = _run([venv / "bin" / "imgsynth-refs", "eras"], cwd=elsewhere).stdout
    assert listed.startswith("precursors: ")
    # The page's style sheet and script are package data: the wheel must carry them.
    page = _run([python, "-m", "imgsynth_refs", "export", "--format", "html"], cwd=elsewhere)
    assert "content-visibility: auto" in page.stdout and 'getElementById("q")' in page.stdout
