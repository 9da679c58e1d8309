"""Agreement of policylib's coverage verdicts with a careful reader's labels, out of sample.

Usage::

    policylib coverage corpus benchmarks/data/excerpts --format csv -o coverage.csv
    python benchmarks/evaluate.py coverage.csv benchmarks/data/labels/*_coverage.csv \\
        --evidence benchmarks/data/labels/excerpt_evidence.md

Labels files have one row per document (column ``doc``) and one column per element id, with
``2`` present, ``1`` partial and ``0`` missing (see ``benchmarks/data/labels/RUBRIC.md``).

The figure is the balanced accuracy of present versus missing (label 2 against label 0, label 1
ignored), measured **leave one council out**: for each labelled document, the present
threshold is chosen on the *other* documents only and then applied to it, so no document is
scored with a threshold fitted on itself. The 95% interval is a bootstrap over documents
(2,000 resamples, fixed seed). ``--evidence`` also measures evidence precision: the share of
true *present* cells whose quoted passage contains a passage the reader cited.

The kit's own thresholds are the ones chosen on all labelled documents (printed last); the
out-of-sample figure is the one to quote.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 0
RESAMPLES = 2000


def read_labels(paths: list[str]) -> pd.DataFrame:
    """Long table of labels: doc, element, label, source."""
    frames = []
    for path in paths:
        wide = pd.read_csv(path, dtype={"doc": str})
        if "doc" not in wide.columns:
            sys.exit(f"evaluate: {path}: no 'doc' column")
        long = wide.melt(id_vars="doc", var_name="element", value_name="label")
        long["source"] = Path(path).name
        frames.append(long)
    return pd.concat(frames, ignore_index=True)


def read_evidence(path: str) -> dict[tuple[str, str], list[str]]:
    """The passages a reader cited for each label-2 cell: ``(doc, element) -> fragments``
    (quotes split at ellipses, fragments under 12 characters dropped)."""
    out: dict[tuple[str, str], list[str]] = {}
    doc = None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if m := re.match(r"### (\S+)", line):
            doc = m.group(1)
        elif (m := re.match(r"- (\S+) = 2: (.*)", line)) and doc:
            quotes = re.findall(r"[\"“]([^\"”]+)[\"”]", m.group(2))
            parts = [p.strip(" .;,") for q in quotes for p in re.split(r"…|\.\.\.", q)]
            out[(doc, m.group(1))] = [p for p in parts if len(p) >= 12]
    return out


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold().replace("’", "'")).strip()


def balanced_accuracy(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Mean of the true-positive and true-negative rates."""
    pos, neg = truth, ~truth
    tpr = (predicted & pos).sum() / pos.sum() if pos.sum() else float("nan")
    tnr = (~predicted & neg).sum() / neg.sum() if neg.sum() else float("nan")
    return float((tpr + tnr) / 2)


def best_threshold(scores: np.ndarray, truth: np.ndarray) -> tuple[float, float]:
    """The threshold with the best balanced accuracy, taken at the middle of the widest run of
    equally good cuts (a threshold on a plateau, not on a cliff edge)."""
    values = np.unique(scores)
    cuts = np.concatenate([[values[0] - 1e-9], (values[:-1] + values[1:]) / 2])
    accuracy = np.array([balanced_accuracy(truth, scores >= c) for c in cuts])
    best = accuracy.max()
    good = np.flatnonzero(accuracy >= best - 1e-12)
    # Widest run of consecutive best cuts, measured in score units.
    runs: list[tuple[float, int, int]] = []
    start = good[0]
    for a, b in itertools.pairwise(good):
        if b != a + 1:
            runs.append((values[a] - values[start - 1] if start else 0.0, start, a))
            start = b
    runs.append((values[good[-1]] - values[start - 1] if start else 0.0, start, good[-1]))
    _, lo, hi = max(runs)
    low = values[lo - 1] if lo else values[0]
    return float(best), float((low + values[hi]) / 2)


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
    cols = ["doc", "element", "score", "status", "evidence_text"]
    joined = labels.merge(
        coverage[[c for c in cols if c in coverage.columns]], on=["doc", "element"], how="left"
    )
    missing = joined[joined.score.isna()]
    if len(missing):
        sys.exit(
            f"evaluate: {len(missing)} labelled cells have no coverage row, e.g. "
            f"{missing.doc.iloc[0]} / {missing.element.iloc[0]}: load those documents"
        )
    return joined


