"""Inspection evidence packs for one chapter: HTML, Excel and CSV that are safe to open.

:func:`evidence_pack` gathers the content (metadata, summary, per-element evidence, currency
warnings, methods note); :func:`write_report` writes it in the format the file's extension asks
for. Chapter text is untrusted: everything written to HTML is escaped (and a Content Security
Policy forbids scripts), CSV cells that a spreadsheet would read as a formula are prefixed with an
apostrophe, and Excel cells are written as text, never as formulas. Files are written to a
temporary file first and renamed, so a failed write never leaves half a report behind.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policylib.scoring.compare import currency
from policylib.scoring.coverage import (
    CALIBRATION,
    PARTIAL,
    PRESENT,
    SHORT_TEXT_WORDS,
    coverage_from_evidence,
    evidence,
)
from policylib.scoring.frameworks import DEFAULT_FRAMEWORK, Framework, load_framework

if TYPE_CHECKING:
    import pandas as pd

    from policylib.reading.corpus import Corpus
    from policylib.reading.inspections import Inspection

__all__ = ["EVIDENCE_PACK_COLUMNS", "EvidencePack", "ReportError", "evidence_pack", "write_report"]

EVIDENCE_PACK_COLUMNS = {
    "Element": "framework element id",
    "Title": "the element's official title",
    "Group": "principle, enabler or outcome",
    "Status": "present, partial or missing",
    "Score": "best passage score (0–1)",
    "Rank": "1 for the best passage",
    "Passage": "the passage quoted in full",
    "Section": "where the passage is: the chapter's headings and its paragraph or list item",
    "Template text": "yes when the passage is shared word for word with other chapters",
    "Terms behind the match": "the words that drove the score",
}


class ReportError(Exception):
    """The report cannot be made: unknown document, unknown format or unwritable path."""


@dataclass(frozen=True)
class EvidencePack:
    """Everything an evidence pack shows, as plain values and tidy tables."""

    metadata: dict[str, str]
    summary: pd.DataFrame  # group × status counts
    evidence: pd.DataFrame  # EVIDENCE_PACK_COLUMNS, one row per (element, passage)
    currency: pd.DataFrame
    method: list[str]
    coverage: pd.DataFrame  # the document's coverage rows (for the chart)
    inspection: pd.DataFrame | None = None  # inspection_beside_policy rows, when a report is given


def evidence_pack(
    corpus: Corpus,
    doc: str,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    *,
    exclude_template: bool = False,
    top: int = 3,
    loaded_at: datetime | None = None,
    examples: str | os.PathLike[str] | pd.DataFrame | None = None,
    inspection: str | os.PathLike[str] | Inspection | None = None,
) -> EvidencePack:
    """Gather the evidence pack for one chapter (``examples``: a policy lead's judgements, see
    :mod:`policylib.scoring.examples`).

    Raises:
        ReportError: when ``doc`` is not in the corpus (the message lists the known ids).

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> corpus = load_corpus(bundled_chapters())
    >>> pack = evidence_pack(corpus, 'hull-values-principles-strategy')
    >>> pack.metadata['Document id'], len(pack.summary)
    ('hull-values-principles-strategy', 4)
    """
    import pandas as pd

    if doc not in corpus.docs:
        raise ReportError(f"no document {doc!r}; known ids: {', '.join(corpus.docs) or 'none'}")
    framework = load_framework(framework)
    document = corpus.docs[doc]
    one = corpus.subset([doc])
    ev = evidence(one, framework, top=top, exclude_template=exclude_template, examples=examples)
    cov = coverage_from_evidence(ev)  # scored once: the best passages are the coverage
    # Keep the best passage of every element, and further passages only while they still count.
    keep = (ev["rank"] == 1) | (ev.status != "missing")
    ev = ev[keep]
    table = pd.DataFrame(
        {
            "Element": ev.element,
            "Title": ev.element_title,
            "Group": ev.group,
            "Status": ev.status,
            "Score": ev.score.round(3),
            "Rank": ev["rank"],
            "Passage": ev.text,
            "Section": [
                section_reference(h, s) for h, s in zip(ev.heading_path, ev.section_id, strict=True)
            ],
            "Template text": ev.is_template.map({True: "yes", False: "no"}),
            "Terms behind the match": ev.top_terms,
        },
        columns=list(EVIDENCE_PACK_COLUMNS),
    ).reset_index(drop=True)
    summary = (
        cov.groupby(["group", "status"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=["present", "partial", "missing"], fill_value=0)
    )
    groups = list(dict.fromkeys(e.group for e in framework.elements))
    summary = summary.reindex(groups, fill_value=0)
    # Verdicts that rest only on template text: present with it, not present without it.
    local = coverage_from_evidence(
        evidence(one, framework, top=1, exclude_template=True, examples=examples)
    )
    only_template = cov.merge(local, on="element", suffixes=("", "_local"))
    only_template = only_template[
        (only_template.status == "present") & (only_template.status_local != "present")
    ]
    summary["present on template text only"] = (
        only_template.groupby("group").size().reindex(groups, fill_value=0)
    )
    summary.loc["all"] = summary.sum()
    summary.index.name = "group"
    when = (loaded_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    metadata = {
        "Council": document.council or "not stated",
        "Chapter": document.title or doc,
        "Document id": doc,
        "Amended": document.amended or "not stated",
        "Last updated": document.last_updated or "not stated",
        "Version": document.version or "not stated",
        "Source": document.source_url or "not stated",
        "File": Path(document.path).name,
        "Framework": f"{framework.title} ({framework.id})",
        "Report made": when,
        "Text SHA-256": document.sha256,
        "Template text": "excluded from the evidence"
        if exclude_template
        else "included, and marked",
    }
    n_words = len(document.text.split())
    method = [
        "Each paragraph, list item and sentence of a long paragraph that is the council's own "
        "statement is compared with each framework element: its official title, a description "
        "and key phrases, and the element's own paragraphs in the official National Framework "
        "text, using TF-IDF cosine similarity (word pairs included, inflections folded, the "
        "passage's heading as context but never enough alone). List numbers, headings, "
        "fragments, amendment notes, citations of Acts and guidance and links are never "
        "quoted; text that only reports what guidance says counts half. The score is the best "
        "passage's similarity, from 0 (no shared terms) to 1.",
        f"Present means a passage of this chapter states the idea of the element (score at "
        f"least {PRESENT:.3f}); partial means the idea is only touched on (score from "
        f"{PARTIAL:.3f}); missing means no passage of this text comes close. For an excerpt or "
        "a short page, missing means 'not in this text', not 'not council policy'.",
        f"Measured agreement with a careful reader on chapters the thresholds were not chosen "
        f"on (each council held out in turn): balanced accuracy "
        f"{CALIBRATION['balanced_accuracy']:.2f} for present versus missing (95% interval "
        f"{CALIBRATION['interval'][0]:.2f}–{CALIBRATION['interval'][1]:.2f}) over "
        f"{CALIBRATION['documents']} chapters ({CALIBRATION['cells']} labelled cells). The "
        "kit's wording was developed on these same chapters, so expect lower agreement on "
        "other councils' pages.",
        *(
            [
                f"Short text: this chapter has {n_words:,} words. Missing here means 'not in this "
                "text'; if it is an excerpt or a summary page, the council may say more elsewhere."
            ]
            if n_words < SHORT_TEXT_WORDS
            else []
        ),
        "Verdicts on template text only: a present verdict whose best passage is text shared "
        "word for word with other councils, and which no locally written passage supports, is "
        "counted in the summary; the council may not have made the commitment its own.",
        "Template text is text this chapter shares word for word (runs of eight words) with "
        "other chapters, such as a procedures publisher's standard paragraphs. It may name a "
        "principle without the council committing to it.",
        "Limits: the method matches words, not meaning. A principle written in unusual words "
        "can be missed and a passage that only mentions a theme can score. Read each quoted "
        "passage before relying on it; the scores are evidence to check, not a judgement.",
    ]
    beside = None
    if inspection is not None:
        from policylib.reading.inspections import Inspection, read_inspection
        from policylib.scoring.findings import inspection_beside_policy

        report = inspection if isinstance(inspection, Inspection) else read_inspection(inspection)
        beside = inspection_beside_policy(cov, report)
        metadata["Inspection"] = (
            f"Ofsted ILACS, {report.council}, {report.inspection_dates} "
            f"(published {report.published or 'date not known'})"
        )
        method.append(
            "Inspection: Ofsted's improvement points are set beside each element by the tag "
            "Ofsted gave them; untagged points by the kit's reading of their text (marked), which "
            "agreed with Ofsted's own tag for 63% of tagged points when each council was held "
            "out (77% within its top three): check them. The inspection paragraph shown is the "
            "one the kit reads as speaking most to the element, with its section's judgement."
        )
    return EvidencePack(metadata, summary.reset_index(), table, currency(one), method, cov, beside)


SUMMARY_KEYS = ("group", "present", "partial", "missing", "present on template text only")
SUMMARY_HEADINGS = ("Group", "Present", "Partial", "Missing", "Present on template text only")


def section_reference(heading_path: str, section_id: str) -> str:
    """Where a passage sits, in the words a reader finds on the page: the chapter's own headings
    and the paragraph or list item's position under the last of them.

    >>> section_reference("3. Principles > Participation", "doc#3/p2/i4")
    '3. Principles > Participation, list item 4'
    >>> section_reference("", "doc#p3")
    'Opening text, paragraph 3'
    """
    where = section_id.split("#", 1)[-1].rsplit("/", 1)[-1]
    place = ""
    if where[:1] in ("p", "i") and where[1:].split("-")[0].isdigit():
        kind = "paragraph" if where[0] == "p" else "list item"
        place = f"{kind} {where[1:].split('-')[0]}"
    heading = heading_path or "Opening text"
    return f"{heading}, {place}" if place else heading


def _chart_png(pack: EvidencePack) -> bytes:
    # A Figure of its own, without pyplot: the user's plotting backend (a notebook's inline
    # charts) is never switched.
    from matplotlib.figure import Figure

    from policylib.showing.charts import coverage_heatmap

    n = pack.coverage.element.nunique()
    figure = Figure(figsize=(2.6 + 0.62 * n, 4.2), layout="constrained")
    coverage_heatmap(pack.coverage, figure.subplots(), title="Coverage of the framework")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110)
    return buffer.getvalue()


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts (column name → value)."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    from policylib.showing.output import spreadsheet_text

    return spreadsheet_text(value)


_CSS = """
body{font-family:Arial,Helvetica,sans-serif;color:#1b1b1b;background:#fff;max-width:64rem;
margin:2rem auto;padding:0 1rem;line-height:1.5}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:2px solid #0b0c0c}
h3{font-size:1.1rem;margin-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
th,td{border:1px solid #505a5f;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f2f1}
.status{font-weight:bold;padding:.1rem .4rem;border-radius:3px;border:2px solid #0b0c0c;
text-transform:uppercase;letter-spacing:.03em}
.present{background:#00703c;color:#fff}.partial{background:#ffdd00;color:#0b0c0c;
border-style:dashed}.missing{background:#fff;color:#d4351c;border-color:#d4351c;
border-style:dotted}
.status::before{content:"\u2713 "}.partial::before{content:"\u25d0 "}
.missing::before{content:"\u2717 "}
.scroll{overflow-x:auto}td,th{overflow-wrap:anywhere}
blockquote{margin:.3rem 0 .6rem;padding:.4rem .8rem;border-left:4px solid #1d70b8;
background:#f8f8f8;white-space:pre-wrap}
.meta th{width:12rem}.small{font-size:.9rem;color:#505a5f}
img{max-width:100%;height:auto}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}blockquote{break-inside:avoid}
.status{background:#fff !important;color:#000 !important;border-color:#000 !important}}
@media (max-width:40rem){body{margin:1rem auto;padding:0 .5rem}.meta th{width:auto}
table.meta,table.meta tbody,table.meta tr,table.meta th,table.meta td{display:block;width:auto}
table.meta th{border-bottom:none}}
"""


def _html(pack: EvidencePack, png: bytes) -> str:
    e = html.escape
    meta = pack.metadata
    title = f"Evidence pack: {meta['Chapter']} ({meta['Council']})"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{e(title)}</h1>",
        "<h2>About this chapter</h2>",
        '<table class="meta"><caption class="small">Chapter details and provenance</caption>',
    ]
    for key, value in meta.items():
        out.append(f'<tr><th scope="row">{e(key)}</th><td>{e(value)}</td></tr>')
    out.append("</table>")
    out.append("<h2>Summary</h2>")
    out.append(
        '<div class="scroll"><table><caption class="small">Framework elements by status'
        '</caption><tr><th scope="col">Group</th><th scope="col">Present</th>'
        '<th scope="col">Partial</th><th scope="col">Missing</th>'
        '<th scope="col">Present on template text only</th></tr>'
    )
    for srow in _records(pack.summary):
        out.append(
            f"<tr><td>{e(str(srow['group']))}</td><td>{int(srow['present'])}</td>"
            f"<td>{int(srow['partial'])}</td><td>{int(srow['missing'])}</td>"
            f"<td>{int(srow['present on template text only'])}</td></tr>"
        )
    out.append("</table></div>")
    encoded = base64.b64encode(png).decode("ascii")
    counts = pack.coverage.status.value_counts()
    missing = ", ".join(pack.coverage[pack.coverage.status == "missing"].element) or "none"
    alt = (
        f"Coverage chart: {counts.get('present', 0)} elements present, "
        f"{counts.get('partial', 0)} partial, {counts.get('missing', 0)} missing "
        f"(missing: {missing})."
    )
    out.append(
        f'<figure><img src="data:image/png;base64,{encoded}" alt="{e(alt)}">'
        f'<figcaption class="small">{e(alt)}</figcaption></figure>'
    )
    out.append("<h2>Evidence by framework element</h2>")
    current = None
    for row in _records(pack.evidence):
        if row["Element"] != current:
            current = row["Element"]
            status = str(row["Status"])
            out.append(f"<h3>{e(str(row['Element']))}: {e(str(row['Title']))}</h3>")
            out.append(
                f'<p><span class="status {e(status)}">{e(status)}</span> '
                f"score {float(row['Score']):.3f} · {e(str(row['Group']))}</p>"
            )
        if not row["Passage"]:
            out.append("<p>No passage in this chapter matches this element.</p>")
            continue
        template = (
            " · template text shared with other chapters" if row["Template text"] == "yes" else ""
        )
        out.append(
            f'<p class="small">Passage {int(row["Rank"])} · score {float(row["Score"]):.3f}'
            f" · {e(str(row['Section']))}{e(template)}</p>"
        )
        out.append(f"<blockquote>{e(str(row['Passage']))}</blockquote>")
        out.append(
            f'<p class="small">Terms behind the match: {e(str(row["Terms behind the match"]))}</p>'
        )
    if pack.inspection is not None:
        out.append("<h2>Inspection beside the policy</h2>")
        out.append(
            '<div class="scroll"><table><caption class="small">Each element: what the chapter '
            "says, what the inspectors asked to improve, and what they found</caption><tr>"
            '<th scope="col">Element</th><th scope="col">Chapter</th>'
            '<th scope="col">Inspectors: what needs to improve</th>'
            '<th scope="col">Inspection finding</th></tr>'
        )
        for irow in _records(pack.inspection):
            out.append(
                f"<tr><td>{e(str(irow['element']))}: {e(str(irow['element_title']))}</td>"
                f'<td><span class="status {e(str(irow["chapter_status"]))}">'
                f"{e(str(irow['chapter_status']))}</span> {e(str(irow['chapter_evidence']))}</td>"
                f"<td>{e(str(irow['improvement_points'])) or '—'}</td>"
                f"<td>{e(str(irow['inspection_paragraph']))}"
                f'<br><span class="small">{e(str(irow["section_grade"]))}</span></td></tr>'
            )
        out.append("</table></div>")
    out.append("<h2>Currency</h2>")
    if pack.currency.empty:
        out.append("<p>No currency warnings.</p>")
    else:
        out.append(
            '<table><caption class="small">Possibly out-of-date content</caption><tr>'
            '<th scope="col">Issue</th><th scope="col">Why</th>'
            '<th scope="col">Where</th></tr>'
        )
        for crow in _records(pack.currency):
            out.append(
                f"<tr><td>{e(str(crow['issue']))}</td><td>{e(str(crow['detail']))}</td>"
                f"<td>{e(str(crow['section_id']))}</td></tr>"
            )
        out.append("</table>")
    out.append("<h2>Method and limits</h2>")
    out.extend(f"<p>{e(p)}</p>" for p in pack.method)
    out.append("</main></body></html>")
    return "\n".join(out)


def _xlsx(pack: EvidencePack, path: Any) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from policylib.showing.output import xlsx_value

    book = Workbook()
    summary = book.active
    summary.title = "Summary"

    def put(sheet: Any, row: int, col: int, value: Any, bold: bool = False) -> None:
        cell = sheet.cell(row=row, column=col)
        value, formula_like = xlsx_value(value)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # text, never a formula, whatever it starts with
            cell.number_format = "@"
        if formula_like:
            cell.quotePrefix = True  # stays text even when the user edits the cell
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if bold:
            cell.font = Font(bold=True)

    r = 1
    for key, value in pack.metadata.items():
        put(summary, r, 1, key, bold=True)
        put(summary, r, 2, value)
        r += 1
    r += 1
    for c, name in enumerate(SUMMARY_HEADINGS, start=1):
        put(summary, r, c, name, bold=True)
    for srow in _records(pack.summary):
        r += 1
        for c, key in enumerate(SUMMARY_KEYS, start=1):
            put(summary, r, c, srow[key] if key == "group" else int(srow[key]))
    r += 2
    for paragraph in pack.method:
        put(summary, r, 1, paragraph)
        summary.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        summary.row_dimensions[r].height = 60
        r += 1
    summary.column_dimensions["A"].width = 22
    summary.column_dimensions["B"].width = 70
    summary.column_dimensions["C"].width = 10
    summary.column_dimensions["D"].width = 10

    sheet = book.create_sheet("Evidence")
    widths = [9, 40, 11, 10, 8, 6, 80, 40, 10, 35]
    for c, name in enumerate(EVIDENCE_PACK_COLUMNS, start=1):
        put(sheet, 1, c, name, bold=True)
        sheet.column_dimensions[sheet.cell(row=1, column=c).column_letter].width = widths[c - 1]
    for r_i, row in enumerate(_records(pack.evidence), start=2):
        for c, key in enumerate(EVIDENCE_PACK_COLUMNS, start=1):
            value = row[key]
            put(sheet, r_i, c, value.item() if hasattr(value, "item") else value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions

    if pack.inspection is not None:
        beside = book.create_sheet("Inspection")
        names = [
            "Element",
            "Title",
            "Chapter status",
            "Chapter evidence",
            "Inspectors: what needs to improve",
            "Inspection finding",
            "Section judgement",
        ]
        keys = [
            "element",
            "element_title",
            "chapter_status",
            "chapter_evidence",
            "improvement_points",
            "inspection_paragraph",
            "section_grade",
        ]
        for c, name in enumerate(names, start=1):
            put(beside, 1, c, name, bold=True)
        for r_i, irow in enumerate(_records(pack.inspection), start=2):
            for c, key in enumerate(keys, start=1):
                put(beside, r_i, c, irow[key])
        for letter, width in zip("ABCDEFG", [9, 30, 10, 60, 60, 70, 30], strict=True):
            beside.column_dimensions[letter].width = width
        beside.freeze_panes = "A2"

    warn = book.create_sheet("Currency")
    for c, name in enumerate(["Issue", "Why", "Section", "Passage"], start=1):
        put(warn, 1, c, name, bold=True)
    for r_i, crow in enumerate(_records(pack.currency), start=2):
        for c, key in enumerate(["issue", "detail", "section_id", "text"], start=1):
            put(warn, r_i, c, crow[key])
    for letter, width in zip("ABCD", [35, 60, 35, 80], strict=True):
        warn.column_dimensions[letter].width = width
    warn.freeze_panes = "A2"
    book.save(path)


def _docx(pack: EvidencePack, stream: Any) -> None:
    """The pack as a Word document a policy lead can edit: headings per element, quotes as
    quotes, the summary and the methods note. Text only: nothing in it runs."""
    import docx
    from docx.shared import Pt

    from policylib.showing.output import xlsx_value

    def clean(value: Any) -> str:
        # Word refuses the same control characters Excel does.
        text, _ = xlsx_value(str(value))
        return str(text)

    document = docx.Document()
    document.core_properties.title = clean(f"Evidence pack: {pack.metadata['Chapter']}")
    document.add_heading(clean(f"Evidence pack: {pack.metadata['Chapter']}"), level=0)
    document.add_heading("About this chapter", level=1)
    meta = document.add_table(rows=0, cols=2)
    meta.style = "Table Grid"
    for key, value in pack.metadata.items():
        cells = meta.add_row().cells
        cells[0].text, cells[1].text = clean(key), clean(value)
    document.add_heading("Summary", level=1)
    summary = document.add_table(rows=1, cols=len(SUMMARY_HEADINGS))
    summary.style = "Table Grid"
    for cell, name in zip(summary.rows[0].cells, SUMMARY_HEADINGS, strict=True):
        cell.text = name
    for srow in _records(pack.summary):
        cells = summary.add_row().cells
        for cell, key in zip(cells, SUMMARY_KEYS, strict=True):
            cell.text = clean(srow[key] if key == "group" else int(srow[key]))
    document.add_heading("Evidence by framework element", level=1)
    current = None
    for row in _records(pack.evidence):
        if row["Element"] != current:
            current = row["Element"]
            document.add_heading(clean(f"{row['Element']}: {row['Title']}"), level=2)
            verdict = document.add_paragraph()
            verdict.add_run(clean(str(row["Status"]).upper())).bold = True
            verdict.add_run(clean(f" · score {float(row['Score']):.3f} · {row['Group']}"))
        if not row["Passage"]:
            document.add_paragraph("No passage in this chapter matches this element.")
            continue
        template = (
            " · template text shared with other chapters" if row["Template text"] == "yes" else ""
        )
        where = document.add_paragraph(
            clean(f"Passage {int(row['Rank'])} · {row['Section']}{template}")
        )
        where.runs[0].font.size = Pt(9)
        document.add_paragraph(clean(row["Passage"]), style="Quote")
        terms = document.add_paragraph(
            clean(f"Terms behind the match: {row['Terms behind the match']}")
        )
        terms.runs[0].font.size = Pt(9)
    if pack.inspection is not None:
        document.add_heading("Inspection beside the policy", level=1)
        for irow in _records(pack.inspection):
            document.add_heading(clean(f"{irow['element']}: {irow['element_title']}"), level=3)
            document.add_paragraph(clean(f"Chapter: {irow['chapter_status']}"))
            if irow["improvement_points"]:
                document.add_paragraph(
                    clean(f"What needs to improve: {irow['improvement_points']}"),
                    style="List Bullet",
                )
            if irow["inspection_paragraph"]:
                document.add_paragraph(clean(irow["inspection_paragraph"]), style="Quote")
                document.add_paragraph(clean(irow["section_grade"]))
    document.add_heading("Currency", level=1)
    if pack.currency.empty:
        document.add_paragraph("No currency warnings.")
    for crow in _records(pack.currency):
        document.add_paragraph(clean(f"{crow['issue']}: {crow['detail']}"), style="List Bullet")
    document.add_heading("Method and limits", level=1)
    for paragraph in pack.method:
        document.add_paragraph(clean(paragraph))
    document.save(stream)


def _csv(pack: EvidencePack, handle: Any) -> None:
    writer = csv.writer(handle)
    header = ["Council", "Document id", "Amended", "Text SHA-256", *EVIDENCE_PACK_COLUMNS]
    inspected: dict[str, dict[str, Any]] = {}
    if pack.inspection is not None:
        header += ["Inspectors: what needs to improve", "Inspection finding", "Section judgement"]
        inspected = {str(r["element"]): r for r in _records(pack.inspection)}
    writer.writerow(header)
    fixed = [
        pack.metadata["Council"],
        pack.metadata["Document id"],
        pack.metadata["Amended"],
        pack.metadata["Text SHA-256"],
    ]
    for row in _records(pack.evidence):
        extra = []
        if pack.inspection is not None:
            found = inspected.get(str(row["Element"]), {})
            extra = [
                found.get("improvement_points", ""),
                found.get("inspection_paragraph", ""),
                found.get("section_grade", ""),
            ]
        cells = [*fixed, *(row[k] for k in EVIDENCE_PACK_COLUMNS), *extra]
        writer.writerow([_neutralise(v) for v in cells])


def write_report(
    corpus: Corpus,
    doc: str,
    path: str | os.PathLike[str],
    *,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    exclude_template: bool = False,
    loaded_at: datetime | None = None,
    examples: str | os.PathLike[str] | pd.DataFrame | None = None,
    inspection: str | os.PathLike[str] | Inspection | None = None,
) -> Path:
    """Write the evidence pack for one chapter to ``path`` (``.html``, ``.docx``, ``.xlsx`` or
    ``.csv``).

    Raises:
        ReportError: unknown document id, unsupported extension, or a path that cannot be
            written (nothing is left behind).

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> corpus = load_corpus(bundled_chapters())
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / 'hull.csv'
    >>> write_report(corpus, 'hull-values-principles-strategy', out).name
    'hull.csv'
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".html", ".htm", ".docx", ".xlsx", ".csv"):
        raise ReportError(
            f"{target}: unsupported report format {suffix or '(none)'!r}; "
            "use .html, .docx, .xlsx or .csv"
        )
    pack = evidence_pack(
        corpus,
        doc,
        framework,
        exclude_template=exclude_template,
        loaded_at=loaded_at,
        examples=examples,
        inspection=inspection,
    )
    from policylib.showing.output import OutputError, atomic_write

    try:
        if suffix == ".xlsx":
            with atomic_write(target, binary=True) as stream:
                _xlsx(pack, stream)
        elif suffix == ".docx":
            with atomic_write(target, binary=True) as stream:
                _docx(pack, stream)
        elif suffix == ".csv":
            with atomic_write(target, encoding="utf-8-sig") as stream:
                _csv(pack, stream)
        else:
            page = _html(pack, _chart_png(pack))
            with atomic_write(target) as stream:
                stream.write(page)
    except OutputError as exc:
        raise ReportError(str(exc)) from None
    return target
