"""Ofsted inspection reports (ILACS): read the published PDF, its judgements, its "What needs to
improve?" points with their National Framework tags, and its numbered paragraphs. Reading
untagged text and setting findings beside a chapter's coverage is
:mod:`policylib.scoring.findings`.

PDF text comes from pypdf (pure Python; on these reports twice as fast as pdfminer.six, 0.9 s
against 1.6 s for a 13-page report, with the same reading order). Page headers repeated on every
page ("Inspection of … children's services" and the dates with a page number) are removed.

Since January 2025 Ofsted tags each improvement point with the element it relates to, in many
spellings: "(outcome 3, national framework)", "(Outcome Three, National Framework)",
"(Outcome four: National Framework)", "(Enabler two)", "(National Framework, Outcome 1)",
"(Enabler: the workforce is equipped and effective, national framework)", "[Outcome 3, …]" or
no brackets at all. :func:`normalise_tag` maps each to the kit's element id (enablers are
numbered 1-3 in the framework's order). Contains public sector information licensed under the
Open Government Licence v3.0 (the reports are © Crown copyright, Ofsted).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "JUDGEMENTS",
    "JUDGEMENT_COLUMNS",
    "PARAGRAPH_COLUMNS",
    "Inspection",
    "InspectionError",
    "inspection_paragraphs",
    "judgements",
    "normalise_tag",
    "read_inspection",
    "read_inspections",
]

JUDGEMENTS = {
    "overall_effectiveness": r"Overall\s+effectiveness",
    "impact_of_leaders": r"The\s+impact\s+of\s+leaders\s+on\s+(?:social\s+work\s+)?practice\s+"
    r"with\s+children\s+and\s+families",
    "help_and_protection": r"The\s+experiences\s+and\s+progress\s+of\s+children\s+who\s+need\s+"
    r"help\s+and\s+protection",
    "children_in_care": r"The\s+experiences\s+and\s+progress\s+of\s+children\s+in\s+care",
    "care_leavers": r"The\s+experiences\s+and\s+progress\s+of\s+(?:children\s+)?care\s+leavers",
}
"""The judgement table's rows: column name → the row's label as printed."""
_GRADE = r"(Outstanding|Good|Requires\s+improvement\s+to\s+be\s+good|Inadequate)"
JUDGEMENT_COLUMNS = {
    "council": "the council, as the report names it",
    "published": "publication date (from the file name council_YYYY-MM-DD.pdf, else the PDF)",
    "inspection_dates": "the inspection dates as printed",
    "lead_inspector": "the lead inspector as printed",
    **{k: "grade as printed ('' where the report has none)" for k in JUDGEMENTS},
    "path": "the PDF",
}
PARAGRAPH_COLUMNS = {
    "council": "the council",
    "published": "publication date",
    "n": "the paragraph's number in the report (numbering runs across sections)",
    "section": "the judgement section it is printed under",
    "grade": "that section's grade",
    "text": "the paragraph",
}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_ENABLER_NAMES = (
    ("multi-agency", 1),
    ("multi agency", 1),
    ("leaders", 2),
    ("leadership", 2),
    ("workforce", 3),
)
_TAG = re.compile(
    r"[\(\[]\s*((?:[^()\[\]]*?\b(?:outcome|enabler|principle)\b[^()\[\]]*))[\)\]]\s*\.?\s*$"
    r"|((?:national\s+framework[,:]?\s*)?\b(?:outcome|enabler|principle)\s+"
    r"(?:\d|one|two|three|four|five|six)\b[^.]*?(?:,?\s*national\s+framework)?)\s*\.?\s*$",
    re.IGNORECASE,
)
_RUNNING_HEADER = re.compile(
    r"^\s*Inspection of .{0,80}? local authority children.s services\s*$"
    r"|^\s*\d{1,2}(?:\s+\w+)?(?:\s+\d{4})?\s+(?:to|and|-|–)\s+\d{1,2}\s+\w+\s+\d{4}\s+\d{1,3}\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_SECTION = re.compile(
    r"^\s*(The\s+(?:experiences\s+and\s+progress\s+of\s+(?:children\s+who\s+need\s+help\s+"
    r"and\s+protection|children\s+in\s+care|(?:children\s+)?care\s+leavers)|impact\s+of\s+"
    r"leaders\s+on\s+(?:social\s+work\s+)?practice\s+with\s+children\s+and\s+families))"
    r":\s*" + _GRADE.replace("(", "(?P<grade>", 1),
    re.IGNORECASE | re.MULTILINE,
)


_FOOTNOTE = re.compile(
    r"^\s*\d{1,2}\s+The areas for improvement have been cross-referenced.*?social care\.\s*$",
    re.S | re.M,
)


class InspectionError(ValueError):
    """A PDF cannot be read as an ILACS report; the message names the file and the reason."""


@dataclass
class Inspection:
    """One inspection report: metadata, judgements, improvement points and paragraphs."""

    path: str
    council: str
    published: str
    inspection_dates: str
    lead_inspector: str
    judgements: dict[str, str]
    points: list[dict[str, object]] = field(default_factory=list)
    paragraphs: list[dict[str, object]] = field(default_factory=list)
    text: str = ""


def normalise_tag(tag: str) -> str:
    """The element id of one of Ofsted's tags, in any of its spellings ('' if none).

    >>> [normalise_tag(t) for t in ["outcome 3, national framework", "Outcome Three",
    ...  "National Framework, Outcome 1", "Enabler two", "principle 2, national framework",
    ...  "Enabler: the workforce is equipped and effective, national framework"]]
    ['NF-O3', 'NF-O3', 'NF-O1', 'NF-E2', 'NF-P2', 'NF-E3']
    """
    low = " ".join(tag.casefold().split())
    m = re.search(r"\b(outcome|enabler|principle)\s*:?\s*(\d|one|two|three|four|five|six)\b", low)
    if m:
        number = int(m.group(2)) if m.group(2).isdigit() else _NUMBERS[m.group(2)]
        kind = {"outcome": "O", "enabler": "E", "principle": "P"}[m.group(1)]
        limit = {"O": 4, "E": 3, "P": 6}[kind]
        return f"NF-{kind}{number}" if 1 <= number <= limit else ""
    if "enabler" in low:
        for name, number in _ENABLER_NAMES:
            if name in low:
                return f"NF-E{number}"
    return ""


def _pdf_text(path: Path) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise InspectionError(f"{path}: pypdf is not installed ({exc})") from None
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise InspectionError(f"{path}: the PDF is encrypted; save an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InspectionError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise InspectionError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    text = "\n".join(pages)
    if len(text.split()) < 50:
        raise InspectionError(f"{path}: no text layer (a scanned PDF?); nothing to read")
    return text


def read_inspection(path: str | os.PathLike[str]) -> Inspection:
    """Read one ILACS inspection report (PDF).

    Raises:
        InspectionError: naming the file, for a missing, encrypted, scanned or non-ILACS PDF.

    >>> from policylib.resources import bundled_inspections
    >>> report = read_inspection(bundled_inspections() / "durham_2025-05-13.pdf")
    >>> report.council, report.judgements["overall_effectiveness"], len(report.points)
    ('Durham', 'Outstanding', 2)
    >>> report.points[0]["element"], report.points[0]["tag_raw"]
    ('NF-E3', 'Enabler 3')
    """
    source = Path(path)
    if not source.is_file():
        raise InspectionError(f"{source}: no such file")
    from policylib.reading.text import normalise

    text = normalise(_pdf_text(source))
    flat = " ".join(text[:3000].split())
    head = re.search(
        r"Inspection of ((?:(?!Inspection of).){2,80}?) local authority children.s services", flat
    )
    if head is None:
        raise InspectionError(f"{source}: not an Ofsted ILACS report (no 'Inspection of … local "
                              "authority children's services' title)")  # fmt: skip
    council = " ".join(head.group(1).split())
    dates = re.search(r"Inspection dates?:\s*(.+)", text)
    lead = re.search(r"Lead inspector:\s*(.+)", text)
    published = ""
    if m := re.search(r"_(\d{4}-\d{2}-\d{2})\.pdf$", source.name):
        published = m.group(1)
    table = text[: text.find("What needs to improve")] if "What needs to improve" in text else text
    grades = {}
    for key, label in JUDGEMENTS.items():
        m = re.search(label + r"\s+" + _GRADE, table[:4000], re.IGNORECASE)
        grades[key] = " ".join(m.group(1).split()) if m else ""
    body = _FOOTNOTE.sub("", _RUNNING_HEADER.sub("", text))
    report = Inspection(
        str(source),
        council,
        published,
        " ".join(dates.group(1).split()) if dates else "",
        " ".join(lead.group(1).split()) if lead else "",
        grades,
        text=text,
    )
    report.points = _points(body)
    report.paragraphs = _paragraphs(body)
    return report


def _points(body: str) -> list[dict[str, object]]:
    m = re.search(
        r"What needs to improve\??\s*\d*\s*\n(.*?)(?=^\s*The\s+(?:experiences\s+and\s+progress|"
        r"impact\s+of\s+leaders)\b.{0,200}?:\s*(?:Outstanding|Good|Requires|Inadequate)|\Z)",
        body,
        re.S | re.M | re.IGNORECASE,
    )
    if not m:
        return []
    points = []
    for n, raw in enumerate(
        (p for p in re.split(r"[◼■▪•]", m.group(1)) if p.strip()),
        start=1,
    ):
        text = " ".join(raw.split())
        tag_raw = ""
        if t := _TAG.search(text):
            tag_raw = " ".join((t.group(1) or t.group(2) or "").split())
            text = text[: t.start()].rstrip(" .;,") + "."
        points.append({"n": n, "text": text, "tag_raw": tag_raw, "element": normalise_tag(tag_raw)})
    return points


def _paragraphs(body: str) -> list[dict[str, object]]:
    sections = list(_SECTION.finditer(body))
    out = []
    for i, s in enumerate(sections):
        end = sections[i + 1].start() if i + 1 < len(sections) else len(body)
        chunk = body[s.end() : end]
        for p in re.finditer(r"^\s*(\d{1,3})\.\s+(.*?)(?=^\s*\d{1,3}\.\s+|\Z)", chunk, re.S | re.M):
            out.append(
                {
                    "n": int(p.group(1)),
                    "section": " ".join(s.group(1).split()),
                    "grade": " ".join(s.group("grade").split()).capitalize(),
                    "text": " ".join(p.group(2).split()),
                }
            )
    return out


def read_inspections(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
) -> tuple[list[Inspection], list[tuple[str, str]]]:
    """Every report under the paths (folders searched for ``*.pdf``), and the files that could
    not be read with the reason: nothing else in the batch is lost.

    >>> from policylib.resources import bundled_inspections
    >>> reports, problems = read_inspections(bundled_inspections())
    >>> len(reports), problems
    (4, [])
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p])
    reports, problems = [], []
    for f in files:
        try:
            reports.append(read_inspection(f))
        except InspectionError as exc:
            problems.append((str(f), str(exc)))
    return reports, problems


