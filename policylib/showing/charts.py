"""Charts of policylib's tables (matplotlib). Every function takes a tidy DataFrame from
policylib, draws on ``ax`` (a new figure when ``None``) and returns the axes.

Colours are colour-blind safe: scores use the *cividis* map, categories the Okabe–Ito palette.
Long council names are shortened ("Durham County Council" → "Durham") and wrapped.
"""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "OKABE_ITO",
    "STATUS_COLOUR",
    "coverage_heatmap",
    "dendrogram",
    "distinctive_terms_chart",
    "element_labels",
    "improvement_chart",
    "short_label",
    "similarity_heatmap",
    "template_share_chart",
    "timeline",
]

OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
STATUS_MARK = {"present": "●", "partial": "◐", "missing": "✕"}
NATIONAL_DATES = [
    ("2004-11", "Children Act 2004\n(Every Child Matters)"),
    ("2017-04", "Children and Social Work Act 2017\n(Corporate Parenting Principles)"),
    ("2018-07", "Working Together 2018"),
    ("2023-12", "National Framework and\nWorking Together 2023"),
]
_COUNCIL_WORDS = re.compile(
    r"\b(?:city|county|borough|district|metropolitan)?\s*council\b|\bsafeguarding\b|"
    r"\bchildren'?s trust\b|\(.*?\)|\bfor\b.*$",
    re.IGNORECASE,
)


def short_label(council: str, doc: str = "", width: int = 18) -> str:
    """A short, wrapped label for a council: "Durham County Council" → "Durham"; falls back to
    the document id when the council is unknown.

    >>> short_label('Durham County Council')
    'Durham'
    >>> short_label('', 'my-chapter')
    'my-chapter'
    """
    name = " ".join(_COUNCIL_WORDS.sub(" ", council or "").split()) or doc
    name = name.strip(" ,;-") or doc
    return "\n".join(textwrap.wrap(name, width)) or doc


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def _labels(table: pd.DataFrame) -> dict[str, str]:
    pairs = table[["doc", "council"]].drop_duplicates("doc") if "council" in table else None
    if pairs is None:
        return {d: d for d in table.doc.unique()}
    labels = {d: short_label(c, d) for d, c in zip(pairs.doc, pairs.council, strict=True)}
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    return {d: (f"{lab}\n({d[:14]})" if counts[lab] > 1 else lab) for d, lab in labels.items()}


def element_labels(coverage: pd.DataFrame) -> dict[str, str]:
    """Axis labels for a coverage table's elements: id and short title ("NF-P1 Welfare is
    paramount"), from the framework each row names.

    >>> from policylib import load_corpus, coverage
    >>> from policylib.resources import bundled_chapters
    >>> hull = load_corpus(bundled_chapters() / 'hull-values-principles-strategy.txt')
    >>> element_labels(coverage(hull))["NF-O4"]
    'NF-O4 Stable, loving homes'
    """
    from policylib.scoring.frameworks import FrameworkError, load_framework

    labels = {str(e): str(e) for e in dict.fromkeys(coverage.element)}
    if "framework" not in coverage:
        return labels
    for fid in dict.fromkeys(coverage.framework):
        try:
            framework = load_framework(str(fid))
        except FrameworkError:
            continue
        for element in framework.elements:
            if element.id in labels:
                labels[element.id] = f"{element.id} {element.label}"
    return labels


STATUS_COLOUR = {"present": "#0072B2", "partial": "#56B4E9", "missing": "#FFFFFF"}
"""Verdict colours (Okabe–Ito blues, safe for colour-blind readers); missing is white, hatched."""


