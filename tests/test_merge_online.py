"""``add`` and ``check`` through the real resolver and HTTP stack against 127.0.0.1.

arXiv answers are the recorded responses in tests/fixtures/arxiv, replayed by
arxiv_helpers.ArxivReplay (see PROVENANCE.md there). The DBLP search answer is the real
recorded tests/fixtures/dblp/search_publ_api.rust-test-small.json (recorded for ``test*``,
replayed for any title): its one hit is an unrelated paper, never to be taken for a
published version. Both are served by conftest's ``sources_server``.
"""

from __future__ import annotations

from arxiv_helpers import API_PATH
from imgsynth_refs.cli import main


def test_add_resolves_a_link_the_catalog_lacks_and_keeps_the_file(sources_server, tmp_path, capsys):
    path = tmp_path / "thesis.bib"
    old = b"% mine\r\n@misc{keep, title={Kept}, author={A, B}}\r\n"
    path.write_bytes(old)
    assert main(["add", "https://arxiv.org/abs/1605.08386", "--to", str(path)]) == 0
    out = capsys.readouterr().out
    assert "added " in out
    new = path.read_bytes()
    assert new.startswith(old)
    assert b"Heat-bath random walks with" in new and b"eprint" in new
    assert new.count(b"\n") == new.count(b"\r\n")
    requests = len(sources_server.log)
    # Present now, whatever form the link takes: no second entry, nothing asked.
    assert main(["add", "arXiv:1605.08386v1", "--to", str(path), "--offline"]) == 0
    assert "present: arXiv:1605.08386v1 as " in capsys.readouterr().out
    assert path.read_bytes() == new
    assert len(sources_server.log) == requests


def test_check_asks_the_resolver_for_preprints_the_catalog_lacks(sources_server, tmp_path, capsys):
    path = tmp_path / "thesis.bib"
    path.write_bytes(
        b"@misc{hb, title={Heat-bath random walks with {Markov} bases}, author={Sturmfels, B},"
        b" eprint={1605.08386}, archivePrefix={arXiv}, year=2016}\n"
    )
    assert main(["check", str(path)]) == 0
    assert "no problems found" in capsys.readouterr().out
    assert next(r.path for r, _ in sources_server.log) == API_PATH
