"""Identifier detection, normalisation and canonical URLs (table-driven)."""

from __future__ import annotations

import pytest

from imgsynth_refs.identifiers import Identifier, parse

SMOKE = [
    ("https://arxiv.org/pdf/1511.06434.pdf", Identifier("arxiv", "1511.06434")),
    ("arXiv:1511.06434v2", Identifier("arxiv", "1511.06434", 2)),
    ("https://doi.org/10.48550/arXiv.1511.06434", Identifier("arxiv", "1511.06434")),
    (
        "https://proceedings.neurips.cc/paper/2014/file/5ca3e9b122f61f8f06494c97b1afccf3-Paper.pdf",
        Identifier("neurips", "2014/5ca3e9b122f61f8f06494c97b1afccf3"),
    ),
    ("https://aclanthology.org/P18-1238.pdf", Identifier("acl", "P18-1238")),
    ("doi:10.1145/3065386", Identifier("doi", "10.1145/3065386")),
]


@pytest.mark.parametrize(("text", "expected"), SMOKE)
def test_parse_smoke(text, expected):
    assert parse(text) == expected
    assert parse(expected.url) == expected
