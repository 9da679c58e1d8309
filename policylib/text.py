"""Decoding and whitespace normalisation of chapter files.

Every document's ``text`` is the output of :func:`normalise`, and every character offset in
policylib refers to that normalised text. The normalisation is deliberately small and documented
so that a reader can always map a quotation back to the page:

* line endings ``\\r\\n`` and ``\\r`` become ``\\n``; the text is Unicode NFC;
* no-break and other Unicode spaces become a plain space, tabs become four spaces, and
  zero-width characters and byte-order marks are dropped;
* trailing spaces are stripped from every line, runs of blank lines become one blank line, and
  leading and trailing blank lines are removed.

Nothing else changes: words, punctuation, curly quotes and indentation are kept as written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["DecodeError", "DecodedText", "decode_bytes", "normalise"]

_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_TRAILING = re.compile(r"[ \t]+$", re.MULTILINE)
_BLANK_RUNS = re.compile(r"\n{3,}")
# Bytes that Windows-1252 leaves undefined: their presence means the file is not cp1252 text.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13}
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)


class DecodeError(ValueError):
    """A file's bytes are not text in any encoding policylib accepts."""


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from bytes, with the name of the encoding that was used."""

    text: str
    encoding: str


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a chapter file's bytes, trying UTF-8 (with or without BOM), UTF-16 with a BOM,
    Windows-1252 and Latin-1, in that order.

    Raises:
        DecodeError: for binary data (NUL bytes, a PDF, control characters) or bytes that are not
            valid in any of the encodings; the message gives the offset and line of the first bad
            byte.
    """
    if data.startswith(b"%PDF-"):
        raise DecodeError("this is a PDF file, not text: save the page as text or HTML")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise DecodeError(f"invalid UTF-16 at byte {exc.start}") from None
    _reject_binary(data)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return DecodedText(data.decode("utf-8-sig"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            raise _bad_byte(data, exc.start + 3, "UTF-8 (with BOM)") from None
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    # Not UTF-8: a single-byte Windows encoding, unless some byte is undefined in cp1252.
    high = {b for b in data if b >= 0x80}
    if high & _CP1252_UNDEFINED:
        bad = next(i for i, b in enumerate(data) if b in _CP1252_UNDEFINED)
        raise _bad_byte(data, bad, "UTF-8, Windows-1252 or Latin-1")
    if any(0x80 <= b <= 0x9F for b in high):
        # Word's curly quotes and dashes live in 0x80-0x9F: Windows-1252, not Latin-1.
        return DecodedText(data.decode("cp1252"), "cp1252")
    # Only bytes 0xA0-0xFF remain: accented letters and symbols in Latin-1.
    return DecodedText(data.decode("latin-1"), "latin-1")


def _reject_binary(data: bytes) -> None:
    sample = data[:65536]
    if b"\x00" in sample:
        raise DecodeError("binary file (contains NUL bytes), not a text chapter")
    controls = len(sample.translate(None, _NOT_CONTROL))  # C-speed count of control bytes
    if sample and controls / len(sample) > 0.01:
        raise DecodeError(
            f"binary file ({controls} control bytes in the first {len(sample)}), not a text chapter"
        )


def _bad_byte(data: bytes, offset: int, tried: str) -> DecodeError:
    line = data.count(b"\n", 0, offset) + 1
    return DecodeError(
        f"undecodable byte 0x{data[offset]:02x} at offset {offset} (line {line}); tried {tried}"
    )


def normalise(text: str) -> str:
    """Apply policylib's documented whitespace normalisation (see the module docstring)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text).replace("\t", "    ")
    text = _TRAILING.sub("", text)
    text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip("\n")
