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

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from hashlib import blake2b
from typing import TYPE_CHECKING, Any

import numpy as np

from policylib.scoring.analysis import (
    WORD,
    _codes,
    _distinct_words,
    _letter_runs,
    _odd_characters,
    folded_words,
    word_offsets,
)

if TYPE_CHECKING:
    import pandas as pd

    from policylib.reading.corpus import Corpus, Document

__all__ = [
    "SHARED_COLUMNS",
    "SHARE_COLUMNS",
    "TEMPLATE_FRACTION",
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

TEMPLATE_FRACTION = 0.5
"""A passage at least this share of whose words are template text counts as template text."""
_WORD = WORD  # the analyser's words: one way to cut text into words everywhere
_MULT = np.uint64(0x9E3779B97F4A7C15)


def _section_words(doc: Document) -> tuple[list[str], np.ndarray]:
    """Lower-cased words of a document's sections (contents excluded), and where each section's
    words start: section ``i`` holds words ``starts[i]`` to ``starts[i + 1]``."""
    words: list[str] = []
    starts = np.zeros(len(doc.sections) + 1, dtype=np.int64)
    for number, s in enumerate(doc.sections):
        if s.kind != "contents":
            # Words found in the text as written, then case-folded: folding can change a
            # word's length ("İ" → "i̇"), never the number of words.
            words.extend(folded_words(s.text))
        starts[number + 1] = len(words)
    return words, starts


_BREAK = "policylibsectionbreak"  # a word put between sections to cut a document at once


def _word_ids(document: Document) -> tuple[np.ndarray, np.ndarray]:
    """A hash per word of a document's sections, and where each section's words start.

    The sections are cut into words in one call, joined by a marker word whose positions give
    each section's first word (words never run across the spaces around it); a document whose
    text holds the marker itself is cut section by section, with the same result."""
    texts = (s.text if s.kind != "contents" else "" for s in document.sections)
    words = folded_words(f" {_BREAK} ".join(texts))
    hashes = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    marker = hashes == _word_hash(_BREAK)
    if int(marker.sum()) != len(document.sections) - 1:  # the text holds the marker word
        words, starts = _section_words(document)
        return np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words)), starts
    before = np.cumsum(marker) - marker  # markers before each word: its section's number
    counts = np.bincount(before[~marker], minlength=len(document.sections))
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    return hashes[~marker], starts


def _batch_word_ids(batch: list[Document]) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`_word_ids` of each document of a batch. Documents without underscores or
    combining accents (nearly all), whose words are runs of letters and digits, are cut
    together with numpy, their sections joined by newlines; each distinct word as written is
    case-folded and hashed once (words told apart by two polynomial hashes of their
    characters, checked to agree). The same hashes as word by word."""
    texts = [[s.text if s.kind != "contents" else "" for s in d.sections] for d in batch]
    plain = list(range(len(batch)))
    pieces = [piece for t in texts for piece in t]
    text = "\n".join(pieces)
    codes = _codes(text)
    odd = np.flatnonzero(_odd_characters(codes))
    if len(odd):  # underscores or combining accents: those documents are cut word by word
        chars = np.array([sum(map(len, t)) + len(t) for t in texts], dtype=np.int64)
        holding = set((np.searchsorted(np.cumsum(chars), odd, side="right")).tolist())
        plain = [i for i in plain if i not in holding]
        pieces = [piece for i in plain for piece in texts[i]]
        text = "\n".join(pieces)
        codes = _codes(text)
    found: list[tuple[np.ndarray, np.ndarray] | None] = [None] * len(batch)
    starts, ends = _letter_runs(codes)
    hashes = _distinct_word_hashes(text, codes, starts, ends)
    if hashes is not None and plain:
        lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        piece_starts = np.cumsum(lengths + 1) - lengths - 1
        piece = np.searchsorted(piece_starts, starts, side="right") - 1
        first_word = np.concatenate([[0], np.cumsum(np.bincount(piece, minlength=len(pieces)))])
        lo = 0
        for i in plain:
            hi = lo + len(texts[i])
            words = first_word[lo : hi + 1].astype(np.int64)
            found[i] = (hashes[words[0] : words[-1]], words - words[0])
            lo = hi
    return [f if f is not None else _word_ids(d) for f, d in zip(found, batch, strict=True)]


def _distinct_word_hashes(
    text: str, codes: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray | None:
    """:func:`_word_hash` of each word ``text[starts[i]:ends[i]]`` case-folded, folding and
    hashing each distinct word once (words told apart as
    :func:`~policylib.scoring.analysis._distinct_words` tells them); ``None`` if two words
    were taken for one."""
    if not len(starts):
        return np.empty(0, dtype=np.uint64)
    told = _distinct_words(codes, starts, ends)
    if told is None:
        return None
    where, one = told
    words = [
        text[a:b].casefold() for a, b in zip(starts[one].tolist(), ends[one].tolist(), strict=True)
    ]
    hashed = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    return hashed.take(where)


@lru_cache(maxsize=4096)
def _word_offsets(doc: str, section_id: str, source: str, start: int, end: int) -> np.ndarray:
    """Offsets (in the document) where each counted word of a section starts."""
    return word_offsets(source[start:end]) + start


def _shingles(ids: np.ndarray, k: int) -> np.ndarray:
    """Rolling 64-bit hashes of every run of ``k`` word ids (empty if fewer words)."""
    n = len(ids) - k + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    out = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            out = out * _MULT + ids[j : j + n]
    return out


def _sort_in_place(values: np.ndarray, workers: int = 1) -> None:
    """Sort an array in place; with two or more workers, split at its median (a linear
    partition) and sort the halves on two threads (numpy's sort releases the GIL)."""
    if workers <= 1 or len(values) < 1 << 20:
        values.sort()
        return
    from concurrent.futures import ThreadPoolExecutor

    middle = len(values) // 2
    values.partition(middle)
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(np.ndarray.sort, [values[:middle], values[middle:]]))


