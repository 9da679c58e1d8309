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
# Any character the two patterns above change, or a tab.
_ODD_SPACE = re.compile(f"{_SPACES.pattern[:-1]}{_ZERO_WIDTH.pattern[1:-1]}\t]")
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
    warnings: tuple[str, ...] = ()


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a chapter file's bytes, trying UTF-8 (with or without BOM), UTF-16 (with a BOM,
    or without one when every other byte is NUL), UTF-8 with a few stray Windows-1252 bytes
    (with a warning), Windows-1252 and Latin-1, in that order.

    >>> decode_bytes("Children’s views".encode("utf-8") + b" caf\\xe9").text
    'Children’s views café'
    >>> decode_bytes("Children’s views café".encode("utf-16-le")).encoding
    'utf-16-le'


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
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
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
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed
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


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    """UTF-16 text saved without a byte-order mark: mostly-ASCII text has a NUL in every
    other byte (odd positions for little-endian, even for big-endian)."""
    sample = data[:4096]
    if len(sample) < 8 or b"\x00" not in sample or len(sample) % 2:
        return None
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            if "\x00" in text:
                return None
            return DecodedText(text, encoding)
    return None


_INVALID = re.compile("[\udc80-\udcff]+")


def _mostly_utf8(data: bytes) -> DecodedText | None:
    """UTF-8 text with a few stray single-byte characters (a Windows-1252 byte pasted in): the
    valid UTF-8 characters outnumber the stray bytes. The stray bytes are read as
    Windows-1252 (Latin-1 where cp1252 leaves them undefined) and a warning says where."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = _INVALID.findall(text)
    n_stray = sum(len(run) for run in stray)
    n_valid = sum(1 for ch in text if ord(ch) > 127 and not 0xDC80 <= ord(ch) <= 0xDCFF)
    if not n_valid or n_stray > n_valid:
        return None

    def fix(m: re.Match[str]) -> str:
        raw = bytes(ord(ch) - 0xDC00 for ch in m.group(0))
        return "".join(
            bytes([b]).decode("cp1252") if b not in _CP1252_UNDEFINED else chr(b) for b in raw
        )

    first = _INVALID.search(text)
    assert first is not None
    line = text.count("\n", 0, first.start()) + 1
    warning = (
        f"mixed encoding: {n_stray} byte{'s' if n_stray != 1 else ''} not valid UTF-8 "
        f"(first on line {line}) read as Windows-1252; the rest is UTF-8"
    )
    return DecodedText(_INVALID.sub(fix, text), "utf-8 (mixed)", (warning,))


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
    """Apply policylib's documented whitespace normalisation (see the module docstring).

    >>> normalise('Children\\u00a0first\\r\\n\\r\\n\\r\\nSafe\\u200b  ')
    'Children first\\n\\nSafe'
    """
    # Each step runs only on text that holds what it changes (most chapters hold little of it).
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    if _ODD_SPACE.search(text):
        text = _ZERO_WIDTH.sub("", text)
        text = _SPACES.sub(" ", text).replace("\t", "    ")
    # Trailing spaces and tabs off each line (as ``[ \t]+$`` per line, five times faster).
    if " \n" in text or "\t\n" in text or text.endswith((" ", "\t")):
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    # Runs of blank lines to one (as ``\n{3,}`` → two newlines, which scans every character
    # in Python's engine: ten times slower than these C searches on a typical chapter).
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip("\n")
