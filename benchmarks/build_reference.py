"""Rebuild policylib/data/national-framework-2023.paragraphs.tsv from the shared reference text.

Usage: python benchmarks/build_reference.py [PATH/TO/national-framework-2023.paras.tsv]

Then fits the default model on the reference background and writes its term weights to
policylib/data/reference-weights.tsv.gz (see policylib.scoring.weights).

Each paragraph is labelled with the element whose text it is: a principle's own bullet
(pp. 14-15), or any paragraph of an enabler's or outcome's own chapter. Deterministic: the same
input gives the same bytes.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

SOURCE = "../shared/reference/national-framework-2023/national-framework-2023.paras.tsv"
TARGET = (
    Path(__file__).resolve().parent.parent / "policylib/data/national-framework-2023.paragraphs.tsv"
)
# Paragraph positions of each chapter in the source (from its heading to the next chapter).
CHAPTERS = {
    "NF-E1": (180, 214),
    "NF-E2": (215, 256),
    "NF-E3": (257, 291),
    "NF-O1": (292, 339),
    "NF-O2": (340, 379),
    "NF-O3": (380, 450),
    "NF-O4": (451, 531),
}
PRINCIPLES = {174: "NF-P1", 175: "NF-P2", 176: "NF-P3", 177: "NF-P4", 178: "NF-P5", 179: "NF-P6"}


def main(argv: list[str]) -> int:
    source = argv[0] if argv else SOURCE
    with open(source, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    with open(TARGET, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, delimiter="\t", quoting=csv.QUOTE_NONE, lineterminator="\n")
        out.writerow(["paragraph", "element", "kind", "page", "text"])
        for row in rows:
            i = int(row["idx"])
            element = PRINCIPLES.get(i, "")
            for eid, (lo, hi) in CHAPTERS.items():
                if lo <= i <= hi:
                    element = eid
            out.writerow([i, element, row["kind"], row["page_start"], row["text"]])
    print(f"wrote {TARGET} ({len(rows)} paragraphs)")
    write_weights()
    return 0


def write_weights() -> None:
    """Fit the default model on the reference background (bundled chapters, framework profiles
    and the official text just written) and ship its term weights."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from policylib.resources import reference_weights
    from policylib.scoring.model import reference_texts
    from policylib.scoring.textmodel import TextModel
    from policylib.scoring.weights import TermWeights

    weights = TermWeights.from_model(TextModel().fit(reference_texts()))
    weights.write(reference_weights())
    print(f"wrote {reference_weights()} ({len(weights.features_):,} terms)")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
