"""The one analyser (policylib.scoring.analysis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policylib.scoring.analysis import (
    WORD,
    _codes,
    _letter_runs,
    _odd_characters,
    analyse,
    find_words,
    folded_text_words,
    folded_words,
    number_words,
    readable,
    tokens,
    word_offsets,
    words,
)


def test_analyser_folds_inflections_and_splits_hyphens() -> None:
    assert tokens("trained") == tokens("training") == ["train"]
    assert analyse("relationship-based") == analyse("relationship based")
    assert tokens("well-being") == tokens("wellbeing") == tokens("well being")
    # Meaning words stay; function words go.
    assert words("keep the whole family together first") == [
        "keep",
        "whole",
        "family",
        "together",
        "first",
    ]


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_analyser_never_fails_on_any_text(text: str) -> None:
    features = analyse(text)
    assert all(f and f == f.strip() for f in features)


def test_case_folding_of_awkward_letters() -> None:
    assert words("İSTANBUL Straße ﬁnance") == words("i̇stanbul strasse finance")


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_words_are_found_where_they_stand(text: str) -> None:
    # Case-folding works word by word on the text as written: offsets never move.
    for m in WORD.finditer(text):
        assert text[m.start() : m.end()] == m.group()
    assert len(folded_words(text)) == len(WORD.findall(text))


# Text that reaches the slow paths: underscores, combining accents, letters that fold longer.
_AWKWARD = st.text(
    alphabet=st.sampled_from("aZ _-\u0301\u0345İßﬁŉ1\n.’–\u00bd\u0663\ud800\U0001d400\U0001f600"),
    max_size=60,
)


@given(st.one_of(st.text(max_size=200), _AWKWARD))
@settings(max_examples=300, deadline=None)
def test_fast_word_cutting_finds_what_the_word_pattern_finds(text: str) -> None:
    # The fast paths (\w+ on plain text, folding the text at once) against the definition.
    assert find_words(text) == WORD.findall(text)
    assert folded_words(text) == [w.casefold() for w in WORD.findall(text)]
    folded = re.sub(r"\bwell[\s\-\u2010\u2011]+being\b", "wellbeing", text.casefold())
    assert folded_text_words(text) == WORD.findall(folded)
    for repeated in (text, text * 8):  # short text and text long enough for numpy
        assert word_offsets(repeated).tolist() == [m.start() for m in WORD.finditer(repeated)]
    codes = _codes(text)
    if not _odd_characters(codes).any():  # runs of letters and digits are the words
        starts, ends = (a.tolist() for a in _letter_runs(codes))
        assert list(zip(starts, ends, strict=True)) == [m.span() for m in WORD.finditer(text)]


def test_readable_shows_the_texts_own_words() -> None:
    assert readable("famili network", "Our family networks help") == "family networks"


_PHRASES = st.sampled_from(
    ["well", "WELL", "being", "Being", "wellbeing", "well-being", "-", "\u2010", " ", "\n", ".",
     "children", "Children’s", "İ", "ß", "ﬁ", "_", "\u0301", "\u0345", "\U0001d400", "½", "7"]
)  # fmt: skip


@given(st.lists(st.lists(_PHRASES, max_size=12).map("".join), max_size=6), st.booleans())
@settings(max_examples=300, deadline=None)
def test_words_numbered_together_as_word_by_word(texts: list[str], known: bool) -> None:
    # Texts cut together with numpy (those that fold one to one) and word by word (the rest)
    # number every word as numbering folded_text_words text by text would, "well being" joined.
    start = {"children": 0, "well": 1} if known else {}
    numbers = dict(start)
    found = [ids.tolist() for ids in number_words(texts, numbers)]
    expected_numbers = dict(start)
    expected = [
        [expected_numbers.setdefault(w, len(expected_numbers)) for w in folded_text_words(t)]
        for t in texts
    ]
    assert found == expected
    assert list(numbers) == list(expected_numbers)
