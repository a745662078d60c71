"""Benchmark: add 50 works to a 10,000-entry .bib vs. bibtexparser parsing and writing it.

Run: ``python benchmarks/bench_merge.py``. Both sides read the file, parse it and write a
file, measured side by side in one run (best of 3); the target is a ratio of at most 2.
Memory: tracemalloc's peak while merging into 2,500, 5,000 and 10,000 entries, which
should grow linearly (about constant per entry). Exit status 1 when a target is missed.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import bibtexparser
from bibtexparser.middlewares import default_unparse_stack

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.check import check_bib
from imgsynth_refs.merge import merge_references
from imgsynth_refs.models import ArxivInfo, Person, Reference

WORDS = [
    *[
        "deep",
        "generative",
        "adversarial",
        "networks",
        "diffusion",
        "models",
        "image",
        "synthesis",
        "latent",
    ],
    *[
        "transformers",
        "attention",
        "learning",
        "representation",
        "style",
        "text",
        "scale",
        "neural",
        "fields",
    ],
]
FAMILIES = ["Chen", 'M{\\"u}ller', "Wang", "Smith", "Garc{\\'\\i}a", "Li", "Karras", "Ho"]


def make_bib(count: int, seed: int = 7) -> bytes:
    """A realistic hand-kept .bib: mixed types, accents in ~1/8 of names, braces, URLs."""
    rng = random.Random(seed)
    parts = [
        "% Thesis bibliography\n@string{neurips = {Advances in Neural Information"
        " Processing Systems}}\n\n"
    ]
    for i in range(count):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize()
        authors = " and ".join(
            f"{rng.choice(FAMILIES)}, {rng.choice('ABCDEFG')}." for _ in range(rng.randint(1, 6))
        )
        kind = rng.choice(["inproceedings", "article", "misc"])
        venue = {
            "inproceedings": "  booktitle = neurips,\n",
            "article": "  journal   = {Journal of {AI} Research},\n",
            "misc": f"  eprint    = {{{2000 + i // 1000}.{i % 1000:05d}}},\n"
            "  archivePrefix = {arXiv},\n",
        }[kind]
        parts.append(
            f"@{kind}{{key{i},\n  title     = {{{{GAN}} {title}}},\n  author    = {{{authors}}},\n"
            f"{venue}  year      = {{{2010 + i % 14}}},\n"
            f"  url       = {{https://example.org/paper/{i}}}\n}}\n\n"
        )
    return "".join(parts).encode()


def new_works() -> list[Reference]:
    """50 works the file lacks: the shipped catalog plus synthetic arXiv preprints."""
    works = list(load_catalog().references)
    for i in range(50 - len(works)):
        works.append(
            Reference(
                type="preprint",
                title=f"Benchmark Work Number {i} on Image Synthesis",
                authors=[Person(family="Bench", given=f"M{i}")],
                year=2024,
                arxiv=ArxivInfo(id=f"2401.{10000 + i}"),
            )
        )
    return works[:50]


def baseline(path: Path, out: Path) -> None:
    library = bibtexparser.parse_string(path.read_bytes().decode("utf-8"))
    text = bibtexparser.write_string(
        library, unparse_stack=default_unparse_stack(allow_inplace_modification=True)
    )
    out.write_text(text, encoding="utf-8")


def ours(path: Path, works: list[Reference]) -> int:
    result = merge_references(BibFile.read(path), works)
    result.write(path)
    return len(result.added)


def best_of(runs: int, setup, action) -> float:
    times = []
    for _ in range(runs):
        setup()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    works = new_works()
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        data = make_bib(10_000)
        source, target = root / "thesis.bib", root / "out.bib"

        def reset() -> None:
            source.write_bytes(data)

        added: list[int] = []
        parse_write = best_of(3, reset, lambda: baseline(source, target))
        merge_time = best_of(3, reset, lambda: added.append(ours(source, works)))
        ratio = merge_time / parse_write
        print(f"10,000 entries, {len(data) / 1e6:.1f} MB; adding {added[-1]} works (best of 3):")
        print(f"  bibtexparser parse + write  : {parse_write:6.2f} s")
        print(f"  imgsynth_refs add 50 works  : {merge_time:6.2f} s")
        print(f"  ratio                       : {ratio:6.2f} (target <= 2)")
        ok &= ratio <= 2 and added[-1] == 50
        bib = BibFile.parse(data)
        start = time.perf_counter()
        findings = check_bib(bib)
        print(f"  check (offline), for scale  : {time.perf_counter() - start:6.2f} s, ", end="")
        print(f"{len(findings)} findings")

        print("memory (tracemalloc peak while merging):")
        per_entry = []
        for count in (2_500, 5_000, 10_000):
            source.write_bytes(make_bib(count))
            tracemalloc.start()
            ours(source, works)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            per_entry.append(peak / count)
            kb = peak / count / 1e3
            print(f"  {count:6,} entries: {peak / 1e6:7.1f} MB peak, {kb:5.1f} kB/entry")
        spread = max(per_entry) / min(per_entry)
        print(f"  per-entry spread: {spread:.2f}x (linear growth keeps it near 1; target <= 1.5)")
        ok &= spread <= 1.5
    print("OK" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
