"""The verdicts: one analyser, only a council's own statements as evidence, the section tree
around amendment notes, verdicts independent of company, and template text never matched
against a chapter's own copy."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from policylib import Corpus, coverage, load_corpus, template_share
from policylib.scoring.model import document_passages, is_statement, restates_guidance

from .conftest import CHAPTERS, ROOT


@pytest.mark.parametrize(
    "text",
    [
        "1.",
        "These include:",
        "Adoption and Children Act 2002;",
        "• Working Together to Safeguard Children 2023;",
        "This chapter was amended in July 2024 to include our Children's Services Practice "
        "Principles.",
        "In May 2024, this chapter was revised in line with Working Together to Safeguard "
        "Children.",
        "This chapter should be read in conjunction with the Partnership Procedures.",
        "Our Vision for children's social ca",
    ],
)
def test_what_is_not_a_councils_statement(text: str) -> None:
    assert not is_statement(text)


@pytest.mark.parametrize(
    "text",
    [
        "We will always listen to children and act on what they tell us.",
        "Our primary purpose is to ensure that children are protected from significant harm. "
        "We do this:",
        "Children have the right to be brought up within their own family wherever possible;",
    ],
)
def test_councils_statements_are_evidence(text: str) -> None:
    assert is_statement(text)


def test_restated_guidance_is_told_apart() -> None:
    assert restates_guidance(
        "Working Together to Safeguard Children emphasises the importance of multi-agency "
        "working ensuring a child-centred approach."
    )
    assert not restates_guidance("We put the child at the centre of everything we do.")


def test_body_after_an_amendment_note_is_not_filed_under_it(corpus: Corpus) -> None:
    liverpool = corpus["liverpool-practice-principles"]
    principles = [s for s in liverpool.sections if s.kind == "list_item"]
    assert principles and not any("Amendment" in s.heading_path for s in principles)
    note = next(s for s in liverpool.sections if "was amended in July 2024" in s.text)
    assert note.heading_path == "Amendment"


def test_bundled_evidence_is_never_a_fragment_citation_or_note(corpus: Corpus) -> None:
    table = coverage(corpus)
    quoted = table[table.status != "missing"]
    for row in quoted.itertuples():
        assert is_statement(row.evidence_text, row.evidence_heading), row
        assert "Amendment" not in row.evidence_heading
        assert "Related guidance" not in row.evidence_heading


def test_a_heading_never_carries_a_match_alone(corpus: Corpus) -> None:
    from policylib.scoring.coverage import element_matrix, passage_scores
    from policylib.scoring.frameworks import load_framework
    from policylib.scoring.model import Passage, default_model

    nf = load_framework("national-framework-2023")
    model = default_model()
    under_heading = Passage(
        "d", "d#p1", "Best interests of the child", "paragraph", 0, 27,
        "Our offices open at nine o'clock.", "Best interests of the child",
    )  # fmt: skip
    from policylib.scoring.coverage import PARTIAL

    scores = passage_scores(model, [under_heading], element_matrix(nf, model).T.tocsc())
    assert scores.max() < PARTIAL / 2


def test_verdicts_do_not_depend_on_company(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synth import generate

    alone = load_corpus(CHAPTERS / "durham-policies-values-principles.txt")
    crowd_dir = generate(1000, tmp_path / "crowd", seed=5)
    shutil.copy(CHAPTERS / "durham-policies-values-principles.txt", crowd_dir)
    crowd = load_corpus(crowd_dir)
    bundled = load_corpus(CHAPTERS)
    key = ["element", "status", "score", "evidence_text"]
    expected = coverage(alone)[key].reset_index(drop=True)
    doc = "durham-policies-values-principles"
    for company in (bundled, crowd):
        got = coverage(company)
        got = got[got.doc == doc][key].reset_index(drop=True)
        assert got.equals(expected)


def test_own_copy_under_another_name_is_not_template(tmp_path: Path) -> None:
    shutil.copy(CHAPTERS / "durham-policies-values-principles.txt", tmp_path / "our-chapter-v2.txt")
    share = template_share(load_corpus(tmp_path)).iloc[0]
    # Shared with other councils' chapters (the publisher's paragraphs), not all of it.
    assert 0.1 < share.template_share < 0.6


def test_passages_keep_their_spans(corpus: Corpus) -> None:
    doc = corpus["south-gloucestershire-policies-values-principles"]
    for p in document_passages(doc):
        assert doc.text[p.start : p.end] == p.text
