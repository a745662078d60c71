"""The GAN era of the article as a thesis-ready .bib file and a Markdown reading list.

    python examples/export_gan_reading_list.py [OUTPUT_DIR]

Works offline: the bibliography ships with the package.
"""

from __future__ import annotations

import sys
from pathlib import Path

from imgsynth_refs import load_catalog
from imgsynth_refs.export import export


def main(output: Path) -> None:
    output.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog()
    refs = catalog.select(["gan"])
    # The format follows the file suffix; files are written atomically.
    export(refs, path=output / "gan.bib")
    export(refs, path=output / "gan.md", eras=catalog.eras)
    for ref in refs:
        print(f"{ref.key}: {ref.title} ({ref.year})")
    print(f"wrote {output / 'gan.bib'} and {output / 'gan.md'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd())
