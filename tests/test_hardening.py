"""Nothing lost, nothing run, no traceback: awkward and hostile inputs and outputs.

Each test here failed before the fix it guards (issue 15)."""

from __future__ import annotations

import csv
import io
import stat
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policylib import load_corpus
from policylib.cli import main
from policylib.reading.text import decode_bytes
from policylib.showing.output import (
    FORMULA_START,
    XLSX_MAX_CHARS,
    atomic_write,
    spreadsheet_text,
    xlsx_value,
)

from .conftest import CHAPTERS, assert_lossless, fuzz

FIXTURE = HealthCheck.function_scoped_fixture  # each example writes its own files
GOOD = (CHAPTERS / "hull-values-principles-strategy.txt").read_text(encoding="utf-8")
BODY = "<p>We always listen to children and act on what they tell us.</p>"


def _folder(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    folder = tmp_path / "chapters"
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        if isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


# --- data loss -------------------------------------------------------------------------------


def test_overwrite_keeps_permissions_and_writes_through_links(tmp_path: Path) -> None:
    target = tmp_path / "private.csv"
    target.write_text("old")
    target.chmod(0o600)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert main(["corpus", str(CHAPTERS), "-f", "csv", "-o", str(link), "-q"]) == 0
    assert link.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("doc,")


def test_report_overwrite_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "pack.html"
    target.write_text("old")
    target.chmod(0o600)
    args = ["report", str(CHAPTERS), "--doc", "hull-values-principles-strategy", "-o"]
    assert main([*args, str(target), "-q"]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# --- nothing run -----------------------------------------------------------------------------

FORMULA = "=cmd|' /C calc'!A0 We listen to children and act on what they say."


@pytest.mark.parametrize("command", ["sections", "coverage"])
def test_table_csv_neutralises_formulas(tmp_path: Path, command: str) -> None:
    folder = _folder(tmp_path, {"f.txt": f"Our values\n\n{FORMULA}\n\n@SUM(1,2) best interests.\n"})
    out = tmp_path / "t.csv"
    assert main([command, str(folder / "f.txt"), "-f", "csv", "-o", str(out), "-q"]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    assert any(FORMULA in c for c in cells)
    assert not [c for c in cells if c.startswith(FORMULA_START)]


def test_xlsx_cells_are_quoted_text_and_cut_with_a_marker() -> None:
    assert xlsx_value("=1+1") == ("=1+1", True)
    text, quoted = xlsx_value("a\x0bb\x0cc")
    assert (text, quoted) == ("abc", False)
    long, _ = xlsx_value("x" * 40_000)
    assert len(long) <= XLSX_MAX_CHARS and long.endswith("see the CSV or HTML pack]")


def test_xlsx_pack_survives_control_characters_and_keeps_formula_text_as_text(
    tmp_path: Path,
) -> None:
    text = (
        "Our values\n\nWe listen to children\x0b and act on it.\n\n"
        '=HYPERLINK("http://x") children\'s wishes and feelings are heard.\n'
    )
    folder = _folder(tmp_path, {"vt.txt": text})
    target = tmp_path / "pack.xlsx"
    assert main(["report", str(folder), "--doc", "vt", "-o", str(target), "-q"]) == 0
    with zipfile.ZipFile(target) as book:
        sheets = "".join(
            book.read(n).decode("utf-8") for n in book.namelist() if n.startswith("xl/")
        )
    assert "<f>" not in sheets  # no formula anywhere
    assert 'quotePrefix="1"' in sheets


def test_symlinks_out_of_the_folder_are_not_followed(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {})
    outside = tmp_path / "secret.txt"
    outside.write_text("Secret\n\nroot:x:0:0:root:/root:/bin/bash\n")
    (folder / "passwd.txt").symlink_to(outside)
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    (folder / "loop").symlink_to(folder)
    (folder / "inside.txt").symlink_to(folder / "good.txt")
    corpus = load_corpus(folder)
    assert sorted(corpus.docs) == ["good", "inside"]
    problems = dict(zip(corpus.problems.path, corpus.problems.problem, strict=True))
    assert "outside the folder" in problems[str(folder / "passwd.txt")]
    assert "broken link" in problems[str(folder / "dangling.txt")]
    assert "not followed" in problems[str(folder / "loop")]


def test_terminal_output_has_no_escape_sequences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, {"esc.txt": "\x1b]0;pwned\x07\x1b[31mRed title\n\n" + GOOD})
    assert main(["corpus", str(folder)]) == 0
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out and "\x07" not in captured.out
    assert "\n esc " in captured.out or captured.out.startswith(" esc ") or " esc " in captured.out


# --- wrong output, silently ------------------------------------------------------------------


def test_html_with_invisible_characters_loads(tmp_path: Path) -> None:
    page = (
        "<html><body><h1>Values</h1><p>Chil&shy;dren are safe\u200b here\u2060 now\ufeff, "
        f"joined\u200d up.</p>{BODY}</body></html>"
    )
    corpus = load_corpus(_folder(tmp_path, {"shy.html": page}))
    assert corpus.problems.empty
    assert "Children are safe here now, joined up." in corpus["shy"].text
    assert_lossless(corpus["shy"])


def test_one_stray_latin1_byte_keeps_the_rest_utf8(tmp_path: Path) -> None:
    data = "Children’s welfare is paramount.\n\nCaf".encode() + b"\xe9 and more.\n"
    corpus = load_corpus(_folder(tmp_path, {"mixed.txt": data}))
    doc = corpus["mixed"]
    assert "Children’s" in doc.text and "Café" in doc.text
    warning = corpus.problems[corpus.problems.path.str.endswith("mixed.txt")].iloc[0]
    assert warning.action == "warning" and "line 3" in warning.problem


def test_utf16_without_bom_is_text() -> None:
    decoded = decode_bytes("Children’s views and wishes\n".encode("utf-16-le"))
    assert decoded.text == "Children’s views and wishes\n"
    assert decode_bytes("Children’s views\n".encode("utf-16-be")).encoding == "utf-16-be"


def test_custom_codebook_words_count(tmp_path: Path) -> None:
    codebook = tmp_path / "prevent.yaml"
    codebook.write_text(
        "id: prevent\ntitle: Prevent\nelements:\n"
        "  - id: PV-1\n    title: Radicalisation and extremism\n"
        "    description: Children are protected from radicalisation and extremism.\n"
        "    key_phrases: [radicalisation, extremism, Prevent duty]\n",
        encoding="utf-8",
    )
    text = (
        "Our approach\n\nWe protect young people from radicalisation and extremism "
        "through Prevent.\n"
    )
    folder = _folder(tmp_path, {"rad.txt": text})
    out = tmp_path / "c.csv"
    assert main(["coverage", str(folder / "rad.txt"), "--framework", str(codebook),
                 "-f", "csv", "-o", str(out), "-q"]) == 0  # fmt: skip
    row = next(csv.DictReader(out.open(encoding="utf-8")))
    assert row["status"] == "present" and float(row["score"]) > 0.3


def test_manifest_dates_in_words_are_checked(tmp_path: Path) -> None:
    from policylib import currency

    folder = _folder(tmp_path, {"old.txt": "Values\n\nWe listen to children.\n"})
    (folder / "manifest.csv").write_text("file,council,amended\nold.txt,Oldtown,May 2014\n")
    flags = currency(load_corpus(folder / "old.txt"))
    assert "pre-dates the National Framework" in set(flags.issue)


@pytest.mark.parametrize(
    "args",
    [
        ["similarity", "--top", "0"],
        ["similarity", "--top", "-3"],
        ["shared", "--min-docs", "0"],
        ["shared", "--min-docs", "1"],
        ["terms", "--doc", "x", "--top", "0"],
    ],
)
def test_nonsense_counts_are_refused(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([args[0], str(CHAPTERS), *args[1:]])
    assert info.value.code == 2
    assert "must be at least" in capsys.readouterr().err


# --- tracebacks instead of messages ----------------------------------------------------------


def test_deep_or_odd_markup_loads_with_the_other_files(tmp_path: Path) -> None:
    deep = "<html><body>" + "<div>" * 5000 + "<p>Deep text about children.</p>" + BODY
    odd = f"<html><body><h1>T</h1><ol start='²'><li>one item of our list</li></ol>{BODY}"
    corpus = load_corpus(_folder(tmp_path, {"deep.html": deep, "odd.html": odd}))
    assert sorted(corpus.docs) == ["deep", "good", "odd"]
    assert "Deep text about children." in corpus["deep"].text
    assert any("nested too deep" in p for p in corpus.problems.problem)


def test_identical_chapters_without_template_text_say_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _folder(tmp_path, {"copy.txt": GOOD})
    assert main(["similarity", str(folder), "--exclude-template", "-q"]) == 1
    assert "drop --exclude-template" in capsys.readouterr().err


def test_dotted_capital_i_in_shared_text(tmp_path: Path) -> None:
    from policylib import shared_passages

    text = (
        "İSTANBUL Title\n\nThe İnci family and İİİ others keep children safe at home with help.\n"
    )
    corpus = load_corpus(_folder(tmp_path, {"i1.txt": text, "i2.txt": text}))
    shared = shared_passages(corpus)
    assert any("İnci family" in t for t in shared.text)


# --- property tests: hostile bytes, text and cells -------------------------------------------


@given(st.binary(max_size=3000))
@settings(max_examples=fuzz(150), deadline=None, suppress_health_check=[FIXTURE])
def test_any_bytes_load_or_are_named(tmp_path: Path, data: bytes) -> None:
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    for suffix in (".txt", ".html"):
        (folder / f"f{suffix}").write_bytes(data)
    corpus = load_corpus(folder)
    named = set(corpus.problems.path)
    for suffix in (".txt", ".html"):
        path = str(folder / f"f{suffix}")
        assert path in named or any(d.path == path for d in corpus), path
    for doc in corpus:
        assert_lossless(doc)


HOSTILE_TEXT = st.text(
    alphabet=st.sampled_from(list("=+-@\t\r\n\x0b\x0c\x1b<>&\"'İßﬁ\u0301\u200b\u00ad é")),
    max_size=60,
)


@given(HOSTILE_TEXT)
@settings(max_examples=fuzz(300), deadline=None)
def test_cells_are_always_safe(value: str) -> None:
    cell = spreadsheet_text(value)
    assert not cell.startswith(FORMULA_START)
    text, quoted = xlsx_value(value)
    assert quoted == text.startswith(FORMULA_START)
    assert not any(ch in text for ch in "\x0b\x0c\x1b")


@given(st.lists(HOSTILE_TEXT, min_size=1, max_size=6))
@settings(max_examples=fuzz(60), deadline=None, suppress_health_check=[FIXTURE])
def test_hostile_html_parses_losslessly(tmp_path: Path, parts: list[str]) -> None:
    import html

    page = "<html><body><h1>Title</h1>" + "".join(
        f"<p>{html.escape(p)}</p><ul><li>{html.escape(p[::-1])}</li></ul>" for p in parts
    )
    (tmp_path / "p.html").write_text(page + BODY, encoding="utf-8")
    corpus = load_corpus(tmp_path / "p.html")
    for doc in corpus:
        assert_lossless(doc)


def test_csv_output_reads_back(tmp_path: Path) -> None:
    with atomic_write(tmp_path / "x.csv") as stream:
        csv.writer(stream).writerow([spreadsheet_text("=1"), "plain"])
    rows = list(csv.reader(io.StringIO((tmp_path / "x.csv").read_text())))
    assert rows == [["'=1", "plain"]]
