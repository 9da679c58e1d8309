"""Ofsted inspection reports (policylib.reading.inspections)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from policylib import coverage, load_corpus
from policylib.cli import main
from policylib.reading.inspections import (
    PARAGRAPH_COLUMNS,
    InspectionError,
    inspection_paragraphs,
    judgements,
    normalise_tag,
    read_inspection,
    read_inspections,
)
from policylib.resources import bundled_inspections
from policylib.scoring.findings import (
    improvement_points,
    inspection_beside_policy,
    tag_model,
)
from policylib.scoring.model import default_model

from .conftest import CHAPTERS

REPORTS = bundled_inspections()


@pytest.mark.parametrize(
    ("tag", "element"),
    [
        ("outcome 3, national framework", "NF-O3"),
        ("Outcome Three, National Framework", "NF-O3"),
        ("Outcome four: National Framework", "NF-O4"),
        ("Enabler two", "NF-E2"),
        ("National Framework, Outcome 1", "NF-O1"),
        ("Enabler: the workforce is equipped and effective, national framework", "NF-E3"),
        ("enabler 2, leaders drive conditions for effective practice", "NF-E2"),
        ("principle 2, national framework", "NF-P2"),
        (" Outcome 4, national framework", "NF-O4"),
        ("outcome 9", ""),
        ("national framework", ""),
    ],
)
def test_tags_in_every_spelling(tag: str, element: str) -> None:
    assert normalise_tag(tag) == element


def test_report_metadata_judgements_and_points() -> None:
    hull = read_inspection(REPORTS / "kingston-upon-hull_2026-05-18.pdf")
    assert hull.council == "Kingston upon Hull" and hull.published == "2026-05-18"
    assert hull.inspection_dates == "2 to 13 March 2026"
    assert hull.judgements["impact_of_leaders"] == "Outstanding"
    assert [p["element"] for p in hull.points] == ["NF-E3", "NF-O4"]
    assert not any("(" in str(p["text"])[-30:] for p in hull.points)  # tags removed from text
    paragraphs = hull.paragraphs
    assert paragraphs[0]["n"] == 1 and paragraphs[0]["grade"] == "Good"
    assert all("cross-referenced" not in str(p["text"]) for p in paragraphs)


def test_untagged_report_and_missing_overall_grade() -> None:
    table = judgements(read_inspections(REPORTS)[0]).set_index("council")
    assert table.loc["Liverpool", "overall_effectiveness"] == ""  # after the 2026 reform
    assert table.loc["South Gloucestershire", "care_leavers"] == "Good"
    points = improvement_points(
        read_inspections(REPORTS / "south-gloucestershire_2024-07-23.pdf")[0]
    )
    assert len(points) == 4 and (points.element == "").all()
    assert (points.predicted_element != "").all()


def test_bad_pdfs_are_named_and_skipped(tmp_path: Path) -> None:
    (tmp_path / "not.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (tmp_path / "text.pdf").write_text("hello")
    reports, problems = read_inspections([tmp_path, REPORTS / "durham_2025-05-13.pdf"])
    assert [r.council for r in reports] == ["Durham"]
    assert {Path(p).name for p, _ in problems} == {"not.pdf", "text.pdf"}
    with pytest.raises(InspectionError, match="no such file"):
        read_inspection(tmp_path / "missing.pdf")


def test_cli_points_and_judgements(tmp_path: Path) -> None:
    out = tmp_path / "points.csv"
    assert main(["inspections", str(REPORTS), "-f", "csv", "-o", str(out), "-q"]) == 0
    table = pd.read_csv(out, keep_default_na=False)
    wanted = ["council", "published", "n", "text", "tag_raw", "element", "predicted_element"]
    assert list(table.columns)[: len(wanted)] == wanted
    assert len(table) == 12
    grades = tmp_path / "grades.csv"
    assert main(["inspections", str(REPORTS), "--judgements", "-f", "csv", "-o", str(grades)]) == 0
    assert "care_leavers" in pd.read_csv(grades).columns


def test_inspection_beside_policy() -> None:
    cov = coverage(load_corpus(CHAPTERS / "liverpool-practice-principles.txt"))
    table = inspection_beside_policy(cov, read_inspection(REPORTS / "liverpool_2026-07-07.pdf"))
    assert len(table) == 13
    o4 = table.set_index("element").loc["NF-O4"]
    assert "pathway plans" in o4.improvement_points and o4.chapter_status == "present"
    assert table.section_grade.str.contains(":").any()


def test_shipped_paragraph_table_matches_the_reports_it_came_from() -> None:
    shipped = pd.read_csv(REPORTS / "paragraphs.csv.gz", keep_default_na=False, dtype=str)
    assert shipped.council.nunique() > 90 and set(shipped.columns) == set(PARAGRAPH_COLUMNS)
    reports = read_inspections(REPORTS)[0]
    fresh = inspection_paragraphs(reports).astype(str)
    mine = shipped[shipped.council.isin(set(fresh.council))].reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, fresh)


def test_reader_of_inspectors_text_learns_the_judgement_sections() -> None:
    reader = tag_model()
    assert reader is not None
    sections = list(reader.sections.classes_)
    assert len(sections) == 4
    said = [
        "Personal advisers keep in touch with care leavers and help them into their own flats.",
        "Senior leaders and elected members scrutinise performance data and the workforce plan.",
    ]
    read = reader.sections.predict_proba(default_model().transform(said)).argmax(axis=1)
    assert "care leavers" in sections[read[0]]
    assert "leaders" in sections[read[1]]
    # Without paragraphs to learn the sections from there is no reader, never a silent half one.
    points = pd.read_csv(REPORTS / "points.csv", keep_default_na=False, dtype=str)
    assert tag_model(points, inspection_paragraphs([])) is None