def coverage_heatmap(
    coverage: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    show_scores: bool = True,
) -> Axes:
    """Councils × framework elements, coloured by verdict (present, partial, missing on a
    hatched cell) with the score written in each cell; elements labelled by short title and
    short texts (where missing means "not in this text") marked with an asterisk.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> hull = load_corpus(bundled_chapters() / 'hull-values-principles-strategy.txt')
    >>> from policylib import coverage
    >>> ax = coverage_heatmap(coverage(hull))
    >>> ax.get_title()
    'Coverage of the framework by council'
    """
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch, Rectangle

    docs = list(dict.fromkeys(coverage.doc))
    elements = list(dict.fromkeys(coverage.element))
    ax = _axes(ax, (2.6 + 0.62 * len(elements), 3.2 + 0.55 * max(len(docs), 1)))
    title = title or "Coverage of the framework by council"
    if coverage.empty:
        ax.set_title(title)
        ax.text(
            0.5, 0.5, "no coverage rows to show", ha="center", va="center", transform=ax.transAxes
        )
        ax.set_axis_off()
        return ax
    scores = (
        coverage.pivot(index="doc", columns="element", values="score")
        .loc[docs, elements]
        .to_numpy(dtype=float)
    )
    status = (
        coverage.pivot(index="doc", columns="element", values="status")
        .loc[docs, elements]
        .to_numpy(dtype=str)
    )
    order = ["missing", "partial", "present"]
    codes = np.vectorize(lambda v: order.index(v) if v in order else 0)(status)
    cmap = ListedColormap([STATUS_COLOUR[s] for s in order])
    ax.imshow(codes, cmap=cmap, vmin=-0.5, vmax=2.5, aspect="auto")
    for i in range(len(docs)):
        for j in range(len(elements)):
            state = str(status[i, j])
            if state == "missing":
                ax.add_patch(
                    Rectangle(
                        (j - 0.5, i - 0.5),
                        1,
                        1,
                        fill=False,
                        hatch="///",
                        edgecolor="#D55E00",
                        linewidth=0,
                    )
                )
            mark = STATUS_MARK.get(state, "?")
            text = f"{mark}\n{scores[i, j]:.2f}" if show_scores else mark
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=8 if show_scores else 11,
                color="white" if state == "present" else "black",
                fontweight="bold",
                linespacing=0.9,
            )
    labels = _labels(coverage)
    short = set(coverage[coverage.short_text].doc) if "short_text" in coverage else set()
    names = element_labels(coverage)
    ax.set_xticks(range(len(elements)), [names[e] for e in elements], rotation=45, ha="right",
                  fontsize=8)  # fmt: skip
    ax.set_yticks(
        range(len(docs)), [labels[d] + (" *" if d in short else "") for d in docs], fontsize=9
    )
    ax.set_xticks(np.arange(-0.5, len(elements)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(docs)), minor=True)
    ax.grid(which="minor", color="#505a5f", linewidth=0.8)
    ax.tick_params(which="minor", length=0)
    ax.set_title(title, fontsize=11)
    handles = [
        Patch(facecolor=STATUS_COLOUR["present"], edgecolor="black", label="● present"),
        Patch(facecolor=STATUS_COLOUR["partial"], edgecolor="black", label="◐ partial"),
        Patch(facecolor="white", edgecolor="#D55E00", hatch="///", label="✕ missing"),
    ]
    if short:
        handles.append(Patch(facecolor="none", edgecolor="none", label="* short text"))
    if ax.figure.get_layout_engine() is not None:
        ax.figure.legend(
            handles=handles, loc="outside lower center", ncol=4, frameon=False, fontsize=9
        )
    else:
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.45),
            ncol=4,
            frameon=False,
            fontsize=9,
        )
    return ax


def improvement_chart(
    points: pd.DataFrame,
    judgements: pd.DataFrame,
    ax: Axes | None = None,
    *,
    grade: str = "impact_of_leaders",
    title: str | None = None,
) -> Axes:
    """Which framework elements inspectors ask councils to improve: improvement points per
    element (Ofsted's tag, else the kit's reading of the text), stacked by the report's grade
    for ``grade`` (a column of ``judgements``, joined on council and publication date).

    >>> import pandas as pd
    >>> points = pd.DataFrame({"council": ["A", "A", "B"], "published": ["2025-01-01"] * 3,
    ...     "element": ["NF-O3", "", "NF-E2"], "predicted_element": ["NF-O3", "NF-O4", "NF-O1"]})
    >>> grades = pd.DataFrame({"council": ["A", "B"], "published": ["2025-01-01"] * 2,
    ...     "impact_of_leaders": ["Good", "Inadequate"]})
    >>> ax = improvement_chart(points, grades)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['NF-E2', 'NF-O3', 'NF-O4']
    """
    ax = _axes(ax, (8.0, 4.0))
    table = points.merge(judgements[["council", "published", grade]], on=["council", "published"])
    element = table.element.where(table.element != "", table.predicted_element)
    table = table.assign(element=element)
    table = table[table.element != ""]
    grades = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]
    counts = (
        table.groupby(["element", grade]).size().unstack(fill_value=0).reindex(columns=grades,
                                                                              fill_value=0)
    )  # fmt: skip
    counts = counts.sort_index()
    bottom = np.zeros(len(counts))
    colours = [OKABE_ITO[2], OKABE_ITO[4], OKABE_ITO[0], OKABE_ITO[5]]
    for name, colour in zip(grades, colours, strict=True):
        values = counts[name].to_numpy()
        ax.bar(counts.index, values, bottom=bottom, color=colour, label=name)
        bottom += values
    ax.set_ylabel("improvement points")
    ax.set_title(title or f"What inspectors ask councils to improve, by {grade.replace('_', ' ')}")
    ax.tick_params(axis="x", rotation=45)
    ax.legend(frameon=False, fontsize=8)
    return ax


