"""``python -m imgsynth_refs``."""

from imgsynth_refs.cli import run

run()
