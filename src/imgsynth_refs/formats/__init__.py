"""The export formats, one module each (pybtex's one plugin per format): each registers its
:class:`~imgsynth_refs.export.Writer` with :func:`~imgsynth_refs.export.register` on import.

``bibtex`` (``bibtex``, ``biblatex``), ``csl`` (``csl-json``), ``records`` (``json``) and
``markdown``; the page and figure (``html``, ``svg``) live in :mod:`imgsynth_refs.timeline`.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

__all__ = ["write_json"]


def write_json(data: list[dict[str, Any]], stream: TextIO) -> None:
    """``data`` as indented UTF-8 JSON and a final newline (the JSON formats' layout)."""
    stream.write(json.dumps(data, indent=2, ensure_ascii=False))
    stream.write("\n")
