"""Build the national inspection tables shipped with policylib from a folder of Ofsted reports.

Usage: python benchmarks/build_inspections.py [FOLDER]   (default ../shared/inspections)

Writes policylib/data/inspections/points.csv (one row per "What needs to improve?" point:
council, published, n, text, tag_raw, element, predicted_element, predicted_score) and
judgements.csv (one row per report, its grades) and paragraphs.csv.gz (one row per numbered
paragraph of the judgement sections: council, published, n, section, grade, text; the reader of
inspectors' text learns the sections' wording from it). Deterministic for the same reports.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policylib.reading.inspections import (
    inspection_paragraphs,
    judgements,
    read_inspections,
)
from policylib.scoring.findings import (
    improvement_points,
)

TARGET = Path(__file__).resolve().parent.parent / "policylib" / "data" / "inspections"


def main(argv: list[str]) -> int:
    folder = argv[0] if argv else "../shared/inspections"
    reports, problems = read_inspections(folder)
    for path, why in problems:
        print(f"skipped {path}: {why}")
    # Paragraphs first: the points' predicted elements are read by a model learned from them.
    inspection_paragraphs(reports).to_csv(
        TARGET / "paragraphs.csv.gz", index=False, compression={"method": "gzip", "mtime": 0}
    )
    improvement_points(reports).to_csv(TARGET / "points.csv", index=False)
    table = judgements(reports)
    table["path"] = table.path.map(lambda p: Path(p).name)
    table.rename(columns={"path": "file"}).to_csv(TARGET / "judgements.csv", index=False)
    print(f"wrote {len(reports)} reports' points and judgements to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
