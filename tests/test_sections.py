"""Section parsing on the real bundled chapters, generated documents and HTML pages."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from policylib import Corpus, load_corpus, parse_sections, read_document
from policylib.reading.text import normalise

from .conftest import CHAPTERS, DATA, assert_lossless

SG = "south-gloucestershire-policies-values-principles"


def _descendants(sections: pd.DataFrame, section_id: str) -> pd.DataFrame:
    ids = {section_id}
    rows = []
    for row in sections.itertuples():
        if row.parent_id in ids:
            ids.add(row.section_id)
            rows.append(row.Index)
    return sections.loc[rows]


def test_every_bundled_chapter_is_lossless(corpus: Corpus) -> None:
    assert len(corpus) == 5
    for doc in corpus:
        assert_lossless(doc)


def test_south_gloucestershire_structure(corpus: Corpus) -> None:
    s = corpus.sections[corpus.sections.doc == SG]
    top = s[(s.kind == "heading") & (s.number != "")]
    assert top[top.level == 1].number.tolist() == ["1", "2", "3", "4", "5", "6", "7"]
    principles = s[s.section_id == f"{SG}#3.2"]
    assert principles.heading.tolist() == ["Corporate Parenting Principles"]
    items = _descendants(s, f"{SG}#3.2")
    items = items[items.kind == "list_item"]
    assert len(items) == 7
    assert items.text.iloc[0].startswith("• To act in the best interests")
    assert items.text.iloc[-1].startswith("• To prepare those children and young people")
    # The contents list is one contents section, not a second set of headings.
    assert (s.kind == "contents").sum() == 1
    assert (s.heading == "A Shared Responsibility").sum() == 1
    assert "Corporate Parenting Principles" in items.heading_path.iloc[0]
    outcomes = s[s.parent_id == f"{SG}#4"]
    assert outcomes[outcomes.kind == "heading"].heading.tolist() == [
        "Being Healthy",
        "Staying Safe",
        "Enjoying and Achieving",
        "Making a Positive Contribution",
        "Economic Well-being",
    ]


def test_south_gloucestershire_furniture(corpus: Corpus) -> None:
    f = corpus.furniture[corpus.furniture.doc == SG]
    assert set(f.text) >= {"Skip to main content", "Top of page", "End"}
    assert not corpus.sections.text.str.contains("View this website with").any()


def test_liverpool_ten_practice_principles(corpus: Corpus) -> None:
    s = corpus.sections[corpus.sections.doc == "liverpool-practice-principles"]
    items = s[s.kind == "list_item"]
    assert len(items) == 10
    assert items.heading.iloc[0] == "Safeguarding children and young people"
    assert items.heading.iloc[-1] == "How we write about children, young people and families"
    assert items.heading.tolist()[4:8] == [
        "The right relationships",
        "Participation",
        "Working together",
        "Developing our staff",
    ]
    # Each principle holds its description as well as its title.
    assert "least interventionist way possible" in items.text.iloc[0]
    meta = corpus.furniture[
        (corpus.furniture.doc == "liverpool-practice-principles")
        & (corpus.furniture.kind == "metadata")
    ]
    assert set(meta.reason) == {"date", "last_updated", "version"}


def test_durham_open_principles_under_group_headings(corpus: Corpus) -> None:
    s = corpus.sections[corpus.sections.doc == "durham-policies-values-principles"]
    by_id = s.set_index("section_id")
    groups = {
        "We work together to achieve the best": [
            "The Best for our Children",
            "Think Family/Think Inclusion",
            "Timeliness",
            "Stability",
        ],
        "We are people focussed": ["Working With", "Child Focused", "Relationships Matter"],
        "We are Empowering": ["Strengths Based", "Supporting Families and Communities"],
        "We are iNnovative": ["Transparency and Accountability", "Creative"],
    }
    for opening, titles in groups.items():
        group = s[s.text.str.startswith(opening)]
        assert len(group) == 1, opening
        children = s[(s.parent_id == group.section_id.iloc[0]) & (s.kind == "list_item")]
        assert children.heading.tolist() == titles
        assert all(by_id.loc[c, "level"] == group.level.iloc[0] + 1 for c in children.section_id)


def test_hull_numbered_sections(corpus: Corpus) -> None:
    s = corpus.sections[corpus.sections.doc == "hull-values-principles-strategy"]
    top = s[(s.kind == "heading") & (s.level == 1)]
    assert (top.number + ". " + top.heading).tolist() == [
        "1. Values and Principles",
        "2. Strategy",
        "3. Principles in Relation to Practice",
    ]
    furniture = corpus.furniture[corpus.furniture.doc == "hull-values-principles-strategy"]
    assert furniture.text.tolist() == ["Trix procedures", "Only valid for 48hrs"]


def test_bedfordshire_principles_hold_their_descriptions(corpus: Corpus) -> None:
    s = corpus.sections[corpus.sections.doc == "bedfordshire-national-framework-briefing"]
    items = s[s.kind == "list_item"]
    first = items[items.heading == "Children’s welfare is paramount"]
    assert len(first) == 1
    assert "must always be made in their best interests" in first.text.iloc[0]


def test_html_page_parses_like_the_same_text() -> None:
    html = read_document(DATA / "south-gloucestershire-saved-page.html")
    text = read_document(CHAPTERS / f"{SG}.txt")
    assert html.format == "html" and text.format == "text"

    def shape(doc):  # type: ignore[no-untyped-def]
        return [
            (
                s.section_id.split("#")[1],
                s.level,
                s.kind,
                s.heading,
                s.text if s.kind != "contents" else "",
            )
            for s in doc.sections
        ]

    assert shape(html) == shape(text)
    assert_lossless(html)
    reasons = {s.reason for s in html.spans}
    assert {"html nav", "html script", "html footer", "html skip"} <= reasons
    # The contents table keeps its caption; no other section holds it.
    holders = [s.kind for s in html.sections if "Caption: Contents table" in s.text]
    assert holders == ["contents"]
    assert not any("querySelectorAll" in s.text for s in html.sections)
    assert html.title == "Children's Services Policies, Values and Principles"
    assert html.source_url == "https://southgloscs.proceduresonline.com/chapters/values.html"
    assert html.council == "South Gloucestershire Council"


def test_metadata_read_from_text_when_no_manifest(tmp_path) -> None:  # type: ignore[no-untyped-def]
    for name in (
        "durham-policies-values-principles",
        "liverpool-practice-principles",
        "hull-values-principles-strategy",
    ):
        (tmp_path / f"{name}.txt").write_bytes((CHAPTERS / f"{name}.txt").read_bytes())
    docs = load_corpus(tmp_path).documents.set_index("doc")
    assert docs.loc["durham-policies-values-principles", "amended"] == "2024-05"
    assert docs.loc["durham-policies-values-principles", "last_updated"] == "2024-05-22"
    assert docs.loc["durham-policies-values-principles", "version"] == "v27"
    assert docs.loc["liverpool-practice-principles", "amended"] == "2024-07"
    assert docs.loc["hull-values-principles-strategy", "amended"] == "2014-05"
    # Never blank: the file name stands in, and the provenance says so.
    assert (
        docs.loc["hull-values-principles-strategy", "council"] == "Hull Values Principles Strategy"
    )
    assert "council=file" in docs.loc["hull-values-principles-strategy", "metadata_source"]
    assert docs.loc["hull-values-principles-strategy", "title"] == "Values, Principles and Strategy"


# -- generated documents -------------------------------------------------------------------------

_words = st.lists(
    st.sampled_from(
        [
            "children",
            "families",
            "care",
            "the",
            "of",
            "and",
            "to",
            "safe",
            "we",
            "will",
            "Council",
            "policy",
            "principles",
            "local",
            "authority",
            "partners",
            "views",
        ]
    ),
    min_size=1,
    max_size=25,
).map(" ".join)
_line = st.one_of(
    _words.map(lambda w: w.capitalize() + "."),
    _words.map(lambda w: w.upper()[:40]),
    st.tuples(st.integers(1, 9), st.integers(0, 9), _words).map(
        lambda t: f"{t[0]}.{t[1]} {t[2].title()[:50]}" if t[1] else f"{t[0]}. {t[2].title()[:50]}"
    ),
    _words.map(lambda w: f"  • {w};"),
    _words.map(lambda w: f"- {w.title()[:20]} - {w}."),
    _words.map(lambda w: f"  1. {w.capitalize()[:30]}:\n    {w}."),
    st.sampled_from(
        [
            "Skip to content",
            "Top of page",
            "Contents",
            "End",
            "v12",
            "|",
            "Last Updated: May 22, 2024",
            "Caption: Contents table",
            "ms",
            "",
        ]
    ),
    st.text(min_size=1, max_size=80),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_line, min_size=1, max_size=40), st.sampled_from(["\n", "\n\n"]))
def test_generated_documents_are_lossless(lines: list[str], joiner: str) -> None:
    text = normalise(joiner.join(lines))
    sections, spans = parse_sections("gen", text)
    from policylib.reading.corpus import Document

    doc = Document("gen", text, tuple(sections), tuple(spans))
    assert_lossless(doc)
    ids = [s.section_id for s in sections]
    assert len(ids) == len(set(ids))
    known = set(ids)
    assert all(s.parent_id in known or s.parent_id == "" for s in sections)
    # Parsing is deterministic.
    assert parse_sections("gen", text) == (sections, spans)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["item", "candidate", "heading", "prose"]),
            st.sampled_from(["Aims", "aims of care", "Aim", "Scope", "(a) Scope", "", "Voice"]),
            st.booleans(),
        ),
        min_size=1,
        max_size=14,
    )
)
def test_contents_runs_found_as_defined(rows: list[tuple[str, str, bool]]) -> None:
    # A run of list items is a contents table when at least two items, and 60% of them, equal
    # or begin a heading below the run: the parser's sorted look-up against the definition.
    from policylib.reading.sections import _Later, _Line, _norm_heading, _starts_contents

    tokens = [(kind, 0, "", text) for kind, text, _ in rows]
    lines = [_Line(k, 0, 1, 0, text or "x", gap, False) for k, (_, text, gap) in enumerate(rows)]
    later = _Later(tokens)
    for i, (kind, _, _) in enumerate(rows):
        if kind != "item":
            continue
        j = i
        while j < len(tokens) and tokens[j][0] == "item":
            j += 1
        heads = [_norm_heading(t[3]) for t in tokens[j:] if t[0] in ("heading", "candidate")]
        hits = sum(
            1
            for t in tokens[i:j]
            if (item := _norm_heading(t[3])) and any(h.startswith(item) for h in heads if h)
        )
        starts_run = i == 0 or tokens[i - 1][0] != "item" or rows[i][2]
        expected = starts_run and j - i >= 2 and hits >= 2 and hits / (j - i) >= 0.6
        assert _starts_contents(tokens, lines, i, later) == expected


def test_a_section_is_an_immutable_record_that_never_prints_its_document() -> None:
    import pickle

    import pytest

    sections, _ = parse_sections("d", "Values\n\nWe listen to children.")
    para = sections[1]
    assert para.text == "We listen to children." and para.source.startswith("Values")
    assert "source" not in repr(para) and "Values\n" not in repr(para)
    with pytest.raises(AttributeError):
        para.kind = "title"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(para)) == para and hash(para) == hash(para._replace())
