"""The TF-IDF text model: a scikit-learn estimator over the kit's one analyser.

Kept apart from :mod:`policylib.scoring.model` because importing scikit-learn takes about a
second or two: commands that only read or score chapters never pay for it (scoring uses the shipped
weights, :mod:`policylib.scoring.weights`; this model fits them and the corpus-wide comparisons).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from policylib.scoring.analysis import analyse, tokens
from policylib.scoring.weights import explain_terms, top_terms

if TYPE_CHECKING:
    import pandas as pd
    from scipy.sparse import csr_matrix

__all__ = ["TextModel"]


class TextModel(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """TF-IDF text model, a scikit-learn transformer: ``fit`` on reference texts, then
    ``transform`` texts into L2-normalised rows (the dot product of two rows is their cosine).
    It works in a ``Pipeline``, with ``clone``, ``get_params``/``set_params`` and grid search.

    Args:
        ngram_range: word n-gram sizes; (1, 2) uses words and adjacent word pairs.
        sublinear_tf: use 1 + log(tf) instead of raw counts.
        min_df: ignore features in fewer than this many reference texts.

    >>> model = TextModel().fit(["children's wishes and feelings", "safe at home"])
    >>> rows = model.transform(["wishes and feelings of children", "kept safe"])
    >>> rows.shape == (2, len(model.features_)), round(float(rows[0].multiply(rows[1]).sum()), 3)
    (True, 0.0)
    """

    def __init__(
        self, *, ngram_range: tuple[int, int] = (1, 2), sublinear_tf: bool = True, min_df: int = 1
    ) -> None:
        self.ngram_range = ngram_range
        self.sublinear_tf = sublinear_tf
        self.min_df = min_df

    def _analyzer(self, text: str) -> list[str]:
        if self.ngram_range == (1, 2):
            return analyse(text)
        words = tokens(text)
        lo, hi = self.ngram_range
        return [
            " ".join(words[i : i + n]) for n in range(lo, hi + 1) for i in range(len(words) - n + 1)
        ]

    def _vectorizer(self) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        return TfidfVectorizer(
            analyzer=self._analyzer,
            sublinear_tf=self.sublinear_tf,
            min_df=self.min_df,
            dtype=np.float64,
        )

    def fit(self, texts: Iterable[str], y: Any = None) -> TextModel:
        """Learn vocabulary and IDF from reference texts (``y`` is ignored)."""
        self.vectorizer_ = self._vectorizer()
        self.vectorizer_.fit(list(texts))
        self.features_ = self.vectorizer_.get_feature_names_out()
        return self

    def transform(self, texts: Iterable[str]) -> csr_matrix:
        """L2-normalised TF-IDF rows; the dot product of two rows is their cosine score."""
        check_is_fitted(self, "vectorizer_")
        matrix: csr_matrix = self.vectorizer_.transform(list(texts))
        return matrix

    def fit_transform(self, texts: Iterable[str], y: Any = None, **fit_params: Any) -> csr_matrix:
        """Fit on the texts and transform them (tokenising each text once; an iterator is
        read once, never held in memory whole)."""
        self.vectorizer_ = self._vectorizer()
        matrix: csr_matrix = self.vectorizer_.fit_transform(texts)
        self.features_ = self.vectorizer_.get_feature_names_out()
        return matrix

    def explain(self, a: str, b: str) -> pd.DataFrame:
        """Per-term contributions to the cosine score of two texts (see
        :func:`policylib.scoring.weights.explain_terms`)."""
        return explain_terms(self, a, b)

    def top_terms(
        self, a_row: csr_matrix, b_row: csr_matrix, n: int = 5, texts: Sequence[str] = ()
    ) -> list[str]:
        """The ``n`` shared terms that contribute most to the score of two transformed rows,
        shown in the words of ``texts`` where given."""
        return top_terms(self, a_row, b_row, n, texts)