def _linkage(sim: pd.DataFrame) -> np.ndarray:
    """Average-linkage clustering of documents by distance 1 - cosine similarity."""
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - sim.to_numpy(dtype=float), 0, None)
    np.fill_diagonal(dist, 0.0)
    link: np.ndarray = linkage(squareform((dist + dist.T) / 2, checks=False), method="average")
    return link


def _cluster_order(sim: pd.DataFrame) -> list[int]:
    from scipy.cluster.hierarchy import leaves_list

    if len(sim) < 3:
        return list(range(len(sim)))
    return [int(i) for i in leaves_list(_linkage(sim))]


def similarity_heatmap(
    sim: pd.DataFrame,
    ax: Axes | None = None,
    *,
    councils: dict[str, str] | None = None,
    title: str | None = None,
) -> Axes:
    """Council-to-council similarity (from :func:`policylib.similarity`), rows and columns
    ordered by average-linkage clustering so similar councils sit together.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> corpus = load_corpus(bundled_chapters())
    >>> from policylib import similarity
    >>> ax = similarity_heatmap(similarity(corpus))
    >>> len(ax.get_yticklabels())
    5
    """
    order = _cluster_order(sim)
    names = [sim.index[i] for i in order]
    ordered = sim.loc[names, names]
    n = len(names)
    ax = _axes(ax, (2.5 + 0.7 * n, 1.8 + 0.6 * n))
    values = ordered.to_numpy(dtype=float).copy()
    np.fill_diagonal(values, np.nan)
    off = values[~np.isnan(values)]
    image = ax.imshow(
        values, cmap="cividis", vmin=0, vmax=max(0.2, float(off.max())) if off.size else 1
    )
    for i in range(n):
        for j in range(n):
            if i != j:
                ax.text(
                    j,
                    i,
                    f"{values[i, j]:.2f}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if values[i, j] < 0.6 * np.nanmax(values) else "black",
                )
    labels = [short_label((councils or {}).get(d, ""), d) for d in names]
    ax.set_xticks(range(n), labels, rotation=45, ha="right", fontsize=9)
    ax.set_yticks(range(n), labels, fontsize=9)
    ax.set_title(title or "How alike the chapters are (cosine similarity)", fontsize=11)
    ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02).set_label("cosine similarity")
    return ax


