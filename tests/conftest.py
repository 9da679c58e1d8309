"""Shared fixtures: the bundled corpus and a lossless-ness check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policylib import Corpus, Document, load_corpus

ROOT = Path(__file__).resolve().parent.parent
FUZZ_SCALE = int(os.environ.get("POLICYLIB_FUZZ_SCALE", "1"))
"""Property tests run ``FUZZ_SCALE`` times their usual examples (``make fuzz`` sets 50)."""


def fuzz(examples: int) -> int:
    """How many examples a property test runs: its budget times :data:`FUZZ_SCALE`."""
    return examples * FUZZ_SCALE


CHAPTERS = ROOT / "corpus" / "chapters"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(ROOT / "corpus")


def assert_lossless(doc: Document) -> None:
    """Sections and furniture spans tile the document: each section's text is its span, spans
    never overlap, and only whitespace lies between them."""
    pieces = sorted(
        [(s.start, s.end, s.text, s.section_id) for s in doc.sections]
        + [(s.start, s.end, s.text, s.reason) for s in doc.spans]
    )
    pos = 0
    for start, end, text, name in pieces:
        assert doc.text[start:end] == text, name
        assert start >= pos, f"{name} overlaps the piece before it"
        assert doc.text[pos:start].strip() == "", f"text lost before {name}"
        pos = end
    assert doc.text[pos:].strip() == ""
    # Joining the pieces gives back every word of the document, in order.
    assert " ".join(p[2] for p in pieces).split() == doc.text.split()
