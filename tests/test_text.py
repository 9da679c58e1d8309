"""Decoding and normalisation of chapter files."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policylib.reading.text import DecodeError, decode_bytes, normalise

WORD_TEXT = "Children’s “wishes and feelings” – café naïve"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (WORD_TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + WORD_TEXT.encode("utf-8"), "utf-8-sig"),
        (WORD_TEXT.encode("cp1252"), "cp1252"),
        (WORD_TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_decodes_common_encodings(data: bytes, encoding: str) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text == WORD_TEXT


def test_latin1_without_windows_punctuation() -> None:
    decoded = decode_bytes("café naïve £5".encode("latin-1"))
    assert decoded.encoding == "latin-1"
    assert decoded.text == "café naïve £5"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"Children\x81s services\nline two \x8d", "undecodable byte 0x81 at offset 8 (line 1)"),
    ],
)
def test_rejects_non_text(data: bytes, message: str) -> None:
    with pytest.raises(DecodeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode_bytes(data)


def test_normalise_documented_rules() -> None:
    raw = "\ufeffTitle\r\n\r\n\r\n\r\nA\u00a0line  \twith\u200b tab \nlast\r"
    assert normalise(raw) == "Title\n\nA line      with tab\nlast"


@given(st.text())
def test_normalise_is_idempotent(raw: str) -> None:
    once = normalise(raw)
    assert normalise(once) == once
    assert "\r" not in once and "\n\n\n" not in once


@given(
    st.text(
        alphabet=st.sampled_from("ab \t\n\r\u00a0\u200b\u2028\u00ad\ufeff\u3000\u2009e\u0301"),
        max_size=80,
    )
)
def test_normalise_strips_line_ends_as_the_documented_pattern(raw: str) -> None:
    # Every rule as written (trailing spaces and tabs as ``[ \t]+$`` per line), applied to every
    # text: the steps that normalise skips on text without what they change give the same.
    import re
    import unicodedata

    from policylib.reading import text

    expected = raw.replace("\r\n", "\n").replace("\r", "\n")
    expected = unicodedata.normalize("NFC", expected)
    expected = text._ZERO_WIDTH.sub("", expected)
    expected = text._SPACES.sub(" ", expected).replace("\t", "    ")
    expected = re.sub(r"[ \t]+$", "", expected, flags=re.MULTILINE)
    expected = re.sub(r"\n{3,}", "\n\n", expected).strip("\n")
    assert normalise(raw) == expected