def _distinct_sorted(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)``, sorting ``values`` in place. With numpy 2.4, np.unique without
    ``return_*`` takes a hashing path that is ten times slower than sorting on integers (0.6 s
    against 0.055 s for a million; 167 µs against 36 µs for 2,000)."""
    values.sort()
    if len(values) < 2:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _shared_shingles(distinct: list[np.ndarray], min_docs: int, workers: int = 1) -> np.ndarray:
    """Sorted hashes of the shingles found in at least ``min_docs`` of the documents, from
    each document's distinct shingles (in arrays of several documents each). They are moved
    into one preallocated array, each array released once copied, and sorted in place: the
    extra memory is one hash and two flags per word of the corpus."""
    every = np.empty(sum(len(own) for own in distinct), dtype=np.uint64)
    filled = 0
    distinct.reverse()
    while distinct:
        own = distinct.pop()
        every[filled : filled + len(own)] = own
        filled += len(own)
    if not filled:
        return every.copy()
    _sort_in_place(every, workers)
    # Sorted, a hash found in min_docs documents starts a run whose member min_docs - 1
    # places on is the same hash: two flags per hash, and a copy of only the shared hashes.
    first = np.empty(filled, dtype=bool)
    first[0] = True
    np.not_equal(every[1:], every[:-1], out=first[1:])
    gap = max(min_docs - 1, 0)
    if gap >= filled:
        return every[:0].copy()
    if gap:
        first = first[: filled - gap]
        first &= every[gap:] == every[: filled - gap]
    return every[: len(first)][first]


class _HashSet:
    """A set of 64-bit hashes for ``np.isin``-style membership of many values at once: an
    open-addressing table (linear probing, at most a quarter full) looked up with whole-array
    gathers, so each value costs one or two reads of the table instead of a binary search (or
    a sort of the values). Built once; read-only, so forked workers share it."""

    def __init__(self, keys: np.ndarray) -> None:
        keys = np.asarray(keys, dtype=np.uint64)
        self.has_zero = bool((keys == 0).any())  # 0 marks an empty slot: kept aside
        keys = _distinct_sorted(keys[keys != 0])  # a copy: sorted in place
        self.bits = max(10, int(len(keys) * 4 - 1).bit_length())
        self.table = np.zeros(1 << self.bits, dtype=np.uint64)
        mask = (1 << self.bits) - 1
        slots = self._home(keys)
        while len(keys):
            # Keys whose slot is free take it, the first (in key order) of those aiming at the
            # same one; the others try the next slot: every slot between a key's home and
            # where it lands is taken, which is what a lookup relies on.
            free = self.table[slots] == 0
            won = np.zeros(len(keys), dtype=bool)
            _, first = np.unique(slots[free], return_index=True)
            won[np.flatnonzero(free)[first]] = True
            self.table[slots[won]] = keys[won]
            keys, slots = keys[~won], (slots[~won] + 1) & mask

    def _home(self, values: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            mixed = values * _MULT  # the high bits of a multiplicative hash pick the slot
        return (mixed >> np.uint64(64 - self.bits)).astype(np.intp)

    def contains(self, values: np.ndarray) -> np.ndarray:
        """Whether each value is in the set (``np.isin(values, keys)``)."""
        values = np.asarray(values, dtype=np.uint64)
        found = np.zeros(len(values), dtype=bool)
        mask = (1 << self.bits) - 1
        pending = np.arange(len(values))
        probe, slots = values, self._home(values)
        while len(pending):
            seen = self.table[slots]
            hit = seen == probe
            found[pending[hit]] = True
            go = ~hit & (seen != 0)  # the slot holds another key: look at the next one
            pending, probe, slots = pending[go], probe[go], (slots[go] + 1) & mask
        found[values == 0] = self.has_zero  # an empty slot "matched" every 0 above
        return found


@dataclass
class TemplateIndex:
    """Which words of each document are template text.

    Words are the analyser's (:data:`policylib.scoring.analysis.WORD`) over each section's text,
    case-folded word by word, in section order (contents sections excluded);
    ``covered[doc][i]`` is true when word ``i`` lies in a shingle shared by at least
    ``min_docs`` documents, and
    ``word_starts[doc][n]`` is the first word of section ``n`` (one number per section, not per
    word, is kept). ``shared`` holds the shingles as 64-bit hashes built from BLAKE2b word
    hashes: the same in every process and on every machine.
    """

    k: int
    min_docs: int
    covered: dict[str, np.ndarray]  # doc -> bool per word
    word_starts: dict[str, np.ndarray]  # doc -> first word of each section, then the count
    shared: np.ndarray  # sorted hashes of shared shingles
    loaded: tuple[str, ...]

    def section_fraction(self, doc: str) -> dict[int, float]:
        """Share of template words in each section of a document that has words, by section
        number."""
        cov = self.covered[doc]
        starts = self.word_starts[doc]
        if not len(cov):
            return {}
        counts = np.diff(starts)
        (numbers,) = np.nonzero(counts)
        sums = np.add.reduceat(cov.astype(np.int64), starts[numbers])
        return {int(n): float(t) / float(counts[n]) for n, t in zip(numbers, sums, strict=True)}

    def template_fraction(self, doc: Document, start: int, end: int) -> float:
        """Share of the words between two offsets of a document that are template text."""
        cov = self.covered.get(doc.doc)
        if cov is None or not len(cov):
            return 0.0
        fractions: list[bool] = []
        for number, s in enumerate(doc.sections):
            if s.kind == "contents" or s.end <= start or s.start >= end:
                continue
            lo, hi = self.section_words(doc, number, np.array([start]), np.array([end]))
            fractions.extend(cov[int(lo[0]) : int(hi[0])].tolist())
        return float(np.mean(fractions)) if fractions else 0.0

    def section_words(
        self, doc: Document, number: int, starts: np.ndarray, ends: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """The document's word numbers ``[lo, hi)`` of the words of section ``number`` that
        start within each span ``starts[i]``–``ends[i]`` (offsets into the document), from the
        section's word offsets (found once per section, so a long section stays linear)."""
        s = doc.sections[number]
        first = int(self.word_starts[doc.doc][number])
        offsets = _word_offsets(doc.doc, s.section_id, s.source, s.start, s.end)
        return (
            first + np.searchsorted(offsets, starts, side="left"),
            first + np.searchsorted(offsets, ends, side="left"),
        )

    def spans(self, doc: Document) -> list[tuple[int, int]]:
        """Character spans of template text in a document: runs of template words, split where
        a section ends."""
        return [(start, end) for start, end, _, _ in self.runs(doc)]

    def runs(self, doc: Document) -> list[tuple[int, int, int, int]]:
        """Runs of template words: ``(start, end, first_word, words)``, character span and
        word positions (as counted for the index), split where a section ends."""
        cov = self.covered.get(doc.doc)
        if cov is None:
            return []
        word_starts = self.word_starts[doc.doc]
        out: list[tuple[int, int, int, int]] = []
        for number, s in enumerate(doc.sections):
            if s.kind == "contents":
                continue
            first = int(word_starts[number])
            flags = cov[first : word_starts[number + 1]]
            if not flags.any():
                continue
            matches = list(_WORD.finditer(s.text))
            i = 0
            while i < len(flags):
                if not flags[i]:
                    i += 1
                    continue
                j = i
                while j + 1 < len(flags) and flags[j + 1]:
                    j += 1
                start, end = s.start + matches[i].start(), s.start + matches[j].end()
                out.append((start, end, first + i, j - i + 1))
                i = j + 1
        return out


