"""The configuration contract: defaults, overrides and one-line errors naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from imgsynth_refs.errors import UsageError
from imgsynth_refs.sources.config import Config


def test_defaults():
    config = Config.from_env({})
    assert config.arxiv_api == "https://export.arxiv.org/api/query"
    assert config.neurips_url == "https://proceedings.neurips.cc"
    assert config.acl_url == "https://aclanthology.org"
    assert config.dblp_url == "https://dblp.org"
    assert config.crossref_url == "https://api.crossref.org"
    assert config.pmlr_url == "https://raw.githubusercontent.com/mlresearch"
    assert config.cvf_url == "https://openaccess.thecvf.com"
    assert config.openreview_api == "https://api2.openreview.net"
    assert config.arxiv_delay == 3.0
    assert config.cache_dir.name == "imgsynth_refs"
    assert config.hosts == {
        "export.arxiv.org",
        "proceedings.neurips.cc",
        "aclanthology.org",
        "dblp.org",
        "api.crossref.org",
        "raw.githubusercontent.com",
        "openaccess.thecvf.com",
        "api2.openreview.net",
        "api.semanticscholar.org",
    }
    assert config.s2_api == "https://api.semanticscholar.org/graph/v1"
    assert config.s2_key is None
    assert config.delay_for("export.arxiv.org") == 3.0
    assert config.delay_for("dblp.org") == config.host_delay < 3.0


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8080/api/query", "http://127.0.0.1:8080/api/query"),
        ("http://localhost:5000/", "http://localhost:5000"),
        ("http://[::1]:9/api", "http://[::1]:9/api"),
        ("https://mirror.example.org/arxiv/", "https://mirror.example.org/arxiv"),
    ],
)
def test_allowed_base_urls(url, expected):
    config = Config.from_env({"IMGSYNTH_REFS_ARXIV_API": url})
    assert config.arxiv_api == expected


def test_overrides(tmp_path):
    config = Config.from_env(
        {
            "IMGSYNTH_REFS_ARXIV_DELAY": "0.5",
            "IMGSYNTH_REFS_CACHE_DIR": str(tmp_path),
            "IMGSYNTH_REFS_READ_TIMEOUT": "2",
            "IMGSYNTH_REFS_MAX_RESPONSE_BYTES": "1000",
            "IMGSYNTH_REFS_RETRIES": "0",
            "IMGSYNTH_REFS_DBLP_URL": "http://127.0.0.1:1234",
        }
    )
    assert config.arxiv_delay == 0.5
    assert config.cache_dir == Path(tmp_path)
    assert config.read_timeout == 2.0
    assert config.max_response_bytes == 1000
    assert config.retries == 0
    assert "127.0.0.1:1234" in config.hosts


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("IMGSYNTH_REFS_ARXIV_API", "http://export.arxiv.org/api/query"),
        ("IMGSYNTH_REFS_NEURIPS_URL", "ftp://proceedings.neurips.cc"),
        ("IMGSYNTH_REFS_ACL_URL", "aclanthology.org"),
        ("IMGSYNTH_REFS_DBLP_URL", "http://127.0.0.1:notaport"),
        ("IMGSYNTH_REFS_CROSSREF_URL", "https://user:pw@api.crossref.org"),
        ("IMGSYNTH_REFS_CROSSREF_URL", "http://10.0.0.1"),
        ("IMGSYNTH_REFS_ARXIV_DELAY", "three"),
        ("IMGSYNTH_REFS_ARXIV_DELAY", "-1"),
        ("IMGSYNTH_REFS_ARXIV_DELAY", "nan"),
        ("IMGSYNTH_REFS_READ_TIMEOUT", "0"),
        ("IMGSYNTH_REFS_MAX_RESPONSE_BYTES", "1.5"),
        ("IMGSYNTH_REFS_RETRIES", "-2"),
    ],
)
def test_bad_values_name_the_variable(variable, value):
    with pytest.raises(UsageError) as info:
        Config.from_env({variable: value})
    message = str(info.value)
    assert message.startswith(variable + ": ")
    assert "\n" not in message
