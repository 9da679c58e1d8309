"""Coverage: which framework elements each document expresses, with the passages that prove it.

Every passage of every document is scored against every element (cosine of TF-IDF rows, see
:mod:`policylib.model`). A document's score for an element is its best passage's score, and the
status follows two thresholds calibrated once, for all elements and documents, on the labelled
chapters in ``benchmarks/data/labels`` (``benchmarks/evaluate.py --calibrate``):

* ``present``: score ≥ :data:`PRESENT`: some passage clearly states the idea;
* ``partial``: score ≥ :data:`PARTIAL`: the idea is touched on;
* ``missing``: below both. A missing element is a row like any other, never an absent row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from policylib.frameworks import Framework, load_framework
from policylib.model import TextModel, default_model, document_passages

if TYPE_CHECKING:
    import pandas as pd

    from policylib.corpus import Corpus, Document
    from policylib.template import TemplateIndex

__all__ = [
    "CALIBRATION",
    "COVERAGE_COLUMNS",
    "EVIDENCE_COLUMNS",
    "PARTIAL",
    "PRESENT",
    "STATUSES",
    "coverage",
    "coverage_matrix",
    "evidence",
    "score_text",
]

PRESENT = 0.082
"""Scores at or above this are ``present`` (calibrated: see the module docstring)."""
PARTIAL = 0.071
"""Scores at or above this (and below :data:`PRESENT`) are ``partial``."""
STATUSES = ("present", "partial", "missing")
CALIBRATION = {"balanced_accuracy": 0.924, "documents": 17, "cells": 158}
"""Agreement of these thresholds with the bundled labels, as measured by
``benchmarks/evaluate.py`` (label 2 vs 0; a test keeps this figure in step with the code)."""
TEMPLATE_FRACTION = 0.5
"""A passage at least this share of whose words are template text counts as template text."""

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
    framework: Framework | str = "national-framework-2023",
    *,
    top: int = 3,
    exclude_template: bool = False,
    model: TextModel | None = None,
    index: TemplateIndex | None = None,
    present: float = PRESENT,
    partial: float = PARTIAL,
    reference: bool = True,
) -> pd.DataFrame:
    """The ``top`` best passages of every document for every element, one row each (columns
    :data:`EVIDENCE_COLUMNS`). Every (document, element) pair has at least one row: where no
    passage matches at all, the row has rank 1, score 0, status missing and no text.

    Args:
        corpus: the documents.
        framework: a :class:`Framework` or a framework id / path.
        top: passages to keep per (document, element).
        exclude_template: ignore passages that are template text.
        model: a fitted :class:`TextModel` (default: fitted on the reference background).
        index: template index (computed when not given).
        present, partial: the status thresholds.
        reference: let the bundled chapters take part in template detection.
    """
    import pandas as pd

    from policylib.template import template_index

    framework = load_framework(framework)
    model = model or default_model()
    docs = list(corpus)
    index = index or template_index(docs, reference=reference)
    element_rows = model.transform([e.profile for e in framework.elements])
    element_t = element_rows.T.tocsc()
    cols: dict[str, list[Any]] = {c: [] for c in EVIDENCE_COLUMNS}
    for doc in docs:
        ps = document_passages(doc)
        if ps:
            rows = model.transform([p.scoring_text for p in ps])
            scores = np.asarray((rows @ element_t).todense())
            template = (
                np.array(
                    [
                        index.template_fraction(doc.doc, p.start, p.end) >= TEMPLATE_FRACTION
                        for p in ps
                    ],
                    dtype=bool,
                )
                if doc.doc in index.covered
                else np.zeros(len(ps), dtype=bool)
            )
            if exclude_template:
                scores[template, :] = 0.0
        else:
            scores = np.zeros((0, len(framework.elements)))
            template = np.zeros(0, dtype=bool)
        for j, element in enumerate(framework.elements):
            column = scores[:, j] if len(ps) else np.zeros(0)
            # Best first; ties broken by document order so results are deterministic.
            ranked = np.lexsort((np.arange(len(column)), -column))[:top]
            best: list[int | None] = [int(i) for i in ranked if column[i] > 0] or [None]
            for rank, i in enumerate(best, start=1):
                cols["doc"].append(doc.doc)
                cols["council"].append(doc.council)
                cols["framework"].append(framework.id)
                cols["element"].append(element.id)
                cols["element_title"].append(element.title)
                cols["group"].append(element.group)
                cols["rank"].append(rank)
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
                score = float(column[i])
                cols["score"].append(score)
                cols["status"].append(_status(score, present, partial))
                cols["section_id"].append(p.section_id)
                cols["heading_path"].append(p.heading_path)
                cols["text"].append(p.text)
                cols["start"].append(p.start)
                cols["end"].append(p.end)
                cols["is_template"].append(bool(template[i]))
                cols["top_terms"].append(
                    ", ".join(
                        model.top_terms(
                            rows[i], element_rows[j], n=5, texts=(p.scoring_text, element.profile)
                        )
                    )
                )
    frame = pd.DataFrame(cols, columns=list(EVIDENCE_COLUMNS))
    return frame


def coverage(
    corpus: Corpus | Iterable[Document],
    framework: Framework | str = "national-framework-2023",
    *,
    exclude_template: bool = False,
    model: TextModel | None = None,
    index: TemplateIndex | None = None,
    present: float = PRESENT,
    partial: float = PARTIAL,
    reference: bool = True,
) -> pd.DataFrame:
    """One row per (document, element): best score, status and the evidence behind it.

    The columns are :data:`COVERAGE_COLUMNS` plus ``framework``, ``group``, ``evidence_heading``,
    ``evidence_start`` and ``evidence_end``. Missing elements are rows with status ``missing``.
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
    )
    out = ev.rename(
        columns={
            "section_id": "evidence_section",
            "heading_path": "evidence_heading",
            "text": "evidence_text",
            "start": "evidence_start",
            "end": "evidence_end",
            "is_template": "evidence_is_template",
        }
    ).drop(columns=["rank"])
    first = list(COVERAGE_COLUMNS)
    rest = [c for c in out.columns if c not in first]
    return out[first + rest].reset_index(drop=True)


def score_text(
    text: str,
    framework: Framework | str = "national-framework-2023",
    *,
    model: TextModel | None = None,
    present: float = PRESENT,
    partial: float = PARTIAL,
) -> pd.DataFrame:
    """Score one piece of text against every element: columns ``element``, ``element_title``,
    ``score``, ``status``, ``top_terms``, best first. Handy for checking a draft paragraph."""
    import pandas as pd

    framework = load_framework(framework)
    model = model or default_model()
    row = model.transform([text])
    elements = model.transform([e.profile for e in framework.elements])
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
    """Reshape a coverage table to documents × elements (``value`` = score or status)."""
    wide = table.pivot(index="doc", columns="element", values=value)
    order = list(dict.fromkeys(table.element))
    return wide[order].loc[list(dict.fromkeys(table.doc))]
