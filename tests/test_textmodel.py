"""The TF-IDF estimator (policylib.scoring.textmodel)."""

from __future__ import annotations

import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline

from policylib import TextModel


def test_text_model_is_a_scikit_learn_estimator() -> None:
    model = TextModel(min_df=1)
    copy = clone(model)
    assert copy.get_params() == model.get_params()
    copy.set_params(sublinear_tf=False)
    assert copy.sublinear_tf is False
    with pytest.raises(NotFittedError):
        TextModel().transform(["children"])
    rows = make_pipeline(TextModel()).fit_transform(["children are safe", "families at home"])
    assert rows.shape[0] == 2


def test_explain_adds_up_to_the_cosine() -> None:
    model = TextModel().fit(["children are safe at home", "families get early help"])
    why = model.explain("children safe at home", "keep children safe")
    rows = model.transform(["children safe at home", "keep children safe"])
    assert why.contribution.sum() == pytest.approx(float(rows[0].multiply(rows[1]).sum()))