def _body_fingerprint(document: Document) -> str:
    """A digest of a document's body text (its paragraphs and list items, whitespace folded):
    the same chapter saved as text or as a web page, under any file name, has the same one."""
    import hashlib

    digest = hashlib.sha256()
    for s in document.sections:
        if s.kind in ("paragraph", "list_item"):
            digest.update(" ".join(s.text.split()).encode("utf-8"))
            digest.update(b"\n")
    return digest.hexdigest()


def _reference_documents(loaded: list[Document]) -> list[Document]:
    """The bundled chapters that take part as reference, less any that is one of the loaded
    documents (by id, or by the same body text under another name): a council's chapter never
    counts as template text by matching its own copy."""
    from policylib.reading.corpus import load_corpus
    from policylib.resources import bundled_chapters

    root = bundled_chapters()
    if not root.is_dir():
        return []
    ids = {d.doc for d in loaded}
    prints = {_body_fingerprint(d) for d in loaded}
    return [d for d in load_corpus(root) if d.doc not in ids and _body_fingerprint(d) not in prints]


def template_index(
    corpus: Corpus | Iterable[Document],
    *,
    k: int = 8,
    min_docs: int = 2,
    reference: bool = True,
    progress: bool = False,
    workers: int = 1,
) -> TemplateIndex:
    """Find the template text of every document (see the module docstring for the method).

    Work is vectorised: each document's shingles are de-duplicated, all of them are counted in
    one pass, and memory grows linearly with the corpus.

    Args:
        corpus: the documents.
        k: shingle length in words.
        min_docs: a shingle shared by at least this many documents is template text.
        reference: let the bundled chapters take part as reference documents.
        progress: show a progress bar (tqdm) while the documents' words are hashed.
        workers: processes to hash words and look up shingles with (forked, on Linux); the
            same index as one.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> corpus = load_corpus(bundled_chapters())
    >>> index = template_index(corpus)
    >>> index.k, len(index.loaded)
    (8, 5)
    """
    from policylib.reading.corpus import paused_gc

    with paused_gc():
        return _template_index(
            list(corpus),
            k=k,
            min_docs=min_docs,
            reference=reference,
            progress=progress,
            workers=workers,
        )


