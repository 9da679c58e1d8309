"""Comparisons: explanations, similarity, distinctive terms and currency
(policylib.scoring.compare)."""

from __future__ import annotations

import dataclasses

import pytest

from policylib import Corpus, currency, distinctive_terms, explain, load_framework, similarity
from policylib.scoring.compare import SUPERSEDED_GUIDANCE


def test_explain_two_texts_adds_up() -> None:
    why = explain("children's wishes and feelings are heard", "we hear wishes and feelings")
    assert why.contribution.sum() == pytest.approx(float(why.contribution.sum()))
    assert why.share.sum() == pytest.approx(1.0)
    assert "wishes" in " ".join(why.term)


def test_explain_a_passage_against_an_element_names_its_words(corpus: Corpus) -> None:
    from policylib.scoring.model import document_passages

    nf = load_framework("national-framework-2023")
    passage = next(
        p
        for p in document_passages(corpus["hull-values-principles-strategy"])
        if "centre of our practice" in p.text
    )
    why = explain(passage, nf["NF-P1"])
    assert why.contribution.sum() > 0 and "centre" in " ".join(why.term)


def test_similarity_is_symmetric_with_unit_diagonal(corpus: Corpus) -> None:
    sim = similarity(corpus)
    assert sim.to_numpy().diagonal() == pytest.approx(1.0)
    assert sim.to_numpy() == pytest.approx(sim.to_numpy().T)


def test_distinctive_terms_are_ranked(corpus: Corpus) -> None:
    terms = distinctive_terms(corpus, "hull-values-principles-strategy", top=5)
    assert len(terms) == 5 and terms.keyness.is_monotonic_decreasing


def test_currency_uses_last_updated_and_names_sources(corpus: Corpus) -> None:
    hull = corpus["hull-values-principles-strategy"]
    flags = currency([dataclasses.replace(hull, amended="", last_updated="2022-03-01")])
    assert "last updated 2022-03-01" in " ".join(flags.detail)
    assert all(source.startswith("https://") for _, _, source in SUPERSEDED_GUIDANCE)
    cited = currency(corpus)
    cites = cited[cited.issue.str.startswith("cites")]
    assert cites.empty or cites.detail.str.contains("source: https://").all()
