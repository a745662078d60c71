"""The public surface of sources.config, sources.http and sources.arxiv matches ``__all__``."""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest


def top_level_names(module) -> set[str]:
    """Public names a module defines itself (functions, classes, constants)."""
    names = set()
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {name for name in names if not name.startswith("_")}


@pytest.mark.parametrize("name", ["config", "http", "arxiv"])
def test_all_lists_exactly_the_public_names(name):
    module = importlib.import_module(f"imgsynth_refs.sources.{name}")
    assert len(set(module.__all__)) == len(module.__all__)
    assert set(module.__all__) == top_level_names(module)
    assert all(hasattr(module, attr) for attr in module.__all__)
