"""Passages and the TF-IDF estimator (policylib.model, policylib.textmodel)."""

from __future__ import annotations

from policylib import Corpus, passages
from policylib.model import PASSAGE_COLUMNS, default_model, model_for


def test_passages_table(corpus: Corpus) -> None:
    table = passages(corpus)
    assert list(table.columns) == list(PASSAGE_COLUMNS)
    for row in table.sample(20, random_state=0).itertuples():
        assert corpus[row.doc].text[row.start : row.end] == row.text
    assert not table.statement.all() and table.statement.any()


def test_default_model_is_shared_and_bundled_frameworks_use_it() -> None:
    from policylib import load_framework

    assert default_model() is default_model()
    assert model_for(load_framework("national-framework-2023")) is default_model()
