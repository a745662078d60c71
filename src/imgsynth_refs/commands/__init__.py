"""Sub-commands of the command line, one module each (see :mod:`imgsynth_refs.cli`)."""

PROG = "imgsynth-refs"
"""The program name that starts every message the command line prints."""
