"""Agreement of policylib's coverage verdicts with a careful reader's labels.

Usage::

    policylib coverage corpus benchmarks/data/excerpts --format csv -o coverage.csv
    python benchmarks/evaluate.py coverage.csv benchmarks/data/labels/*_coverage.csv

Labels files have one row per document (column ``doc``) and one column per element id, with
``2`` present, ``1`` partial and ``0`` missing (see ``benchmarks/data/labels/RUBRIC.md``). The
main figure is the balanced accuracy of present versus missing: label 2 against label 0, with
label 1 ignored, and the kit's ``present`` status as the positive prediction. ``--calibrate``
also searches the single pair of thresholds (for all elements and documents) that agrees best
with the labels; the kit's thresholds were set this way once and are not tuned per element.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd


def read_labels(paths: list[str]) -> pd.DataFrame:
    """Long table of labels: doc, element, label."""
    frames = []
    for path in paths:
        wide = pd.read_csv(path, dtype={"doc": str})
        if "doc" not in wide.columns:
            sys.exit(f"evaluate: {path}: no 'doc' column")
        long = wide.melt(id_vars="doc", var_name="element", value_name="label")
        long["source"] = Path(path).name
        frames.append(long)
    return pd.concat(frames, ignore_index=True)


def balanced_accuracy(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Mean of the true-positive and true-negative rates."""
    pos, neg = truth, ~truth
    tpr = (predicted & pos).sum() / pos.sum() if pos.sum() else float("nan")
    tnr = (~predicted & neg).sum() / neg.sum() if neg.sum() else float("nan")
    return float((tpr + tnr) / 2)


def best_threshold(scores: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """The threshold (midway between neighbouring scores) with the best balanced accuracy."""
    values = np.unique(scores)
    cuts = np.concatenate([[values[0] - 1e-9], (values[:-1] + values[1:]) / 2])
    best = (-1.0, 0.0)
    for cut in cuts:
        ba = balanced_accuracy(truth, scores >= cut)
        if ba > best[0] + 1e-12:
            best = (ba, float(cut))
    return best


def best_partial(joined: pd.DataFrame, present: float) -> tuple[float, float]:
    """The partial threshold (below ``present``) with the best 3-way agreement."""
    scores = joined.score.to_numpy()
    labels = joined.label.to_numpy()
    best = (present, -1.0)
    for cut in np.unique(scores[scores < present]):
        predicted = np.where(scores >= present, 2, np.where(scores >= cut, 1, 0))
        agreement = float((predicted == labels).mean())
        if agreement > best[1] + 1e-12:
            best = (float(cut), agreement)
    return best


def evaluate(coverage: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """Join coverage to labels; one row per labelled (doc, element)."""
    joined = labels.merge(
        coverage[["doc", "element", "score", "status"]], on=["doc", "element"], how="left"
    )
    missing = joined[joined.score.isna()]
    if len(missing):
        sys.exit(
            f"evaluate: {len(missing)} labelled cells have no coverage row, e.g. "
            f"{missing.doc.iloc[0]} / {missing.element.iloc[0]}: load those documents"
        )
    return joined


def report(joined: pd.DataFrame) -> str:
    lines = [
        "| labels | docs | present vs missing cells | balanced accuracy | 3-way agreement |",
        "|---|---|---|---|---|",
    ]
    groups = [(name, g) for name, g in joined.groupby("source")] + [("all", joined)]
    for name, g in groups:
        binary = g[g.label != 1]
        truth = binary.label.to_numpy() == 2
        ba = balanced_accuracy(truth, binary.status.to_numpy() == "present")
        three = {2: "present", 1: "partial", 0: "missing"}
        agree = (g.label.map(three) == g.status).mean()
        lines.append(f"| {name} | {g.doc.nunique()} | {len(binary)} | {ba:.3f} | {agree:.3f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("coverage", help="coverage CSV from `policylib coverage --format csv`")
    parser.add_argument("labels", nargs="+", help="labels CSV files (doc + one column per element)")
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="also report the thresholds that agree best with these labels",
    )
    args = parser.parse_args(argv)
    coverage = pd.read_csv(args.coverage, dtype={"doc": str})
    joined = evaluate(coverage, read_labels(args.labels))
    print(report(joined))
    if args.calibrate:
        binary = joined[joined.label != 1]
        ba, present = best_threshold(binary.score.to_numpy(), binary.label.to_numpy() == 2)
        partial, agreement = best_partial(joined, present)
        print(
            f"\ncalibrated present threshold: {present:.4f} (balanced accuracy {ba:.3f}, "
            "label 2 vs 0)"
        )
        print(
            f"calibrated partial threshold: {partial:.4f} (3-way agreement {agreement:.3f} "
            "with that present threshold)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
