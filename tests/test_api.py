"""The Python API of bibtex and export that scripts and the other modules code against."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import pytest

from imgsynth_refs import bibtex
from imgsynth_refs import export as export_module
from imgsynth_refs.bibtex import read as bibtex_read
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.export import export


@pytest.mark.parametrize(
    ("function", "positional", "keyword_only"),
    [
        (bibtex_read.parse_bib, ["text"], ["source"]),
        (bibtex_read.entry_to_reference, ["entry"], []),
        (bibtex.reference_to_entry, ["ref"], ["dialect", "prefer"]),
        (bibtex.format_entries, ["refs"], ["dialect", "prefer"]),
        (export_module.export, ["refs", "format", "path"], ["prefer", "eras", "style"]),
        (export_module.find_writer, ["name"], ["filename"]),
    ],
)
def test_signatures(
    function: Callable[..., object], positional: list[str], keyword_only: list[str]
) -> None:
    params = inspect.signature(function).parameters.values()
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.POSITIONAL_ONLY)
    assert [p.name for p in params if p.kind in kinds] == positional
    assert [p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY] == keyword_only


@pytest.mark.parametrize(
    ("function", "option", "default"),
    [
        (bibtex.reference_to_entry, "dialect", "bibtex"),
        (bibtex.reference_to_entry, "prefer", "published"),
        (bibtex.format_entries, "dialect", "bibtex"),
        (bibtex.format_entries, "prefer", "published"),
        (export_module.export, "prefer", "published"),
    ],
)
def test_defaults(function: Callable[..., object], option: str, default: str) -> None:
    assert inspect.signature(function).parameters[option].default == default


def test_export_to_string_and_file(tmp_path) -> None:
    refs = load_catalog().select(["origins"])
    text = export(refs)  # bibtex by default
    assert text.startswith("@inproceedings{krizhevsky2012imagenet,")
    assert export(refs, path=tmp_path / "origins.bib") == text
    assert (tmp_path / "origins.bib").read_text() == text


def test_bibtex_parses_its_own_output_into_equal_records() -> None:
    refs = load_catalog().select(["gan"])
    text = bibtex.format_entries(refs)
    again = [
        bibtex_read.entry_to_reference(e) for e in bibtex_read.parse_bib(text, source="gan.bib")
    ]
    assert [(r.key, r.title, r.authors, r.doi) for r in again] == [
        (r.key, r.title, r.authors, r.doi) for r in refs
    ]