def out_of_sample(joined: pd.DataFrame) -> pd.DataFrame:
    """The binary cells (label 2 or 0) with ``predicted``: present by a threshold chosen on
    the other documents (leave one council out)."""
    binary = joined[joined.label != 1].reset_index(drop=True)
    predicted = np.zeros(len(binary), dtype=bool)
    truth = binary.label.to_numpy() == 2
    scores = binary.score.to_numpy()
    for doc in binary.doc.unique():
        held = binary.doc.to_numpy() == doc
        _, cut = best_threshold(scores[~held], truth[~held])
        predicted[held] = scores[held] >= cut
    return binary.assign(truth=truth, predicted=predicted)


def interval(cells: pd.DataFrame) -> tuple[float, float]:
    """Bootstrap 95% interval of the balanced accuracy, resampling documents."""
    rng = np.random.default_rng(SEED)
    docs = cells.doc.unique()
    by_doc = {d: np.flatnonzero(cells.doc.to_numpy() == d) for d in docs}
    truth, predicted = cells.truth.to_numpy(), cells.predicted.to_numpy()
    values = []
    for _ in range(RESAMPLES):
        picked = np.concatenate([by_doc[d] for d in rng.choice(docs, len(docs))])
        if truth[picked].all() or not truth[picked].any():
            continue
        values.append(balanced_accuracy(truth[picked], predicted[picked]))
    lo, hi = np.percentile(values, [2.5, 97.5])
    return float(lo), float(hi)


def evidence_precision(
    cells: pd.DataFrame, cited: dict[tuple[str, str], list[str]]
) -> tuple[int, int, list[str]]:
    """Of the true present cells the kit calls present and the reader cited a passage for,
    how many quote a passage containing (or contained in) a cited one."""
    good = total = 0
    wrong = []
    for row in cells[cells.truth & cells.predicted].itertuples():
        fragments = cited.get((row.doc, row.element))
        if not fragments:
            continue
        quoted = _norm(str(row.evidence_text))
        ok = any(_norm(f) in quoted or (len(quoted) > 15 and quoted in _norm(f)) for f in fragments)
        total += 1
        good += ok
        if not ok:
            wrong.append(f"{row.doc} {row.element}: quoted {str(row.evidence_text)[:90]!r}")
    return good, total, wrong


def report(joined: pd.DataFrame) -> str:
    """The out-of-sample table: per labels file and overall."""
    cells = out_of_sample(joined)
    lines = [
        "| labels | docs | present vs missing cells | balanced accuracy (leave one council out) "
        "| 95% interval | 3-way agreement (kit thresholds) |",
        "|---|---|---|---|---|---|",
    ]
    three = {2: "present", 1: "partial", 0: "missing"}
    groups = [*joined.groupby("source"), ("all", joined)]
    for name, group in groups:
        sub = cells[cells.doc.isin(group.doc)]
        ba = balanced_accuracy(sub.truth.to_numpy(), sub.predicted.to_numpy())
        lo, hi = interval(sub)
        agree = (group.label.map(three) == group.status).mean()
        lines.append(
            f"| {name} | {group.doc.nunique()} | {len(sub)} | {ba:.3f} | {lo:.3f}–{hi:.3f} "
            f"| {agree:.3f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("coverage", help="coverage CSV from `policylib coverage --format csv`")
    parser.add_argument("labels", nargs="+", help="labels CSV files (doc + one column per element)")
    parser.add_argument("--evidence", help="the reader's cited passages (excerpt_evidence.md)")
    parser.add_argument("--errors", action="store_true", help="list the cells that disagree")
    args = parser.parse_args(argv)
    coverage = pd.read_csv(args.coverage, dtype={"doc": str}, keep_default_na=False)
    joined = evaluate(coverage, read_labels(args.labels))
    print(report(joined))
    cells = out_of_sample(joined)
    if args.evidence:
        good, total, wrong = evidence_precision(cells, read_evidence(args.evidence))
        print(f"\nevidence precision: {good}/{total} quoted passages are ones the reader cited")
        if args.errors:
            print("\n".join(f"  {w}" for w in wrong))
    if args.errors:
        for row in cells[cells.truth != cells.predicted].itertuples():
            print(f"  disagree: {row.doc} {row.element} label {row.label} score {row.score:.3f}")
    binary = joined[joined.label != 1]
    ba, present = best_threshold(binary.score.to_numpy(), binary.label.to_numpy() == 2)
    partial, _ = best_partial(joined, present)
    print(
        f"\nthresholds chosen on all labelled documents: present {present:.4f} "
        f"(in-sample balanced accuracy {ba:.3f}; not a measurement), partial {partial:.4f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