_HASH_BATCH = 500  # documents a worker cuts into words at once


def _template_index(
    docs: list[Document],
    *,
    k: int,
    min_docs: int,
    reference: bool,
    progress: bool = False,
    workers: int = 1,
) -> TemplateIndex:
    from policylib.parallel import forked_map
    from policylib.reading.corpus import progress_bar

    loaded = tuple(d.doc for d in docs)
    extra = _reference_documents(docs) if reference else []
    ids: dict[str, np.ndarray] = {}
    word_starts: dict[str, np.ndarray] = {}
    distinct: list[np.ndarray] = []  # per batch: each document's distinct shingles
    everyone = [*docs, *extra]
    batches = [everyone[i : i + _HASH_BATCH] for i in range(0, len(everyone), _HASH_BATCH)]

    def cut(batch: list[Document]) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
        found = _batch_word_ids(batch)
        own = [_distinct_sorted(_shingles(hashes, k)) for hashes, _ in found]
        empty = np.empty(0, dtype=np.uint64)
        return (
            np.concatenate([hashes for hashes, _ in found]) if found else empty,
            [starts for _, starts in found],
            np.concatenate(own) if own else empty,
        )

    hashed = forked_map(cut, batches, workers)
    for batch, (hashes, starts, own) in zip(
        batches, progress_bar(hashed, len(batches), progress, "template text", "batch"), strict=True
    ):
        # One array of hashes per batch, each document's a view of it: large arrays go back to
        # the system when freed, where many small ones would stay in the process's heap.
        offset = 0
        for document, first_words in zip(batch, starts, strict=True):
            n = int(first_words[-1])
            ids[document.doc], word_starts[document.doc] = hashes[offset : offset + n], first_words
            offset += n
        distinct.append(own)
    shared = _shared_shingles(distinct, min_docs, workers)  # empties ``distinct`` as it goes
    lookup = _HashSet(shared)  # built once, read by every worker

    def cover(group: list[str]) -> list[np.ndarray]:
        hits = lookup.contains(np.concatenate([_shingles(ids[d], k) for d in group]))
        found, offset = [], 0
        for d in group:
            words = int(word_starts[d][-1])
            n = max(0, words - k + 1)
            hit = hits[offset : offset + n]
            offset += n
            cov = np.zeros(words, dtype=bool)
            for j in range(k):
                cov[j : j + len(hit)] |= hit
            found.append(cov)
        return found

    covered: dict[str, np.ndarray] = {}
    groups = _groups(list(loaded), ids)
    for group, found_cov in zip(groups, forked_map(cover, groups, workers), strict=True):
        covered.update(zip(group, found_cov, strict=True))
    return TemplateIndex(k, min_docs, covered, {d: word_starts[d] for d in loaded}, shared, loaded)


