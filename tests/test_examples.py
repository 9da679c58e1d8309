"""Teaching the kit: a policy lead's judgements change the verdicts they should, and say so."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest

from policylib import Corpus, coverage
from policylib.cli import main
from policylib.scoring.examples import ExamplesError, examples_effect, matches, read_examples

LIVERPOOL = "liverpool-practice-principles"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_reject_accept_and_example_change_the_right_cells(corpus: Corpus) -> None:
    one = corpus.subset([LIVERPOOL])
    before = coverage(one)
    p3 = before[before.element == "NF-P3"].iloc[0]
    p1 = before[before.element == "NF-P1"].iloc[0]
    assert p3.status == "present" and p1.status != "present"
    judgements = pd.DataFrame(
        {
            "doc": [LIVERPOOL, LIVERPOOL],
            "element": ["NF-P3", "NF-P1"],
            "verdict": ["reject", "accept"],
            "text": [
                p3.evidence_text,
                "Our primary responsibility is to safeguard children and young people",
            ],
        }
    )
    after = coverage(one, examples=judgements)
    new_p3 = after[after.element == "NF-P3"].iloc[0]
    new_p1 = after[after.element == "NF-P1"].iloc[0]
    # The rejected passage is never quoted again for that element.
    assert new_p3.evidence_text != p3.evidence_text
    assert new_p1.status == "present"
    assert "primary responsibility is to safeguard" in new_p1.evidence_text
    changed = examples_effect(before, after)
    assert ("NF-P1", "present") in set(zip(changed.element, changed.status_after, strict=True))
    # A rejection about Liverpool's passage leaves other chapters alone; the accepted passage
    # teaches NF-P1 (it joins the element's vector), and nothing else moves.
    others = corpus.subset([d for d in corpus.docs if d != LIVERPOOL])
    plain, taught = coverage(others), coverage(others, examples=judgements)
    same = plain.element != "NF-P1"
    assert plain[same].equals(taught[same])
    assert not plain[~same].score.equals(taught[~same].score)


def test_an_example_teaches_the_element_everywhere() -> None:
    from policylib import load_corpus

    examples = pd.DataFrame(
        {
            "doc": [""],
            "element": ["NF-O2"],
            "verdict": ["example"],
            "text": ["Grandparents, aunts and uncles step in to care for children in our city."],
        }
    )
    here = Path(__file__).resolve().parent.parent / "benchmarks/data/excerpts"
    docs = load_corpus(here)
    before = coverage(docs)
    after = coverage(docs, examples=examples)
    o2_before = before[before.element == "NF-O2"].score.to_numpy()
    o2_after = after[after.element == "NF-O2"].score.to_numpy()
    assert (o2_after != o2_before).any()
    # Other elements' scores do not move.
    rest = before.element != "NF-O2"
    assert (before[rest].score.to_numpy() == after[rest].score.to_numpy()).all()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("doc,element,verdict\nx,NF-P1,accept\n", "no 'text' column"),
        ("element,verdict,text\nNF-P1,maybe,We always listen to children.\n", ":2: verdict"),
        ("element,verdict,text\nNF-Z9,accept,We always listen to children.\n", "unknown element"),
        ("element,verdict,text\nNF-P1,accept,1.\n", "too short"),
    ],
)
def test_bad_judgements_are_named_with_file_and_line(
    tmp_path: Path, content: str, message: str
) -> None:
    path = _write(tmp_path / "judgements.csv", content)
    with pytest.raises(ExamplesError, match=message) as info:
        read_examples(path, "national-framework-2023")
    assert str(path) in str(info.value)


def test_yaml_judgements(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "judgements.yaml",
        "- element: NF-P4\n  verdict: example\n  text: We keep children safely at home.\n",
    )
    table = read_examples(path)
    assert table.loc[0, "doc"] == "" and table.loc[0, "verdict"] == "example"
    assert read_examples(io.StringIO("element,verdict,text\n")).empty


def test_matching_needs_enough_text() -> None:
    assert matches("keep children safely at home", "We KEEP children  safely at home.")
    assert not matches("safely", "We keep children safely at home.")


def test_cli_reports_how_many_verdicts_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(__file__).resolve().parent.parent
    path = _write(
        tmp_path / "judgements.csv",
        "doc,element,verdict,text,note\n"
        f"{LIVERPOOL},NF-P1,accept,Our primary responsibility is to safeguard children,ours\n",
    )
    out = tmp_path / "cov.csv"
    args = ["coverage", str(root / "corpus"), "--examples", str(path), "-f", "csv", "-o", str(out)]
    assert main(args) == 0
    err = capsys.readouterr().err
    changed = r"1 judgements, \d+ verdicts changed \(.*1 (?:missing|partial) → present"
    assert re.search(changed, err), err
    table = pd.read_csv(out)
    row = table[(table.doc == LIVERPOOL) & (table.element == "NF-P1")].iloc[0]
    assert row.status == "present"
    bad = _write(tmp_path / "bad.csv", "element,verdict,text\nNF-P1,maybe,We always listen.\n")
    assert main(["coverage", str(root / "corpus"), "--examples", str(bad), "-q"]) == 1
    assert "bad.csv:2" in capsys.readouterr().err
