"""Fixed TF-IDF term weights: apply a fitted model without scikit-learn.

The default model's vocabulary and inverse document frequencies are learned once from the fixed
reference background (:func:`policylib.scoring.model.reference_texts`) and shipped with the kit
(``policylib/data/reference-weights.tsv.gz``, rebuilt by ``benchmarks/build_reference.py``).
:class:`TermWeights` applies them with numpy and scipy alone, so scoring a few chapters does not
pay the two seconds scikit-learn takes to import. It gives the same rows as
:class:`policylib.scoring.textmodel.TextModel` (scikit-learn's ``TfidfVectorizer``) fitted on
the same texts; the tests check both that the shipped file is what a fresh fit gives and that
the two transforms agree.
"""

from __future__ import annotations

import gzip
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from policylib.scoring.analysis import number_words, readable, stem, stop_words, tokens

if TYPE_CHECKING:
    import pandas as pd
    from scipy.sparse import csr_matrix

    from policylib.scoring.textmodel import TextModel

__all__ = [
    "FeatureCounts",
    "TermWeights",
    "TextScorer",
    "count_features",
    "count_values",
    "explain_terms",
    "fit_weights",
    "l2_rows",
    "top_terms",
    "weights_from_counts",
]

_HEADER = (
    "# term\tidf (TF-IDF weights: word 1-2-grams of policylib.scoring.analysis.analyse, "
    "sublinear tf)"
)


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

    def __init__(
        self, features: Sequence[str] | np.ndarray, idf: Sequence[float] | np.ndarray
    ) -> None:
        self.features_ = np.asarray(features, dtype=object)
        self.idf_ = np.asarray(idf, dtype=np.float64)
        if len(self.features_) != len(self.idf_):
            raise ValueError("features and idf differ in length")
        self.vocabulary_ = {str(f): j for j, f in enumerate(self.features_)}
        self._pair_table: tuple[np.ndarray, np.ndarray, dict[str, int]] | None = None

    @classmethod
    def from_model(cls, model: TextModel) -> TermWeights:
        """The weights of a fitted :class:`~policylib.scoring.textmodel.TextModel`."""
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
        return self.transform_tokens([tokens(text) for text in texts])

    def transform_tokens(self, texts: Sequence[Sequence[str]]) -> csr_matrix:
        """:meth:`transform` for texts already cut into stemmed words
        (:func:`~policylib.scoring.analysis.tokens`), counted as integers: each word is looked up
        once, and each adjacent pair found by binary search among the vocabulary's pairs.

        >>> weights = TermWeights(["child", "famili", "famili network"], [1.5, 1.2, 2.0])
        >>> rows = weights.transform_tokens([["famili", "network"], ["child"], []])
        >>> [round(float(v), 3) for v in rows[0].data], rows[1].data.tolist(), rows[2].nnz
        ([0.514, 0.857], [1.0], 0)
        """
        numbers = self._pairs()[2]
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        words = itertools.chain.from_iterable(texts)
        ids = np.fromiter(
            map(numbers.get, words, itertools.repeat(-1)),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        return self._transform_ids(lengths, ids)

    def transform_numbered(
        self, given: np.ndarray, lengths: np.ndarray, words: Sequence[str]
    ) -> csr_matrix:
        """:meth:`transform_tokens` for texts given as numbers into ``words``, their content
        words (:func:`~policylib.scoring.analysis.words`), end to end: ``given`` holds every
        text's numbers, ``lengths[i]`` of them for text ``i``. Each distinct word is stemmed and
        looked up once.

        >>> weights = TermWeights(["child", "famili", "famili network"], [1.5, 1.2, 2.0])
        >>> rows = weights.transform_numbered(np.array([1, 2, 0]), np.array([2, 1]),
        ...                                   ["child", "family", "networks"])
        >>> [round(float(v), 3) for v in rows[0].data], rows[1].data.tolist()
        ([0.514, 0.857], [1.0])
        """
        numbers = self._pairs()[2]
        present = np.zeros(len(words), dtype=bool)
        present[given] = True
        known = np.full(len(words), -1, dtype=np.int64)
        for k in np.flatnonzero(present).tolist():  # only the words the texts use
            known[k] = numbers.get(stem(words[k]), -1)
        return self._transform_ids(lengths, known[given])

    def _transform_ids(self, lengths: np.ndarray, ids: np.ndarray) -> csr_matrix:
        """Rows of texts whose words are ``ids`` (numbers from :meth:`_pairs`, -1 for words
        outside the vocabulary), ``lengths[i]`` of them for text ``i``."""
        pair_keys, pair_features, numbers = self._pairs()
        size, width, n = len(self.features_), len(numbers), len(lengths)
        owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
        both = (owner[1:] == owner[:-1]) & (ids[:-1] >= 0) & (ids[1:] >= 0)
        keys = ids[:-1][both] * width + ids[1:][both]
        at = np.minimum(np.searchsorted(pair_keys, keys), max(len(pair_keys) - 1, 0))
        known = pair_keys[at] == keys if len(pair_keys) else np.zeros(len(keys), dtype=bool)
        single = (ids >= 0) & (ids < size)  # words numbered only for pairs are no feature
        indptr, column, counts = _counted(
            np.concatenate([owner[single], owner[1:][both][known]]),
            np.concatenate([ids[single], pair_features[at[known]]]),
            n,
        )
        return _tfidf_rows(counts.astype(np.float64), column, indptr, self.idf_)

    def _pairs(self) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
        """The word pairs of the vocabulary as sorted integer keys (first word's number × the
        count of numbered words + second's), the column of each, and the words' numbers: each
        feature's column, then words found only in pairs."""
        if self._pair_table is None:
            numbers = dict(self.vocabulary_)
            parts, columns = [], []
            for j, feature in enumerate(self.features_):
                first, space, second = str(feature).partition(" ")
                if space:
                    parts.append(
                        (
                            numbers.setdefault(first, len(numbers)),
                            numbers.setdefault(second, len(numbers)),
                        )
                    )
                    columns.append(j)
            keys = np.array([a * len(numbers) + b for a, b in parts], dtype=np.int64)
            order = np.argsort(keys)
            self._pair_table = (keys[order], np.asarray(columns, dtype=np.int64)[order], numbers)
        return self._pair_table

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


def _tfidf_rows(
    counts: np.ndarray, cols: np.ndarray, indptr: np.ndarray, idf: np.ndarray
) -> csr_matrix:
    """L2-normalised sublinear TF-IDF rows from term counts in CSR layout (each row's columns
    in ascending order), computed as scikit-learn's ``TfidfVectorizer`` computes them. Worked
    in place in blocks of rows: the only memory beyond the result is one block's."""
    from scipy.sparse import csr_matrix

    data = np.log(counts, dtype=np.float64)
    for r0, r1 in _row_blocks(indptr):
        lo, hi = int(indptr[r0]), int(indptr[r1])
        data[lo:hi] += 1.0
        data[lo:hi] *= idf[cols[lo:hi]]
    _unit_rows(data, indptr)
    return csr_matrix((data, cols, indptr), shape=(len(indptr) - 1, len(idf)))


_ROW_BLOCK = 1 << 20  # entries worked on at once (rows are never split)


def _row_blocks(indptr: np.ndarray) -> Iterator[tuple[int, int]]:
    """Consecutive ranges of rows holding about :data:`_ROW_BLOCK` entries each."""
    n = len(indptr) - 1
    if n <= 0:
        return
    cuts = np.unique(np.searchsorted(indptr, np.arange(0, int(indptr[-1]), _ROW_BLOCK)))
    yield from itertools.pairwise([*cuts.tolist(), n])


def _unit_rows(data: np.ndarray, indptr: np.ndarray) -> None:
    """Scale each CSR row of ``data`` to unit length in place (all-zero rows stay zero), a
    block of rows at a time; each row's squares are added in column order."""
    for r0, r1 in _row_blocks(indptr):
        lo, hi = int(indptr[r0]), int(indptr[r1])
        block = data[lo:hi]
        owner = np.repeat(np.arange(r1 - r0), np.diff(indptr[r0 : r1 + 1]))
        norms = np.sqrt(np.bincount(owner, weights=block * block, minlength=r1 - r0))
        block /= np.where(norms > 0, norms, 1.0)[owner]


_GROUP_WORDS = 1 << 21  # words counted at once (bounded working memory)
_PAIR = np.int64(1 << 32)  # a word pair's key: (first stem + 1) × 2³² + second stem


@dataclass
class FeatureCounts:
    """How often each feature (:func:`~policylib.scoring.analysis.analyse`) occurs in each of a
    run of texts, one entry per (text, feature) present: ``text`` numbers the texts from 0, ``key``
    is a stem's number in ``stems`` or, for a pair of stems ``a b``, (a + 1) × 2³² + b.
    Counted by :func:`count_features`; combined by :func:`weights_from_counts`."""

    text: np.ndarray
    key: np.ndarray
    count: np.ndarray
    stems: list[str]
    n_texts: int


def count_features(texts: Iterable[str]) -> FeatureCounts:
    """Count the features of texts with numpy: each text's words are cut once and numbered;
    stemming and stop words are looked up once per distinct word, and features are counted
    as integers in groups of about two million words (an iterator is read once, never held).

    >>> counts = count_features(["family networks", "networks"])
    >>> counts.stems, counts.count.tolist()
    (['famili', 'network'], [1, 1, 1, 1])
    """
    numbers: dict[str, int] = {}  # every distinct word seen, in order of first sight
    word_stem = np.empty(0, dtype=np.int64)  # its stem's number, -1 for words dropped
    stems: dict[str, int] = {}
    found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    group: list[np.ndarray] = []
    in_group = first = 0
    stop = stop_words()

    def count_group() -> None:
        nonlocal word_stem, in_group, first
        new = list(numbers)[len(word_stem) :]
        kept_stems = [
            stems.setdefault(stem(w), len(stems)) if len(w) > 1 and w not in stop else -1
            for w in new
        ]
        word_stem = np.concatenate([word_stem, np.array(kept_stems, dtype=np.int64)])
        lengths = np.array([len(ids) for ids in group], dtype=np.int64)
        tokens = word_stem[np.concatenate([np.empty(0, dtype=np.int64), *group])]
        owner = np.repeat(np.arange(len(group), dtype=np.int64), lengths)
        kept = tokens >= 0
        tokens, owner = tokens[kept], owner[kept]
        pair = owner[1:] == owner[:-1]
        # Word pairs numbered S + a·S + b after the S stems: one integer per feature.
        size = len(stems)
        keys = np.concatenate([tokens, size + tokens[:-1][pair] * size + tokens[1:][pair]])
        texts_of = np.concatenate([owner, owner[1:][pair]])
        indptr, key, counts = _counted(texts_of, keys, len(group))
        text = np.repeat(np.arange(len(group), dtype=np.int64), np.diff(indptr))
        a, b = np.divmod(key - size, size)
        found.append(
            (
                (text + first).astype(np.int32),  # counted in runs of far fewer than 2³¹ texts
                np.where(key >= size, (a + 1) * _PAIR + b, key),
                counts.astype(np.int32),
            )
        )
        first += len(group)
        group.clear()
        in_group = 0

    for chunk in _chunks(texts):
        for ids in number_words(chunk, numbers):
            group.append(ids)
            in_group += len(ids)
            if in_group >= _GROUP_WORDS:
                count_group()
    count_group()
    return FeatureCounts(
        np.concatenate([f[0] for f in found]),
        np.concatenate([f[1] for f in found]),
        np.concatenate([f[2] for f in found]),
        list(stems),
        first,
    )


def _counted(
    rows: np.ndarray, columns: np.ndarray, n_rows: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How often each (row, column) pair occurs, in CSR layout: row pointers, each row's
    distinct columns in ascending order, and their counts. Counted by scipy's conversion to
    CSR (rows placed by counting, each short row sorted on its own): two to four times faster
    than one sort of every pair as a single integer, and no integer overflows.

    >>> indptr, columns, counts = _counted(np.array([1, 0, 1, 1]), np.array([7, 3, 2, 7]), 3)
    >>> indptr.tolist(), columns.tolist(), counts.tolist()
    ([0, 1, 3, 3], [3, 2, 7], [1, 1, 2])
    """
    from scipy.sparse import csr_matrix

    width = int(columns.max()) + 1 if len(columns) else 1
    matrix = csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, columns)), shape=(n_rows, width)
    )
    matrix.sum_duplicates()
    return (
        matrix.indptr.astype(np.int64),
        matrix.indices.astype(np.int64),
        matrix.data.astype(np.int64),
    )


def _chunks(texts: Iterable[str], chars: int = 1 << 20) -> Iterator[list[str]]:
    """Consecutive texts in lists of about ``chars`` characters (cut into words together)."""
    chunk: list[str] = []
    size = 0
    for text in texts:
        chunk.append(text)
        size += len(text)
        if size >= chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def weights_from_counts(parts: Iterable[FeatureCounts]) -> tuple[TermWeights, csr_matrix]:
    """The term weights of the texts counted in ``parts`` (in order, as one run of texts) and
    their L2-normalised TF-IDF rows: what scikit-learn's ``TfidfVectorizer`` (sublinear tf,
    smooth IDF, features sorted as strings) fits on them. Parts are read once, as they come
    (an iterator of them is never held whole). Raises ``ValueError`` when no text has a
    feature.

    >>> parts = [count_features(["family networks"]), count_features(["networks of support"])]
    >>> weights, rows = weights_from_counts(parts)
    >>> rows.shape, len(weights.features_)
    ((2, 5), 5)
    """
    import pandas as pd
    from scipy.sparse import csr_matrix

    stems: dict[str, int] = {}
    codes, found, texts, counts = [], [], [], []
    offset = 0
    for part in parts:  # each part's stems renumbered into one list, its texts after the last
        number = np.array([stems.setdefault(s, len(stems)) for s in part.stems], dtype=np.int64)
        if len(number) == 0:
            number = np.zeros(1, dtype=np.int64)
        first, second = np.divmod(part.key, _PAIR)
        pair = part.key >= _PAIR
        key = np.where(pair, (number[first - pair] + 1) * _PAIR + number[second], number[second])
        # Numbered within the part (hashed), the part's distinct keys kept: 32-bit numbers
        # per entry, never one 64-bit key per entry of the whole corpus.
        code, distinct = pd.factorize(key)
        codes.append(code.astype(np.int32))
        found.append(distinct)
        texts.append((part.text, offset))
        counts.append(part.count)
        offset += part.n_texts
    if not any(len(code) for code in codes):
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    every_code, distinct = pd.factorize(np.concatenate(found))  # the parts' keys, numbered
    names = list(stems)
    features = np.array(
        [
            names[k] if k < _PAIR else f"{names[k // _PAIR - 1]} {names[k % _PAIR]}"
            for k in distinct.tolist()
        ],
        dtype=object,
    )
    order = np.argsort(features, kind="stable")  # scikit-learn's order: sorted as strings
    rank = np.empty(len(order), dtype=np.int32 if len(order) < 1 << 31 else np.int64)
    rank[order] = np.arange(len(order))
    column_of = rank[every_code]  # each part's distinct key → its column, parts end to end
    bounds = np.cumsum([0, *(len(keys) for keys in found)]).tolist()
    found.clear()
    column = np.concatenate(
        [column_of[start + code] for code, start in zip(codes, bounds[:-1], strict=True)]
    )
    codes.clear()
    del column_of, every_code, distinct
    index = np.int32 if offset < 1 << 31 else np.int64  # half the memory of int64 at scale
    rows = np.concatenate([(text + start).astype(index) for text, start in texts])
    texts.clear()
    count = np.concatenate(counts)
    counts.clear()
    # The entries come in text order (each part's sorted by text): the CSR layout directly,
    # each row's columns then put in order by scipy in place.
    indptr = np.concatenate([[0], np.cumsum(count_values(rows, offset))])
    del rows
    matrix = csr_matrix(
        (count, column, indptr.astype(index)), shape=(offset, len(features)), copy=False
    )
    del column, count
    matrix.sort_indices()
    df = count_values(matrix.indices, len(features)).astype(np.float64)
    idf = np.log((offset + 1) / (df + 1.0)) + 1.0
    rows_out = _tfidf_rows(matrix.data, matrix.indices, matrix.indptr, idf)
    return TermWeights(features[order], idf), rows_out


def count_values(values: np.ndarray, length: int, step: int = 1 << 22) -> np.ndarray:
    """How often each of ``0 … length - 1`` occurs in ``values`` (all below ``length``):
    ``np.bincount(values, minlength=length)`` a slice at a time, since bincount first copies its
    input as 64-bit numbers (670 MB for the 84 million stored entries of 100,000 chapters).

    >>> count_values(np.array([0, 2, 2, 3], dtype=np.int32), 5, step=3).tolist()
    [1, 0, 2, 1, 0]
    """
    counts = np.zeros(length, dtype=np.int64)
    for lo in range(0, len(values), step):
        piece = np.bincount(values[lo : lo + step], minlength=length)
        counts[: len(piece)] += piece
    return counts


def fit_weights(texts: Iterable[str]) -> tuple[TermWeights, csr_matrix]:
    """Learn term weights from texts and give the texts' rows: the features, IDF and rows
    :class:`~policylib.scoring.textmodel.TextModel` (scikit-learn's ``TfidfVectorizer`` over
    :func:`~policylib.scoring.analysis.analyse`) fits, counted with numpy (:func:`count_features`).

    >>> weights, rows = fit_weights(["family networks", "networks of support"])
    >>> list(weights.features_)
    ['famili', 'famili network', 'network', 'network support', 'support']
    >>> rows.shape, [round(float(v), 3) for v in rows[0].data]
    ((2, 5), [0.632, 0.632, 0.449])
    """
    return weights_from_counts([count_features(texts)])


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
    _unit_rows(rows.data, rows.indptr)
    return rows
