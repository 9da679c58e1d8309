"""The shipped term weights (policylib.scoring.weights) give the scikit-learn path's numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylib import coverage
from policylib.reading.corpus import Corpus
from policylib.resources import reference_weights
from policylib.scoring.model import default_model, passages, reference_texts
from policylib.scoring.textmodel import TextModel
from policylib.scoring.weights import (
    TermWeights,
    count_features,
    fit_weights,
    l2_rows,
    weights_from_counts,
)

from .conftest import CHAPTERS, ROOT, fuzz

FITTED = TextModel().fit(reference_texts())


def test_shipped_weights_are_what_a_fresh_fit_gives() -> None:
    # Stale weights (the analyser, the codebooks or the bundled chapters changed without
    # `python benchmarks/build_reference.py`) fail here.
    shipped = TermWeights.read(reference_weights())
    assert list(shipped.features_) == [str(f) for f in FITTED.features_]
    assert np.array_equal(shipped.idf_, FITTED.vectorizer_.idf_)


def test_weights_written_and_read_back_are_the_same_bytes(tmp_path: Path) -> None:
    weights = TermWeights.from_model(FITTED)
    weights.write(tmp_path / "w.tsv.gz")
    again = TermWeights.read(tmp_path / "w.tsv.gz")
    assert np.array_equal(again.idf_, weights.idf_)
    again.write(tmp_path / "again.tsv.gz")
    assert (tmp_path / "w.tsv.gz").read_bytes() == (tmp_path / "again.tsv.gz").read_bytes()


def _same_rows(texts: list[str]) -> None:
    # The lean transform (words counted as integers, policylib.scoring.weights) against
    # scikit-learn's.
    lean, full = default_model().transform(texts), FITTED.transform(texts)
    assert lean.shape == full.shape
    assert np.array_equal(lean.indptr, full.indptr)
    assert np.array_equal(lean.indices, full.indices)
    np.testing.assert_allclose(lean.data, full.data, rtol=1e-12, atol=0)


def test_lean_transform_matches_scikit_learn_on_every_chapter_passage(corpus: Corpus) -> None:
    _same_rows([*passages(corpus).text, "", "the and of", "Family-networks FAMILY networks"])


@settings(max_examples=fuzz(60), deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=6))
def test_lean_transform_matches_scikit_learn_on_any_text(texts: list[str]) -> None:
    _same_rows(texts)


def test_coverage_with_shipped_weights_equals_the_scikit_learn_path(corpus: Corpus) -> None:
    # The slow reference path: the same verdicts, scores and evidence from a model fitted afresh.
    pd.testing.assert_frame_equal(coverage(corpus), coverage(corpus, model=FITTED))


def _same_fit(texts: list[str]) -> None:
    # The numpy-counted fit against scikit-learn's TfidfVectorizer over the same analyser.
    try:
        expected_model = TextModel()
        expected = expected_model.fit_transform(texts)
    except ValueError:  # nothing but stop words: both refuse
        with pytest.raises(ValueError, match="empty vocabulary"):
            fit_weights(texts)
        return
    weights, rows = fit_weights(texts)
    assert list(weights.features_) == list(expected_model.features_)
    assert np.array_equal(weights.idf_, expected_model.vectorizer_.idf_)
    expected.sort_indices()
    assert np.array_equal(rows.indptr, expected.indptr)
    assert np.array_equal(rows.indices, expected.indices)
    np.testing.assert_allclose(rows.data, expected.data, rtol=1e-12, atol=0)


def test_fit_matches_scikit_learn_on_the_chapters_and_their_passages(corpus: Corpus) -> None:
    _same_fit([doc.text for doc in corpus])
    _same_fit(list(passages(corpus).text))


@settings(max_examples=fuzz(60), deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=6))
def test_fit_matches_scikit_learn_on_any_text(texts: list[str]) -> None:
    _same_fit(texts)


def test_counts_made_in_parts_combine_to_one_fit(corpus: Corpus) -> None:
    # As document_vectors' workers count batches: renumbered stems, offset texts, same fit.
    texts = [doc.text for doc in corpus]
    whole_weights, whole = fit_weights(texts)
    weights, rows = weights_from_counts(
        [count_features(texts[:2]), count_features([]), count_features(texts[2:])]
    )
    assert list(weights.features_) == list(whole_weights.features_)
    assert np.array_equal(weights.idf_, whole_weights.idf_)
    assert (rows != whole).nnz == 0


def test_document_vectors_on_two_workers_are_the_serial_ones(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policylib.scoring import compare

    monkeypatch.setattr(compare, "_FIT_BATCH", 2)  # five chapters: three batches
    serial, parallel = compare.document_vectors(corpus), compare.document_vectors(corpus, workers=2)
    assert list(serial.model.features_) == list(parallel.model.features_)
    assert (serial.matrix != parallel.matrix).nnz == 0


def test_l2_rows_is_unit_length_and_keeps_zero_rows() -> None:
    rows = l2_rows(np.array([[3.0, 4.0, 0.0], [0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]))
    lengths = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    np.testing.assert_allclose(lengths, [1.0, 0.0, 1.0])


def test_stop_word_list_is_scikit_learns() -> None:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    listed = (ROOT / "policylib" / "data" / "english-stop-words.txt").read_text("utf-8")
    assert {w for w in listed.splitlines() if w and not w.startswith("#")} == ENGLISH_STOP_WORDS


def _imported(*args: str) -> set[str]:
    code = (
        "import sys, io, contextlib\n"
        "from policylib.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({list(args)!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return set(out.stdout.split())


def test_scoring_a_few_chapters_never_imports_scikit_learn() -> None:
    loaded = _imported("coverage", str(CHAPTERS), "-q")
    assert "pandas" in loaded and "sklearn" not in loaded


def test_help_imports_nothing_heavy() -> None:
    loaded = _imported("--help")
    assert not loaded & {"pandas", "sklearn", "scipy", "bs4", "matplotlib"}


@settings(max_examples=fuzz(80), deadline=None)
@given(
    st.lists(st.tuples(st.text(max_size=60), st.text(max_size=200)), min_size=1, max_size=5),
)
def test_scoring_text_cut_in_two_is_the_same_as_cut_whole(pairs: list[tuple[str, str]]) -> None:
    from policylib.scoring.coverage import _alone_and_with_heading
    from policylib.scoring.model import Passage

    chosen = [Passage("d", "d#1", c, "paragraph", 0, len(t), t, c) for c, t in pairs]
    alone, full = _alone_and_with_heading(default_model(), chosen)
    assert (alone != default_model().transform([p.text for p in chosen])).nnz == 0
    whole = default_model().transform([p.scoring_text for p in chosen])
    np.testing.assert_allclose(full.toarray(), whole.toarray(), rtol=1e-12, atol=1e-15)


def _scored_both_ways(docs: list) -> None:  # type: ignore[type-arg]
    """Passages judged and scored from words numbered once for a batch, against judging each
    passage on its own and scoring from words cut per text (the per-passage reference)."""
    from policylib.scoring.coverage import _scored, element_matrix
    from policylib.scoring.frameworks import load_framework
    from policylib.scoring.model import document_passages, numbered_passages

    found, numbered = numbered_passages(docs)
    assert found == [document_passages(d) for d in docs]
    flat = [p for ps in found for p in ps]
    if not flat:
        return
    model = default_model()
    element_t = element_matrix(load_framework("national-framework-2023"), model).T.tocsc()
    fast, fast_rows, fast_judged = _scored(model, flat, element_t, numbered)
    slow, slow_rows, slow_judged = _scored(model, flat, element_t)
    assert fast_judged == slow_judged
    np.testing.assert_array_equal(fast, slow)
    if fast_rows is not None:
        assert (fast_rows != slow_rows).nnz == 0


def test_numbered_passages_score_as_passage_by_passage() -> None:
    from policylib import load_corpus

    shared = ROOT.parent / "shared"
    docs = [*load_corpus(CHAPTERS)]
    if (shared / "excerpts").is_dir():
        docs.extend(load_corpus(shared / "excerpts"))
    _scored_both_ways(docs)


_PIECE = st.sampled_from(
    ["We", "will", "listen", "to", "children", "and", "families", "Well", "well-being", "being",
     "İnci", "ßtraße", "snake_case", "Zoe\u0301", "ﬁrst", "1.", "•", ";", ".", ":", "\n", " ",
     "- ", "Working Together emphasises", "This chapter was amended in May 2024"]
)  # fmt: skip


@settings(max_examples=fuzz(60), deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(_PIECE, max_size=6).map(" ".join), st.lists(_PIECE, max_size=40)),
        min_size=1,
        max_size=5,
    )
)
def test_numbered_passages_score_as_passage_by_passage_on_any_text(
    pairs: list[tuple[str, list[str]]],
) -> None:
    from policylib.reading.corpus import Document
    from policylib.reading.sections import parse_sections

    docs = []
    for n, (heading, body) in enumerate(pairs):
        text = (
            f"Title\n\n{heading.strip() or 'Scope'}\n\n{' '.join(body)}\n\n- {' '.join(body[:9])}"
        )
        sections, spans = parse_sections(f"d{n}", text)
        docs.append(Document(f"d{n}", text, tuple(sections), tuple(spans)))
    _scored_both_ways(docs)


_SENTENCE = st.sampled_from(
    ["We listen to children.", "Families matter;", "Is it well?", "Being safe!", "well",
     "being", "12.", "•", "1.", "- Item", "Our well-being plan", "Under 5s", "(see below)",
     "“Quoted” words.", "\n", "\n\n", "  "]
)  # fmt: skip


@settings(max_examples=fuzz(80), deadline=None)
@given(st.lists(st.lists(_SENTENCE, max_size=40).map(" ".join), min_size=1, max_size=4))
def test_fitted_text_of_whole_paragraphs_counts_as_their_passages(blocks: list[str]) -> None:
    # The fit reads each paragraph or list item whole (after its marker) where it once joined
    # the passages, sentence by sentence: the same words and word pairs.
    from policylib.reading.corpus import Document
    from policylib.reading.sections import parse_sections
    from policylib.scoring.analysis import analyse
    from policylib.scoring.compare import _document_text
    from policylib.scoring.model import passage_spans

    text = "Title\n\n" + "\n\n".join(blocks)
    sections, spans = parse_sections("d", text)
    doc = Document("d", text, tuple(sections), tuple(spans))
    joined = "\n".join(doc.text[a:b] for _, a, b in passage_spans(doc))
    assert analyse(_document_text(doc, False, None)) == analyse(joined)
