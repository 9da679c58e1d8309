"""Template text: passages that several documents share word for word or nearly so.

Method: every run of ``k`` consecutive words (a *shingle*, default 8 words, case and punctuation
ignored) is hashed; a shingle found in at least ``min_docs`` different documents is *shared*, and
each word covered by a shared shingle is template text. Runs of template words form the shared
passages. Small edits (a council's name, one changed word) break only the shingles that touch the
edit, so near-copies are found as well as exact ones.

By default the bundled chapters take part as reference documents, so template text the kit
already knows (the tri.x publisher's paragraphs, say) is recognised even in a single chapter
loaded on its own; reference documents are never reported themselves unless they were loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from policylib.corpus import Corpus, Document

__all__ = [
    "SHARED_COLUMNS",
    "SHARE_COLUMNS",
    "TemplateIndex",
    "shared_passages",
    "template_index",
    "template_share",
]

SHARED_COLUMNS = {
    "passage_id": "id of the shared passage (T1, T2, … by how widely it is shared)",
    "n_docs": "number of loaded documents it appears in",
    "docs": "those documents, joined by '; '",
    "n_words": "length of the passage in words",
    "text": "the passage as it appears in the first document",
    "doc": "the first document it appears in",
    "start": "start offset in that document",
    "end": "end offset (exclusive)",
}
SHARE_COLUMNS = {
    "doc": "document id",
    "n_words": "words of chapter text (sections, contents excluded)",
    "template_words": "words covered by text shared with other documents",
    "template_share": "template_words / n_words",
    "local_share": "1 - template_share: the share of locally written text",
}

_WORD = re.compile(r"\w+", re.UNICODE)
_MULT = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, slots=True)
class _Words:
    starts: np.ndarray  # int64 char offsets
    ends: np.ndarray
    hashes: np.ndarray  # uint64 per word
    section: np.ndarray  # int32 index of the section each word is in


def _words(doc: Document) -> _Words:
    starts: list[int] = []
    ends: list[int] = []
    keys: list[str] = []
    section: list[int] = []
    for number, s in enumerate(doc.sections):
        if s.kind == "contents":
            continue
        for m in _WORD.finditer(s.text):
            starts.append(s.start + m.start())
            ends.append(s.start + m.end())
            keys.append(m.group().lower())
            section.append(number)
    hashes = np.fromiter((_word_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
    return _Words(
        np.asarray(starts, np.int64),
        np.asarray(ends, np.int64),
        hashes,
        np.asarray(section, np.int32),
    )


@lru_cache(maxsize=500_000)
def _word_hash(word: str) -> int:
    # A stable (unsalted) 64-bit hash, so results never depend on PYTHONHASHSEED.
    import hashlib

    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def _shingles(hashes: np.ndarray, k: int) -> np.ndarray:
    """Rolling 64-bit hashes of every run of ``k`` words (empty if fewer words)."""
    n = len(hashes) - k + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    out = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            out = out * _MULT + hashes[j : j + n]
    return out


@dataclass
class TemplateIndex:
    """Which words of each document are template text, and the shared shingles behind them."""

    k: int
    min_docs: int
    covered: dict[str, np.ndarray]  # doc -> bool per word
    words: dict[str, _Words]
    shingle_docs: dict[int, tuple[str, ...]]  # shared shingle hash -> documents (loaded only)
    loaded: tuple[str, ...]

    def spans(self, doc: str) -> list[tuple[int, int]]:
        """Character spans of template text in a document: runs of template words, split where
        a section ends."""
        cov = self.covered[doc]
        w = self.words[doc]
        out: list[tuple[int, int]] = []
        i = 0
        n = len(cov)
        while i < n:
            if not cov[i]:
                i += 1
                continue
            j = i
            while j + 1 < n and cov[j + 1] and w.section[j + 1] == w.section[i]:
                j += 1
            out.append((int(w.starts[i]), int(w.ends[j])))
            i = j + 1
        return out

    def template_fraction(self, doc: str, start: int, end: int) -> float:
        """Share of the words between two offsets of a document that are template text."""
        w = self.words[doc]
        lo = int(np.searchsorted(w.starts, start, side="left"))
        hi = int(np.searchsorted(w.ends, end, side="right"))
        if hi <= lo:
            return 0.0
        return float(self.covered[doc][lo:hi].mean())


def _reference_documents(exclude: set[str]) -> list[Document]:
    from policylib.corpus import load_corpus

    root = Path(__file__).resolve().parent.parent / "corpus" / "chapters"
    if not root.is_dir():
        return []
    return [d for d in load_corpus(root) if d.doc not in exclude]


def template_index(
    corpus: Corpus | Iterable[Document], *, k: int = 8, min_docs: int = 2, reference: bool = True
) -> TemplateIndex:
    """Find the template text of every document (see the module docstring for the method).

    Args:
        corpus: the documents.
        k: shingle length in words.
        min_docs: a shingle shared by at least this many documents is template text.
        reference: let the bundled chapters take part as reference documents.
    """
    docs = list(corpus)
    loaded = tuple(d.doc for d in docs)
    if reference:
        docs = docs + _reference_documents(set(loaded))
    words = {d.doc: _words(d) for d in docs}
    shingles = {d: _shingles(w.hashes, k) for d, w in words.items()}
    names = list(shingles)
    if names:
        all_h = np.concatenate([shingles[d] for d in names])
        all_d = np.concatenate(
            [np.full(len(shingles[d]), i, dtype=np.int32) for i, d in enumerate(names)]
        )
    else:
        all_h = np.empty(0, np.uint64)
        all_d = np.empty(0, np.int32)
    order = np.lexsort((all_d, all_h))
    h_sorted, d_sorted = all_h[order], all_d[order]
    first = np.ones(len(h_sorted), dtype=bool)
    if len(h_sorted):
        first[1:] = (h_sorted[1:] != h_sorted[:-1]) | (d_sorted[1:] != d_sorted[:-1])
    pair_h, pair_d = h_sorted[first], d_sorted[first]
    uniq, counts = np.unique(pair_h, return_counts=True)
    shared = uniq[counts >= min_docs]
    covered: dict[str, np.ndarray] = {}
    for d in loaded:
        sh = shingles[d]
        hit = np.isin(sh, shared)
        cov = np.zeros(len(words[d].hashes), dtype=bool)
        for j in range(k):
            cov[j : j + len(hit)] |= hit
        covered[d] = cov
    keep = np.isin(pair_h, shared)
    loaded_idx = {i for i, d in enumerate(names) if d in set(loaded)}
    shingle_docs: dict[int, list[str]] = {}
    for h, di in zip(pair_h[keep].tolist(), pair_d[keep].tolist(), strict=True):
        if di in loaded_idx:
            shingle_docs.setdefault(h, []).append(names[di])
    return TemplateIndex(
        k,
        min_docs,
        covered,
        {d: words[d] for d in loaded},
        {h: tuple(v) for h, v in shingle_docs.items()},
        loaded,
    )


def shared_passages(
    corpus: Corpus | Iterable[Document],
    *,
    k: int = 8,
    min_docs: int = 2,
    reference: bool = True,
    index: TemplateIndex | None = None,
) -> pd.DataFrame:
    """Passages that several loaded documents share, one row each (columns
    :data:`SHARED_COLUMNS`), most widely shared first. Documents are compared only with each
    other here (and with the bundled chapters when ``reference``)."""
    import pandas as pd

    docs = {d.doc: d for d in corpus}
    index = index or template_index(docs.values(), k=k, min_docs=min_docs, reference=reference)
    groups: dict[str, dict[str, Any]] = {}
    for doc in index.loaded:
        w = index.words[doc]
        sh = _shingles(w.hashes, index.k)
        for start, end in index.spans(doc):
            lo = int(np.searchsorted(w.starts, start))
            hi = int(np.searchsorted(w.ends, end, side="right"))
            sharing: set[str] = set()
            for h in sh[lo : max(lo, hi - index.k + 1)].tolist():
                sharing.update(index.shingle_docs.get(h, ()))
            sharing.add(doc)
            text = docs[doc].text[start:end]
            key = " ".join(_WORD.findall(text.lower()))
            group = groups.setdefault(
                key,
                {
                    "docs": set(),
                    "text": text,
                    "doc": doc,
                    "start": start,
                    "end": end,
                    "n_words": hi - lo,
                },
            )
            group["docs"] |= sharing
    rows = sorted(
        groups.values(), key=lambda g: (-len(g["docs"]), -g["n_words"], g["doc"], g["start"])
    )
    frame = pd.DataFrame(
        {
            "passage_id": [f"T{i}" for i in range(1, len(rows) + 1)],
            "n_docs": [len(g["docs"]) for g in rows],
            "docs": ["; ".join(sorted(g["docs"])) for g in rows],
            "n_words": [g["n_words"] for g in rows],
            "text": [g["text"] for g in rows],
            "doc": [g["doc"] for g in rows],
            "start": [g["start"] for g in rows],
            "end": [g["end"] for g in rows],
        },
        columns=list(SHARED_COLUMNS),
    )
    return frame[frame.n_docs >= 1].reset_index(drop=True)


def template_share(
    corpus: Corpus | Iterable[Document], *, index: TemplateIndex | None = None, **kwargs: Any
) -> pd.DataFrame:
    """Each document's share of template and locally written text (columns
    :data:`SHARE_COLUMNS`)."""
    import pandas as pd

    index = index or template_index(corpus, **kwargs)
    rows = []
    for doc in index.loaded:
        cov = index.covered[doc]
        n = len(cov)
        t = int(cov.sum())
        share = t / n if n else 0.0
        rows.append((doc, n, t, share, 1.0 - share))
    return pd.DataFrame(rows, columns=list(SHARE_COLUMNS))
