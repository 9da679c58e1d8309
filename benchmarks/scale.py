"""Benchmark: wall time and peak memory of each stage of the pipeline at scale.

Usage::

    make benchmark                                  # N = 1,000 and 10,000
    .venv/bin/python benchmarks/scale.py --sizes 1000 10000 100000

For each N, a synthetic corpus (``benchmarks/synth.py``, seed 0) is generated once under
``benchmarks/out/``, then one fresh process runs the kit's pipeline stage by stage, printing the
wall time of each stage and the process's peak resident memory so far (the modules the stages
use are imported before the first is timed, as the bare fit's scikit-learn is):

1. load and parse (``load_corpus``, both cores);
2. template passage detection (``template_index``, word 8-gram shingles; both cores);
3. fit the TF-IDF model on the documents (``document_vectors``, both cores);
4. coverage against the National Framework (every passage × 13 elements, with evidence; both
   cores);
5. council-to-council similarity: top 10 neighbours per document (exact up to 2,000
   documents; above that, SVD candidates re-scored exactly; both cores). The share of the
   exact top 10 they find is then checked on 200 sampled documents against an exact search of
   the whole corpus.

A second fresh process times the bare scikit-learn ``TfidfVectorizer.fit_transform`` on the same
section texts with the settings the kit uses (word 1-2-grams, English stop words, sublinear tf),
and the script prints the ratio of the whole pipeline to it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_peak_mb() -> float:
    """The largest peak of any finished worker process (loading, coverage); forked workers
    share the parent's pages until they write to them, so this over-counts what they add."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_pipeline(folder: str, texts_file: str) -> dict[str, object]:
    sys.path.insert(0, str(ROOT.parent))
    # The modules the stages use are imported before any stage is timed, as the bare fit's
    # scikit-learn is (start-up is measured on its own: see the README's command-line figures).
    import concurrent.futures  # noqa: F401
    import multiprocessing  # noqa: F401

    import bs4  # noqa: F401
    import pandas  # noqa: F401
    import scipy.sparse  # noqa: F401
    import threadpoolctl  # noqa: F401
    import yaml  # noqa: F401

    import policylib as pl
    import policylib.parallel
    import policylib.reading.corpus
    import policylib.scoring.coverage
    import policylib.scoring.template
    from policylib.scoring.compare import document_vectors

    stages: list[dict[str, object]] = []

    def stage(name: str, func):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        result = func()
        stages.append(
            {"stage": name, "seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}
        )
        # Shown as it happens (stderr is not captured): a long run is not silent.
        print(
            f"  {name}: {stages[-1]['seconds']:.1f} s, peak {stages[-1]['peak_mb']:,.0f} MB",
            file=sys.stderr,
            flush=True,
        )
        return result

    corpus = stage("load and parse", lambda: pl.load_corpus(folder, workers=2))
    index = stage(
        "template passages", lambda: pl.template_index(corpus, reference=False, workers=2)
    )
    vectors = stage("fit TF-IDF (documents)", lambda: document_vectors(corpus, workers=2))
    cov = stage(
        "coverage (National Framework)", lambda: pl.coverage(corpus, index=index, workers=2)
    )
    near = stage("top-10 neighbours", lambda: pl.neighbours(vectors=vectors, k=10, workers=2))
    recall = _neighbour_recall(vectors.matrix, near["similarity"].to_numpy())
    with open(texts_file, "w", encoding="utf-8") as handle:
        for doc in corpus:
            for s in doc.sections:
                handle.write(json.dumps(s.text) + "\n")
    return {
        "stages": stages,
        "documents": len(corpus),
        "sections": int(sum(len(d.sections) for d in corpus)),
        "coverage_rows": len(cov),
        "neighbour_rows": len(near),
        "neighbour_recall": recall,
        "problems": len(corpus.problem_list),
        "worker_peak_mb": _worker_peak_mb(),
    }


def _neighbour_recall(matrix: Any, found: Any, k: int = 10, queries: int = 200) -> float:
    """Share of the exact top-k similarities found, on sampled documents (ties count alike)."""
    import numpy as np

    n = matrix.shape[0]
    found = found.reshape(n, k)
    rows = np.sort(np.random.default_rng(1).choice(n, min(n, queries), replace=False))
    hits = 0
    for lo in range(0, len(rows), 50):
        batch = rows[lo : lo + 50]
        scores = (matrix @ matrix[batch].T).toarray().T  # batch × n, exact cosines
        scores[np.arange(len(batch)), batch] = -np.inf
        kth = np.partition(scores, -k, axis=1)[:, -k]
        hits += int((found[batch] >= kth[:, None] - 1e-9).sum())
    return hits / (k * len(rows))


def run_bare(texts_file: str) -> dict[str, object]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    with open(texts_file, encoding="utf-8") as handle:
        texts = [json.loads(line) for line in handle]
    before = _peak_mb()
    start = time.perf_counter()
    matrix = TfidfVectorizer(
        ngram_range=(1, 2), stop_words="english", sublinear_tf=True
    ).fit_transform(texts)
    return {
        "seconds": time.perf_counter() - start,
        "peak_mb": _peak_mb(),
        "peak_before_mb": before,
        "features": matrix.shape[1],
    }


def _child(mode: str, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, *args],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        result = run_pipeline(*rest) if mode == "pipeline" else run_bare(*rest)
        print(json.dumps(result))
        return 0
    sys.path.insert(0, str(ROOT))
    from synth import generate

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()}"
    )
    summary = []
    for n in args.sizes:
        folder = generate(n, OUT / f"synth-{n}")
        texts = OUT / f"sections-{n}.jsonl"
        pipe = _child("pipeline", str(folder), str(texts))
        bare = _child("bare", str(texts))
        total = sum(float(s["seconds"]) for s in pipe["stages"])  # type: ignore[union-attr]
        print(f"\n## {n:,} chapters: {pipe['sections']:,} sections, problems: {pipe['problems']}\n")
        print("| stage | seconds | peak memory so far (MB) |\n|---|---|---|")
        for s in pipe["stages"]:  # type: ignore[union-attr]
            print(f"| {s['stage']} | {float(s['seconds']):.1f} | {float(s['peak_mb']):,.0f} |")
        print(f"| **whole pipeline** | **{total:.1f}** | |")
        print(
            f"| bare `TfidfVectorizer.fit_transform` (same section texts) | "
            f"{float(bare['seconds']):.1f} | {float(bare['peak_mb']):,.0f} |"
        )
        print(f"\nratio of the whole pipeline to bare TF-IDF: {total / float(bare['seconds']):.2f}")
        print(
            "top-10 neighbours found (exact top 10, 200 sampled documents): "
            f"{float(pipe['neighbour_recall']):.1%}"  # type: ignore[arg-type]
        )
        texts.unlink(missing_ok=True)
        summary.append((n, pipe, bare, total))
    # One line per size, as issue 13 tabulates it: stages, whole, bare fit, ratio, peak memory.
    print(
        "\n| chapters | load | template | document fit | coverage | neighbours | whole | bare "
        "| ratio | peak | largest worker | recall |\n" + "|---" * 12 + "|"
    )
    for n, pipe, bare, total in summary:
        stages = " | ".join(f"{float(s['seconds']):.1f} s" for s in pipe["stages"])  # type: ignore[union-attr]
        peak = max(float(s["peak_mb"]) for s in pipe["stages"]) / 1024  # type: ignore[union-attr]
        print(
            f"| {n:,} | {stages} | {total:.1f} s | {float(bare['seconds']):.1f} s | "
            f"{total / float(bare['seconds']):.1f} | {peak:.2f} GB | "
            f"{float(pipe['worker_peak_mb']) / 1024:.2f} GB | "  # type: ignore[arg-type]
            f"{float(pipe['neighbour_recall']):.1%} |"  # type: ignore[arg-type]
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
