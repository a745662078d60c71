"""Export speed and imports: ``python benchmarks/bench_export.py [--runs N]``.

1. The export path imports no network library: runs ``python -m imgsynth_refs export
   --era all`` with ``-X importtime`` and lists every module it imports.
2. The median wall time of ``python -m imgsynth_refs export --era all`` against that of
   ``python -c "import pydantic, bibtexparser"``, measured side by side (interleaved) in
   one run; the target is a ratio of at most 2.

3. Where the export's time goes: the interpreter alone (``python -c pass``, side by side
   with the above) and, inside one process that takes the CLI's path, each phase's median.

``--format html`` (or any other) times that format's export instead of BibTeX's. Prints the
figures; exits 1 if a network library is imported or the ratio is above 2.

``--instructions`` also counts the instructions each command runs (valgrind's callgrind):
unlike wall time, which a shared 2-core machine moves by 0.1-0.2 of ratio from one run to
the next, the count is the same on every run, so it shows what a change did.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# ssl is not listed: pydantic_core imports asyncio, which imports it, in the baseline too.
NETWORK = ("requests", "arxiv", "requests_cache", "urllib3", "http.client", "httpx", "aiohttp")
EXPORT = [sys.executable, "-m", "imgsynth_refs", "export", "--era", "all"]
BASELINE = [sys.executable, "-c", "import pydantic, bibtexparser"]
INTERPRETER = [sys.executable, "-c", "pass"]
TARGET = 2.0

# The export's phases in one process, in the order the CLI runs them (with the cyclic
# garbage collector paused, as cli.run does). Prints one JSON object: phase -> seconds.
# "the models" includes what pydantic does for any first model class (import pydantic.fields,
# pydantic.types and annotated_types; import importlib.metadata and scan the installed
# distributions for pydantic plugins), about 20 ms on a quiet machine, as well as our classes.
PHASES = """
import gc, json, time
gc.disable()
t = [time.perf_counter()]
from imgsynth_refs import cli
cli.build_parser("export").parse_args(["export", "--era", "all"])
t.append(time.perf_counter())
import pydantic, bibtexparser
t.append(time.perf_counter())
from pydantic import BaseModel
t.append(time.perf_counter())
from imgsynth_refs.catalog import load_catalog
t.append(time.perf_counter())
catalog = load_catalog()
t.append(time.perf_counter())
from imgsynth_refs.export import export
export(catalog.select(["all"]), "bibtex", eras=catalog.eras)
t.append(time.perf_counter())
names = ["command line (argparse)", "import pydantic, bibtexparser (the baseline's)",
         "from pydantic import BaseModel", "the models (import imgsynth_refs.catalog)",
         "load and validate the shipped data", "write BibTeX"]
print(json.dumps({n: b - a for n, a, b in zip(names, t, t[1:])}))
"""


def imported_modules(command: list[str]) -> set[str]:
    """Every module ``command`` imports, from ``-X importtime``."""
    done = subprocess.run(
        [command[0], "-X", "importtime", *command[1:]],
        capture_output=True,
        text=True,
        check=True,
    )
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name)
    return names


# As installed, modules run from cached bytecode: let the runs write and use it even where
# the environment sets PYTHONDONTWRITEBYTECODE (site-packages already has its .pyc files).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=ENV)
    return time.perf_counter() - start


def phases() -> dict[str, float]:
    """Seconds per phase of one export in a fresh process (see ``PHASES``)."""
    done = subprocess.run(
        [sys.executable, "-c", PHASES], capture_output=True, text=True, check=True, env=ENV
    )
    return json.loads(done.stdout)


def instructions(command: list[str]) -> int:
    """Instructions ``command`` runs, counted by valgrind's callgrind."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
        env=ENV,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{done.stderr[-2000:]}")
    return int(found[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs of each command")
    parser.add_argument("--format", default="bibtex", help="the export's format (default bibtex)")
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (needs valgrind)"
    )
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind")
    command = [*EXPORT, "--format", args.format]
    # Run from a neutral folder, as a user would.
    os.chdir(tempfile.gettempdir())

    modules = imported_modules(command)
    network = sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in NETWORK))
    print(f"export --era all --format {args.format} imports {len(modules)} modules;", end=" ")
    print(f"network libraries: {network or 'none'}")

    wall_time(command), wall_time(BASELINE)  # warm the file cache
    export_times, baseline_times, interpreter_times = [], [], []
    phase_times: dict[str, list[float]] = {}
    for _ in range(args.runs):
        export_times.append(wall_time(command))
        baseline_times.append(wall_time(BASELINE))
        interpreter_times.append(wall_time(INTERPRETER))
        for name, seconds in phases().items():
            phase_times.setdefault(name, []).append(seconds)
    export_median = statistics.median(export_times)
    baseline_median = statistics.median(baseline_times)
    ratio = export_median / baseline_median
    print(f"runs: {args.runs} each, interleaved")
    print(f"median export --era all:               {export_median * 1000:7.1f} ms")
    print(f"median import pydantic, bibtexparser:  {baseline_median * 1000:7.1f} ms")
    interpreter_median = statistics.median(interpreter_times)
    print(f"median python -c pass:                 {interpreter_median * 1000:7.1f} ms")
    print("phases of export --era all in one process (medians):")
    for name, times in phase_times.items():
        print(f"  {statistics.median(times) * 1000:7.1f} ms  {name}")
    if args.instructions:
        export_count, baseline_count = instructions(command), instructions(BASELINE)
        print(f"instructions: export {export_count / 1e6:.1f}M, baseline", end=" ")
        print(f"{baseline_count / 1e6:.1f}M, ratio {export_count / baseline_count:.2f}")
    print(f"ratio: {ratio:.2f} (target <= {TARGET})")
    ok = not network and ratio <= TARGET
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
