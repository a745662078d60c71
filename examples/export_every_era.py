"""One BibLaTeX file per era, and the whole bibliography as CSL-JSON for pandoc.

    python examples/export_every_era.py [OUTPUT_DIR] [--prefer arxiv]

With ``--prefer arxiv`` it cites the arXiv preprints instead of the published versions.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from imgsynth_refs import load_catalog
from imgsynth_refs.export import export


def main(output: Path, prefer: str = "published") -> None:
    output.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog()
    for era in catalog.eras:
        refs = catalog.select([era.id])
        export(refs, "biblatex", output / f"{era.id}.bib", prefer=prefer)  # type: ignore[arg-type]
        print(f"{era.id}: {len(refs)} works -> {output / f'{era.id}.bib'}")
    everything = catalog.select(["all"])
    export(everything, "csl-json", output / "all.csl.json", prefer=prefer)  # type: ignore[arg-type]
    print(f"all: {len(everything)} works -> {output / 'all.csl.json'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="One BibLaTeX file per era, plus CSL-JSON.")
    parser.add_argument("output", nargs="?", type=Path, default=Path.cwd())
    parser.add_argument("--prefer", choices=("published", "arxiv"), default="published")
    args = parser.parse_args()
    main(args.output, args.prefer)