def judgements(reports: Iterable[Inspection]) -> pd.DataFrame:
    """One row per report, columns :data:`JUDGEMENT_COLUMNS`.

    >>> from policylib.resources import bundled_inspections
    >>> reports, problems = read_inspections(bundled_inspections())
    >>> judgements(reports).set_index('council').loc['Durham', 'care_leavers']
    'Outstanding'
    """
    import pandas as pd

    rows = [
        {
            "council": r.council,
            "published": r.published,
            "inspection_dates": r.inspection_dates,
            "lead_inspector": r.lead_inspector,
            **r.judgements,
            "path": r.path,
        }
        for r in reports
    ]
    return pd.DataFrame(rows, columns=list(JUDGEMENT_COLUMNS))


def inspection_paragraphs(reports: Iterable[Inspection]) -> pd.DataFrame:
    """One row per numbered paragraph of the judgement sections, columns
    :data:`PARAGRAPH_COLUMNS`.

    >>> from policylib.resources import bundled_inspections
    >>> reports, problems = read_inspections(bundled_inspections())
    >>> table = inspection_paragraphs(reports)
    >>> table.section.nunique(), bool((table.text != '').all())
    (4, True)
    """
    import pandas as pd

    rows = [
        {"council": r.council, "published": r.published, **para}
        for r in reports
        for para in r.paragraphs
    ]
    return pd.DataFrame(rows, columns=list(PARAGRAPH_COLUMNS))
