"""Each library module's ``__all__`` lists exactly its public top-level names: the records
and their I/O, venues, the HTTP layer (config, http, arxiv) and the resolvers (neurips, acl,
crossref, dblp, web, published). ``identifiers``, ``extract`` and ``resolve`` keep a
narrower ``__all__`` on purpose and are not listed."""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest

MODULES = [
    "bibfile",
    "bibtex",
    "bibtex.latex",
    "bibtex.names",
    "bibtex.read",
    "bibtex.titles",
    "bibtex.write",
    "catalog",
    "check",
    "check.model",
    "check._identity",
    "check.syntax",
    "check.duplicates",
    "check.fields",
    "check.titles",
    "check.names",
    "check.records",
    "check.links",
    "check.latex",
    "check.online",
    "errors",
    "export",
    "formats",
    "formats.bibtex",
    "formats.csl",
    "formats.markdown",
    "formats.records",
    "fileio",
    "identity",
    "keys",
    "maintenance",
    "merge",
    "models",
    "record_store",
    "sources.base",
    "venues",
    "sources.config",
    "sources.http",
    "sources.arxiv",
    "sources.neurips",
    "sources.acl",
    "sources.crossref",
    "sources.dblp",
    "sources.web",
    "sources.published",
]


def _public_top_level_names(module) -> set[str]:
    """Names a module defines; a package's also those it imports from its own modules
    (``from .model import Finding``: its public surface)."""
    names = set()
    package = hasattr(module, "__path__")
    for node in ast.parse(inspect.getsource(module)).body:
        if package and isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
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


@pytest.mark.parametrize(
    "name", ["sources.neurips", "sources.acl", "sources.crossref", "sources.web"]
)
def test_resolvers_follow_the_protocol(name):
    module = importlib.import_module(f"imgsynth_refs.{name}")
    (cls,) = [getattr(module, n) for n in module.__all__ if n.endswith("Resolver")]
    assert isinstance(cls.name, str) and cls.name
    assert isinstance(cls.kinds, frozenset) and cls.kinds
    params = list(inspect.signature(cls.__init__).parameters)
    assert params[:3] == ["self", "session", "config"]
