"""Sub-commands of the command line, one module each (see :mod:`imgsynth_refs.cli`)."""
