"""Sub-commands of the command line, one module each (see :mod:`imgsynth_refs.cli`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

PROG = "imgsynth-refs"
"""The program name that starts every message the command line prints."""


def add_offline_argument(parser: argparse._ActionsContainer) -> None:
    """``--offline``, the same for every command that may ask the sources."""
    parser.add_argument(
        "--offline",
        action="store_true",
        help="make no request: use the shipped bibliography, the record store and the cache only",
    )
