"""Site furniture and metadata lines: what a saved page carries that is not policy text.

A line is *furniture* when it is part of the website rather than the chapter (skip links, logos,
text-size toolbars, "Top of page", print footers, icon labels, layout separators), and *metadata*
when it only states a date or version ("Last Updated: May 22, 2024", "v27"). Neither becomes a
section, and neither is thrown away: both are kept on the document with their character spans.

Metadata that sits inside policy sentences ("In May 2024, this chapter was revised…") stays in its
section and is also read into the document's metadata by :func:`read_metadata`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from policylib.scoring.analysis import caseless

__all__ = ["LineClass", "classify_line", "is_amendment_note", "parse_date", "read_metadata"]

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_YEAR = rf"(?:{_MONTHS})\.?\s+\d{{4}}"
_FULL_DATE = (
    rf"(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})"
)

# Whole-line patterns (matched case-insensitively against the stripped line).
_FURNITURE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        ("skip link", r"skip (?:to|navigation)\b.*"),
        ("logo", r"(?:\S+\s+){0,4}logo(?:\s+\S+){0,6}"),
        ("back to top link", r"(?:top of page|back to top|return to top)"),
        ("text-size toolbar", r"(?:size:.*|.*view this website with .*text.*|text size:?.*)"),
        ("accessibility toolbar", r"(?:accessibility(?: tools| options)?|high visibility)"),
        ("contents table caption", r"caption:.*"),
        (
            "print footer",
            r"(?:trix procedures|end|printed on .*"
            r"|(?:[\w ]{0,40}\b)?(?:only valid|valid only) (?:for|on|at|until) .{1,40})",
        ),
        # Icon labels: the words icon fonts and share buttons leave behind, or one glyph.
        ("icon label", r"(?:print|email|share|close|menu|search|home|ms|\S)"),
        ("layout separator", r"[\W_]+"),
    )
)
# The same patterns as one, tried in the same order in a single call: the first alternative
# that matches the whole line names the reason (``lastgroup``), as the loop over them would.
_ANY_FURNITURE = re.compile(
    "|".join(f"(?P<f{k}>{pattern.pattern})" for k, (_, pattern) in enumerate(_FURNITURE)),
    re.IGNORECASE,
)
# Every alternative above that can match a line longer than _SHORT_LINE needs the caseless line
# to start with one of _OPENINGS, to hold "logo", "valid" or "view this website with", or to
# hold no letter or digit: most lines of a chapter are answered without the alternation.
_SHORT_LINE = 40
_OPENINGS = ("skip ", "size:", "text size", "caption:", "printed on ")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_SITE_HEADER = re.compile(
    r"^(?:.{0,80}\b(?:council|children's trust|partnership)|.{0,160}procedures(?: manual)?)$",
    re.IGNORECASE,
)
_LAST_UPDATED = re.compile(
    rf"^(?:page\s+)?last\s+(?:updated|modified|reviewed)\s*(?:on)?:?\s*({_FULL_DATE}|{_MONTH_YEAR})\.?$",
    re.IGNORECASE,
)
_VERSION = re.compile(r"^(?:v|version\s*)(\d+(?:\.\d+)*)$", re.IGNORECASE)
_BARE_DATE = re.compile(rf"^(?:{_FULL_DATE})$", re.IGNORECASE)
_AMENDED = re.compile(
    rf"(?:\b(?:in|from|since|during)\s+({_MONTH_YEAR}),?\s+(?:this|the|a new)\b[^.]{{0,200}}?"
    r"\b(?:amended|revised|updated|replaced|reviewed|added|rewritten|introduced|issued)\b"
    r"|\b(?:chapter|section|procedure|policy|page)\b[^.]{0,120}?"
    r"\b(?:amended|revised|updated|replaced|reviewed|added|rewritten|issued)\b[^.]{0,80}?"
    rf"\b(?:in|on)\s+({_MONTH_YEAR}|{_FULL_DATE}))",
    re.IGNORECASE,
)


_AMENDMENT_NOTE = re.compile(
    r"\b(?:chapter|section|procedure|page|guidance|policy|document|information|links?|appendix)\b"
    r"[^.]{0,80}?\b(?:was|were|has been|have been|is|are|had been)\s+(?:amended|updated|added|"
    r"revised|reviewed|introduced|inserted|removed|refreshed|rewritten|replaced|changed)\b"
    r"|\b(?:was|were|has been|have been)\s+(?:amended|updated|added|revised)\s+(?:in|on|to)\b",
    re.IGNORECASE,
)


_AMENDMENT_VERBS = (
    "amended",
    "updated",
    "added",
    "revised",
    "reviewed",
    "introduced",
    "inserted",
    "removed",
    "refreshed",
    "rewritten",
    "replaced",
    "changed",
    "issued",
)


def is_amendment_note(text: str, *, folded: str | None = None) -> bool:
    """Whether text is a page's note of its own amendments ("This chapter was amended in July
    2024 to…", "In May 2024, this chapter was revised…"), not policy. ``folded`` is
    ``caseless(text)`` when the caller has it already.

    >>> is_amendment_note("In September 2024, this chapter replaced the previous chapter.")
    True
    >>> is_amendment_note("We review every child's plan each month.")
    False
    """
    # Both patterns need one of these verbs: most text has none and is answered without them.
    folded = caseless(text) if folded is None else folded
    # Every verb but "rewritten" ends in "ed": half of all passages have neither.
    if not ("ed" in folded or "rewritten" in folded) or not any(
        verb in folded for verb in _AMENDMENT_VERBS
    ):
        return False
    return bool(_AMENDMENT_NOTE.search(text) or _AMENDED.search(text))


@dataclass(frozen=True, slots=True)
class LineClass:
    """What a non-content line is: ``kind`` is ``"furniture"`` or ``"metadata"``; ``reason``
    says why (for metadata, the field it fills); ``value`` is the metadata value, if any."""

    kind: str
    reason: str
    value: str = ""


def classify_line(line: str, *, before_title: bool = False) -> LineClass | None:
    """Classify one line as furniture or metadata, or return ``None`` for chapter content.

    Args:
        line: the line, without its newline.
        before_title: true for lines above the chapter's title, where site headers such as
            "South Gloucestershire Council" or "… Procedures Manual" are furniture.

    >>> classify_line('Skip to content')
    LineClass(kind='furniture', reason='skip link', value='')
    >>> classify_line('We listen to children.') is None
    True
    """
    stripped = line.strip()
    return line_class(stripped, before_title) if stripped else None


# The ASCII letters and digits a line must start with for each metadata pattern to match it
# (the patterns ignore case; a line starting with any other ASCII character is answered without
# trying them, one starting outside ASCII is always tried).
_LAST_UPDATED_FIRST = frozenset("pPlL")
_VERSION_FIRST = frozenset("vV")
_BARE_DATE_FIRST = frozenset("0123456789jfmasondJFMASOND")


# A site repeats its furniture on every page and chapters share template lines: each distinct
# line is classed once (at most the last 16,384 kept; a class is immutable, safe to share).
@lru_cache(maxsize=1 << 14)
def line_class(stripped: str, before_title: bool = False) -> LineClass | None:
    """:func:`classify_line` of a line already stripped and not empty (the parser's fast path).

    >>> line_class('Last updated: 22 May 2024')
    LineClass(kind='metadata', reason='last_updated', value='2024-05-22')
    """
    head = stripped[0]
    other = not head.isascii()
    if (other or head in _LAST_UPDATED_FIRST) and (m := _LAST_UPDATED.match(stripped)):
        return LineClass("metadata", "last_updated", parse_date(m.group(1)))
    if (other or head in _VERSION_FIRST) and (m := _VERSION.match(stripped)):
        return LineClass("metadata", "version", f"v{m.group(1)}")
    if (other or head in _BARE_DATE_FIRST) and _BARE_DATE.match(stripped):
        return LineClass("metadata", "date", parse_date(stripped))
    if _may_be_furniture(stripped) and (m := _ANY_FURNITURE.fullmatch(stripped)):
        return LineClass("furniture", _FURNITURE[int(str(m.lastgroup)[1:])][0])
    if before_title and _SITE_HEADER.match(stripped) and len(stripped.split()) <= 20:
        return LineClass("furniture", "site header")
    return None


def _may_be_furniture(stripped: str) -> bool:
    """False only for a line no furniture pattern can match (see :data:`_SHORT_LINE`)."""
    if len(stripped) <= _SHORT_LINE:
        return True
    folded = stripped.lower() if stripped.isascii() else caseless(stripped)
    return (
        folded.startswith(_OPENINGS)
        or "logo" in folded
        or "valid" in folded
        or "view this website with" in folded
        or _LETTER_OR_DIGIT.search(stripped) is None
    )


_YEAR = re.compile(r"\d{4}")


@lru_cache(maxsize=4096)  # chapters of one manual repeat their dates; strptime is slow
def parse_date(text: str) -> str:
    """Parse a written date into ISO form: ``"2024-05-22"`` for a full date, ``"2024-05"`` for a
    month and year; return ``""`` when the text is not a date.

    >>> parse_date('22nd May 2024'), parse_date('May 2014'), parse_date('soon')
    ('2024-05-22', '2014-05', '')
    """
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text.strip().rstrip("."), flags=re.I)
    cleaned = re.sub(r"\bsept\b", "sep", cleaned, flags=re.I).replace(",", " ")
    cleaned = " ".join(cleaned.split())
    if len(cleaned) > 32 or not _YEAR.search(cleaned):
        return ""  # every format below needs a four-digit year, and none is longer
    for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(cleaned, fmt).date().isoformat()
        except ValueError:
            continue
    for fmt in ("%B %Y", "%b %Y"):
        try:
            parsed = datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
        return f"{parsed.year:04d}-{parsed.month:02d}"
    return ""


def read_metadata(text: str, *, head_chars: int = 4000) -> dict[str, str]:
    """Read the amendment date from an amendment note near the top of a chapter.

    Returns ``{"amended": "YYYY-MM"}`` (or a full ISO date) when a sentence such as "In May 2024,
    this chapter was revised…" or "This chapter was amended in July 2024" appears in the first
    ``head_chars`` characters, else an empty dict. Nothing is guessed.

    >>> read_metadata('In May 2024, this chapter was revised in line with guidance.')
    {'amended': '2024-05'}
    """
    m = _AMENDED.search(text[:head_chars])
    if not m:
        return {}
    value = parse_date(m.group(1) or m.group(2))
    return {"amended": value} if value else {}


def as_date(value: str) -> date | None:
    """Turn an ISO date or year-month string into a :class:`datetime.date` (month → 1st)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        return date(
            int(parts[0]),
            int(parts[1]) if len(parts) > 1 else 1,
            int(parts[2]) if len(parts) > 2 else 1,
        )
    except (ValueError, IndexError):
        return None
