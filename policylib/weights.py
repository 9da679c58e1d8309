"""Fixed TF-IDF term weights: apply a fitted model without scikit-learn.

The default model's vocabulary and inverse document frequencies are learned once from the fixed
reference background (:func:`policylib.model.reference_texts`) and shipped with the kit
(``policylib/data/reference-weights.tsv.gz``, rebuilt by ``benchmarks/build_reference.py``).
:class:`TermWeights` applies them with numpy and scipy alone, so scoring a few chapters does not
pay the two seconds scikit-learn takes to import. It gives the same rows as
:class:`policylib.textmodel.TextModel` (scikit-learn's ``TfidfVectorizer``) fitted on the same
texts; the tests check both that the shipped file is what a fresh fit gives and that the two
transforms agree.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from policylib.analysis import analyse, readable

if TYPE_CHECKING:
    import pandas as pd
    from scipy.sparse import csr_matrix

    from policylib.textmodel import TextModel

__all__ = ["TermWeights", "TextScorer", "explain_terms", "l2_rows", "top_terms"]

_HEADER = "# term\tidf (TF-IDF weights: word 1-2-grams of policylib.analysis.analyse, sublinear tf)"


class TextScorer(Protocol):
    """What scoring needs of a model: its feature names and L2-normalised TF-IDF rows."""

    features_: Any

    def transform(self, texts: Iterable[str]) -> csr_matrix:
        """L2-normalised TF-IDF rows, one per text."""

    def explain(self, a: str, b: str) -> pd.DataFrame:
        """Per-term contributions to the cosine score of two texts."""

    def top_terms(
        self, a_row: csr_matrix, b_row: csr_matrix, n: int = 5, texts: Sequence[str] = ()
    ) -> list[str]:
        """The shared terms that contribute most to the score of two rows."""


class TermWeights:
    """A fitted vocabulary with its IDF weights, applied without scikit-learn: ``transform``
    gives the rows ``TfidfVectorizer`` (word 1-2-grams of the kit's analyser, sublinear tf,
    L2 norm) would.

    >>> weights = TermWeights(["child", "famili", "famili network"], [1.5, 1.2, 2.0])
    >>> rows = weights.transform(["family networks", "a child"])
    >>> rows.shape, [round(float(v), 3) for v in rows[0].data]
    ((2, 3), [0.514, 0.857])
    """

    def __init__(self, features: Sequence[str], idf: Sequence[float] | np.ndarray) -> None:
        self.features_ = np.asarray(features, dtype=object)
        self.idf_ = np.asarray(idf, dtype=np.float64)
        if len(self.features_) != len(self.idf_):
            raise ValueError("features and idf differ in length")
        self.vocabulary_ = {str(f): j for j, f in enumerate(self.features_)}

    @classmethod
    def from_model(cls, model: TextModel) -> TermWeights:
        """The weights of a fitted :class:`~policylib.textmodel.TextModel`."""
        return cls([str(f) for f in model.features_], model.vectorizer_.idf_)

    @classmethod
    def read(cls, path: str | Path) -> TermWeights:
        """Read weights written by :meth:`write`."""
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            features, idf = [], []
            for line in handle:
                if line.startswith("#"):
                    continue
                term, _, value = line.rstrip("\n").rpartition("\t")
                features.append(term)
                idf.append(float(value))
        return cls(features, idf)

    def write(self, path: str | Path) -> None:
        """Write the weights as gzipped ``term<TAB>idf`` lines (exact floats, same bytes for
        the same weights)."""
        text = io.StringIO()
        text.write(_HEADER + "\n")
        for term, value in zip(self.features_, self.idf_, strict=True):
            text.write(f"{term}\t{float(value)!r}\n")
        Path(path).write_bytes(gzip.compress(text.getvalue().encode("utf-8"), mtime=0))

    def transform(self, texts: Iterable[str]) -> csr_matrix:
        """L2-normalised TF-IDF rows; the dot product of two rows is their cosine score."""
        return self.transform_features(analyse(text) for text in texts)

    def transform_features(self, features: Iterable[Iterable[str]]) -> csr_matrix:
        """:meth:`transform` for texts already cut into features (:func:`analyse`), so text
        cut once can be scored in several ways.

        >>> weights = TermWeights(["child", "famili"], [1.5, 1.2])
        >>> weights.transform_features([["child"], []]).nnz
        1
        """
        from scipy.sparse import csr_matrix

        vocabulary = self.vocabulary_
        indptr = [0]
        indices: list[int] = []
        counts: list[int] = []
        for text_features in features:
            row: dict[int, int] = {}
            for feature in text_features:
                j = vocabulary.get(feature)
                if j is not None:
                    row[j] = row.get(j, 0) + 1
            order = sorted(row)
            indices.extend(order)
            counts.extend(row[j] for j in order)
            indptr.append(len(indices))
        cols = np.asarray(indices, dtype=np.int64)
        data = (np.log(np.asarray(counts, dtype=np.float64)) + 1.0) * self.idf_[cols]
        bounds = np.asarray(indptr, dtype=np.int64)
        lengths = np.diff(bounds)
        owner = np.repeat(np.arange(len(lengths)), lengths)
        norms = np.sqrt(np.bincount(owner, weights=data * data, minlength=len(lengths)))
        data /= np.where(norms > 0, norms, 1.0)[owner]
        return csr_matrix((data, cols, bounds), shape=(len(lengths), len(self.features_)))

    def explain(self, a: str, b: str) -> pd.DataFrame:
        """Per-term contributions to the cosine score of two texts (see
        :func:`explain_terms`)."""
        return explain_terms(self, a, b)

    def top_terms(
        self, a_row: csr_matrix, b_row: csr_matrix, n: int = 5, texts: Sequence[str] = ()
    ) -> list[str]:
        """The ``n`` shared terms that contribute most to the score of two transformed rows
        (see :func:`top_terms`)."""
        return top_terms(self, a_row, b_row, n, texts)


def explain_terms(model: TextScorer, a: str, b: str) -> pd.DataFrame:
    """Per-term contributions to the cosine score of two texts.

    Returns one row per shared term, highest contribution first, with columns ``term``,
    ``weight_a``, ``weight_b``, ``contribution`` (= weight_a × weight_b) and ``share`` (of the
    score). The contributions add up to the score exactly.

    >>> weights = TermWeights(["child", "famili", "famili network"], [1.5, 1.2, 2.0])
    >>> list(explain_terms(weights, "family networks", "networks of family").term)
    ['family']
    """
    import pandas as pd

    rows = model.transform([a, b])
    va, vb = rows[0], rows[1]
    common = np.intersect1d(va.indices, vb.indices)
    wa = np.asarray(va[:, common].todense()).ravel()
    wb = np.asarray(vb[:, common].todense()).ravel()
    contrib = wa * wb
    total = float(contrib.sum())
    frame = pd.DataFrame(
        {
            "term": [readable(str(t), a, b) for t in model.features_[common]],
            "weight_a": wa,
            "weight_b": wb,
            "contribution": contrib,
            "share": contrib / total if total > 0 else contrib,
        }
    )
    return frame.sort_values(["contribution", "term"], ascending=[False, True], ignore_index=True)


def top_terms(
    model: TextScorer, a_row: csr_matrix, b_row: csr_matrix, n: int = 5, texts: Sequence[str] = ()
) -> list[str]:
    """The ``n`` shared terms that contribute most to the score of two transformed rows,
    shown in the words of ``texts`` where given.

    >>> weights = TermWeights(["child", "famili", "famili network"], [1.5, 1.2, 2.0])
    >>> a, b = weights.transform(["family networks", "our family network"])
    >>> top_terms(weights, a, b, texts=["family networks"])
    ['family networks', 'family']
    """
    common = np.intersect1d(a_row.indices, b_row.indices)
    if not len(common):
        return []
    contrib = (
        np.asarray(a_row[:, common].todense()).ravel()
        * np.asarray(b_row[:, common].todense()).ravel()
    )
    order = np.lexsort((model.features_[common], -contrib))[:n]
    return [readable(str(model.features_[common][i]), *texts) for i in order]


def l2_rows(matrix: Any) -> csr_matrix:
    """The rows of a sparse or dense matrix scaled to unit length (all-zero rows stay zero), as
    a CSR matrix: scikit-learn's ``normalize`` without importing scikit-learn.

    >>> [round(float(v), 2) for v in l2_rows(np.array([[3.0, 4.0], [0.0, 0.0]])).data]
    [0.6, 0.8]
    """
    from scipy.sparse import csr_matrix

    rows = csr_matrix(matrix, dtype=np.float64, copy=True)
    lengths = np.diff(rows.indptr)
    owner = np.repeat(np.arange(rows.shape[0]), lengths)
    norms = np.sqrt(np.bincount(owner, weights=rows.data**2, minlength=rows.shape[0]))
    rows.data /= np.where(norms > 0, norms, 1.0)[owner]
    return rows
