"""A catalog record that does not validate is one line naming file, record and field, in
the model's words (pydantic's ``Value error,`` prefix is not the user's business)."""

from __future__ import annotations

import pytest

from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.errors import DataError

ERAS = '[[era]]\nid = "gan"\nname = "GANs"\nyears = "2014"\n'
WORK = """type = "preprint"
title = "Generative Adversarial Networks"
year = 2014
doi = "nope"
arxiv = { id = "1406.2661" }
authors = [{ family = "Goodfellow", given = "Ian" }]
"""


def test_invalid_field_is_named_in_the_models_words(tmp_path):
    (tmp_path / "eras.toml").write_text(ERAS, encoding="utf-8")
    (tmp_path / "works").mkdir()
    (tmp_path / "works" / "goodfellow2014gan.toml").write_text(WORK, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_catalog(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path / 'works' / 'goodfellow2014gan.toml'}: record 'goodfellow2014gan': "
        "field 'doi': not a DOI: 'nope'"
    )
