"""Passages and the TF-IDF estimator (policylib.scoring.model, policylib.scoring.textmodel)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from policylib import Corpus, passages
from policylib.scoring.model import PASSAGE_COLUMNS, default_model, model_for, restates_guidance


def test_passages_table(corpus: Corpus) -> None:
    table = passages(corpus)
    assert list(table.columns) == list(PASSAGE_COLUMNS)
    for row in table.sample(20, random_state=0).itertuples():
        assert corpus[row.doc].text[row.start : row.end] == row.text
    assert not table.statement.all() and table.statement.any()


def test_default_model_is_shared_and_bundled_frameworks_use_it() -> None:
    from policylib import load_framework

    assert default_model() is default_model()
    assert model_for(load_framework("national-framework-2023")) is default_model()


_ORIGINAL_RESTATED = re.compile(
    r"^(?:working together|the (?:national )?(?:guidance|framework|act|legislation|regulations)|"
    r"(?:this|the) (?:statutory )?guidance|statutory guidance|the children act)\b[^.]{0,120}?"
    r"\b(?:emphasises|emphasizes|recognises|recognizes|states|requires|sets out|says|contains|"
    r"describes|highlights|stresses)\b"
    r"|\blocal authorities (?:should|must)\b",
    re.IGNORECASE,
)
_PIECES = st.sampled_from(
    [
        "The guidance ",
        "this statutory guidance ",
        "Working Together ",
        "LOCAL AUTHORITIES must ",
        "local author\u0131ties should ",
        "sets out ",
        "empha\u017fises ",
        "\u017fee also ",
        "read in conjunction with ",
        "has regard to ",
        "This chapter was revİsed in May 2024 ",
        "chapter ",
        "amended ",
        "children. ",
        "İ",
        " ",
        ".",
    ]
)


@given(st.lists(_PIECES, max_size=8).map("".join))
@settings(max_examples=300, deadline=None)
def test_quick_tests_before_the_patterns_change_no_judgement(text: str) -> None:
    # Each judgement first asks whether the words its patterns need are there (caseless): the
    # answers are the patterns' own, whatever the case and the letters that fold oddly.
    from policylib.reading.furniture import _AMENDED, _AMENDMENT_NOTE, is_amendment_note
    from policylib.scoring.analysis import caseless
    from policylib.scoring.model import _REFERENCE, _refers_elsewhere

    assert restates_guidance(text) == bool(_ORIGINAL_RESTATED.search(text.strip()))
    assert _refers_elsewhere(text, caseless(text)) == bool(_REFERENCE.search(text))
    note = bool(_AMENDMENT_NOTE.search(text) or _AMENDED.search(text))
    assert is_amendment_note(text) == note
    assert is_amendment_note(text, folded=caseless(text)) == note
