"""Chart functions draw what they are given, on the axes they are given."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from policylib import Corpus, coverage, distinctive_terms, similarity, template_share
from policylib.showing import charts


@pytest.fixture(autouse=True)
def _close_figures():  # type: ignore[no-untyped-def]
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def cov(corpus: Corpus) -> pd.DataFrame:
    return coverage(corpus)


def test_coverage_heatmap_draws_every_cell(cov: pd.DataFrame) -> None:
    _, ax = plt.subplots()
    assert charts.coverage_heatmap(cov, ax=ax) is ax
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert [t.split()[0] for t in ticks] == list(dict.fromkeys(cov.element))
    assert ticks[0] == "NF-P1 Welfare is paramount"  # elements by short title, not bare ids
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[:3] == ["Bedfordshire", "Durham", "Hull"]
    marks = [t.get_text().split("\n")[0] for t in ax.texts]
    assert len(marks) == 5 * 13
    assert marks.count(charts.STATUS_MARK["missing"]) == (cov.status == "missing").sum()
    # Each cell shows its verdict's colour and its score as text.
    assert ax.images[0].get_array().max() == 2 and "\n0." in ax.texts[0].get_text()
    hatched = [p for p in ax.patches if p.get_hatch()]
    assert len(hatched) == (cov.status == "missing").sum()


def test_coverage_heatmap_one_council_and_empty(cov: pd.DataFrame) -> None:
    one = cov[cov.doc == "hull-values-principles-strategy"]
    ax = charts.coverage_heatmap(one)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Hull"]
    empty = charts.coverage_heatmap(cov.iloc[0:0])
    assert "no coverage rows" in empty.texts[0].get_text()


def test_similarity_heatmap_and_dendrogram(corpus: Corpus) -> None:
    sim = similarity(corpus)
    ax = charts.similarity_heatmap(sim, councils=corpus.councils)
    labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert sorted(labels) == sorted(
        ["Bedfordshire", "Durham", "Hull", "Liverpool", "South Gloucestershire"]
    )
    # Clustering puts the two most alike chapters next to each other.
    assert abs(labels.index("Durham") - labels.index("South Gloucestershire")) == 1
    assert len(ax.texts) == 5 * 4
    dend = charts.dendrogram(sim, councils=corpus.councils)
    assert len(dend.get_yticklabels()) == 5
    single = charts.dendrogram(sim.iloc[:1, :1])
    assert "two or more" in single.texts[0].get_text()


def test_terms_share_and_timeline(corpus: Corpus) -> None:
    terms = distinctive_terms(corpus, "hull-values-principles-strategy", top=6)
    ax = charts.distinctive_terms_chart(terms)
    assert len(ax.patches) == 6
    assert ax.get_yticklabels()[-1].get_text() == terms.term.iloc[0]
    share = charts.template_share_chart(template_share(corpus), councils=corpus.councils)
    assert len(share.patches) == 10
    line = charts.timeline(corpus.documents)
    assert len(line.get_yticklabels()) == 4  # Bedfordshire has no amendment date
    assert "Bedfordshire" in line.get_xlabel()


@pytest.mark.parametrize(
    ("council", "doc", "label"),
    [
        ("Durham County Council", "d", "Durham"),
        ("Safeguarding Bedfordshire (Bedford Borough; Luton)", "b", "Bedfordshire"),
        ("Birmingham Children's Trust (for Birmingham City Council)", "x", "Birmingham"),
        ("", "my-chapter", "my-chapter"),
    ],
)
def test_short_label(council: str, doc: str, label: str) -> None:
    assert charts.short_label(council, doc) == label
