"""Benchmark: ``check --offline`` (and ``merge --dry-run``) on a real 3,650-entry .bib
against ``bibtexparser.parse_file`` on the same file.

Run: ``python benchmarks/bench_check.py [FILE.bib]`` (default: TUGboat's bibliography from
biber's repository, tests/fixtures/corpus/biber-tugboat.bib). Each side runs as a fresh
process, as a user or a pre-commit hook starts it (interpreter start included on both
sides), in 7 rounds after a warm-up, each round running every command once (so a slow spell
of a shared machine weighs on all sides alike); the best run is kept, as :mod:`timeit`
advises (slower runs measure the machine's other load, not the program), and the processor
time (user + system) is printed beside the wall time. Targets (issue 11): ``check
--offline`` and ``merge --dry-run`` each at most 2x the parser's wall time; exit status 1
when one is missed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "tests" / "fixtures" / "corpus" / "biber-tugboat.bib"
RUNS = 7
TARGET = 2.0
PARSE = "import sys, bibtexparser; bibtexparser.parse_file(sys.argv[1])"


def _run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def measure(commands: dict[str, list[str]], env: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Best wall time and best processor time of each command over :data:`RUNS` rounds
    (after one warm-up round that fills the file cache and writes byte code). Each round
    runs every command once, so a slower spell of the machine weighs on all sides alike."""
    walls: dict[str, list[float]] = {label: [] for label in commands}
    cpus: dict[str, list[float]] = {label: [] for label in commands}
    for round_ in range(RUNS + 1):
        for label, command in commands.items():
            wall, cpu = _run(command, env)
            if round_:
                walls[label].append(wall)
                cpus[label].append(cpu)
    return {label: (min(walls[label]), min(cpus[label])) for label in commands}


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "refs.bib"
        shutil.copyfile(source, path)
        env = dict(os.environ, IMGSYNTH_REFS_CACHE_DIR=str(Path(folder) / "cache"))
        env["PYTHONPATH"] = str(ROOT / "src")
        program = [python, "-m", "imgsynth_refs"]
        results = measure(
            {
                "bibtexparser.parse_file": [python, "-c", PARSE, str(path)],
                "check --offline": [*program, "check", "--offline", str(path)],
                "merge --era all --dry-run": [
                    *program,
                    "merge",
                    str(path),
                    "--era",
                    "all",
                    "--dry-run",
                ],
            },
            env,
        )
    entries = source.read_bytes().count(b"\n@")
    print(f"{source.name}: {source.stat().st_size / 1e6:.1f} MB, about {entries} entries")
    print(f"{'':26} {'wall':>7} {'ratio':>6} {'cpu':>7} {'ratio':>6}")
    base_wall, base_cpu = results["bibtexparser.parse_file"]
    for label, (wall, cpu) in results.items():
        print(f"{label:26} {wall:6.2f}s {wall / base_wall:6.2f} {cpu:6.2f}s {cpu / base_cpu:6.2f}")
    missed = 0
    for label in ("check --offline", "merge --era all --dry-run"):
        ratio = results[label][0] / base_wall
        missed += ratio > TARGET
        print(
            f"target: {label} wall ratio at most {TARGET}: {'met' if ratio <= TARGET else 'MISSED'}"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
