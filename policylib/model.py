"""Passages and the TF-IDF model that scores them against framework elements.

A *passage* is the unit that can prove a theme: a paragraph or list item, or one sentence of a
long paragraph, with its section id and character span so every score traces back to the page.

:class:`TextModel` is a scikit-learn style estimator: ``fit`` learns the vocabulary and inverse
document frequencies from reference texts, ``transform`` turns texts into L2-normalised TF-IDF
rows, and the cosine score of two texts is the dot product of their rows. The choices below were
measured with ``benchmarks/evaluate.py`` on the labelled chapters (see the README):

* word unigrams **and** bigrams ("family network", "best interests"), English stop words removed;
* a light plural stemmer ("families" → "family", "networks" → "network") so singular and plural
  forms meet;
* sublinear term frequency (1 + log tf), so a word repeated in one passage does not dominate;
* IDF learned from a fixed reference background (the bundled chapters plus the framework
  profiles), so a document's verdicts do not change with whatever else is loaded.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd
    from scipy.sparse import csr_matrix

    from policylib.corpus import Corpus, Document

__all__ = [
    "PASSAGE_COLUMNS",
    "Passage",
    "TextModel",
    "analyse",
    "passages",
    "reference_texts",
]

PASSAGE_COLUMNS = {
    "doc": "document id",
    "section_id": "the section the passage comes from",
    "heading_path": "the section's heading path",
    "kind": "paragraph or list_item",
    "start": "start offset in the document's normalised text",
    "end": "end offset (exclusive)",
    "text": "the passage, exactly document.text[start:end]",
    "context": "the nearest heading, scored together with the passage",
}

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z‘'\"“(•-])")
_LONG = 50  # words: longer paragraphs are split into sentences
_BULLET = re.compile(r"^(?:[•\-\*–—·○▪◦●]|\d{1,2}(?:\.\d{1,2})*[.)]?|\(?[a-z][.)])\s+")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


@lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    """A light plural stemmer (after Harman's S-stemmer): families → family, wishes → wish,
    homes → home, needs → need; "us", "ss" and "is" endings are left alone."""
    if len(token) > 4 and token.endswith("ies") and not token.endswith(("eies", "aies")):
        return token[:-3] + "y"
    if len(token) > 4 and token.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return token[:-2]
    if len(token) > 3 and token.endswith("s") and not token.endswith(("us", "ss", "is")):
        return token[:-1]
    return token


@lru_cache(maxsize=1 << 20)
def _word(raw: str) -> str:
    """One lower-cased token as a content word ("" for a stop word or a stray letter)."""
    word = raw.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip("'-")
    return "" if len(word) < 2 or word in _stop_words() else word


@lru_cache(maxsize=1 << 20)
def _token(raw: str) -> str:
    """One lower-cased token as a stemmed content word ("" when dropped)."""
    word = _word(raw)
    return _stem(word) if word else ""


def _words(text: str) -> list[str]:
    """Lower-cased content words of a text, unstemmed (stop words and numbers removed)."""
    return [w for w in map(_word, _TOKEN.findall(text.lower())) if w]


def tokens(text: str) -> list[str]:
    """Lower-cased, stemmed content words of a text (stop words and numbers removed)."""
    return [t for t in map(_token, _TOKEN.findall(text.lower())) if t]


def readable(feature: str, *texts: str) -> str:
    """Show a feature (stemmed words) as the words the texts actually use: "wish feeling" in
    "wishes and feelings" reads "wishes feelings"."""
    surface: dict[str, str] = {}
    for text in texts:
        for word in _words(text):
            surface.setdefault(_stem(word), word)
    return " ".join(surface.get(part, part) for part in feature.split())


def analyse(text: str) -> list[str]:
    """The features of a text: its content words and adjacent pairs of them ("family network")."""
    words = tokens(text)
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass(frozen=True, slots=True)
class Passage:
    """A quotable stretch of one section: the unit that is scored and shown as evidence."""

    doc: str
    section_id: str
    heading_path: str
    kind: str
    start: int
    end: int
    text: str
    context: str = ""

    @property
    def scoring_text(self) -> str:
        """What the model scores: the nearest heading, then the passage. A heading says what
        the passage under it is about ("Staying Safe", "Participation")."""
        return f"{self.context}. {self.text}" if self.context else self.text


def _split(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a long paragraph (short texts stay whole)."""
    if len(text.split()) <= _LONG:
        return [(0, len(text))]
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def document_passages(doc: Document) -> list[Passage]:
    """The passages of one document, in order (titles, headings and contents excluded)."""
    out = []
    for s in doc.sections:
        if s.kind not in ("paragraph", "list_item"):
            continue
        context = s.heading_path.rsplit(" > ", 1)[-1]
        for a, b in _split(s.text):
            out.append(
                Passage(
                    doc.doc,
                    s.section_id,
                    s.heading_path,
                    s.kind,
                    s.start + a,
                    s.start + b,
                    s.text[a:b],
                    context,
                )
            )
    return out


def passages(corpus: Corpus | Iterable[Document]) -> pd.DataFrame:
    """One row per passage of every document, columns :data:`PASSAGE_COLUMNS`."""
    import pandas as pd

    cols: dict[str, list[Any]] = {c: [] for c in PASSAGE_COLUMNS}
    for doc in corpus:
        for p in document_passages(doc):
            cols["doc"].append(p.doc)
            cols["section_id"].append(p.section_id)
            cols["heading_path"].append(p.heading_path)
            cols["kind"].append(p.kind)
            cols["start"].append(p.start)
            cols["end"].append(p.end)
            cols["text"].append(p.text)
            cols["context"].append(p.context)
    return pd.DataFrame(cols, columns=list(PASSAGE_COLUMNS))


def reference_texts() -> list[str]:
    """The fixed background the default model learns its IDF from: every passage of the bundled
    chapters and every element profile of the bundled frameworks."""
    from policylib.corpus import load_corpus
    from policylib.frameworks import bundled_frameworks, load_framework

    root = Path(__file__).resolve().parent.parent / "corpus" / "chapters"
    texts: list[str] = []
    if root.is_dir():
        texts.extend(p.scoring_text for d in load_corpus(root) for p in document_passages(d))
    for fid in bundled_frameworks():
        texts.extend(e.profile for e in load_framework(fid).elements)
    return texts


class TextModel:
    """TF-IDF text model (scikit-learn style): ``fit`` on reference texts, then ``transform``.

    Args:
        ngram_range: word n-gram sizes; (1, 2) uses words and adjacent word pairs.
        sublinear_tf: use 1 + log(tf) instead of raw counts.
        min_df: ignore features in fewer than this many reference texts.
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

    def fit(self, texts: Iterable[str]) -> TextModel:
        """Learn vocabulary and IDF from reference texts."""
        self.vectorizer_ = self._vectorizer()
        self.vectorizer_.fit(list(texts))
        self.features_ = self.vectorizer_.get_feature_names_out()
        return self

    def transform(self, texts: Iterable[str]) -> csr_matrix:
        """L2-normalised TF-IDF rows; the dot product of two rows is their cosine score."""
        if not hasattr(self, "vectorizer_"):
            raise RuntimeError("TextModel is not fitted: call fit(texts) first")
        matrix: csr_matrix = self.vectorizer_.transform(list(texts))
        return matrix

    def fit_transform(self, texts: Iterable[str]) -> csr_matrix:
        """Fit on the texts and transform them (tokenising each text once; an iterator is
        read once, never held in memory whole)."""
        self.vectorizer_ = self._vectorizer()
        matrix: csr_matrix = self.vectorizer_.fit_transform(texts)
        self.features_ = self.vectorizer_.get_feature_names_out()
        return matrix

    def explain(self, a: str, b: str) -> pd.DataFrame:
        """Per-term contributions to the cosine score of two texts.

        Returns one row per shared term, highest contribution first, with columns ``term``,
        ``weight_a``, ``weight_b``, ``contribution`` (= weight_a × weight_b) and ``share`` (of the
        score). The contributions add up to the score exactly.
        """
        import pandas as pd

        rows = self.transform([a, b])
        va, vb = rows[0], rows[1]
        common = np.intersect1d(va.indices, vb.indices)
        wa = np.asarray(va[:, common].todense()).ravel()
        wb = np.asarray(vb[:, common].todense()).ravel()
        contrib = wa * wb
        total = float(contrib.sum())
        frame = pd.DataFrame(
            {
                "term": [readable(str(t), a, b) for t in self.features_[common]],
                "weight_a": wa,
                "weight_b": wb,
                "contribution": contrib,
                "share": contrib / total if total > 0 else contrib,
            }
        )
        return frame.sort_values(
            ["contribution", "term"], ascending=[False, True], ignore_index=True
        )

    def top_terms(
        self, a_row: csr_matrix, b_row: csr_matrix, n: int = 5, texts: Sequence[str] = ()
    ) -> list[str]:
        """The ``n`` shared terms that contribute most to the score of two transformed rows,
        shown in the words of ``texts`` where given."""
        common = np.intersect1d(a_row.indices, b_row.indices)
        if not len(common):
            return []
        contrib = (
            np.asarray(a_row[:, common].todense()).ravel()
            * np.asarray(b_row[:, common].todense()).ravel()
        )
        order = np.lexsort((self.features_[common], -contrib))[:n]
        return [readable(str(self.features_[common][i]), *texts) for i in order]


@lru_cache(maxsize=1)
def default_model() -> TextModel:
    """The model fitted on :func:`reference_texts` (cached: fitted once per process)."""
    return TextModel().fit(reference_texts())
