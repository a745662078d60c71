"""The cache folder: where it is and how a file in it is used.

It holds the HTTP cache (:mod:`.sources.http`), the record store (:mod:`.record_store`) and
the validated shipped catalog (:mod:`.catalog`): ``IMGSYNTH_REFS_CACHE_DIR``, else the
user's cache folder (:mod:`platformdirs`). Offline commands find it without importing the
online sources' configuration.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from platformdirs import user_cache_path

from .errors import UsageError

__all__ = ["CACHE_DIR_VARIABLE", "CACHE_EXPIRY", "cache_dir", "cache_folder", "default_cache_dir"]

CACHE_DIR_VARIABLE = "IMGSYNTH_REFS_CACHE_DIR"
"""The environment variable that names the cache folder."""

CACHE_EXPIRY = timedelta(days=30)
"""How long a cached response (HTTP cache) or resolved record (record store) is used without
asking again; offline, older ones are used too."""


def default_cache_dir() -> Path:
    """The user's cache folder for this program (``~/.cache/imgsynth_refs`` on Linux)."""
    return user_cache_path("imgsynth_refs", appauthor=False)


def cache_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The cache folder: ``IMGSYNTH_REFS_CACHE_DIR``, else :func:`default_cache_dir`."""
    raw = environ.get(CACHE_DIR_VARIABLE, "").strip()
    return Path(raw).expanduser() if raw else default_cache_dir()


@contextmanager
def cache_folder(folder: Path, errors: tuple[type[Exception], ...] = (OSError,)) -> Iterator[None]:
    """Use ``folder`` as the cache inside the block: a file there, or one of ``errors``
    raised in the block, becomes a :class:`UsageError` naming ``IMGSYNTH_REFS_CACHE_DIR``."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{CACHE_DIR_VARIABLE}: {folder} is not a folder")
    try:
        yield
    except errors as exc:
        raise UsageError(f"{CACHE_DIR_VARIABLE}: {folder}: {exc}") from None
