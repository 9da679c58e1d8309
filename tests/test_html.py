"""Saved web pages to text lines with structure hints (policylib.reading.html)."""

from __future__ import annotations

from policylib.reading.html import read_html

from .conftest import DATA


def test_saved_page_keeps_structure_and_metadata() -> None:
    page = read_html((DATA / "south-gloucestershire-saved-page.html").read_text("utf-8"))
    kinds = {h.kind for h in page.hints.values()}
    assert {"heading", "item", "furniture"} <= kinds
    headings = [page.lines[i] for i, h in page.hints.items() if h.kind == "heading"]
    assert any("Introduction" in h for h in headings)
    furniture = {h.reason for h in page.hints.values() if h.kind == "furniture"}
    assert any("nav" in r or "script" in r or "header" in r for r in furniture)
    assert page.title and not page.degraded


def test_lists_number_from_their_start_attribute() -> None:
    page = read_html("<ol start='4'><li>Fourth point made here</li><li>Fifth</li></ol>")
    assert [line.strip() for line in page.lines if line] == [
        "4. Fourth point made here",
        "5. Fifth",
    ]
    odd = read_html("<ol start='²'><li>First</li></ol>")
    assert odd.lines[0].strip() == "1. First"


def test_invisible_characters_are_removed_like_in_text_files() -> None:
    page = read_html("<p>Chil&shy;dren\u200b are safe\u2060.</p>")
    assert page.lines == ["Children are safe."]


def test_deep_nesting_degrades_to_plain_text() -> None:
    page = read_html("<div>" * 3000 + "<p>Still read.</p>")
    assert page.degraded and page.lines == ["Still read."] and page.hints == {}


def test_head_metadata() -> None:
    page = read_html(
        "<html><head><title>Values | Council</title>"
        "<link rel='canonical' href='https://example.org/values'>"
        "<meta property='og:site_name' content='Example Council'></head>"
        "<body><h1>Our values</h1><p>We listen.</p></body></html>"
    )
    assert (page.title, page.h1, page.canonical, page.site_name) == (
        "Values | Council",
        "Our values",
        "https://example.org/values",
        "Example Council",
    )
