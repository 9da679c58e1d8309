"""Inspection findings beside the policy: which National Framework element inspectors' text
speaks to, and a council's improvement points and paragraphs set beside its chapter's coverage,
element by element. The reports themselves are read by :mod:`policylib.reading.inspections`.

Contains public sector information licensed under the Open Government Licence v3.0 (the
reports are © Crown copyright, Ofsted).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from policylib.reading.inspections import Inspection

if TYPE_CHECKING:
    import pandas as pd
    from scipy.sparse import csr_matrix

__all__ = [
    "INSPECTION_OFFICIAL_WEIGHT",
    "POINT_COLUMNS",
    "PRIOR_WEIGHT",
    "SECTION_WEIGHT",
    "TAG_MODEL_C",
    "TagReader",
    "classify",
    "element_scores",
    "improvement_points",
    "inspection_beside_policy",
    "tag_model",
]

POINT_COLUMNS = {
    "council": "the council",
    "published": "publication date",
    "n": "the point's number in the report's list (1, 2, …)",
    "text": "the point, without its tag",
    "tag_raw": "Ofsted's tag as printed ('' when untagged)",
    "element": "the element id of Ofsted's tag ('' when untagged)",
    "predicted_element": "the element the kit's scoring gives the text alone (never the tag)",
    "predicted_score": "its score",
}

INSPECTION_OFFICIAL_WEIGHT = 0.8
"""Inspectors write in the framework's own terms (plans, oversight, supervision, permanence), so
their text is compared with element vectors weighted towards the official text."""
TAG_MODEL_C = 10.0
PRIOR_WEIGHT = 0.5
SECTION_WEIGHT = 2.0
"""How untagged inspection text is read, in three parts added together:

* which judgement section the text sounds like (help and protection, children in care, care
  leavers, leaders): a logistic regression learned from the 5,643 numbered paragraphs of the 93
  reports in the shipped national table (``policylib/data/inspections/paragraphs.csv.gz``), so
  the inspectors' own wording across whole reports, not only the few tagged points, informs the
  reading; its four probabilities × SECTION_WEIGHT join the text's TF-IDF features;
* a logistic regression over those features learned from the points Ofsted itself tagged
  (``points.csv``; ``C`` = TAG_MODEL_C, balanced classes);
* PRIOR_WEIGHT × the text's similarity to the element vectors (scaled to its best element), so
  an element Ofsted rarely tags can still be read.

