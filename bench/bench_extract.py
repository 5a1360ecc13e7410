"""Extraction throughput next to a bare spaCy ``nlp.pipe`` over the same texts, same run.

    .venv/bin/python bench/bench_extract.py [--repeat N] [--rounds N]
    .venv/bin/python bench/bench_extract.py --one-document 100,200,400

Texts: seeds/ plus, when ../shared/data is beside the checkout, the ECB+ articles as raw
text (about 770 news articles), so the number is not dominated by start-up costs.

``--one-document`` sizes (in thousands of characters) measure one document with no line
break at all (the corpus' sentences run together: a hostile "2 MB paragraph"): the bare
baseline is ``nlp.pipe`` over the pieces the extractor gives spaCy, and the exponent of
extraction time against size says whether the cost grows linearly.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from pathlib import Path

from workbench.evaluate.ecbplus import read_corpus
from workbench.extract.claims import DocumentExtractor, base_for, pieces_of
from workbench.extract.nlp import load_nlp
from workbench.ingest.boilerplate import find_boilerplate

ROOT = Path(__file__).resolve().parents[1]


def corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    ecb = ROOT.parent / "shared" / "data" / "ecbplus"
    if ecb.is_dir():  # the articles as eval reads them: detokenised, without the URL line
        texts += [doc.text() for doc in read_corpus(ecb).documents.values()]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=1, help="passes over the texts per run")
    parser.add_argument("--rounds", type=int, default=3,
                        help="bare/extract runs, alternating which goes first (the machine's "
                             "load drifts; the median ratio of the rounds is the number)")
    parser.add_argument("--one-document", default="",
                        help="sizes in thousands of characters of one line-less document")
    args = parser.parse_args()
    texts = corpus()
    if args.one_document:
        one_document(texts, [int(k) * 1000 for k in args.one_document.split(",")])
        return
    words = sum(len(t.split()) for t in texts) * args.repeat
    nlp = load_nlp()
    list(nlp.pipe(texts[:5]))  # warm up
    base = base_for(None, None, "unknown", 2025)

    def bare() -> float:
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            for _doc in nlp.pipe(texts, batch_size=64):
                pass
        return time.perf_counter() - t0

    claims = 0

    def extract() -> float:
        nonlocal claims
        claims = 0
        t0 = time.perf_counter()
        for _ in range(args.repeat):
            for text in texts:
                skipped = [list(r) for r in find_boilerplate(text)]
                claims += len(DocumentExtractor(nlp, base).claims(text, skipped))
        return time.perf_counter() - t0

    print(f"texts: {len(texts) * args.repeat}, words: {words}")
    ratios = []
    for r in range(args.rounds):
        if r % 2:
            ours, plain = extract(), bare()
        else:
            plain, ours = bare(), extract()
        ratios.append(plain / ours)
        print(f"round {r + 1}: bare nlp.pipe {words / plain:6.0f} words/s ({plain:.1f} s), "
              f"workbench extract {words / ours:6.0f} words/s ({ours:.1f} s, {claims} claims), "
              f"ratio {plain / ours:.2f}")
    print(f"ratio extract/bare, median of {args.rounds}: {statistics.median(ratios):.2f}")


def one_document(texts: list[str], sizes: list[int]) -> None:
    nlp = load_nlp()
    list(nlp.pipe(texts[:5]))  # warm up: the first pipe pays for loading
    base = base_for(None, None, "unknown", 2025)
    run = " ".join(" ".join(t.split()) for t in texts)
    points = []
    for size in sizes:
        text = (run * (size // len(run) + 1))[:size]
        pieces = pieces_of(text, [])
        t0 = time.perf_counter()
        for _doc in nlp.pipe(pieces, batch_size=64):
            pass
        plain = time.perf_counter() - t0
        t0 = time.perf_counter()
        claims = len(DocumentExtractor(nlp, base).claims(text, []))
        ours = time.perf_counter() - t0
        points.append((size, ours))
        print(f"{size:>9,} characters, {len(pieces)} pieces: bare nlp.pipe {plain:.1f} s, "
              f"workbench extract {ours:.1f} s ({claims} claims), ratio {plain / ours:.2f}")
    if len(points) > 1:
        xs = [math.log(s) for s, _ in points]
        ys = [math.log(t) for _, t in points]
        mx, my = statistics.mean(xs), statistics.mean(ys)
        slope = (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
                 / sum((x - mx) ** 2 for x in xs))
        print(f"extraction time grows as size^{slope:.2f} (1.00 is linear)")


if __name__ == "__main__":
    main()
