"""Coverage verdicts, evidence, explanations, template text and comparisons on real chapters."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from policylib import (
    Corpus,
    coverage,
    currency,
    distinctive_terms,
    evidence,
    explain,
    load_corpus,
    load_framework,
    neighbours,
    shared_passages,
    similarity,
    template_share,
)
from policylib.cli import main
from policylib.scoring.coverage import COVERAGE_COLUMNS

from .conftest import CHAPTERS, ROOT

BEDS = "bedfordshire-national-framework-briefing"
HULL = "hull-values-principles-strategy"
TRIX = [
    "durham-policies-values-principles",
    "liverpool-practice-principles",
    "south-gloucestershire-policies-values-principles",
]


@pytest.fixture(scope="module")
def cov(corpus: Corpus) -> pd.DataFrame:
    return coverage(corpus)


def test_one_row_per_document_and_element(cov: pd.DataFrame) -> None:
    assert list(cov.columns[: len(COVERAGE_COLUMNS)]) == list(COVERAGE_COLUMNS)
    assert len(cov) == 5 * 13
    assert set(cov.status) <= {"present", "partial", "missing"}
    assert cov.groupby("doc").element.nunique().eq(13).all()


def test_bedfordshire_briefing_is_close_to_full_coverage(cov: pd.DataFrame) -> None:
    beds = cov[cov.doc == BEDS]
    assert (beds.status == "present").sum() >= 12
    p1 = beds[beds.element == "NF-P1"].iloc[0]
    assert "best interests" in p1.evidence_text
    assert "paramount" in p1.top_terms


def test_evidence_is_traceable_to_the_page(corpus: Corpus, cov: pd.DataFrame) -> None:
    for row in cov[cov.score > 0].itertuples():
        doc = corpus[row.doc]
        assert doc.text[row.evidence_start : row.evidence_end] == row.evidence_text
        section = next(s for s in doc.sections if s.section_id == row.evidence_section)
        assert section.start <= row.evidence_start and row.evidence_end <= section.end


def test_scores_are_explained_exactly(corpus: Corpus, cov: pd.DataFrame) -> None:
    from policylib.scoring.model import document_passages

    nf = load_framework("national-framework-2023")
    row = cov[(cov.doc == "liverpool-practice-principles") & (cov.element == "NF-E3")].iloc[0]
    passage = next(
        p
        for p in document_passages(corpus[row.doc])
        if p.start == row.evidence_start and p.end == row.evidence_end
    )
    why = explain(passage, nf["NF-E3"])
    assert why.contribution.sum() == pytest.approx(row.score, abs=1e-9)
    assert why.share.sum() == pytest.approx(1.0)
    assert {"supervision", "development"} & set(why.term.head(8))


def test_verdicts_do_not_depend_on_other_documents(cov: pd.DataFrame) -> None:
    alone = coverage(load_corpus(CHAPTERS / f"{HULL}.txt"))
    together = cov[cov.doc == HULL].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        alone[["element", "score", "status", "evidence_text"]],
        together[["element", "score", "status", "evidence_text"]],
    )


def test_deterministic(corpus: Corpus, cov: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(coverage(corpus), cov)


def test_template_paragraphs_found_by_shingles(corpus: Corpus) -> None:
    # Only the loaded documents take part: the method must find the publisher's text itself.
    shared = shared_passages(corpus, reference=False)
    hit = shared[shared.text.str.contains("emphasises the importance of multi-agency working")]
    assert len(hit) >= 1
    assert set(TRIX) <= set(hit.docs.iloc[0].split("; "))
    share = template_share(corpus, reference=False).set_index("doc")
    assert share.loc[BEDS, "local_share"] > 0.9 and share.loc[HULL, "local_share"] > 0.9
    assert (share.loc[TRIX, "local_share"] < 0.8).all()


def test_excluding_template_text(corpus: Corpus, cov: pd.DataFrame) -> None:
    assert cov.evidence_is_template.any()
    local = coverage(corpus, exclude_template=True)
    assert not local[local.score > 0].evidence_is_template.any()
    assert (local.score <= cov.score + 1e-12).all()
    with_t = similarity(corpus)
    without = similarity(corpus, exclude_template=True)
    pair = ("durham-policies-values-principles", "south-gloucestershire-policies-values-principles")
    assert without.loc[pair] < with_t.loc[pair]


def test_similarity_and_neighbours(corpus: Corpus) -> None:
    sims = similarity(corpus)
    assert np.allclose(sims.values, sims.values.T) and np.allclose(np.diag(sims.values), 1)
    near = neighbours(corpus, k=2)
    assert len(near) == 10 and near.groupby("doc").similarity.is_monotonic_decreasing.all()
    top = near[(near.doc == TRIX[0]) & (near["rank"] == 1)].neighbour.iloc[0]
    assert top == sims.loc[TRIX[0]].drop(TRIX[0]).idxmax()


def test_distinctive_terms(corpus: Corpus) -> None:
    hull = distinctive_terms(corpus, HULL, top=10)
    assert "strategy" in hull.term.tolist()
    own = distinctive_terms(corpus, HULL, top=10, against="framework")
    assert (own.framework_weight == 0).all() and len(own) == 10
    with pytest.raises(KeyError, match="known ids"):
        distinctive_terms(corpus, "nowhere")


def test_currency_flags() -> None:
    corpus = load_corpus([ROOT / "corpus", ROOT / "benchmarks" / "data" / "excerpts"])
    flags = currency(corpus)
    hull = flags[flags.doc == HULL]
    assert "pre-dates the National Framework" in hull.issue.tolist()
    plymouth = flags[flags.doc == "13_plymouth"].issue.tolist()
    assert any("Working Together to Safeguard Children 2015" in i for i in plymouth)
    assert any("Data Protection Act 1998" in i for i in plymouth)
    assert (
        not flags[flags.doc == "liverpool-practice-principles"]
        .issue.str.startswith("pre-dates")
        .any()
    )


def test_custom_framework_works_like_a_bundled_one(tmp_path: Path, corpus: Corpus) -> None:
    (tmp_path / "local.yaml").write_text(
        "id: local-codebook\ntitle: Our codebook\nelements:\n"
        "  - id: L1\n    group: value\n    title: Life story work\n"
        "    description: Children understand their own history and journey.\n"
        "    key_phrases: [life story work, journey]\n"
    )
    table = coverage(corpus, tmp_path / "local.yaml")
    assert len(table) == 5 and set(table.element) == {"L1"}
    best = table.sort_values("score").iloc[-1]
    assert best.doc == "liverpool-practice-principles" and best.status == "present"


def test_evidence_top_three(corpus: Corpus) -> None:
    ev = evidence(corpus.subset([BEDS]), top=3)
    assert ev.groupby("element")["rank"].max().eq(3).all()
    assert ev.groupby("element").score.is_monotonic_decreasing.all()


def test_cli_terms_against_framework(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "terms",
                str(CHAPTERS),
                "--doc",
                HULL,
                "--against",
                "framework",
                "-f",
                "csv",
                "-q",
                "--top",
                "5",
            ]
        )
        == 0
    )
    rows = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out))
    assert len(rows) == 5 and (rows.framework_weight == 0).all()


def test_cli_coverage_columns(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["coverage", str(CHAPTERS / f"{HULL}.txt"), "-f", "csv", "-q"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header == (
        "doc,council,element,element_title,score,status,evidence_section,"
        "evidence_text,evidence_is_template,top_terms"
    )


def test_agreement_with_labels_meets_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "coverage.csv"
    assert (
        main(
            [
                "coverage",
                str(ROOT / "corpus"),
                str(ROOT / "benchmarks/data/excerpts"),
                "-f",
                "csv",
                "-q",
                "-o",
                str(out),
            ]
        )
        == 0
    )
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import evaluate

    labels = sorted((ROOT / "benchmarks/data/labels").glob("*_coverage.csv"))
    table = pd.read_csv(out, keep_default_na=False)
    joined = evaluate.evaluate(table, evaluate.read_labels([str(p) for p in labels]))
    cells = evaluate.out_of_sample(joined)
    ba = evaluate.balanced_accuracy(cells.truth.to_numpy(), cells.predicted.to_numpy())
    lo, hi = evaluate.interval(cells)
    cited = evaluate.read_evidence(str(ROOT / "benchmarks/data/labels/excerpt_evidence.md"))
    good, total, _ = evaluate.evidence_precision(cells, cited)
    from policylib.scoring.coverage import CALIBRATION

    # The figures the README and the evidence pack quote are the ones this code produces.
    assert round(ba, 3) == CALIBRATION["balanced_accuracy"]
    assert (round(lo, 3), round(hi, 3)) == CALIBRATION["interval"]
    assert (good, total) == CALIBRATION["evidence_precision"]
    assert cells.doc.nunique() == CALIBRATION["documents"] and len(cells) == CALIBRATION["cells"]
    # The kit's thresholds are the ones chosen on all labelled documents, off a cliff edge.
    from policylib.scoring.coverage import PRESENT

    _, chosen = evaluate.best_threshold(cells.score.to_numpy(), cells.truth.to_numpy())
    assert abs(chosen - PRESENT) < 0.001


def test_scoring_in_worker_processes_gives_the_serial_result(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    import policylib.scoring.coverage as module

    monkeypatch.setattr(module, "_BATCH", 2)  # five chapters: three batches
    serial = evidence(corpus, top=2)
    parallel = evidence(corpus, top=2, workers=2)
    pd.testing.assert_frame_equal(parallel, serial)
    from policylib import parallel

    assert parallel._JOB is None  # nothing left behind for the next call


def test_shown_passages_rows_are_the_rows_they_were_scored_with(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The top terms of the passages shown come from the rows made when scoring them; made
    # afresh from their scoring text (as for a passage a judgement shows unscored), they agree.
    import policylib.scoring.coverage as module

    reused = evidence(corpus, top=3)
    scored = module._scored

    def without_rows(*args: Any) -> Any:
        scores, _, judged = scored(*args)
        return scores, None, judged

    monkeypatch.setattr(module, "_scored", without_rows)
    pd.testing.assert_frame_equal(evidence(corpus, top=3), reused)
    assert (reused.top_terms != "").sum() > 50


def test_top_terms_break_ties_by_the_feature_text_whatever_the_column_order() -> None:
    # The shipped weights are sorted as strings, so a column number breaks ties; weights whose
    # columns are in another order must name the same terms (ties broken by the text).
    from policylib.scoring.model import default_model
    from policylib.scoring.weights import TermWeights

    model = default_model()
    assert isinstance(model, TermWeights)
    reverse = TermWeights(model.features_[::-1], model.idf_[::-1])
    corpus = load_corpus(CHAPTERS)
    ordered = evidence(corpus, top=3, model=model)
    reversed_ = evidence(corpus, top=3, model=reverse)
    assert (ordered.top_terms != "").sum() > 50
    assert ordered.top_terms.tolist() == reversed_.top_terms.tolist()
    assert np.allclose(ordered.score, reversed_.score, rtol=0, atol=1e-12)
