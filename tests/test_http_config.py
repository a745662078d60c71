"""The configuration contract: defaults, overrides and one-line errors naming the variable."""

from __future__ import annotations

import re
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


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("arxiv_api", "ftp://example.org", "Config.arxiv_api: not an http(s) URL"),
        ("crossref_url", "http://example.org", "Config.crossref_url: must be https"),
        ("dblp_url", 42, "Config.dblp_url: not a URL"),
        ("arxiv_delay", -1.0, "Config.arxiv_delay: must be a finite number >= 0"),
        ("read_timeout", float("nan"), "Config.read_timeout: must be a finite number"),
        ("connect_timeout", "10", "Config.connect_timeout: not a number"),
        ("retries", -1, "Config.retries: must be an integer >= 0"),
        ("max_response_bytes", 1.5, "Config.max_response_bytes: not an integer"),
        ("retries", True, "Config.retries: not an integer"),
        ("cache_dir", "/tmp/x", "Config.cache_dir: not a path"),
    ],
)
def test_config_is_validated_when_built(field, value, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        Config(**{field: value})


def test_a_built_config_is_normalised_as_from_env():
    config = Config(arxiv_api="http://127.0.0.1:8080/api/", retries=0, host_delay=0)
    assert config.arxiv_api == "http://127.0.0.1:8080/api"
    assert config == Config.from_env(
        {
            "IMGSYNTH_REFS_ARXIV_API": "http://127.0.0.1:8080/api/",
            "IMGSYNTH_REFS_RETRIES": "0",
            "IMGSYNTH_REFS_HOST_DELAY": "0",
            "IMGSYNTH_REFS_CACHE_DIR": str(config.cache_dir),
        }
    )