def dendrogram(
    sim: pd.DataFrame,
    ax: Axes | None = None,
    *,
    councils: dict[str, str] | None = None,
    title: str | None = None,
) -> Axes:
    """Average-linkage clustering of councils by similarity, drawn as a dendrogram.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> corpus = load_corpus(bundled_chapters())
    >>> from policylib import similarity
    >>> ax = dendrogram(similarity(corpus))
    >>> len(ax.get_yticklabels())
    5
    """
    from scipy.cluster.hierarchy import dendrogram as draw

    names = list(sim.index)
    ax = _axes(ax, (7.0, 1.2 + 0.45 * len(names)))
    labels = [
        short_label((councils or {}).get(d, ""), d, width=40).replace("\n", " ") for d in names
    ]
    if len(names) < 2:
        ax.text(
            0.5, 0.5, "need two or more documents", ha="center", va="center", transform=ax.transAxes
        )
        ax.set_axis_off()
        return ax
    link = _linkage(sim)
    draw(
        link,
        labels=labels,
        orientation="right",
        ax=ax,
        color_threshold=0,
        above_threshold_color=OKABE_ITO[4],
    )
    ax.set_xlabel("distance (1 - cosine similarity)")
    ax.set_title(title or "Which councils write alike", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def distinctive_terms_chart(
    terms: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    value: str = "keyness",
) -> Axes:
    """Horizontal bars of a document's distinctive terms (from
    :func:`policylib.distinctive_terms`), strongest at the top.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> corpus = load_corpus(bundled_chapters())
    >>> from policylib import distinctive_terms
    >>> terms = distinctive_terms(corpus, 'hull-values-principles-strategy', top=5)
    >>> ax = distinctive_terms_chart(terms)
    >>> len(ax.patches)
    5
    """
    ax = _axes(ax, (6.0, 0.8 + 0.32 * max(len(terms), 1)))
    shown = terms.iloc[::-1]
    ax.barh(shown.term, shown[value], color=OKABE_ITO[4])
    ax.set_xlabel(
        {
            "keyness": "weight in this chapter minus mean weight in the others",
            "weight": "TF-IDF weight in this chapter",
        }.get(value, value)
    )
    ax.set_title(title or "Distinctive terms", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="y", labelsize=9)
    return ax


def template_share_chart(
    share: pd.DataFrame,
    ax: Axes | None = None,
    *,
    councils: dict[str, str] | None = None,
    title: str | None = None,
) -> Axes:
    """Stacked bars: each chapter's share of template text (shared with other chapters) and of
    locally written text (from :func:`policylib.template_share`).

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> corpus = load_corpus(bundled_chapters())
    >>> from policylib import template_share
    >>> ax = template_share_chart(template_share(corpus))
    >>> len(ax.get_yticklabels())
    5
    """
    ax = _axes(ax, (7.0, 1.0 + 0.45 * max(len(share), 1)))
    ordered = share.sort_values(["local_share", "doc"])
    labels = [short_label((councils or {}).get(d, ""), d, width=30) for d in ordered.doc]
    y = np.arange(len(ordered))
    ax.barh(y, ordered.local_share, color=OKABE_ITO[2], label="written locally")
    ax.barh(
        y,
        ordered.template_share,
        left=ordered.local_share,
        color=OKABE_ITO[7],
        alpha=0.35,
        hatch="..",
        label="shared template text",
    )
    for yi, value in zip(y.tolist(), ordered.local_share.tolist(), strict=True):
        ax.text(
            0.01,
            float(yi),
            f"{value:.0%}",
            va="center",
            fontsize=8,
            color="white",
            fontweight="bold",
        )
    ax.set_yticks(y, labels, fontsize=9)
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter("{x:.0%}")
    ax.set_xlabel("share of the chapter's words")
    ax.set_title(title or "Locally written versus shared template text", fontsize=11)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def _decimal_year(value: Any) -> float | None:
    """ "2024-05" or "2024-05-22" → 2024.33…; ``None`` when there is no date."""
    parts = str(value or "").split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
    except (ValueError, IndexError):
        return None
    return year + (month - 1) / 12 + (day - 1) / 365


def timeline(documents: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None) -> Axes:
    """When each chapter was last amended, against the dates of the national documents.
    Takes ``corpus.documents``; chapters without an amendment date are listed as undated.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> corpus = load_corpus(bundled_chapters())
    >>> ax = timeline(corpus.documents)
    >>> bool(ax.get_title())
    True
    """
    years = [_decimal_year(v) for v in documents.amended]
    rows = sorted(
        (
            (year, str(doc), str(council))
            for year, doc, council in zip(years, documents.doc, documents.council, strict=True)
            if year is not None
        ),
    )
    undated = [
        (str(doc), str(council))
        for year, doc, council in zip(years, documents.doc, documents.council, strict=True)
        if year is None
    ]
    ax = _axes(ax, (9.0, 1.6 + 0.45 * max(len(documents), 1)))
    y = list(range(len(rows)))
    ax.scatter([r[0] for r in rows], y, color=OKABE_ITO[5], zorder=3, s=40, label="chapter amended")
    ax.set_yticks(
        y, [short_label(c, d, width=40).replace("\n", " ") for _, d, c in rows], fontsize=9
    )
    for i, (date, label) in enumerate(NATIONAL_DATES):
        x = _decimal_year(date) or 0.0
        ax.axvline(x, color=OKABE_ITO[4], linestyle="--", linewidth=1)
        ax.annotate(
            label,
            (x, 1.0),
            xycoords=("data", "axes fraction"),
            fontsize=7.5,
            ha="left",
            va="bottom",
            xytext=(3, 2 + 22 * (i % 2)),
            textcoords="offset points",
            color=OKABE_ITO[4],
        )
    low = min([2003.0, *(r[0] for r in rows)])
    ax.set_xlim(low - 0.6, 2027.0)
    first_tick = int(low) + int(low) % 2
    ax.set_xticks(list(range(first_tick, 2027, 2)))
    ax.set_ylim(-0.7, max(len(rows), 1) - 0.3)
    ax.spines[["top", "right"]].set_visible(False)
    if undated:
        names = ", ".join(short_label(c, d, width=60).replace("\n", " ") for d, c in undated)
        ax.set_xlabel(f"no amendment date: {names}", fontsize=8)
    ax.set_title(title or "When each chapter was last amended", fontsize=11, pad=44)
    return ax
