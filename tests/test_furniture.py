"""Site furniture and metadata lines (policylib.reading.furniture)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policylib.reading.furniture import _FURNITURE, classify_line, parse_date, read_metadata


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Skip to content", "skip link"),
        ("Company Logo", "logo"),
        ("Top of page", "back to top link"),
        ("Caption: Contents table", "contents table caption"),
        ("This page is only valid for 48hrs", "print footer"),
        ("Printed copies are only valid on the day of printing", "print footer"),
        ("Print", "icon label"),
        ("×", "icon label"),
        ("* * *", "layout separator"),
    ],
)
def test_furniture_by_pattern(line: str, reason: str) -> None:
    found = classify_line(line)
    assert found is not None and found.kind == "furniture" and found.reason == reason


_PIECES = st.sampled_from(
    [
        "skip",
        "to",
        "navigation",
        "logo",
        "top of page",
        "back to top",
        "size:",
        "text size",
        "view this website with",
        "text",
        "accessibility",
        "tools",
        "caption:",
        "trix procedures",
        "end",
        "printed on",
        "only valid",
        "valid only",
        "for",
        "until",
        "print",
        "email",
        "ms",
        "×",
        "*",
        "-",
        "_",
        "Council",
        "We listen to children.",
        "İ",
        "\u212a",  # Kelvin sign: folds to "k"
        "\u017f",  # long s: folds to "s"
        "SKIP",
        "\u017fkip",
        "Logo",
        "VALID",
        "\u017fize:",
        "Caption:",
        "PRINTED ON",
        "and we work with partners across the whole area every day",
        "…",
        " ",
        "  ",
        "1",
    ]
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=8).map(" ".join))
def test_furniture_reason_is_the_first_pattern_that_matches_the_line(line: str) -> None:
    # The patterns run as one alternation, and only on lines that hold what a match needs;
    # each line gets the reason of the first pattern, in order, that matches the whole
    # stripped line, as when they were tried one by one on every line.
    stripped = line.strip()
    first = next((r for r, p in _FURNITURE if p.fullmatch(stripped)), None)
    found = classify_line(line)
    if found is None or found.kind == "furniture":
        assert (found.reason if found else None) == first


@pytest.mark.parametrize("line", ["UK", "No", "We work across the UK.", "Yes we can."])
def test_short_words_are_content(line: str) -> None:
    assert classify_line(line) is None


def test_metadata_lines() -> None:
    updated = classify_line("Last Updated: May 22, 2024")
    assert updated is not None and (updated.reason, updated.value) == ("last_updated", "2024-05-22")
    version = classify_line("v27")
    assert version is not None and version.value == "v27"


@pytest.mark.parametrize(
    ("text", "iso"),
    [("May 2014", "2014-05"), ("22nd May 2024", "2024-05-22"), ("Sept 2023", "2023-09"),
     ("not a date", "")],
)  # fmt: skip
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text) == iso


def test_amendment_date_read_from_a_sentence() -> None:
    assert read_metadata("In May 2024, this chapter was revised in line with guidance.") == {
        "amended": "2024-05"
    }
    assert read_metadata("We listen to children.") == {}
