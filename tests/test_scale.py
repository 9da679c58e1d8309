"""Pieces behind the scale work: the synthetic corpus, chunked neighbours, quiet output."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylib import coverage, load_corpus, neighbours, similarity, template_share
from policylib.cli import main
from policylib.reading.corpus import Document
from policylib.reading.sections import Section
from policylib.scoring.template import template_index

from .conftest import CHAPTERS, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))


def test_synthetic_corpus_is_deterministic_and_realistic(tmp_path: Path) -> None:
    from synth import generate

    a = generate(30, tmp_path / "a", seed=3)
    b = generate(30, tmp_path / "b", seed=3)
    files_a = sorted(p.relative_to(a) for p in a.rglob("chapter-*"))
    assert files_a == sorted(p.relative_to(b) for p in b.rglob("chapter-*"))
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)
    corpus = load_corpus(a)
    assert len(corpus) == 30 and corpus.problems.empty
    kinds = set(corpus.sections.kind)
    assert {"title", "heading", "paragraph", "list_item", "contents"} <= kinds
    assert (corpus.furniture.reason == "skip link").sum() >= 25
    # Shared template paragraphs survive recombination.
    assert template_share(corpus, reference=False).template_share.mean() > 0.05


def test_chunked_neighbours_match_the_full_matrix(tmp_path: Path) -> None:
    from synth import generate

    corpus = load_corpus(generate(40, tmp_path / "c", seed=1))
    sims = similarity(corpus)
    near = neighbours(corpus, k=3, chunk=7)
    assert len(near) == 40 * 3
    for doc, rows in near.groupby("doc"):
        expected = sims.loc[doc].drop(doc).sort_values(ascending=False, kind="stable").head(3)
        assert rows.similarity.round(9).tolist() == expected.round(9).tolist()


def test_single_chapter_recognises_known_template_text() -> None:
    alone = load_corpus(CHAPTERS / "liverpool-practice-principles.txt")
    share = template_share(alone).set_index("doc")
    assert share.loc["liverpool-practice-principles", "template_share"] > 0.2
    table = coverage(alone)
    assert table.evidence_is_template.any()


def test_cli_neighbours_and_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["similarity", str(ROOT / "corpus"), "--top", "2", "-f", "csv", "-q"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    rows = pd.read_csv(pd.io.common.StringIO(captured.out))
    assert list(rows.columns) == ["doc", "rank", "neighbour", "similarity"] and len(rows) == 10


@pytest.mark.parametrize("fit_rows", [20_000, 25])
def test_svd_neighbours_report_exact_similarities(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fit_rows: int
) -> None:
    from synth import generate

    # 25: the SVD is learnt from a sample and the documents projected in blocks of 25.
    monkeypatch.setattr("policylib.scoring.compare._SVD_FIT_ROWS", (fit_rows, fit_rows))
    corpus = load_corpus(generate(60, tmp_path / "d", seed=2))
    sims = similarity(corpus)
    exact = neighbours(corpus, k=5, method="exact")
    fast = neighbours(corpus, k=5, method="svd", chunk=17)
    assert len(fast) == 60 * 5
    for row in fast.itertuples():
        assert row.similarity == pytest.approx(sims.loc[row.doc, row.neighbour], abs=1e-9)
    assert fast.groupby("doc").similarity.is_monotonic_decreasing.all()
    assert fast.equals(neighbours(corpus, k=5, method="svd", chunk=17))  # deterministic
    # Chunks searched in two worker processes: the same table.
    assert fast.equals(neighbours(corpus, k=5, method="svd", chunk=17, workers=2))
    assert exact.equals(neighbours(corpus, k=5, method="exact", chunk=17, workers=2))
    # With 60 documents every other one is a candidate by default; with 15 candidates the
    # search space must do the work. A 25-document sample gives only 24 directions: far better
    # than chance (15 of 59) is the check that each block was projected onto the right rows.
    from policylib.scoring.compare import _svd_neighbours, document_vectors

    top, _ = _svd_neighbours(document_vectors(corpus).matrix, 5, 17, False, wide=15)
    names = [d.doc for d in corpus]
    found = {(names[i], names[j]) for i, row in enumerate(top) for j in row}
    truth = set(zip(exact.doc, exact.neighbour, strict=True))
    assert len(found & truth) / len(truth) >= (0.9 if fit_rows > 60 else 0.5)


def _one_paragraph(name: str, words: list[str]) -> Document:
    text = " ".join(words)
    section = Section(name, f"{name}#p1", "", 1, "paragraph", "", "", "", 0, len(text), text)
    return Document(name, text, (section,), ())


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(
        st.lists(st.sampled_from(["care", "child", "family", "voice"]), max_size=30),
        min_size=1,
        max_size=5,
    ),
    k=st.integers(1, 4),
    min_docs=st.integers(1, 3),
)
def test_template_index_matches_a_direct_count(
    texts: list[list[str]], k: int, min_docs: int
) -> None:
    docs = [_one_paragraph(f"d{i}", words) for i, words in enumerate(texts)]
    index = template_index(docs, k=k, min_docs=min_docs, reference=False)
    runs = [{tuple(w[i : i + k]) for i in range(len(w) - k + 1)} for w in texts]
    shared = {r for r in set().union(*runs) if sum(r in doc for doc in runs) >= min_docs}
    for doc, words in zip(docs, texts, strict=True):
        expected = [False] * len(words)
        for i in range(len(words) - k + 1):
            if tuple(words[i : i + k]) in shared:
                expected[i : i + k] = [True] * k
        assert index.covered[doc.doc].tolist() == expected


@pytest.mark.parametrize("size", [0, 1, 1000, (1 << 17) + 5])
def test_hash_set_membership_matches_numpy(size: int) -> None:
    from policylib.scoring.template import _HashSet

    rng = np.random.default_rng(0)
    table = rng.integers(0, 2**64, size, dtype=np.uint64)
    values = np.concatenate(
        [rng.choice(table, 500) if size else table, rng.integers(0, 2**64, 500, dtype=np.uint64)]
    )
    rng.shuffle(values)
    assert _HashSet(table).contains(values).tolist() == np.isin(values, table).tolist()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from([0, 1, 2, 1022, 1023]), st.integers(0, 9)), max_size=60),
    st.lists(st.tuples(st.sampled_from([0, 1, 2, 1022, 1023]), st.integers(0, 9)), max_size=60),
)
def test_hash_set_with_clashing_slots_and_zero(
    keys: list[tuple[int, int]], values: list[tuple[int, int]]
) -> None:
    """Keys made to share a home slot (the table of a small set has 1,024 slots, picked by the
    top ten bits of ``key * _MULT``), runs that wrap past the last slot, and the value 0, which
    also marks an empty slot."""
    from policylib.scoring.template import _MULT, _HashSet

    inverse = pow(int(_MULT), -1, 2**64)

    def made(pairs: list[tuple[int, int]]) -> list[int]:
        return [(((home << 54) + low) * inverse) % 2**64 for home, low in pairs]

    table = np.array(made(keys), dtype=np.uint64)
    probe = np.array([*made(values), 0], dtype=np.uint64)
    assert _HashSet(table).contains(probe).tolist() == np.isin(probe, table).tolist()


def test_vectors_stream_the_texts_and_name_an_empty_result(tmp_path: Path) -> None:
    from policylib.scoring.compare import document_texts, document_vectors
    from policylib.scoring.model import TextModel

    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_bytes(
            (CHAPTERS / "hull-values-principles-strategy.txt").read_bytes()
        )
    twins = load_corpus(tmp_path)
    vectors = document_vectors(twins)
    assert vectors.names == ["a", "b"]
    # The streamed, numpy-counted fit equals scikit-learn's fit on the materialised texts (to
    # the last bits: scikit-learn adds a row's squares in another order).
    texts = document_texts(twins)
    model = TextModel()
    again = model.fit_transform(list(texts.values()))
    assert list(vectors.model.features_) == list(model.features_)
    assert np.array_equal(vectors.model.idf_, model.vectorizer_.idf_)
    again.sort_indices()
    assert np.array_equal(vectors.matrix.indices, again.indices)
    np.testing.assert_allclose(vectors.matrix.data, again.data, rtol=1e-12, atol=0)
    with pytest.raises(ValueError, match="every passage is template text"):
        document_vectors(twins, exclude_template=True)


def _sectioned(name: str, paragraphs: list[tuple[str, list[str]]]) -> Document:
    """A document of consecutive sections, each ``(kind, words)``, separated by blank lines."""
    text = "\n\n".join(" ".join(words) for _, words in paragraphs)
    sections, start = [], 0
    for i, (kind, words) in enumerate(paragraphs):
        end = start + len(" ".join(words))
        sections.append(Section(name, f"{name}#p{i}", "", 1, kind, "", "", "", start, end, text))
        start = end + 2
    return Document(name, text, tuple(sections), ())


@settings(max_examples=60, deadline=None)
@given(
    docs=st.lists(
        st.lists(
            st.tuples(
                st.sampled_from(["paragraph", "paragraph", "contents"]),
                st.lists(st.sampled_from(["care", "child", "family", "voice"]), max_size=8),
            ),
            min_size=1,
            max_size=5,
        ),
        min_size=2,
        max_size=4,
    ),
)
def test_template_words_are_placed_in_their_sections(
    docs: list[list[tuple[str, list[str]]]],
) -> None:
    documents = [_sectioned(f"d{i}", paragraphs) for i, paragraphs in enumerate(docs)]
    index = template_index(documents, k=3, min_docs=2, reference=False)
    for doc, paragraphs in zip(documents, docs, strict=True):
        # The same words, in order, with contents sections left out.
        words = [w for kind, ws in paragraphs if kind != "contents" for w in ws]
        covered = index.covered[doc.doc].tolist()
        assert len(covered) == len(words)
        expected, position = {}, 0
        for number, (kind, ws) in enumerate(paragraphs):
            if kind == "contents" or not ws:
                continue
            flags = covered[position : position + len(ws)]
            expected[number] = sum(flags) / len(ws)
            position += len(ws)
        assert index.section_fraction(doc.doc) == pytest.approx(expected)
        # Every template span lies inside one section and holds only template words.
        spans = index.spans(doc)
        assert sum(len(doc.text[a:b].split()) for a, b in spans) == sum(covered)
        for a, b in spans:
            assert any(s.start <= a and b <= s.end for s in doc.sections)


@pytest.mark.parametrize("density", [0.001, 0.01, 0.3])
def test_svd_search_matrix_keeps_the_shared_terms(density: float) -> None:
    import scipy.sparse as sp

    from policylib.scoring.compare import _columns_float32

    matrix = sp.random(300, 2000, density=density, format="csr", random_state=1)
    matrix = sp.vstack([matrix[:5], sp.csr_matrix((1, 2000)), matrix[5:]]).tocsr()  # empty row
    keep = np.bincount(matrix.indices, minlength=matrix.shape[1]) >= 2
    expected = matrix[:, np.flatnonzero(keep)].astype(np.float32)
    got = _columns_float32(matrix, keep)
    assert got.dtype == np.float32
    assert got.shape == expected.shape
    assert (got != expected).nnz == 0


@settings(max_examples=200, deadline=None)
@given(
    st.integers(20, 300),  # columns
    st.integers(1, 12),  # rows
    st.integers(1, 19),  # wide
    st.integers(1, 300),  # sampled columns
    st.booleans(),  # coarse values: many ties
    st.integers(0, 2**32 - 1),
)
def test_candidate_selection_with_a_threshold_keeps_the_largest_values(
    n: int, rows: int, wide: int, m: int, ties: bool, seed: int
) -> None:
    from policylib.scoring.compare import _top_columns

    rng = np.random.default_rng(seed)
    block = rng.random((rows, n)).astype(np.float32)
    if ties:
        block = np.round(block, 1)
    block[0, 0] = -np.inf  # a document's own column
    sample = np.sort(rng.choice(n, min(m, n), replace=False))
    expected = np.sort(block, axis=1)[:, n - wide :]
    for chosen in (_top_columns(block, wide, sample), _top_columns(block, wide, None)):
        assert all(len(set(row.tolist())) == wide for row in chosen)  # distinct columns
        values = np.sort(np.take_along_axis(block, chosen, axis=1), axis=1)
        assert np.array_equal(values, expected)


def test_long_work_shows_progress_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    for show in (False, True):
        corpus = load_corpus(CHAPTERS, progress=show)
        index = template_index(corpus, progress=show)
        coverage(corpus, index=index, progress=show)
        neighbours(corpus, k=2, progress=show)
        err = capsys.readouterr().err
        stages = ["loading", "template text", "coverage", "fitting", "neighbours"]
        if show:
            for stage in stages:
                assert f"{stage}: 100%" in err, stage
        else:
            assert err == ""


def test_pair_scores_are_exact_dot_products() -> None:
    import scipy.sparse as sp

    from policylib.scoring.compare import _pair_scores

    matrix = sp.random(80, 500, density=0.05, format="csr", random_state=3)
    matrix = sp.vstack([matrix, sp.csr_matrix((1, 500))]).tocsr()  # an empty document
    rng = np.random.default_rng(0)
    first = np.sort(rng.integers(0, 81, size=400))  # pairs by first document, as searched
    second = rng.integers(0, 81, size=400)
    dense = matrix.toarray()
    expected = np.einsum("ij,ij->i", dense[first], dense[second])
    assert np.allclose(_pair_scores(matrix, first, second), expected, rtol=0, atol=1e-12)
