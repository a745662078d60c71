"""Speed and linearity of link scanning (``imgsynth_refs.identifiers.find``).

Run: ``python benchmarks/bench_extract.py [--quick]``

Scans 1 MB and 10 MB of (a) mixed English/Chinese prose with links in every supported form
and (b) adversarial texts built to provoke super-linear behaviour (long runs of digits, dots,
slashes, ``10.`` prefixes, DOI-like chains, repeated schemes and prefixes, link characters
without an anchor). Prints MB/s and time per MB at both sizes; the scan is linear when the
two times per MB agree. Exits 1 if any ratio (10 MB vs 1 MB, time per MB) exceeds 1.5.
Timings are CPU time of this process (``time.process_time``), the best of a few runs, so
that other processes on a busy machine inflate them less.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable

from imgsynth_refs.identifiers import find

MB = 1_000_000
LIMIT = 1.5

WORDS = [
    *("the", "image", "synthesis", "model", "generative", "adversarial", "network", "diffusion"),
    *("transformer", "latent", "prompt", "dataset", "training", "of", "and", "in", "we", "show"),
    *("图像", "合成", "模型", "生成", "对抗", "网络", "扩散", "论文", "数据集", "训练", "我们"),
    *("提出", "一种", "方法", "结果", "表明", "2014", "2022", "10.5", "3.2%", "1.2345", "v1.2"),
    "a/b",
]


def _link(rng: random.Random) -> str:
    yymm = f"{rng.randint(15, 23):02d}{rng.randint(1, 12):02d}"
    arxiv = f"{yymm}.{rng.randint(1, 99999):05d}"
    digest = "".join(rng.choice("0123456789abcdef") for _ in range(32))
    forms = [
        f"https://arxiv.org/pdf/{arxiv}.pdf",
        f"https://arxiv.org/abs/{arxiv}v{rng.randint(1, 9)}",
        f"arXiv:{arxiv}",
        f"https://doi.org/10.48550/arXiv.{arxiv}",
        f"https://proceedings.neurips.cc/paper/{rng.randint(2012, 2021)}/file/{digest}-Paper.pdf",
        f"https://proceedings.neurips.cc/paper_files/paper/2022/hash/{digest}-Abstract-Conference.html",
        f"https://aclanthology.org/P{rng.randint(10, 19)}-{rng.randint(1000, 2999)}.pdf",
        f"https://aclanthology.org/2020.acl-main.{rng.randint(1, 900)}/",
        f"doi:10.{rng.randint(1000, 9999)}/{rng.randint(100000, 9999999)}",
        f"https://openreview.net/forum?id={''.join(rng.choice('abcXYZ0129_-') for _ in range(10))}",
        f"https://proceedings.mlr.press/v{rng.randint(30, 200)}/radford{rng.randint(10, 23)}a.html",
        "http://projects.dfki.uni-kl.de/yfcc100m/",
        "https://huggingface.co/spaces/dalle-mini/dalle-mini?utm_source=x",
        f"[paper](https://arxiv.org/abs/{arxiv})",
        f'<a href="https://arxiv.org/abs/{arxiv}">pdf</a>',
        f"论文链接:https://arxiv.org/pdf/{arxiv}.pdf\uff0c",
        f"( https://arxiv.org/pdf/{arxiv}.pdf ) 》",
    ]
    return rng.choice(forms)


def prose(size: int, seed: int = 2022) -> str:
    """Deterministic mixed prose: sentences of 8-30 words, a link in about every third."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 30))]
        if rng.random() < 0.35:
            words.insert(rng.randint(0, len(words)), _link(rng))
        sentence = " ".join(words) + rng.choice([". ", "。", "\n", ".\n\n", "; "])
        parts.append(sentence)
        total += len(sentence)
    return "".join(parts)[:size]


def repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


CASES: dict[str, Callable[[int], str]] = {
    "mixed prose and links": prose,
    "digits": repeat("1"),
    "dots": repeat("."),
    "slashes": repeat("/"),
    "colons and slashes": repeat(":/"),
    "'10.' prefixes": repeat("10."),
    "DOI-like chain 10.1234/": repeat("10.1234/"),
    "'https://' repeated": repeat("https://"),
    "'arXiv:' repeated": repeat("arXiv:"),
    "'DOI: doi:' repeated": repeat("DOI: doi:"),
    "'arXiv: https://' repeated": repeat("arXiv: https://"),
    "'www.' repeated": repeat("www."),
    "link chars, no anchor": repeat("abc-def_ghi.jkl~"),
    "long URL, no spaces": lambda size: "https://example.org/" + "a" * (size - 20),
    "CJK text": repeat("图像合成这十年\uff0c论文链接\uff1a"),
    "arXiv 1511.06434 runs": repeat("arXiv 1511.06434"),
}


def seconds(text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        find(text)
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str]) -> int:
    big = 2 if "--quick" in argv else 10
    print(f"find(): time per MB at 1 MB and at {big} MB (ratio must stay <= {LIMIT})")
    print(f"{'input':28} {'ms/MB @1MB':>11} {f'ms/MB @{big}MB':>12} {'ratio':>6} {'MB/s':>7}")
    worst = 0.0
    for name, make in CASES.items():
        small_text, big_text = make(MB), make(big * MB)
        small = seconds(small_text, 3)
        large = seconds(big_text, 2) / big
        ratio = large / small
        worst = max(worst, ratio)
        print(f"{name:28} {small * 1e3:11.1f} {large * 1e3:12.1f} {ratio:6.2f} {1 / large:7.1f}")
    print(f"worst ratio {worst:.2f} ({'linear' if worst <= LIMIT else 'SUPER-LINEAR'})")
    return 0 if worst <= LIMIT else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
