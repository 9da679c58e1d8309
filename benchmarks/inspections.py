"""Read a folder of Ofsted ILACS reports and measure the kit against Ofsted's own tags.

Usage: python benchmarks/inspections.py [FOLDER] [--manifest MANIFEST.csv]

Prints: reports read and refused (with why); judgements that match the manifest's table;
improvement points found and tagged; and, on the tagged points, how often the element the kit
reads from the point's text alone is Ofsted's tag (top-1) or among its three best (top-3).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pandas as pd

from policylib.reading.inspections import (
    JUDGEMENTS,
    inspection_paragraphs,
    judgements,
    read_inspections,
)
from policylib.scoring.findings import (
    classify,
    improvement_points,
    tag_model,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default="../shared/inspections")
    parser.add_argument("--manifest", help="MANIFEST.csv with the reports' judgements")
    args = parser.parse_args(argv)
    reports, problems = read_inspections(args.folder)
    print(f"reports read: {len(reports)}; refused: {len(problems)}")
    for path, why in problems:
        print(f"  refused {Path(path).name}: {why.split(': ', 1)[-1]}")
    manifest = args.manifest or str(Path(args.folder) / "MANIFEST.csv")
    if Path(manifest).is_file():
        table = judgements(reports).assign(file=lambda t: t.path.map(lambda p: Path(p).name))
        joined = table.merge(pd.read_csv(manifest, dtype=str).fillna(""), on="file")
        for key in JUDGEMENTS:
            same = (joined[f"{key}_x"] == joined[f"{key}_y"]).mean()
            print(f"judgement {key}: {same:.1%} of {len(joined)} reports match the manifest")
    points = improvement_points(reports)
    tagged = points[points.element != ""].reset_index(drop=True)
    print(f"improvement points: {len(points)}; tagged by Ofsted: {len(tagged)}")
    if len(tagged):
        # Out of sample: each council's points are read by a model learned without its points
        # and without its paragraphs.
        paragraphs = inspection_paragraphs(reports)
        per_council = []
        for council in tagged.council.unique():
            held = tagged[tagged.council == council]
            learned = tag_model(
                points[points.council != council], paragraphs[paragraphs.council != council]
            )
            read = classify(list(held.text), learned=learned)
            per_council.append(
                (
                    sum(
                        best == truth
                        for truth, (best, _, _) in zip(held.element, read, strict=True)
                    ),
                    sum(
                        truth in ids for truth, (_, _, ids) in zip(held.element, read, strict=True)
                    ),
                    len(held),
                )
            )
        counts = np.array(per_council)
        # 95% intervals: 2,000 bootstrap resamples of councils (points of one report go together).
        rng = np.random.default_rng(0)
        draws = counts[rng.integers(0, len(counts), (2000, len(counts)))].sum(axis=1)
        for k, name in ((0, "top-1"), (1, "top-3")):
            share = counts[:, k].sum() / counts[:, 2].sum()
            low, high = np.percentile(draws[:, k] / draws[:, 2], [2.5, 97.5])
            print(
                f"kit's reading vs Ofsted's tag, each council held out: {name} {share:.1%} "
                f"(95% interval {low:.1%}-{high:.1%}, {len(counts)} councils)"
            )
        plain = classify(list(tagged.text), learned=False)
        top1 = sum(b == t for (b, _, _), t in zip(plain, tagged.element, strict=True))
        top3 = sum(t in ids for (_, _, ids), t in zip(plain, tagged.element, strict=True))
        print(
            f"element vectors alone: top-1 {top1 / len(tagged):.1%}, top-3 {top3 / len(tagged):.1%}"
        )
        print(tagged.element.value_counts().to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
