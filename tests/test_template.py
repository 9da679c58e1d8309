"""Template text: shingles shared by several documents (policylib.scoring.template)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylib import Corpus, load_corpus, shared_passages, template_index, template_share
from policylib.scoring.template import TEMPLATE_FRACTION

from .conftest import CHAPTERS, ROOT

SHARED = (
    "The best interests of the child are paramount in every decision we make about help, "
    "protection and care for children and their families in our area."
)


def _pair(tmp_path: Path) -> Corpus:
    (tmp_path / "one.txt").write_text(f"One\n\n{SHARED}\n\nWe value our staff in One.\n")
    (tmp_path / "two.txt").write_text(f"Two\n\nOur own words about Two.\n\n{SHARED}\n")
    return load_corpus(tmp_path)


def test_shared_passage_found_in_both(tmp_path: Path) -> None:
    corpus = _pair(tmp_path)
    shared = shared_passages(corpus, reference=False)
    top = shared.iloc[0]
    # The run of shared words, from the first shared word to the last (without the full stop).
    assert top.n_docs == 2 and top.docs == "one; two" and top.text == SHARED.rstrip(".")
    assert corpus[top.doc].text[top.start : top.end] == top.text


def test_runs_and_spans_agree(tmp_path: Path) -> None:
    corpus = _pair(tmp_path)
    index = template_index(corpus, reference=False)
    for doc in corpus:
        runs = index.runs(doc)
        assert [(a, b) for a, b, _, _ in runs] == index.spans(doc)
        assert all(n >= index.k for _, _, _, n in runs)
        for a, b, _, _ in runs:
            assert index.template_fraction(doc, a, b) == 1.0


def test_share_is_between_zero_and_one(tmp_path: Path) -> None:
    share = template_share(_pair(tmp_path), reference=False)
    assert ((share.template_share > 0) & (share.template_share < 1)).all()
    assert 0 < TEMPLATE_FRACTION <= 1


def test_bundled_chapters_share_publisher_text() -> None:
    share = template_share(load_corpus(CHAPTERS)).set_index("doc").template_share
    # The tri.x chapters share the publisher's paragraphs; Hull's 2014 chapter hardly any.
    assert share["durham-policies-values-principles"] > 0.2
    assert share["hull-values-principles-strategy"] < share["durham-policies-values-principles"]


def test_documents_cut_at_once_give_the_words_of_each_section(tmp_path: Path) -> None:
    # Words are cut from a whole document joined by a marker word; a text that uses the marker
    # word itself is cut section by section. Both give each section's own words.
    import numpy as np

    from policylib.scoring.template import _BREAK, _section_words, _word_hash, _word_ids

    (tmp_path / "marker.txt").write_text(
        f"1. Scope\n\nOur {_BREAK.upper()} principle.\n\n2. Values\n\nChildren first.\n",
        encoding="utf-8",
    )
    docs = [*load_corpus(CHAPTERS), *load_corpus(tmp_path)]
    for doc in docs:
        ids, starts = _word_ids(doc)
        words, expected_starts = _section_words(doc)
        assert ids.tolist() == [_word_hash(w) for w in words]
        assert np.array_equal(starts, expected_starts)
    assert any(_BREAK in w for w in _section_words(docs[-1])[0])


def test_documents_cut_together_give_each_documents_own_word_hashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A batch is cut at once with numpy, documents with underscores or combining accents word
    # by word: each document gets the hashes and section starts it gets on its own.
    from policylib.scoring.template import _batch_word_ids, _word_ids

    odd = {
        "underscore": "1. Scope\n\nOur snake_case principle.\n\n2. Values\n\nChildren first.\n",
        "accent": "Values\n\nWe listen to Zoe\u0301 and to every child.\n",
        "folding": "STRASSE ÉTÉ İstanbul ßig ŉ Ǆ \U0001d400\U0001d401 and children’s views.\n\n"
        "More words here.\n",
        "empty": "\n",
        "digits": "½ ٣ 2024 — 10,000 children; 3.2 (b)\n",
    }
    for name, text in odd.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    docs = [*load_corpus(CHAPTERS), *load_corpus(tmp_path)]
    for batch in (docs, docs[::-1], docs[-3:]):
        together = _batch_word_ids(batch)
        for doc, (hashes, starts) in zip(batch, together, strict=True):
            alone, alone_starts = _word_ids(doc)
            assert hashes.tolist() == alone.tolist(), doc.doc
            assert starts.tolist() == alone_starts.tolist(), doc.doc
    # A first hash that takes different words for one (here: only a word's first letter
    # counts) is caught by the second, and the batch is cut word by word.
    from policylib.scoring import analysis, template

    monkeypatch.setattr(analysis, "_BASES", (0, analysis._BASES[1]))
    assert (
        template._distinct_word_hashes("ab ac", template._codes("ab ac"), *_runs("ab ac")) is None
    )
    for doc, (hashes, _) in zip(docs, _batch_word_ids(docs), strict=True):
        assert hashes.tolist() == _word_ids(doc)[0].tolist()


def _runs(text: str) -> tuple[Any, Any]:
    from policylib.scoring.analysis import _codes, _letter_runs

    return _letter_runs(_codes(text))


def test_index_built_on_two_workers_is_the_serial_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from policylib.scoring import template

    monkeypatch.setattr(template, "_HASH_BATCH", 2)  # five chapters and the reference: batches
    corpus = load_corpus(CHAPTERS)
    serial = template_index(corpus, k=6)
    parallel = template_index(corpus, k=6, workers=2)
    assert np.array_equal(serial.shared, parallel.shared) and len(serial.shared)
    for doc in serial.loaded:
        assert np.array_equal(serial.covered[doc], parallel.covered[doc])
        assert np.array_equal(serial.word_starts[doc], parallel.word_starts[doc])


@pytest.mark.parametrize("min_docs", [1, 2, 3, 9])
def test_shared_shingles_are_those_in_enough_documents(min_docs: int) -> None:
    import numpy as np

    from policylib.scoring.template import _shared_shingles

    rng = np.random.default_rng(min_docs)
    documents = [np.unique(rng.integers(0, 60, size=30).astype(np.uint64)) for _ in range(8)]
    values, counts = np.unique(np.concatenate(documents), return_counts=True)
    batches = [np.concatenate(documents[:3]), np.concatenate(documents[3:])]
    assert _shared_shingles(batches, min_docs).tolist() == values[counts >= min_docs].tolist()
    assert batches == []  # moved, not copied
    assert _shared_shingles([np.array([5, 5], dtype=np.uint64)], 3).tolist() == []


def test_passage_template_flags_are_the_share_of_their_words_in_the_index() -> None:
    # Coverage flags a passage from the document's word offsets; template_fraction counts the
    # words section by section. Every passage of the chapters and the shared excerpts agrees.
    import numpy as np

    from policylib.scoring.coverage import _template_flags
    from policylib.scoring.model import document_passages

    shared = ROOT.parent / "shared" / "excerpts"
    docs = [*load_corpus(CHAPTERS), *(load_corpus(shared) if shared.is_dir() else [])]
    index = template_index(docs, k=6, reference=False)
    found = [document_passages(d) for d in docs]
    flags = _template_flags(docs, found, index)
    expected = [
        index.template_fraction(doc, p.start, p.end) >= TEMPLATE_FRACTION
        for doc, ps in zip(docs, found, strict=True)
        for p in ps
    ]
    assert flags.tolist() == expected
    assert 0 < int(np.sum(flags)) < len(expected)
    wanted = np.zeros(len(expected), dtype=bool)
    wanted[::3] = True  # only the passages shown
    assert _template_flags(docs, found, index, wanted).tolist() == [
        e and w for e, w in zip(expected, wanted.tolist(), strict=True)
    ]


def test_sorting_on_two_threads_sorts() -> None:
    import numpy as np

    from policylib.scoring.template import _sort_in_place

    values = np.random.default_rng(0).integers(0, 2**64, (1 << 20) + 7, dtype=np.uint64)
    values[::5] = values[0]  # many equal values, around the median too
    expected = np.sort(values)
    _sort_in_place(values, workers=2)
    assert np.array_equal(values, expected)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1) | st.integers(0, 5), max_size=50))
def test_distinct_sorted_is_numpy_unique(values: list[int]) -> None:
    import numpy as np

    from policylib.scoring.template import _distinct_sorted

    array = np.array(values, dtype=np.uint64)
    assert _distinct_sorted(array.copy()).tolist() == np.unique(array).tolist()
