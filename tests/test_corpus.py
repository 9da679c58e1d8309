"""Loading a corpus: metadata, tidy tables, and every kind of bad input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policylib import LoadError, load_corpus, read_document
from policylib.cli import main
from policylib.reading.corpus import DOCUMENT_COLUMNS, PROBLEM_COLUMNS, SECTION_COLUMNS

from .conftest import CHAPTERS, ROOT


def test_tables_have_documented_columns(corpus) -> None:  # type: ignore[no-untyped-def]
    assert list(corpus.documents.columns) == list(DOCUMENT_COLUMNS)
    assert list(corpus.sections.columns) == list(SECTION_COLUMNS)
    assert list(corpus.problems.columns) == list(PROBLEM_COLUMNS)
    assert corpus.problems.empty
    docs = corpus.documents.set_index("doc")
    assert docs.loc["liverpool-practice-principles", "council"] == "Liverpool City Council"
    assert docs.loc["hull-values-principles-strategy", "amended"] == "2014-05"
    assert docs.loc["south-gloucestershire-policies-values-principles", "source_url"] == (
        "https://southgloscs.proceduresonline.com/chapters/values.html"
    )
    assert (docs.n_sections == corpus.sections.groupby("doc").size()).all()


def test_loading_is_identical_in_parallel() -> None:
    serial = load_corpus(ROOT / "corpus")
    parallel = load_corpus(ROOT / "corpus", workers=2)
    assert serial.docs == parallel.docs


def test_documents_survive_pickling_whole(corpus) -> None:  # type: ignore[no-untyped-def]
    # Loading workers send documents back pickled: every field, section and span comes back,
    # and the sections still share their document's one text.
    import pickle

    for doc in corpus:
        back = pickle.loads(pickle.dumps(doc))
        assert back == doc
        assert [s.text for s in back.sections] == [s.text for s in doc.sections]
        assert [(s.source is back.text) for s in back.sections] == [True] * len(doc.sections)
        assert back.spans == doc.spans


@pytest.fixture()
def messy(tmp_path: Path) -> Path:
    """A folder with one good chapter and one of every kind of bad input."""
    shutil.copy(CHAPTERS / "hull-values-principles-strategy.txt", tmp_path / "hull.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "report.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "garbled.txt").write_bytes(b"Values\nChildren\x81s services\n")
    (tmp_path / "nav-only.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav><script>x=1</script></body></html>"
    )
    with (tmp_path / "huge.txt").open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: costs no disk
    sub = tmp_path / "sub"
    sub.mkdir()
    shutil.copy(CHAPTERS / "hull-values-principles-strategy.txt", sub / "hull.txt")
    (tmp_path / "manifest.csv").write_text(
        "file,council,chapter_title,source_url,amended,version,notes\n"
        'hull.txt,Hull City Council,"Values, Principles and Strategy",,2014-05,,\n'
        "gone.txt,Nowhere Council,Missing,,,,\n",
        encoding="utf-8",
    )
    return tmp_path


def test_bad_inputs_are_reported_and_skipped(messy: Path) -> None:
    corpus = load_corpus([messy, messy / "no-such-file.txt"])
    assert list(corpus.docs) == ["hull"]
    assert corpus["hull"].council == "Hull City Council"
    problems = corpus.problems
    by_name = {
        Path(p).name: (msg, action)
        for p, msg, action in zip(problems.path, problems.problem, problems.action, strict=True)
    }
    assert by_name["empty.txt"][0] == "empty file"
    assert "PDF" in by_name["report.txt"][0]
    assert "binary" in by_name["image.txt"][0]
    assert "undecodable byte 0x81" in by_name["garbled.txt"][0]
    assert "line 2" in by_name["garbled.txt"][0]
    assert "no body text" in by_name["nav-only.html"][0]
    assert "over the 20 MB limit" in by_name["huge.txt"][0]
    assert by_name["no-such-file.txt"][0] == "path does not exist"
    dup = problems[problems.problem.str.startswith("duplicate document id 'hull'")]
    assert len(dup) == 1 and dup.action.iloc[0] == "skipped"
    missing = problems[problems.problem.str.contains("gone.txt")]
    assert missing.action.tolist() == ["warning"] and missing.line.tolist() == [3]
    assert (problems.action == "skipped").sum() == 8


def test_empty_folder_is_a_problem(tmp_path: Path) -> None:
    corpus = load_corpus(tmp_path)
    assert len(corpus) == 0
    assert "no chapter files" in corpus.problems.problem.iloc[0]


def test_read_document_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("   \n")
    with pytest.raises(LoadError, match=r"empty\.md: empty file"):
        read_document(path)


def test_windows_1252_chapter(tmp_path: Path) -> None:
    text = "Values and Principles\n\n1. Introduction\n\nChildren’s “wishes and feelings” matter.\n"
    (tmp_path / "word.txt").write_bytes(text.encode("cp1252"))
    doc = read_document(tmp_path / "word.txt")
    assert doc.encoding == "cp1252"
    assert "Children’s “wishes and feelings” matter." in [s.text for s in doc.sections]


def test_markdown_headings(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(
        "# Our Principles\n\n## Listening\n\nWe listen to children and\nact on what they say.\n\n"
        "## Families\n\n- We work with whole families.\n- We build on strengths.\n"
    )
    doc = read_document(tmp_path / "notes.md")
    kinds = [(s.kind, s.heading) for s in doc.sections if s.kind != "paragraph"]
    assert kinds[:3] == [
        ("title", "Our Principles"),
        ("heading", "Listening"),
        ("heading", "Families"),
    ]
    para = next(s for s in doc.sections if s.kind == "paragraph")
    assert para.text == "We listen to children and\nact on what they say."


# -- command line ----------------------------------------------------------------------------


def test_cli_sections_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["sections", str(CHAPTERS / "hull-values-principles-strategy.txt"), "--format", "csv"])
        == 0
    )
    out = capsys.readouterr().out
    header = out.splitlines()[0]
    assert header == "doc,council,section_id,level,kind,heading,heading_path,text,start,end"
    assert "hull-values-principles-strategy#3" in out


def test_cli_corpus_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert main(["corpus", str(ROOT / "corpus"), "--format", "json", "--quiet"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5 and {r["n_sections"] > 20 for r in rows} == {True}


def test_cli_fails_when_nothing_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["corpus", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert "path does not exist" in err and "no chapters could be loaded" in err


def test_cli_help_for_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    from policylib.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        with pytest.raises(SystemExit) as exit_info:
            main([name, "--help"])
        assert exit_info.value.code == 0
        assert "usage: policylib " + name in capsys.readouterr().out
