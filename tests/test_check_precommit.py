""".pre-commit-hooks.yaml, run by the real pre-commit in a temporary git repository.

Offline: the ``imgsynth-refs-check-system`` hook runs the ``imgsynth-refs`` on PATH (here a
launcher for this checkout, standing in for ``pip install imgsynth-refs``), so pre-commit
installs nothing. (The ``imgsynth-refs-check`` hook, ``language: python``, has pre-commit
pip-install the package from the repository, which needs the package index: not run here.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")

ROOT = Path(__file__).resolve().parents[1]
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=folder, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


@pytest.fixture
def latex_repo(tmp_path: Path) -> Path:
    """A git repository with a thesis .bib, staged."""
    repo = tmp_path / "thesis"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "writer@example.org")
    git(repo, "config", "user.name", "Writer")
    return repo


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """PATH with an ``imgsynth-refs`` launcher for this checkout; pre-commit's own cache in
    the temporary folder."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "imgsynth-refs"
    launcher.write_text(
        f'#!/bin/sh\nPYTHONPATH="{ROOT / "src"}" exec "{sys.executable}" -m imgsynth_refs "$@"\n'
    )
    launcher.chmod(0o755)
    return dict(
        os.environ,
        PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
        IMGSYNTH_REFS_CACHE_DIR=str(tmp_path / "cache"),
    )


def pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_hooks_file_declares_both_hooks() -> None:
    text = HOOKS.read_text(encoding="utf-8")
    for hook in ("id: imgsynth-refs-check\n", "id: imgsynth-refs-check-system\n"):
        assert hook in text
    assert text.count("entry: imgsynth-refs check") == 2


def test_try_repo_fails_on_a_broken_bib_and_passes_a_clean_one(
    latex_repo: Path, env: dict[str, str]
) -> None:
    bib = latex_repo / "refs.bib"
    bib.write_text("@misc{a, title={X}, author={A, B}}\n@misc{a, title={Y}, author={C, D}}\n")
    git(latex_repo, "add", "refs.bib")
    args = ("try-repo", str(ROOT), "imgsynth-refs-check-system", "--files", "refs.bib")
    failed = pre_commit(latex_repo, env, *args)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "refs.bib:2: [duplicate-key] a:" in failed.stdout
    bib.write_text("@misc{a, title={X}, author={A, B}, year={2020}}\n")
    git(latex_repo, "add", "refs.bib")
    passed = pre_commit(latex_repo, env, *args)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def test_a_config_can_gate_on_errors_only(latex_repo: Path, env: dict[str, str]) -> None:
    """A LaTeX repository's .pre-commit-config.yaml, as the README shows it, with
    ``--fail-on error``: a warning alone does not block the commit, an error does."""
    rev = git(ROOT, "rev-parse", "HEAD")
    if "imgsynth-refs-check-system" not in git(ROOT, "show", f"{rev}:.pre-commit-hooks.yaml"):
        pytest.skip("the hooks file is not committed yet")
    (latex_repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {ROOT}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: imgsynth-refs-check-system\n"
        "        args: [--offline, --fail-on, error]\n"
    )
    bib = latex_repo / "refs.bib"
    bib.write_text("@misc{g, title={Training GANs}, author={A, B}, year={2020}}\n")
    git(latex_repo, "add", ".")
    warned = pre_commit(latex_repo, env, "run", "--all-files")
    assert warned.returncode == 0, warned.stdout + warned.stderr
    bib.write_text(bib.read_text() + "@misc{g, title={Other}, author={C, D}, year={2021}}\n")
    git(latex_repo, "add", ".")
    blocked = pre_commit(latex_repo, env, "run", "--all-files")
    assert blocked.returncode == 1
    assert "[duplicate-key] g:" in blocked.stdout
