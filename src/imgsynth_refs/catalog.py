"""Load the shipped bibliography under ``refs/``: eras and one TOML file per work.

Layout (human-editable, validated on load)::

    refs/eras.toml            [[era]] tables in the article's order
    refs/works/<key>.toml     one Reference each; the file name is its citation key

The shipped catalog, once validated, is kept in the cache folder
(``IMGSYNTH_REFS_CACHE_DIR``) as a pickle stamped with what it was made from, so that later
runs skip building pydantic's validators (:data:`SHIPPED_CACHE`).
"""

from __future__ import annotations

import pickle
import sys
from functools import cache
from pathlib import Path
from typing import Any

# tomli is the code that became the standard library's tomllib, with the same results and
# errors; its wheels are compiled (mypyc), which parses the shipped data 2.4x as fast.
import tomli
from pydantic import VERSION as PYDANTIC_VERSION
from pydantic import ValidationError

from . import __version__, identifiers, models
from .cache import cache_dir
from .errors import DataError
from .fileio import atomic_write_bytes, read_limited
from .models import Catalog, Era, Reference, first_error

__all__ = [
    "SHIPPED_CACHE",
    "data_dir",
    "data_stamp",
    "load_catalog",
    "load_catalog_files",
    "load_eras",
    "load_reference",
]


def data_dir() -> Path:
    """The ``refs/`` folder: inside the installed package, else beside ``src/`` in a checkout."""
    packaged = Path(__file__).resolve().parent / "refs"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "refs"
    if checkout.is_dir():
        return checkout
    raise DataError(
        "shipped data not found (looked inside the package and the checkout)", file=str(packaged)
    )


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomli.load(handle)
    except tomli.TOMLDecodeError as exc:
        raise DataError(f"not valid TOML: {exc}", file=str(path)) from None
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", file=str(path)) from None


def _validation_error(exc: ValidationError, path: Path, record: str) -> DataError:
    loc, message = first_error(exc)
    return DataError(message, file=str(path), record=record, field=loc)


def load_reference(path: Path) -> Reference:
    """One work file; its key is the file name unless the file sets ``key``."""
    raw = _read_toml(path)
    raw.setdefault("key", path.stem)
    try:
        return Reference.model_validate(raw)
    except ValidationError as exc:
        raise _validation_error(exc, path, raw["key"]) from None


def load_eras(path: Path) -> list[Era]:
    """The eras file: ``[[era]]`` tables in order."""
    raw = _read_toml(path)
    eras = []
    for index, item in enumerate(raw.get("era", [])):
        try:
            eras.append(Era.model_validate(item))
        except ValidationError as exc:
            raise _validation_error(exc, path, str(item.get("id", index))) from None
    return eras


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load and validate a catalog folder (default: the shipped one)."""
    if path is None:
        return _shipped_catalog()
    return _load(Path(path))


SHIPPED_CACHE = "shipped-catalog.pickle"
"""The validated shipped catalog in the cache folder, with the stamp of what it was made
from (:func:`data_stamp`); any other stamp, or a file that does not unpickle, is ignored and
replaced. Like any file of the cache folder, it is trusted as the user's own."""


@cache
def _shipped_catalog() -> Catalog:
    root = data_dir()
    stamp = data_stamp(root)
    path = cache_dir() / SHIPPED_CACHE
    try:
        kept_stamp, kept = pickle.loads(read_limited(path))
        if kept_stamp == stamp and isinstance(kept, Catalog):
            return kept
    except Exception:  # missing, unreadable, too large, truncated or from another version
        pass  # validate the data again
    catalog = _load(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, pickle.dumps((stamp, catalog), pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a cache folder that cannot be written: the data is validated on each run
    return catalog


def data_stamp(root: Path) -> str:
    """What a validated catalog folder depends on: this package's, pydantic's and Python's
    versions, and the name, size and modification time of each data file and of the code
    that validates them (edited in a checkout, it changes the stamp too)."""
    parts = [__version__, PYDANTIC_VERSION, sys.version]
    code = [Path(models.__file__), Path(identifiers.__file__)]
    for path in [*code, root / "eras.toml", *sorted((root / "works").glob("*.toml"))]:
        status = path.stat()
        parts.append(f"{path.name} {status.st_size} {status.st_mtime_ns}")
    return "\n".join(parts)


def _load(root: Path) -> Catalog:
    return load_catalog_files(root)[0]


def load_catalog_files(root: Path) -> tuple[Catalog, dict[str, Path]]:
    """Load and validate a catalog folder, with each record's work file by key."""
    eras = load_eras(root / "eras.toml")
    paths = sorted((root / "works").glob("*.toml"))
    refs = [load_reference(p) for p in paths]
    try:
        catalog = Catalog(eras=eras, references=refs)
    except ValidationError as exc:
        raise DataError(first_error(exc)[1], file=str(root)) from None
    return catalog, {ref.key: path for ref, path in zip(refs, paths, strict=True) if ref.key}
