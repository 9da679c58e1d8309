"""The command line: byte-identical results in every process, and clear exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from policylib.cli import build_parser, main

from .conftest import CHAPTERS, ROOT


def _run(args: list[str], seed: str, cwd: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, "-m", "policylib", *args, "-q"], check=True, env=env, cwd=cwd)


def test_outputs_are_byte_identical_under_any_hash_seed(tmp_path: Path) -> None:
    for seed in ("1", "2"):
        out = tmp_path / seed
        out.mkdir()
        _run(["coverage", str(CHAPTERS), "-f", "csv", "-o", str(out / "coverage.csv")], seed, out)
        _run(["shared", str(CHAPTERS), "-f", "csv", "-o", str(out / "shared.csv")], seed, out)
        doc = "durham-policies-values-principles"
        _run(["report", str(CHAPTERS), "--doc", doc, "-o", str(out / "pack.csv")], seed, out)
    for name in ("coverage.csv", "shared.csv", "pack.csv"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes(), name


def test_every_subcommand_is_documented() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"corpus", "sections", "coverage", "similarity", "shared", "terms", "report"} <= set(
        commands
    )
    for name, sub in commands.items():
        assert sub.description, name


def test_unknown_framework_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["coverage", str(CHAPTERS), "--framework", "no-such-framework", "-q"]) == 1
    err = capsys.readouterr().err
    assert "unknown framework 'no-such-framework'" in err and "Traceback" not in err


def test_awkward_unicode_chapter_parses_and_scores(tmp_path: Path) -> None:
    from policylib import coverage, load_corpus

    from .conftest import assert_lossless

    text = (
        "İSTANBUL Straße ﬁnance – Values\n\n"
        "We keep children safe: İnci, Ößa and Zoë\u0301 say their wishes and feelings are "
        "heard.\n\n"
        "• ﬁrst: the best interests of the child are paramount İİİ.\n"
    )
    (tmp_path / "unicode.txt").write_text(text, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert_lossless(corpus["unicode"])
    table = coverage(corpus)
    assert set(table[table.status == "present"].element) >= {"NF-P1", "NF-P2"}
    assert main(["shared", str(tmp_path), "-q"]) == 0


def test_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "policylib", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0 and result.stdout.startswith("policylib ")
