"""A local server for ``upgrade`` (tests/test_upgrade*.py and benchmarks/bench_upgrade.py).

It plays every source on 127.0.0.1 with recorded answers: arXiv (``ArxivReplay``: the
recorded entries; ids not recorded are answered as arXiv answers ids it does not have),
Semantic Scholar's batch (``S2Replay``: recorded paper objects), Crossref's work of
10.1038/s42256-024-00832-8 (recorded), DBLP's record of the NeurIPS 2017 paper
``conf/nips/VaswaniSPUJGKP17`` (recorded BibTeX) and DBLP's search (the recorded answer for
``test*``, one unrelated hit; or, for "Attention is All you Need", an answer SYNTHESISED in
the real envelope from the facts of the recorded BibTeX record, see sources_helpers).
"""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from arxiv_helpers import API_PATH, ArxivReplay
from imgsynth_refs.sources.config import Config
from s2_helpers import BATCH_PATH, ROOT, S2Replay
from sources_helpers import FIXTURES, dblp_info, dblp_search_answer, local_config

NATMI_DOI = "10.1038/s42256-024-00832-8"
ATTENTION_KEY = "conf/nips/VaswaniSPUJGKP17"
ATTENTION_AUTHORS = [
    "Ashish Vaswani",
    "Noam Shazeer",
    "Niki Parmar",
    "Jakob Uszkoreit",
    "Llion Jones",
    "Aidan N. Gomez",
    "Lukasz Kaiser",
    "Illia Polosukhin",
]

NATMI_ENTRY = """@article{bran2023augmenting,
  title={Augmenting large language models with chemistry tools},
  author={Bran, Andres M and Cox, Sam and Schilter, Oliver and Baldassari, Carlo and
    White, Andrew D and Schwaller, Philippe},
  journal={arXiv preprint arXiv:2304.05376},
  year={2023},
  keywords = {llm, chemistry},
  note = {read twice}
}"""
"""A Google Scholar style arXiv entry of arXiv:2304.05376 (published in Nat. Mach. Intell.)."""

PAPERQA_ENTRY = """@misc{lala2023paperqa,
      title={PaperQA: Retrieval-Augmented Generative Agent for Scientific Research},
      author={Jakub Lála and Odhran O'Donoghue and Aleksandar Shtedritski and Sam Cox and
              Samuel G. Rodriques and Andrew D. White},
      year={2023},
      eprint={2312.07559},
      archivePrefix={arXiv},
      primaryClass={cs.CL}
}"""
"""arXiv's own BibTeX form of arXiv:2312.07559 (listed by Semantic Scholar as arXiv only)."""

ATTENTION_ENTRY = """@article{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and Uszkoreit, Jakob and
            Jones, Llion and Gomez, Aidan N. and Kaiser, Lukasz and Polosukhin, Illia},
  journal = {CoRR},
  volume = {abs/1706.03762},
  year = {2017},
  url = {http://arxiv.org/abs/1706.03762},
  file = {:papers/attention.pdf:PDF}
}"""
"""DBLP's CoRR form of arXiv:1706.03762 (Semantic Scholar names NeurIPS, but only the CoRR
record's DBLP key)."""


class DblpSearch:
    """DBLP's search: the synthesised answer for the Transformer's title, else the recorded
    answer for ``test*``; counts the searches."""

    def __init__(self) -> None:
        self.queries: list[str] = []

    def __call__(self, request: Request) -> Response:
        query = request.args.get("q", "")
        self.queries.append(query)
        if "Attention" in query:
            body = dblp_search_answer(
                query,
                [
                    dblp_info(
                        ATTENTION_KEY,
                        "Attention is All you Need.",
                        ATTENTION_AUTHORS,
                        "NIPS",
                        2017,
                        pages="5998-6008",
                    )
                ],
            )
            return Response(body, content_type="application/json")
        recorded = (FIXTURES / "dblp" / "search_publ_api.rust-test-small.json").read_bytes()
        return Response(recorded, content_type="application/json")


class UpgradeServer:
    """The handlers of one local server, to count what each source was asked."""

    def __init__(self, server: HTTPServer, s2: S2Replay | None = None) -> None:
        self.server = server
        self.arxiv = ArxivReplay()
        self.s2 = s2 or S2Replay()
        self.search = DblpSearch()
        server.expect_request(API_PATH).respond_with_handler(self.arxiv)
        server.expect_request(BATCH_PATH, method="POST").respond_with_handler(self.s2)
        server.expect_request("/search/publ/api").respond_with_handler(self.search)
        server.expect_request(f"/works/{NATMI_DOI}").respond_with_data(
            (FIXTURES / "crossref" / "10.1038_s42256-024-00832-8.paperqa.json").read_bytes(),
            content_type="application/json",
        )
        server.expect_request(f"/rec/{ATTENTION_KEY}.bib").respond_with_data(
            (FIXTURES / "dblp" / "conf_nips_VaswaniSPUJGKP17.bib").read_bytes()
        )

    def config(self, cache_dir: Path, **overrides: str) -> Config:
        """Every source at this server, no delays or retries, the cache in ``cache_dir``."""
        base = self.server.url_for("").rstrip("/")
        values = {"s2_api": base + ROOT, "arxiv_api": base + API_PATH, "cache_dir": str(cache_dir)}
        return local_config(base, **(values | overrides))

    def paths(self) -> list[str]:
        """Every path asked, in order."""
        return [request.path for request, _ in self.server.log]
