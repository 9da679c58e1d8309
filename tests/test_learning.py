"""The students' guide (policylib.showing.learning)."""

from __future__ import annotations

from policylib import element_guide, guide_markdown, load_corpus
from policylib.showing.learning import GUIDE_COLUMNS

from .conftest import CHAPTERS, ROOT


def test_guide_has_official_words_and_councils_own_for_every_element() -> None:
    corpus = load_corpus([CHAPTERS, ROOT / "benchmarks/data/excerpts"])
    guide = element_guide(corpus)
    assert list(guide.columns) == list(GUIDE_COLUMNS)
    official = guide[guide.kind == "framework"]
    assert len(official) == 13 and official.text.str.len().min() > 40
    assert official.source.str.startswith("https://www.gov.uk/").all()
    councils = guide[guide.kind == "council"]
    assert set(councils.element) == set(official.element)
    # Never the Bedfordshire briefing restating the framework's own headings back.
    assert not councils.text.str.contains("Children’s welfare is paramount Decisions").any()
    assert councils.groupby("element").source.apply(lambda s: s.is_unique).all()
    text = guide_markdown(guide)
    assert text.count("### NF-") == 13
    assert "…" not in "".join(guide.text)  # nothing cut
