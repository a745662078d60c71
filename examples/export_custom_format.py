"""Add an export format: a writer implements one method and registers itself.

    python examples/export_custom_format.py

Prints the GAN era as a plain list of "key: Family et al. (year)" lines through the same
registry the command line uses (``to_string`` and an atomic ``write_file`` come free).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from imgsynth_refs import Reference, load_catalog
from imgsynth_refs.export import Writer, export, find_writer, register


@register
class KeyListWriter(Writer):
    """One line per work: key, first author, year."""

    name = "key-list"
    suffixes = (".keys.txt",)
    description = "citation keys with first author and year"

    def write_stream(self, refs: Sequence[Reference], stream: TextIO) -> None:
        for ref in refs:
            who = ref.first_author_family or "anonymous"
            more = " et al." if len(ref.authors) > 1 else ""
            stream.write(f"{ref.key}: {who}{more} ({ref.year})\n")


def main() -> None:
    assert find_writer(filename="gan.keys.txt") is KeyListWriter
    print(export(load_catalog().select(["gan"]), "key-list"), end="")


if __name__ == "__main__":
    main()
