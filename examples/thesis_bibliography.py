"""Build a thesis bibliography: three eras of the article plus two arXiv links, merged into
a .bib kept by hand, without changing a byte of it, then checked.

Run: ``python examples/thesis_bibliography.py [thesis.bib]`` (works offline: the eras come
from the shipped catalog and both links are works the catalog knows).
"""

from __future__ import annotations

import sys
from pathlib import Path

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.catalog import load_catalog
from imgsynth_refs.check import check_bib
from imgsynth_refs.merge import merge_references
from imgsynth_refs.resolve import resolve

ERAS = ["origins", "gan", "transformer"]
LINKS = ["https://arxiv.org/abs/2112.10752", "arXiv:2208.12242"]

# What a thesis file looks like after a year of hand editing: a comment, a macro, and the
# DCGAN preprint under the author's own key (it must be recognised, not added again).
HAND_KEPT = """\
% Bibliography of my thesis on image synthesis.
@string{iclr = {International Conference on Learning Representations}}

@article{dcgan,
  title   = {Unsupervised Representation Learning with Deep Convolutional Generative
             Adversarial Networks},
  author  = {Radford, Alec and Metz, Luke and Chintala, Soumith},
  journal = {arXiv preprint arXiv:1511.06434},
  year    = {2015}
}
"""


def main(path: Path) -> int:
    if not path.exists():
        path.write_text(HAND_KEPT, encoding="utf-8")
    before = path.read_bytes()

    links = resolve(LINKS, offline=True)
    for failure in links.failures:
        print(f"failed: {failure.input}: {failure.reason}", file=sys.stderr)
    works = load_catalog().select(ERAS) + links.references

    result = merge_references(BibFile.read(path), works, key_style="google")
    result.write(path)
    assert path.read_bytes().startswith(before), "every original byte stays"

    for ref in result.added:
        print(f"added    {ref.key}")
    for present in result.present:
        print(f"present  {present.key} ({present.reason})")
    for finding in check_bib(BibFile.read(path)):
        print(f"check    {finding.key}: [{finding.code}] {finding.message.splitlines()[0]}")
    return 1 if links.failures else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "thesis.bib")))