Measured leaving each council's report (its points and its paragraphs) out in turn
(``benchmarks/inspections.py``): see the README for top-1 and top-3 agreement with Ofsted's tag
and their bootstrap intervals. C and PRIOR_WEIGHT are the values chosen before the section part
was added; SECTION_WEIGHT is the middle of a plateau (1, 2 and 4 all read within three points)."""


@dataclass
class TagReader:
    """Reads which framework element inspection text speaks to (see :data:`SECTION_WEIGHT`):
    ``sections`` reads the judgement section, ``tags`` the element Ofsted would tag."""

    sections: Any
    tags: Any

    @property
    def classes_(self) -> Any:
        """The element ids the reader can give, in the order of :meth:`predict_proba`."""
        return self.tags.classes_

    def features(self, rows: csr_matrix) -> csr_matrix:
        """TF-IDF rows with the section probabilities (× SECTION_WEIGHT) appended."""
        from scipy.sparse import csr_matrix as as_csr
        from scipy.sparse import hstack

        section = self.sections.predict_proba(rows) * SECTION_WEIGHT
        joined: csr_matrix = hstack([rows, as_csr(section)]).tocsr()
        return joined

    def predict_proba(self, rows: csr_matrix) -> Any:
        """Probability of each element in :attr:`classes_` for each TF-IDF row."""
        return self.tags.predict_proba(self.features(rows))


def _shipped_table(name: str) -> pd.DataFrame | None:
    import pandas as pd

    from policylib.resources import bundled_inspections

    source = bundled_inspections() / name
    if not source.is_file():
        return None
    return pd.read_csv(source, keep_default_na=False, dtype=str)


def tag_model(
    points: pd.DataFrame | None = None, paragraphs: pd.DataFrame | None = None
) -> TagReader | None:
    """The reader of inspectors' text, fitted on Ofsted's own tags in ``points`` and the
    judgement sections of ``paragraphs`` (default: the shipped national tables); None when
    there are too few.

    >>> sorted(str(c) for c in tag_model().classes_)[:3]
    ['NF-E2', 'NF-E3', 'NF-O1']
    """
    from sklearn.linear_model import LogisticRegression

    from policylib.scoring.model import default_model

    points = _shipped_table("points.csv") if points is None else points
    paragraphs = _shipped_table("paragraphs.csv.gz") if paragraphs is None else paragraphs
    if points is None or paragraphs is None:
        return None
    tagged = points[points.element != ""]
    if tagged.element.nunique() < 2 or paragraphs.section.nunique() < 2:
        return None
    model = default_model()
    sections = LogisticRegression(max_iter=3000)
    sections.fit(model.transform(list(paragraphs.text)), list(paragraphs.section))
    tags = LogisticRegression(C=TAG_MODEL_C, max_iter=5000, class_weight="balanced")
    reader = TagReader(sections, tags)
    reader.tags.fit(reader.features(model.transform(list(tagged.text))), list(tagged.element))
    return reader


@lru_cache(maxsize=1)
def _shipped_tag_model() -> TagReader | None:
    return tag_model()


def classify(
    texts: list[str], *, learned: TagReader | bool | None = True
) -> list[tuple[str, float, list[str]]]:
    """The National Framework element each text speaks to: ``(best id, its score, top three
    ids)`` per text, from the text alone (see :data:`SECTION_WEIGHT`). ``learned`` is a reader
    from :func:`tag_model`, ``True`` for the shipped one, or ``False`` for element vectors
    alone.

    >>> [best for best, _, _ in classify(["The response to children at risk of exploitation.",
    ...                                      "The quality of pathway plans for care leavers."])]
    ['NF-O3', 'NF-O4']
    """
    import numpy as np

    from policylib.scoring.frameworks import load_framework

    ids = load_framework("national-framework-2023").ids
    out = []
    for row in element_scores(texts, learned=learned):
        order = np.argsort(-row, kind="stable")
        top = [ids[k] for k in order[:3]]
        out.append((top[0] if row[order[0]] > 0 else "", float(row[order[0]]), top))
    return out


def element_scores(texts: list[str], *, learned: TagReader | bool | None = True) -> Any:
    """The scores behind :func:`classify`: an array with a row per text and a column per
    National Framework element, in the framework's order.

    >>> element_scores(["The quality of pathway plans for care leavers."]).shape
    (1, 13)
    """
    import numpy as np

    from policylib.scoring.coverage import element_matrix
    from policylib.scoring.frameworks import load_framework
    from policylib.scoring.model import default_model

    framework = load_framework("national-framework-2023")
    model = default_model()
    matrix = element_matrix(framework, model, official_weight=INSPECTION_OFFICIAL_WEIGHT)
    rows = model.transform(texts)
    scores = np.asarray((rows @ matrix.T).todense())
    reader = _shipped_tag_model() if learned is True else learned
    if isinstance(reader, TagReader):
        proba = reader.predict_proba(rows)
        combined = np.zeros_like(scores)
        for k, eid in enumerate(reader.classes_):
            combined[:, framework.ids.index(str(eid))] = proba[:, k]
        peak = scores.max(axis=1, keepdims=True)
        scores = combined + PRIOR_WEIGHT * np.divide(
            scores, peak, out=np.zeros_like(scores), where=peak > 0
        )
    return scores


def improvement_points(reports: Iterable[Inspection]) -> pd.DataFrame:
    """One row per "What needs to improve?" point, columns :data:`POINT_COLUMNS`; the
    predicted element comes from the point's text alone, scored as chapters are.

    >>> from policylib.reading.inspections import read_inspections
    >>> from policylib.resources import bundled_inspections
    >>> reports, problems = read_inspections(bundled_inspections())
    >>> points = improvement_points(reports)
    >>> len(points), int((points.element != '').sum())
    (12, 8)
    """
    import pandas as pd

    rows = []
    for r in reports:
        predictions = classify([str(p["text"]) for p in r.points]) if r.points else []
        for p, (best, score, _) in zip(r.points, predictions, strict=True):
            rows.append(
                {
                    "council": r.council,
                    "published": r.published,
                    **p,
                    "predicted_element": best,
                    "predicted_score": round(score, 4),
                }
            )
    return pd.DataFrame(rows, columns=list(POINT_COLUMNS))


def inspection_beside_policy(coverage: pd.DataFrame, report: Inspection) -> pd.DataFrame:
    """For one council, one row per element: the chapter's status and quoted evidence, the
    inspectors' improvement points for that element (by Ofsted's tag, else the kit's
    prediction, marked) and the inspection paragraph that speaks to it most, with its section's
    grade.

    >>> from policylib import coverage, load_corpus
    >>> from policylib.reading.inspections import read_inspection
    >>> from policylib.resources import bundled_chapters, bundled_inspections
    >>> hull = load_corpus(bundled_chapters() / 'hull-values-principles-strategy.txt')
    >>> report = read_inspection(bundled_inspections() / 'kingston-upon-hull_2026-05-18.pdf')
    >>> table = inspection_beside_policy(coverage(hull), report)
    >>> len(table), table.columns[0]
    (13, 'element')
    """
    import numpy as np
    import pandas as pd

    from policylib.scoring.frameworks import load_framework

    points = improvement_points([report])
    # Per element, the paragraph that scores highest for it among those that rank it in their
    # three best elements (a paragraph about care leavers is never shown for supervision).
    ids = load_framework("national-framework-2023").ids
    best_paragraph: dict[str, tuple[float, dict[str, object]]] = {}
    texts = [str(para["text"]) for para in report.paragraphs]
    scores = element_scores(texts) if texts else np.zeros((0, len(ids)))
    for para, row in zip(report.paragraphs, scores, strict=True):
        for k in np.argsort(-row, kind="stable")[:3]:
            key, score = ids[k], float(row[k])
            if score > best_paragraph.get(key, (0.0, {}))[0]:
                best_paragraph[key] = (score, para)
    rows = []
    for row in coverage.itertuples():
        tagged = points.element == row.element
        predicted = (points.element == "") & (points.predicted_element == row.element)
        mine = points[tagged | predicted]
        said = "; ".join(
            f"{p.text}" + ("" if p.element else " [kit's reading: untagged]")
            for p in mine.itertuples()
        )
        para = best_paragraph.get(str(row.element), (0.0, {}))[1]
        rows.append(
            {
                "element": row.element,
                "element_title": row.element_title,
                "chapter_status": row.status,
                "chapter_evidence": row.evidence_text,
                "improvement_points": said,
                "inspection_paragraph": (f"{para['n']}. {para['text']}" if para else ""),
                "section_grade": f"{para['section']}: {para['grade']}" if para else "",
            }
        )
    return pd.DataFrame(rows)
