"""``python -m imgsynth_refs``."""

from imgsynth_refs.cli import main

raise SystemExit(main())
