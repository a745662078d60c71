"""Library modules list exactly their public top-level names in ``__all__``, as
tests/test_sources_api.py checks for ``venues`` and the resolvers. (``identifiers``,
``extract`` and ``resolve`` keep a narrower ``__all__`` on purpose and are not listed.)"""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest

MODULES = [
    "bibfile",
    "bibtex",
    "catalog",
    "check",
    "errors",
    "export",
    "fileio",
    "keys",
    "maintenance",
    "merge",
    "models",
    "record_store",
    "sources.base",
]


def _public_top_level_names(module) -> set[str]:
    names = set()
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {name for name in names if not name.startswith("_")}


@pytest.mark.parametrize("name", MODULES)
def test_all_lists_exactly_the_public_names(name):
    module = importlib.import_module(f"imgsynth_refs.{name}")
    assert len(set(module.__all__)) == len(module.__all__)
    assert set(module.__all__) == _public_top_level_names(module)
    assert all(hasattr(module, attr) for attr in module.__all__)
