"""Benchmark: ``check --offline`` (and ``merge --dry-run``) on a real 3,650-entry .bib
against ``bibtexparser.parse_file`` on the same file.

Run: ``python benchmarks/bench_check.py [FILE.bib]`` (default: TUGboat's bibliography from
biber's repository, tests/fixtures/corpus/biber-tugboat.bib). Each side runs as a fresh
process, as a user or a pre-commit hook starts it (interpreter start included on both
sides), 7 times after a warm-up; the best run is kept, as :mod:`timeit` advises (slower runs
measure the machine's other load, not the program), and the processor time (user + system)
is printed beside the wall time. Target (issue 11): ``check --offline`` at most 2x the
parser's wall time. ``merge --dry-run`` is measured and reported only. Exit status 1 when
the check target is missed.
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


def measure(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Best wall time and best processor time of ``command`` over :data:`RUNS` runs (after
    one warm-up run that fills the file cache and writes byte code)."""
    walls, cpus = [], []
    for run in range(RUNS + 1):
        started = time.perf_counter()
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, _, usage = os.wait4(process.pid, 0)
        if run:
            walls.append(time.perf_counter() - started)
            cpus.append(usage.ru_utime + usage.ru_stime)
    return min(walls), min(cpus)


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "refs.bib"
        shutil.copyfile(source, path)
        env = dict(os.environ, IMGSYNTH_REFS_CACHE_DIR=str(Path(folder) / "cache"))
        env["PYTHONPATH"] = str(ROOT / "src")
        program = [python, "-m", "imgsynth_refs"]
        results = {
            "bibtexparser.parse_file": measure([python, "-c", PARSE, str(path)], env),
            "check --offline": measure([*program, "check", "--offline", str(path)], env),
            "merge --era all --dry-run": measure(
                [*program, "merge", str(path), "--era", "all", "--dry-run"], env
            ),
        }
    entries = source.read_bytes().count(b"\n@")
    print(f"{source.name}: {source.stat().st_size / 1e6:.1f} MB, about {entries} entries")
    print(f"{'':26} {'wall':>7} {'ratio':>6} {'cpu':>7} {'ratio':>6}")
    base_wall, base_cpu = results["bibtexparser.parse_file"]
    for label, (wall, cpu) in results.items():
        print(f"{label:26} {wall:6.2f}s {wall / base_wall:6.2f} {cpu:6.2f}s {cpu / base_cpu:6.2f}")
    ratio = results["check --offline"][0] / base_wall
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(f"target: check --offline wall ratio at most {TARGET}: {verdict}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