def _groups(names: list[str], ids: dict[str, np.ndarray], words: int = 1 << 22) -> list[list[str]]:
    """Documents in consecutive groups of about ``words`` words (bounded working memory)."""
    groups: list[list[str]] = []
    size = words
    for name in names:
        if size >= words:
            groups.append([])
            size = 0
        groups[-1].append(name)
        size += len(ids[name])
    return groups


@lru_cache(maxsize=1 << 20)
def _word_hash(word: str) -> int:
    """A 64-bit hash of a word, the same in every process and on every machine (BLAKE2b;
    cached, so each distinct word is hashed once)."""
    return int.from_bytes(blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def shared_passages(
    corpus: Corpus | Iterable[Document],
    *,
    k: int = 8,
    min_docs: int = 2,
    reference: bool = True,
    index: TemplateIndex | None = None,
) -> pd.DataFrame:
    """Passages that several documents share, one row each (columns :data:`SHARED_COLUMNS`),
    most widely shared first. ``docs`` lists the loaded documents that hold any of the
    passage's shared shingles (reference chapters count towards ``min_docs`` but are not
    listed).

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> corpus = load_corpus(bundled_chapters())
    >>> shared = shared_passages(corpus)
    >>> int(shared.n_docs.max()) >= 3
    True
    """
    import pandas as pd

    docs = {d.doc: d for d in corpus}
    index = index or template_index(docs.values(), k=k, min_docs=min_docs, reference=reference)
    # Which loaded documents hold each shared shingle.
    holders: dict[int, set[str]] = {}
    shingles = {name: _shingles(_word_ids(docs[name])[0], index.k) for name in index.loaded}
    lookup = _HashSet(index.shared)
    for name in index.loaded:
        sh = shingles[name]
        for h in _distinct_sorted(sh[lookup.contains(sh)]).tolist():
            holders.setdefault(h, set()).add(name)
    groups: dict[str, dict[str, Any]] = {}
    for name in index.loaded:
        doc = docs[name]
        sh = shingles[name]
        for start, end, prefix, n_words in index.runs(doc):
            text = doc.text[start:end]
            # Shingles starting inside this run.
            sharing: set[str] = {name}
            for h in sh[prefix : prefix + max(1, n_words - index.k + 1)].tolist():
                sharing |= holders.get(h, set())
            key = " ".join(_WORD.findall(text.lower()))
            group = groups.setdefault(
                key,
                {
                    "docs": set(),
                    "text": text,
                    "doc": name,
                    "start": start,
                    "end": end,
                    "n_words": n_words,
                },
            )
            group["docs"] |= sharing
    rows = sorted(
        groups.values(), key=lambda g: (-len(g["docs"]), -g["n_words"], g["doc"], g["start"])
    )
    return pd.DataFrame(
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


def template_share(
    corpus: Corpus | Iterable[Document], *, index: TemplateIndex | None = None, **kwargs: Any
) -> pd.DataFrame:
    """Each document's share of template and locally written text (columns
    :data:`SHARE_COLUMNS`).

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> corpus = load_corpus(bundled_chapters())
    >>> share = template_share(corpus)
    >>> bool(((share.template_share >= 0) & (share.template_share <= 1)).all())
    True
    """
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
