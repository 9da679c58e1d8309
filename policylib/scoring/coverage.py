"""Coverage: which framework elements each document expresses, with the passages that prove it.

Every passage of every document is scored against every element (cosine of TF-IDF rows,
see :mod:`policylib.scoring.model`). A document's score for an element is its best passage's
score, and the status follows two thresholds calibrated once, for all elements and documents,
on the labelled chapters in ``benchmarks/data/labels`` (``benchmarks/evaluate.py --calibrate``):

* ``present``: score ≥ :data:`PRESENT`: some passage clearly states the idea;
* ``partial``: score ≥ :data:`PARTIAL`: the idea is touched on;
* ``missing``: below both. A missing element is a row like any other, never an absent row.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from policylib.parallel import forked_map
from policylib.scoring.analysis import tokens
from policylib.scoring.frameworks import DEFAULT_FRAMEWORK, Framework, load_framework
from policylib.scoring.model import (
    RESTATED_WEIGHT,
    NumberedWords,
    Passage,
    model_for,
    numbered_passages,
)
from policylib.scoring.weights import TermWeights

if TYPE_CHECKING:
    import pandas as pd

    from policylib.reading.corpus import Corpus, Document
    from policylib.scoring.template import TemplateIndex
    from policylib.scoring.weights import TextScorer

__all__ = [
    "CALIBRATION",
    "COVERAGE_COLUMNS",
    "EVIDENCE_COLUMNS",
    "PARTIAL",
    "PRESENT",
    "SHORT_TEXT_WORDS",
    "STATUSES",
    "coverage",
    "coverage_from_evidence",
    "coverage_matrix",
    "element_matrix",
    "evidence",
    "passage_scores",
    "score_text",
]

SHORT_TEXT_WORDS = 500
"""Documents with fewer words than this are flagged ``short_text``: an excerpt or summary page,
where *missing* means "not in this text", not "not the council's policy"."""
PRESENT = 0.073
"""Scores at or above this are ``present`` (calibrated: see the module docstring)."""
PARTIAL = 0.041
"""Scores at or above this (and below :data:`PRESENT`) are ``partial``."""
STATUSES = ("present", "partial", "missing")
CALIBRATION: dict[str, Any] = {
    "balanced_accuracy": 0.959,
    "interval": (0.922, 0.984),
    "documents": 17,
    "cells": 158,
    "evidence_precision": (20, 20),
}
"""Out-of-sample agreement with a careful reader, as measured by ``benchmarks/evaluate.py``:
balanced accuracy of present vs missing (label 2 vs 0) with each council's threshold chosen on
the other councils (leave one council out), its bootstrap 95% interval over documents, and how
many quoted passages for true *present* cells are ones the reader cited. A test keeps these
figures in step with the code."""

EVIDENCE_COLUMNS = {
    "doc": "document id",
    "council": "council or publisher",
    "framework": "framework id",
    "element": "element id",
    "element_title": "element's official title",
    "group": "principle, enabler, outcome…",
    "rank": "1 for the best passage, 2 for the next…",
    "score": "cosine score of the passage against the element (0–1)",
    "status": "present, partial or missing, from the score",
    "section_id": "the passage's section",
    "heading_path": "the section's heading path",
    "text": "the passage, quoted exactly",
    "start": "start offset in the document's normalised text",
    "end": "end offset (exclusive)",
    "is_template": "true when the passage is text shared with other documents",
    "top_terms": "the terms that contributed most to the score, joined by ', '",
    "doc_words": "words in the document",
    "short_text": "true when the document is short (under SHORT_TEXT_WORDS words): missing then "
    "means 'not in this text'",
}
COVERAGE_COLUMNS = {
    "doc": "document id",
    "council": "council or publisher",
    "element": "element id",
    "element_title": "element's official title",
    "score": "best passage's score (0 when nothing matches)",
    "status": "present, partial or missing",
    "evidence_section": "section id of the best passage ('' when missing with score 0)",
    "evidence_text": "the best passage, quoted exactly",
    "evidence_is_template": "true when that passage is template text",
    "top_terms": "the terms that drove the score",
}


def _status(score: float, present: float, partial: float) -> str:
    if score >= present:
        return "present"
    if score >= partial:
        return "partial"
    return "missing"


def evidence(
    corpus: Corpus | Iterable[Document],
    framework: Framework | str = DEFAULT_FRAMEWORK,
    *,
    top: int = 3,
    exclude_template: bool = False,
    model: TextScorer | None = None,
    index: TemplateIndex | None = None,
    present: float = PRESENT,
    partial: float = PARTIAL,
    reference: bool = True,
    progress: bool = False,
    examples: str | os.PathLike[str] | pd.DataFrame | None = None,
    workers: int = 1,
) -> pd.DataFrame:
    """The ``top`` best passages of every document for every element, one row each (columns
    :data:`EVIDENCE_COLUMNS`). Every (document, element) pair has at least one row: where no
    passage matches at all, the row has rank 1, score 0, status missing and no text.

    Args:
        corpus: the documents.
        framework: a :class:`Framework` or a framework id / path.
        top: passages to keep per (document, element).
        exclude_template: ignore passages that are template text.
        model: a fitted :class:`~policylib.scoring.textmodel.TextModel` or
            :class:`~policylib.scoring.weights.TermWeights` (default: the reference background's).
        index: template index (computed when not given).
        present, partial: the status thresholds.
        reference: let the bundled chapters take part in template detection.
        progress: show a progress bar (tqdm) over batches of documents.
        examples: a policy lead's judgements (a file or a table, see
            :mod:`policylib.scoring.examples`): rejected passages score 0, accepted ones at
            least ``present``, and confirmed examples join the element's vector.
        workers: processes to score batches of 500 documents with (forked, on Linux; elsewhere
            one); results are identical to a serial run.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> hull = load_corpus(bundled_chapters() / 'hull-values-principles-strategy.txt')
    >>> ev = evidence(hull, top=2)
    >>> sorted(set(ev['rank']))
    [1, 2]
    """
    from policylib.reading.corpus import paused_gc
    from policylib.scoring.examples import read_examples
    from policylib.scoring.template import template_index

    framework = load_framework(framework)
    model = model or model_for(framework)
    judgements = read_examples(examples, framework) if examples is not None else None
    docs = list(corpus)
    index = index or template_index(docs, reference=reference, progress=progress, workers=workers)
    with paused_gc():
        return _evidence(
            docs,
            framework,
            model,
            index,
            top,
            exclude_template,
            present,
            partial,
            progress,
            judgements,
            workers,
        )


def _evidence(
    docs: list[Document],
    framework: Framework,
    model: TextScorer,
    index: TemplateIndex,
    top: int,
    exclude_template: bool,
    present: float,
    partial: float,
    progress: bool = False,
    judgements: pd.DataFrame | None = None,
    workers: int = 1,
) -> pd.DataFrame:
    import pandas as pd

    from policylib.reading.corpus import progress_bar

    element_rows = element_matrix(framework, model, judgements)
    scoring = _Scoring(
        framework,
        model,
        index,
        element_rows,
        element_rows.T.tocsc(),
        [_surface(e.profile) for e in framework.elements],
        top,
        exclude_template,
        present,
        partial,
        judgements,
        _features_in_order(model),
    )
    batches = list(_batches(docs))
    found = forked_map(functools.partial(_batch_frame, scoring), batches, workers)
    frames: list[pd.DataFrame] = list(
        progress_bar(found, len(batches), progress, "coverage", "batch")
    )
    if not frames:
        return _evidence_frame({c: [] for c in EVIDENCE_COLUMNS})
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


@dataclass(frozen=True)
class _Scoring:
    """Everything a batch of documents is scored with (the same for every batch)."""

    framework: Framework
    model: TextScorer
    index: TemplateIndex
    element_rows: Any
    element_t: Any
    surfaces: list[dict[str, str]]
    top: int
    exclude_template: bool
    present: float
    partial: float
    judgements: pd.DataFrame | None
    features_in_order: bool


def _batch_frame(scoring: _Scoring, batch: list[Document]) -> pd.DataFrame:
    """The evidence rows of one batch of documents."""
    framework, model, index = scoring.framework, scoring.model, scoring.index
    element_rows, element_t, surfaces = scoring.element_rows, scoring.element_t, scoring.surfaces
    top, exclude_template, judgements = scoring.top, scoring.exclude_template, scoring.judgements
    present, partial = scoring.present, scoring.partial
    n_el = len(framework.elements)
    # One frame per batch: the rows' numbers live in arrays, not as Python objects.
    cols: dict[str, list[Any]] = {c: [] for c in EVIDENCE_COLUMNS}
    # Every passage's and heading's words cut once, for judging and scoring alike.
    passages_by_doc, numbered = numbered_passages(batch)
    flat = [p for ps in passages_by_doc for p in ps]
    scores, full_rows, judged = (
        _scored(model, flat, element_t, numbered) if flat else (np.zeros((0, n_el)), None, [])
    )
    if judgements is not None and len(judgements):
        _apply_judgements(scores, batch, passages_by_doc, framework, judgements, present)
    # Template flags are worked out for every passage only when template passages are left
    # out of the scores; otherwise only for the passages shown, once they are known.
    template = _template_flags(batch, passages_by_doc, index) if exclude_template else None
    pending: list[tuple[int, int, int, Passage]] = []
    if template is not None:
        scores[template, :] = 0.0
    offset = 0
    for doc, ps in zip(batch, passages_by_doc, strict=True):
        block = scores[offset : offset + len(ps)]
        doc_words = len(doc.text.split())
        # Best first; ties broken by document order so results are deterministic.
        ranked = np.argsort(-block, axis=0, kind="stable")[:top] if len(ps) else None
        for j, element in enumerate(framework.elements):
            best: list[int | None] = (
                [int(i) for i in ranked[:, j] if block[i, j] > 0] if ranked is not None else []
            ) or [None]
            for rank, i in enumerate(best, start=1):
                cols["doc"].append(doc.doc)
                cols["council"].append(doc.council)
                cols["framework"].append(framework.id)
                cols["element"].append(element.id)
                cols["element_title"].append(element.title)
                cols["group"].append(element.group)
                cols["rank"].append(rank)
                cols["doc_words"].append(doc_words)
                cols["short_text"].append(doc_words < SHORT_TEXT_WORDS)
                if i is None:
                    for key, empty in (
                        ("score", 0.0),
                        ("section_id", ""),
                        ("heading_path", ""),
                        ("text", ""),
                        ("start", -1),
                        ("end", -1),
                        ("is_template", False),
                        ("top_terms", ""),
                    ):
                        cols[key].append(empty)
                    cols["status"].append("missing")
                    continue
                p = ps[i]
                score = float(block[i, j])
                cols["score"].append(score)
                cols["status"].append(_status(score, present, partial))
                cols["section_id"].append(p.section_id)
                cols["heading_path"].append(p.heading_path)
                cols["text"].append(p.text)
                cols["start"].append(p.start)
                cols["end"].append(p.end)
                cols["is_template"].append(False)  # set below
                pending.append((len(cols["top_terms"]), offset + i, j, p))
                cols["top_terms"].append("")
        offset += len(ps)
    if pending:
        # Only the passages shown are transformed again, for their top terms.
        shown = sorted({r for _, r, _, _ in pending})
        if template is None:
            wanted = np.zeros(len(flat), dtype=bool)
            wanted[shown] = True
            template = _template_flags(batch, passages_by_doc, index, wanted)
        for position, r, _, _ in pending:
            cols["is_template"][position] = bool(template[r])
        # Their rows were made when they were scored (a statement's scoring text), unless a
        # policy lead's judgement shows a passage that was never scored.
        row_of = {k: i for i, k in enumerate(judged)}
        if full_rows is not None and all(r in row_of for r in shown):
            rows = full_rows[[row_of[r] for r in shown]]
        else:
            rows = model.transform([flat[r].scoring_text for r in shown])
        where = {r: k for k, r in enumerate(shown)}
        pending = [(pos, where[r], j, text) for pos, r, j, text in pending]
        terms = _top_terms(model, rows, element_rows, pending, surfaces, scoring.features_in_order)
        for (position, *_), value in zip(pending, terms, strict=True):
            cols["top_terms"][position] = value
    return _evidence_frame(cols)


OFFICIAL_WEIGHT = 0.2
"""Share of an element's vector that comes from its paragraphs in the official framework text
(the rest from the codebook: title, description and key phrases)."""


def _apply_judgements(
    scores: np.ndarray,
    batch: list[Document],
    passages_by_doc: list[list[Passage]],
    framework: Framework,
    judgements: pd.DataFrame,
    present: float,
) -> None:
    """Rejected passages score 0 for their element, accepted ones at least ``present``."""
    from policylib.scoring.examples import matches

    column = {eid: j for j, eid in enumerate(framework.ids)}
    rules = [
        (str(doc_id), column[str(element)], str(verdict), str(text))
        for doc_id, element, verdict, text in zip(
            judgements.doc, judgements.element, judgements.verdict, judgements.text, strict=True
        )
        if verdict in ("accept", "reject") and element in column
    ]
    offset = 0
    for doc, ps in zip(batch, passages_by_doc, strict=True):
        for doc_id, j, verdict, text in rules:
            if doc_id and doc_id != doc.doc:
                continue
            for i, p in enumerate(ps):
                if matches(text, p.text):
                    k = offset + i
                    scores[k, j] = 0.0 if verdict == "reject" else max(scores[k, j], present)
        offset += len(ps)


def element_matrix(
    framework: Framework,
    model: TextScorer,
    examples: pd.DataFrame | None = None,
    *,
    official_weight: float = OFFICIAL_WEIGHT,
) -> Any:
    """One L2-normalised row per element: what passages are scored against.

    The codebook profile (title, description, key phrases) weighs ``1 - OFFICIAL_WEIGHT``; the
    mean of the element's own paragraphs in the official framework text (shipped with the kit,
    see :func:`policylib.resources.official_paragraphs`), ``OFFICIAL_WEIGHT``. An element with no
    official text (a user's own codebook) is its profile alone. Confirmed examples (accepted
    passages and example rows of ``examples``) add their mean with weight
    :data:`policylib.scoring.examples.EXAMPLE_WEIGHT`.

    >>> from policylib.scoring.model import default_model
    >>> m = element_matrix(load_framework("national-framework-2023"), default_model())
    >>> m.shape[0], round(float(m.multiply(m).sum(axis=1).max()), 6)
    (13, 1.0)
    """
    from scipy.sparse import csr_matrix, vstack

    from policylib.resources import official_paragraphs
    from policylib.scoring.weights import l2_rows

    profiles = model.transform([e.profile for e in framework.elements])
    official: dict[str, list[str]] = {}
    for eid, text in official_paragraphs(framework.id):
        if eid:
            official.setdefault(eid, []).append(text)
    confirmed: dict[str, list[str]] = {}
    if examples is not None:
        for r in examples.itertuples():
            if r.verdict in ("accept", "example"):
                confirmed.setdefault(str(r.element), []).append(str(r.text))
    from policylib.scoring.examples import EXAMPLE_WEIGHT

    rows = []
    for j, element in enumerate(framework.elements):
        row = profiles[j]
        texts = official.get(element.id)
        if texts:
            mean = csr_matrix(l2_rows(model.transform(texts)).mean(axis=0))
            row = (1 - official_weight) * row + official_weight * mean
        taught = confirmed.get(element.id)
        if taught:
            row = row + EXAMPLE_WEIGHT * csr_matrix(l2_rows(model.transform(taught)).mean(axis=0))
        rows.append(row)
    return l2_rows(vstack(rows).tocsr())


def passage_scores(model: TextScorer, passages: list[Passage], element_t: Any) -> np.ndarray:
    """Passages × elements scores.

    A passage is scored twice, alone and with its nearest heading; its score is the mean of
    the two, and 0 when the passage alone shares nothing with the element (a heading gives
    context but never carries a match alone) or when it is not a statement (see
    :func:`policylib.scoring.model.is_statement`). A passage that restates national guidance counts
    ``RESTATED_WEIGHT`` of its score.

    >>> from policylib.scoring.model import Passage, default_model
    >>> model = default_model()
    >>> nf = load_framework('national-framework-2023')
    >>> text = 'We always listen to children and their wishes.'
    >>> p = Passage('d', 'd#p1', '', 'paragraph', 0, len(text), text)
    >>> scores = passage_scores(model, [p], element_matrix(nf, model).T.tocsc())
    >>> nf.ids[int(scores.argmax())]
    'NF-P2'
    """
    return _scored(model, passages, element_t)[0]


def _scored(
    model: TextScorer,
    passages: list[Passage],
    element_t: Any,
    numbered: NumberedWords | None = None,
) -> tuple[np.ndarray, Any | None, list[int]]:
    """:func:`passage_scores`, with the TF-IDF rows of the judged passages' scoring texts and
    which passages they are (the statements), so the rows shown need not be made again."""
    scores = np.zeros((len(passages), element_t.shape[1]))
    judged = [k for k, p in enumerate(passages) if p.statement]  # others score 0: never scored
    if not judged:
        return scores, None, judged
    chosen = [passages[k] for k in judged]
    if isinstance(model, TermWeights) and numbered is not None:
        # The passages' and headings' words as cut for judging them: "heading. passage" is
        # scored from the two (the same features as cutting it whole, see below).
        alone_ids = [numbered.of(p.text) for p in chosen]
        heading_ids = [numbered.of(p.context) if p.context else _NO_WORDS for p in chosen]
        # Each passage alone, then each "heading. passage", their words end to end.
        alone_lengths = np.fromiter(map(len, alone_ids), dtype=np.int64, count=len(chosen))
        heading_lengths = np.fromiter(map(len, heading_ids), dtype=np.int64, count=len(chosen))
        given = np.concatenate(
            [
                _NO_WORDS,
                *alone_ids,
                *itertools.chain.from_iterable(zip(heading_ids, alone_ids, strict=True)),
            ]
        )
        both = model.transform_numbered(
            given, np.concatenate([alone_lengths, heading_lengths + alone_lengths]), numbered.words
        )
        alone_rows, full_rows = both[: len(chosen)], both[len(chosen) :]
    elif isinstance(model, TermWeights):
        # One pass over the words: each passage and each heading is cut into words once, and
        # "heading. passage" is scored from the two (the same features as cutting it whole).
        alone_rows, full_rows = _alone_and_with_heading(model, chosen)
    else:
        alone_rows = model.transform([p.text for p in chosen])
        full_rows = model.transform([p.scoring_text for p in chosen])
    alone = np.asarray((alone_rows @ element_t).todense())
    full = np.asarray((full_rows @ element_t).todense())
    factor = np.array([RESTATED_WEIGHT if p.restated else 1.0 for p in chosen])[:, None]
    scores[judged] = np.where(alone > 0, factor * (alone + full) / 2, 0.0)
    return scores, full_rows, judged


def _alone_and_with_heading(model: TermWeights, chosen: list[Passage]) -> tuple[Any, Any]:
    """TF-IDF rows of each passage alone and of its scoring text ("heading. passage"), from
    one cut of each passage and each distinct heading. The full stop between them keeps every
    word and word pair of each part; the only new feature is the pair across the join, which
    the two word lists put end to end give."""
    heading_words: dict[str, list[str]] = {}
    alone: list[list[str]] = []
    full: list[list[str]] = []
    for p in chosen:
        ws = tokens(p.text)
        alone.append(ws)
        if not p.context:
            full.append(ws)
            continue
        hs = heading_words.get(p.context)
        if hs is None:
            hs = heading_words[p.context] = tokens(p.context)
        full.append(hs + ws)
    return model.transform_tokens(alone), model.transform_tokens(full)


def _evidence_frame(cols: dict[str, list[Any]]) -> pd.DataFrame:
    """Evidence rows as a frame with fixed dtypes (so batches concatenate unchanged)."""
    import pandas as pd

    frame = pd.DataFrame(cols, columns=list(EVIDENCE_COLUMNS))
    return frame.astype(
        {
            "rank": "int64",
            "score": "float64",
            "start": "int64",
            "end": "int64",
            "is_template": bool,
            "doc_words": "int64",
            "short_text": bool,
        }
    )


_NO_WORDS = np.empty(0, dtype=np.int64)
_BATCH = 500  # documents whose passages are scored together


def _batches(docs: list[Document]) -> Iterable[list[Document]]:
    """Documents in batches of :data:`_BATCH`: passages are transformed a batch at a time, so
    memory for the passage × element scores stays bounded whatever the corpus size."""
    size = _BATCH
    for lo in range(0, len(docs), size):
        yield docs[lo : lo + size]


def _template_flags(
    batch: list[Document],
    passages_by_doc: list[list[Passage]],
    index: TemplateIndex,
    wanted: np.ndarray | None = None,
) -> np.ndarray:
    """Whether each passage is template text (at least TEMPLATE_FRACTION of its words): for
    every passage, or only where ``wanted`` (one flag per passage of the batch) is true, the
    others left false."""
    from policylib.scoring.analysis import word_offsets
    from policylib.scoring.template import TEMPLATE_FRACTION

    flags: list[np.ndarray] = []
    offset = 0
    for doc, every in zip(batch, passages_by_doc, strict=True):
        covered = index.covered.get(doc.doc)
        chosen = (
            np.flatnonzero(wanted[offset : offset + len(every)]) if wanted is not None else None
        )
        offset += len(every)
        if covered is None or not len(covered) or (chosen is not None and not len(chosen)):
            flags.append(np.zeros(len(every), dtype=bool))
            continue
        ps = every if chosen is None else [every[i] for i in chosen.tolist()]
        word_starts = index.word_starts[doc.doc]
        by_id = {s.section_id: number for number, s in enumerate(doc.sections)}
        number = np.fromiter((by_id[p.section_id] for p in ps), dtype=np.int64, count=len(ps))
        start = np.fromiter((p.start for p in ps), dtype=np.int64, count=len(ps))
        end = np.fromiter((p.end for p in ps), dtype=np.int64, count=len(ps))
        # A passage's words: those of its section starting between its offsets, counted among
        # the words of the whole document (sections start and end between words, so the
        # document's words are its sections', numbered as the index numbers them).
        offsets = word_offsets(doc.text)
        first = np.searchsorted(offsets, [doc.sections[n].start for n in number.tolist()])
        lo = word_starts[number] + np.searchsorted(offsets, start) - first
        hi = word_starts[number] + np.searchsorted(offsets, end) - first
        # Template words between lo and hi, from a running count.
        running = np.concatenate(([0], np.cumsum(covered, dtype=np.int64)))
        words = hi - lo
        share = (running[hi] - running[lo]) / np.maximum(words, 1)
        found = (words > 0) & (share >= TEMPLATE_FRACTION)
        if chosen is not None:
            spread = np.zeros(len(every), dtype=bool)
            spread[chosen] = found
            found = spread
        flags.append(found)
    return np.concatenate(flags) if flags else np.zeros(0, dtype=bool)


def _surface(*texts: str) -> dict[str, str]:
    """The first word of the texts (in order) for each stem. A passage's scoring text is read
    as its heading's words then its own (the words of "heading. passage"), both cut when it
    was scored and cached."""
    from policylib.scoring.analysis import stem, words

    out: dict[str, str] = {}
    for text in texts:
        for word in words(text):
            out.setdefault(stem(word), word)
    return out


def _features_in_order(model: TextScorer) -> bool:
    """Whether the model's features are sorted as strings (scikit-learn's and the shipped
    weights' order), so a column number breaks ties as the feature's text would."""
    features = model.features_
    return all(str(a) < str(b) for a, b in itertools.pairwise(features))


def _top_terms(
    model: TextScorer,
    rows: Any,
    element_rows: Any,
    pending: list[tuple[int, int, int, Passage]],
    surfaces: list[dict[str, str]],
    features_in_order: bool,
    n: int = 5,
) -> list[str]:
    """For each (row, element) pair, the ``n`` features contributing most to its score (ties
    by the feature's text), in the words the passage and the element use. One sparse product
    and one sort for the whole batch."""
    product = (
        rows[[r for _, r, _, _ in pending]]
        .multiply(element_rows[[j for _, _, j, _ in pending]])
        .tocsr()
    )
    product.sum_duplicates()
    owner = np.repeat(np.arange(len(pending)), np.diff(product.indptr))
    if features_in_order:
        tie = product.indices
    else:  # the features' own order, as a rank
        tie = np.argsort(np.argsort(model.features_[product.indices], kind="stable"))
    order = np.lexsort((tie, -product.data, owner))
    first = np.searchsorted(owner[order], np.arange(len(pending) + 1))
    # The first n of each row's features, all looked up at once.
    counts = np.minimum(np.diff(first), n)
    ends = np.cumsum(counts)
    step = np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - counts, counts)
    chosen = model.features_[product.indices[order[np.repeat(first[:-1], counts) + step]]]
    stems: dict[str, list[str]] = {}  # a feature's stems (features recur across rows)
    passage_surface: dict[int, dict[str, str]] = {}
    out = []
    for (_, r, j, passage), lo, hi in zip(
        pending, (ends - counts).tolist(), ends.tolist(), strict=True
    ):
        if lo == hi:
            out.append("")
            continue
        own = passage_surface.get(r)
        if own is None:
            own = passage_surface[r] = _surface(passage.context, passage.text)
        element = surfaces[j]  # the passage's own word for a stem first, then the element's
        words = []
        for feature in chosen[lo:hi].tolist():
            parts = stems.get(feature)
            if parts is None:
                parts = stems[feature] = str(feature).split()
            words.append(" ".join(own.get(w) or element.get(w, w) for w in parts))
        out.append(", ".join(words))
    return out


def coverage(
    corpus: Corpus | Iterable[Document],
    framework: Framework | str = DEFAULT_FRAMEWORK,
    *,
    exclude_template: bool = False,
    model: TextScorer | None = None,
    index: TemplateIndex | None = None,
    present: float = PRESENT,
    partial: float = PARTIAL,
    reference: bool = True,
    progress: bool = False,
    examples: str | os.PathLike[str] | pd.DataFrame | None = None,
    workers: int = 1,
) -> pd.DataFrame:
    """One row per (document, element): best score, status and the evidence behind it.

    The columns are :data:`COVERAGE_COLUMNS` plus ``framework``, ``group``, ``evidence_heading``,
    ``evidence_start`` and ``evidence_end``. Missing elements are rows with status ``missing``.
    ``examples`` applies a policy lead's judgements and ``workers`` scores with several
    processes (see :func:`evidence`).

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> table = coverage(load_corpus(bundled_chapters() / "hull-values-principles-strategy.txt"))
    >>> len(table), bool(table.status.isin(STATUSES).all())
    (13, True)
    """
    ev = evidence(
        corpus,
        framework,
        top=1,
        exclude_template=exclude_template,
        model=model,
        index=index,
        present=present,
        partial=partial,
        reference=reference,
        progress=progress,
        examples=examples,
        workers=workers,
    )
    return coverage_from_evidence(ev)


def coverage_from_evidence(table: pd.DataFrame) -> pd.DataFrame:
    """The coverage table (one row per document × element) from an :func:`evidence` table:
    its best-ranked passages, so a caller that has the evidence never scores twice.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> hull = load_corpus(bundled_chapters() / 'hull-values-principles-strategy.txt')
    >>> table = coverage_from_evidence(evidence(hull, top=2))
    >>> len(table)
    13
    """
    best = table["rank"] == 1
    # Every row is the best when evidence was asked for the top passage alone: no copy made.
    out = (
        (table if best.all() else table[best])
        .rename(
            columns={
                "section_id": "evidence_section",
                "heading_path": "evidence_heading",
                "text": "evidence_text",
                "start": "evidence_start",
                "end": "evidence_end",
                "is_template": "evidence_is_template",
            }
        )
        .drop(columns=["rank"])
    )
    first = list(COVERAGE_COLUMNS)
    rest = [c for c in out.columns if c not in first]
    return out[first + rest].reset_index(drop=True)


def score_text(
    text: str,
    framework: Framework | str = DEFAULT_FRAMEWORK,
    *,
    model: TextScorer | None = None,
    present: float = PRESENT,
    partial: float = PARTIAL,
) -> pd.DataFrame:
    """Score one piece of text against every element: columns ``element``, ``element_title``,
    ``score``, ``status``, ``top_terms``, best first. Handy for checking a draft paragraph.

    >>> score_text('We keep children safe from harm.').element.iloc[0]
    'NF-O3'
    """
    import pandas as pd

    framework = load_framework(framework)
    model = model or model_for(framework)
    row = model.transform([text])
    elements = element_matrix(framework, model)
    scores = np.asarray((row @ elements.T).todense()).ravel()
    frame = pd.DataFrame(
        {
            "element": framework.ids,
            "element_title": [e.title for e in framework.elements],
            "score": scores,
            "status": [_status(float(v), present, partial) for v in scores],
            "top_terms": [
                ", ".join(model.top_terms(row[0], elements[j], n=4, texts=(text, e.profile)))
                for j, e in enumerate(framework.elements)
            ],
        }
    )
    return frame.sort_values(["score", "element"], ascending=[False, True], ignore_index=True)


def coverage_matrix(table: pd.DataFrame, value: str = "score") -> pd.DataFrame:
    """Reshape a coverage table to documents × elements (``value`` = score or status).

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> hull = load_corpus(bundled_chapters() / 'hull-values-principles-strategy.txt')
    >>> coverage_matrix(coverage(hull), 'status').shape
    (1, 13)
    """
    wide = table.pivot(index="doc", columns="element", values=value)
    order = list(dict.fromkeys(table.element))
    return wide[order].loc[list(dict.fromkeys(table.doc))]
