"""Parse a chapter's normalised text into a tree of sections.

The parser reads the shapes real procedures-manual chapters use, often mixed in one page:
numbered headings (``1.``, ``3.1``, ``1.1.1 Title``), ALL-CAPS headings, short title lines, a
"Contents" list that repeats the headings (kept as one ``contents`` section, never duplicated),
bulleted and numbered lists, titled principles ("1. Title:" + description, "- Title - text",
"- Title: text", or a bullet followed by its description line), list introductions ending in a
colon, Markdown ``#`` headings, and (through ``hints``) HTML heading and list elements.

Lossless: every non-blank line of the text lands in exactly one section or one
furniture/metadata :class:`Span`; a section's ``text`` is exactly ``text[start:end]``; the gaps
between spans hold only whitespace.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from operator import attrgetter
from typing import Any, NamedTuple

from policylib.reading.furniture import is_amendment_note, line_class, parse_date
from policylib.scoring.analysis import folded_words

__all__ = ["KINDS", "Hint", "Section", "Span", "list_marker", "parse_sections"]

KINDS = ("title", "heading", "paragraph", "list_item", "contents")
"""Section kinds, in the order a reader meets them."""

_NUMBERED = re.compile(r"^(\s*)(\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)])\s+(\S.*)$")
_BULLET = re.compile(r"^(\s*)([•\-\*–—·○▪◦●■□➢►✓]|\([a-z]{1,3}\)|[a-z][.)])\s+(\S.*)$")


def list_marker(line: str) -> re.Match[str] | None:
    """The list marker of a line ("1.", "3.2", "•", "(a)"), as the parser reads it: groups are
    indent, marker and the item's own words.

    >>> list_marker("1. Participation: we listen").group(3)
    'Participation: we listen'
    """
    return _BULLET.match(line) or _NUMBERED.match(line)


# What a list marker can start with (see _BULLET).
_BULLET_FIRST = frozenset("•-*–—·○▪◦●■□➢►✓(abcdefghijklmnopqrstuvwxyz")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(\S.*?)\s*#*$")
_CONTENTS = re.compile(r"^(?:table of )?contents:?$", re.IGNORECASE)
_TERMINAL = (".", ";", ",", ":", "!")
_SENTENCE_END = (".", "!", "?", ":", ";")
_DASH_TITLE = re.compile(r"^(.{2,80}?)\s+[-–—]\s+(\S.*)$")
_COLON_TITLE = re.compile(r"^([^:]{2,70}):\s+(\S.*)$")
_SLUG = re.compile(r"[^a-z0-9]+")
_CONNECTIVES = frozenset(
    ["a", "an", "and", "or", "the", "of", "to", "with", "for", "in", "on", "by", "as", "that"]
)


class Section(NamedTuple):
    """One node of a chapter's section tree: an immutable record (a named tuple: a corpus
    holds hundreds of thousands, made in a fifth of a frozen dataclass's time).

    Attributes:
        doc: document id (the file stem).
        section_id: stable id, ``"<doc>#<path>"``: numbered headings use their number
            (``"…#3.2"``), other nodes a slug or a position under their parent
            (``"…#3.2/i4"``).
        parent_id: the parent section's id, ``""`` at the top.
        level: depth in the tree (the title is 0, top-level headings 1).
        kind: one of :data:`KINDS`.
        number: the heading or item number as written (``"3.2"``), else ``""``.
        heading: the section's own heading: a heading's title, a titled list item's title.
        heading_path: headings from the top of the tree down to this section, joined by " > ".
        start: offset of the first character in the document's normalised text.
        end: offset one past the last character.
        source: the document's whole normalised text (shared, not copied).
        text: (property) the section's own text, exactly ``document.text[start:end]``
            (children excluded); sliced from ``source`` when read, so a large corpus holds
            its text once.
    """

    doc: str
    section_id: str
    parent_id: str
    level: int
    kind: str
    number: str
    heading: str
    heading_path: str
    start: int
    end: int
    source: str

    @property
    def text(self) -> str:
        """The section's own text: ``source[start:end]``."""
        return self.source[self.start : self.end]

    def __repr__(self) -> str:
        # Without the document's whole text (``source``).
        shown = zip(self._fields[:-1], self[:-1], strict=True)
        return f"Section({', '.join(f'{name}={value!r}' for name, value in shown)})"


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of a document that is not a section: site furniture or a metadata line."""

    kind: str
    reason: str
    value: str
    text: str
    start: int
    end: int

    def __reduce__(self) -> tuple[type[Span], tuple[str | int, ...]]:
        # Pickled as its fields (see Section.__reduce__).
        return (Span, _SPAN_FIELDS(self))


_SPAN_FIELDS = attrgetter(*(f.name for f in fields(Span)))


def _packed(items: Sequence[Section] | Sequence[Span]) -> tuple[tuple[str | int, ...], ...]:
    """Sections or spans as columns, one tuple per field: what a document pickles (a loading
    worker sends thousands back to the parent; columns of plain values take half the time of
    one pickled object per section). :func:`_unpacked` makes them again.

    >>> sections, _ = parse_sections("d", "Values\\n\\nWe listen.")
    >>> _unpacked(Section, _packed(sections)) == tuple(sections)
    True
    """
    if not items:
        return ()
    rows = items if isinstance(items[0], Section) else map(_SPAN_FIELDS, items)
    return tuple(zip(*rows, strict=True))


def _unpacked(
    kind: type[Section] | type[Span], columns: tuple[tuple[str | int, ...], ...]
) -> tuple[Any, ...]:
    """The sections or spans that :func:`_packed` turned into ``columns``."""
    return tuple(map(kind, *columns)) if columns else ()


@dataclass(frozen=True, slots=True)
class Hint:
    """Structure known from HTML markup for one line: ``kind`` is ``"heading"`` (with the tag's
    ``level``), ``"item"`` (with nesting ``level``), ``"title"`` or ``"furniture"``."""

    kind: str
    level: int = 0
    reason: str = ""


@dataclass(slots=True)
class _Line:
    index: int
    start: int  # offset of first non-space character
    end: int
    indent: int
    text: str
    blank_before: bool
    furniture_before: bool = False


@dataclass(slots=True)
class _Block:
    kind: str  # title, heading, paragraph, list_item, contents
    lines: list[_Line]
    level: int = 0  # heading level, or item indent
    number: str = ""
    heading: str = ""
    numbered: bool = False
    intro: bool = False  # paragraph that introduces a list
    described: bool = False  # list item whose description follows on its own line
    described_sibling: bool = False  # the item before this one in the list had a description
    children: list[_Block] = field(default_factory=list)


def parse_sections(
    doc: str, text: str, hints: Mapping[int, Hint] | None = None
) -> tuple[list[Section], list[Span]]:
    """Split a document's normalised text into sections and furniture/metadata spans.

    Args:
        doc: the document id, used as the prefix of section ids.
        text: the normalised text (see :func:`policylib.reading.text.normalise`).
        hints: structure from HTML markup, by line index (0-based).

    Returns:
        The sections in document order, and the furniture and metadata spans in document order.

    >>> sections, spans = parse_sections('d', 'Values\\n\\n1. Our aims\\n\\nWe listen to children.')
    >>> [(s.kind, s.heading_path) for s in sections]
    [('title', 'Values'), ('heading', '1. Our aims'), ('paragraph', '1. Our aims')]
    """
    hints = hints or {}
    content: list[_Line] = []
    spans: list[Span] = []
    offset = 0
    blank = False
    furniture = False
    before_title = True
    for index, raw in enumerate(text.split("\n")):
        line_start, offset = offset, offset + len(raw) + 1
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        indent = len(raw) - len(raw.lstrip())
        first = line_start + indent
        end = first + len(stripped)
        hint = hints.get(index) if hints else None
        verdict = None
        if hint is not None and hint.kind == "furniture":
            spans.append(Span("furniture", hint.reason, "", stripped, first, end))
            furniture = True
            continue
        if hint is None or hint.kind not in ("heading", "title"):
            verdict = line_class(stripped, before_title)
        if verdict is not None:
            spans.append(Span(verdict.kind, verdict.reason, verdict.value, stripped, first, end))
            furniture = True
            continue
        content.append(_Line(index, first, end, indent, stripped, blank, furniture))
        blank = furniture = False
        before_title = False
    blocks = _blocks(content, hints, wrapped=_looks_wrapped(content))
    sections = _tree(doc, text, blocks)
    # A contents table keeps its own caption and separators: they lie inside its span.
    inside = [(s.start, s.end) for s in sections if s.kind == "contents"]
    if inside:
        spans = [sp for sp in spans if not any(a <= sp.start < b for a, b in inside)]
    return sections, spans


def _looks_wrapped(lines: list[_Line]) -> bool:
    """True when prose is hard-wrapped (short lines continuing one another), as in Markdown."""
    if len(lines) < 4:
        return False
    longest = max(len(line.text) for line in lines)
    return longest <= 100


def _title_like(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 14
        and len(text) <= 100
        and not text.rstrip("'\"’”)]").endswith(_TERMINAL)
        and (text[0].isupper() or text[0].isdigit() or text[0] in "'\"‘“(")
        and any(c.isalpha() for c in text)
        and "http" not in text
    )


def _classify(line: _Line, hint: Hint | None) -> tuple[str, int, str, str]:
    """Return (token kind, level, number, body) for a content line."""
    if hint is not None and hint.kind in ("heading", "title"):
        if _CONTENTS.match(line.text):
            return "contents", 0, "", line.text
        m = _NUMBERED.match(line.text)
        if m:
            return "heading", hint.level, m.group(2).rstrip(".)"), m.group(3)
        return "heading", hint.level, "", line.text
    if hint is not None and hint.kind == "item":
        m = _BULLET.match(line.text) or _NUMBERED.match(line.text)
        body = m.group(3) if m else line.text
        number = m.group(2).rstrip(".)") if m and m.group(2)[0].isdigit() else ""
        return "item", hint.level, number, body
    return _token(line.text, line.indent)


# Chapters share template lines: each distinct line is read once (at most the last 16,384 kept;
# a token is an immutable tuple, safe to share).
@lru_cache(maxsize=1 << 14)
def _token(text: str, indent: int) -> tuple[str, int, str, str]:
    """:func:`_classify` of a stripped line the markup says nothing about."""
    # Each pattern is tried only on a line whose first character can start a match (the line is
    # stripped; a digit by ``isdigit``, which every ``\d`` passes).
    head = text[0]
    if head == "#" and (m := _MD_HEADING.match(text)):
        return "heading", len(m.group(1)), "", m.group(2)
    if head.isdigit() and (m := _NUMBERED.match(text)):
        number, body = m.group(2).rstrip(".)"), m.group(3)
        if indent == 0 and _title_like(body):
            return "numbered", number.count(".") + 1, number, body
        if indent == 0 and not body.endswith(":"):
            return "numbered_para", number.count(".") + 1, number, body
        return "item", indent, number, body
    if head in _BULLET_FIRST and (m := _BULLET.match(text)):
        return "item", indent, "", m.group(3)
    if (head in "tTcC" or not head.isascii()) and _CONTENTS.match(text):
        return "contents", 0, "", text
    if _title_like(text):
        return "candidate", 0, "", text
    return "prose", 0, "", text


def _blocks(lines: list[_Line], hints: Mapping[int, Hint], *, wrapped: bool) -> list[_Block]:
    tokens = [_classify(line, hints.get(line.index)) for line in lines]
    later = _Later(tokens)
    blocks: list[_Block] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        kind, level, number, body = tokens[i]
        prev = blocks[-1] if blocks else None
        if not blocks and (kind in ("candidate", "numbered", "heading") or _first_title(line)):
            blocks.append(_Block("title", [line], heading=body, number=number))
            i += 1
            continue
        if kind == "contents" or (kind == "item" and _starts_contents(tokens, lines, i, later)):
            j = i + 1 if kind == "contents" else i
            while j < n and (
                tokens[j][0] == "item"
                or (
                    kind == "contents" and tokens[j][0] == "candidate" and not lines[j].blank_before
                )
            ):
                j += 1
            if kind != "contents" or j > i + 1:
                blocks.append(_Block("contents", lines[i:j], heading="Contents"))
                i = j
                continue
        continues_item = (
            _may_continue(prev, "list_item", line, kind)
            and prev is not None
            and (
                line.indent > prev.level
                or prev.lines[-1].text.endswith(":")
                or _alternating(tokens, lines, i, prev)
            )
        )
        if continues_item and prev is not None:
            prev.lines.append(line)
            prev.described = True
            i += 1
            continue
        continues_para = (
            _may_continue(prev, "paragraph", line, kind)
            and prev is not None
            and not prev.lines[-1].text.endswith(_SENTENCE_END)
            and (wrapped or line.text[0].islower())
        )
        if continues_para and prev is not None:
            prev.lines.append(line)
            i += 1
            continue
        if kind == "heading":
            blocks.append(_Block("heading", [line], level=level, number=number, heading=body))
            blocks[-1].numbered = bool(number)
        elif kind == "numbered":
            blocks.append(_Block("heading", [line], level, number, body, numbered=True))
        elif kind == "numbered_para":
            blocks.append(_Block("paragraph", [line], level, number, numbered=True))
        elif kind == "candidate" and _is_heading(tokens, lines, i):
            blocks.append(_Block("heading", [line], heading=body))
        elif kind == "item":
            blocks.append(_Block("list_item", [line], level=level, number=number))
            blocks[-1].described_sibling = bool(
                prev is not None and prev.kind == "list_item" and prev.described
            )
        else:
            blocks.append(_Block("paragraph", [line]))
        i += 1
    for block in blocks:
        if block.kind == "list_item":
            block.heading = _item_heading(block)
    return blocks


def _may_continue(prev: _Block | None, block_kind: str, line: _Line, kind: str) -> bool:
    """Whether a prose line can continue the block before it, a ``block_kind`` block: no blank
    line or furniture between them."""
    return (
        prev is not None
        and prev.kind == block_kind
        and not line.blank_before
        and not line.furniture_before
        and kind in ("prose", "candidate")
    )


def _first_title(line: _Line) -> bool:
    """The first line of a page is its title when it reads like one, even a long one."""
    text = line.text
    return len(text.split()) <= 30 and not text.endswith(_TERMINAL) and text[:1].isupper()


def _is_heading(tokens: list[tuple[str, int, str, str]], lines: list[_Line], i: int) -> bool:
    """A title-like line is a heading unless it ends the document or continues a run of
    title-like lines (a list of links, say)."""
    if i + 1 >= len(lines):
        return False
    nxt = lines[i + 1]
    if not nxt.blank_before and nxt.text[:1].islower() and tokens[i + 1][0] != "item":
        return False  # wrapped prose: the sentence goes on in the next line
    if lines[i].text.rsplit(None, 1)[-1].lower() in _CONNECTIVES:
        return False
    if lines[i].text.isupper():
        return True
    # In a run of title-like lines (a list of links), only the first is a heading.
    return not (i > 1 and tokens[i - 1][0] == "candidate" and not lines[i].blank_before)


_BRACKETS = re.compile(r"\([^)]*\)")
_LEAD_NUMBER = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[•\-\*])\s*")


@lru_cache(maxsize=1 << 14)  # headings and list items repeat across chapters
def _norm_heading(text: str) -> str:
    text = _LEAD_NUMBER.sub("", _BRACKETS.sub(" ", text))
    return " ".join(folded_words(text))


class _Later:
    """What a run of list items is compared with to tell a contents table, worked out when first
    asked for (most pages have no run of items that could be one) and kept for the run's other
    items: where each run of items ends, the normalised text of the heading-like lines below it
    (sorted, for prefix look-ups) and of each item."""

    def __init__(self, tokens: list[tuple[str, int, str, str]]) -> None:
        self.tokens = tokens
        self.ends: list[int] = []
        self.headings: tuple[list[int], list[str]] | None = None
        self.below: dict[int, list[str]] = {}
        self.items: dict[int, str] = {}

    def item(self, k: int) -> str:
        """The normalised text of the list item on line ``k``."""
        found = self.items.get(k)
        if found is None:
            found = self.items[k] = _norm_heading(self.tokens[k][3])
        return found

    def run_end(self, i: int) -> int:
        """The first line after list item ``i`` that is not a list item."""
        if not self.ends:
            ends, nxt = [0] * len(self.tokens), len(self.tokens)
            for k in range(len(self.tokens) - 1, -1, -1):
                if self.tokens[k][0] != "item":
                    nxt = k
                ends[k] = nxt
            self.ends = ends
        return self.ends[i]

    def headings_from(self, j: int) -> list[str]:
        """The distinct non-empty normalised headings at line ``j`` or below, sorted."""
        found = self.below.get(j)
        if found is not None:
            return found
        if self.headings is None:
            where = [
                k for k, t in enumerate(self.tokens) if t[0] in ("numbered", "heading", "candidate")
            ]
            self.headings = (where, [_norm_heading(self.tokens[k][3]) for k in where])
        where, texts = self.headings
        found = self.below[j] = sorted({h for h in texts[bisect.bisect_left(where, j) :] if h})
        return found


def _starts_contents(
    tokens: list[tuple[str, int, str, str]], lines: list[_Line], i: int, later: _Later
) -> bool:
    """True when a run of list items starting at ``i`` repeats the document's later headings
    (``later``: where runs end, the headings below them and the items' normalised text)."""
    if i > 0 and tokens[i - 1][0] == "item" and not lines[i].blank_before:
        return False
    j = later.run_end(i)
    size = j - i
    if size < 2:
        return False
    headings = later.headings_from(j)
    # At least two items, and 60% of them, must repeat a later heading: the items are
    # normalised in order only until too many have missed for that (most runs are no contents).
    allowed = size - max(2, _share_of(size, 0.6))
    misses = 0
    for k in range(i, j):
        item = later.item(k)
        # A later heading equal to the item or starting with it: in sorted order the first
        # heading not below the item is one, if any is.
        at = bisect.bisect_left(headings, item)
        if not (item and at < len(headings) and headings[at].startswith(item)):
            misses += 1
            if misses > allowed:
                return False
    return True


def _share_of(size: int, share: float) -> int:
    """The least ``h`` with ``h / size >= share`` (``size`` > 0, ``share`` ≤ 1).

    >>> [_share_of(n, 0.6) for n in (1, 2, 3, 5, 10)]
    [1, 2, 2, 3, 6]
    """
    h = min(size, math.ceil(share * size))
    while h > 0 and (h - 1) / size >= share:
        h -= 1
    while h / size < share:
        h += 1
    return h


def _alternating(
    tokens: list[tuple[str, int, str, str]], lines: list[_Line], i: int, prev: _Block
) -> bool:
    """Bullet-then-description pairs ("- Title" on one line, its description on the next),
    recognised only where the pattern repeats: the next bullet also has a description line."""
    if len(prev.lines) != 1 or lines[i].indent != prev.lines[0].indent:
        return False
    if lines[i].text.endswith(":"):
        return False
    nxt = i + 1
    if not (nxt < len(tokens) and tokens[nxt][0] == "item" and not lines[nxt].blank_before):
        return prev.described_sibling
    after = nxt + 1
    return (
        after < len(tokens)
        and tokens[after][0] in ("prose", "candidate")
        and not lines[after].blank_before
        and lines[after].indent == lines[i].indent
    )


def _item_heading(block: _Block) -> str:
    return _item_title(block.lines[0].text, block.described)


@lru_cache(maxsize=1 << 14)  # list items repeat across chapters
def _item_title(first: str, described: bool) -> str:
    """A list item's title, from its first line (and whether a description follows it)."""
    body = _BULLET.match(first) or _NUMBERED.match(first)
    text = body.group(3) if body else first
    if described:
        return text.rstrip(":;.,-–— ").strip()
    m = _DASH_TITLE.match(text)
    if m and len(m.group(1).split()) <= 10 and len(m.group(2).split()) >= 3:
        return m.group(1).strip()
    m = _COLON_TITLE.match(text)
    if m and len(m.group(1).split()) <= 8 and len(m.group(2).split()) >= 4:
        return m.group(1).strip()
    return ""


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:40].rstrip("-") or "section"


class _Node(NamedTuple):
    """An open section while the tree is built: what its children need to know."""

    level: int
    section_id: str
    label: str  # how it appears in a heading path ("3.2 Corporate Parenting Principles")
    numbered: bool = False
    preamble: str = ""  # "amendment" or "related" for a page's bounded preamble blocks
    path: str = ""  # the labels of the open headings down to this one, joined by " > "

    @property
    def key(self) -> str:
        """The id's path after the "#", which children's ids extend."""
        return self.section_id.split("#", 1)[1]


def _joined(path: str, label: str) -> str:
    """A heading path with one more label (either may be empty)."""
    return f"{path} > {label}" if path and label else path or label


class _Ids:
    """Stable, unique section ids: "<doc>#3.2", "<doc>#3.2/p1/i4", "<doc>#scope-of-…"."""

    def __init__(self, doc: str) -> None:
        self.doc = doc
        self.used: set[str] = set()
        self.suffix: dict[str, int] = {}
        self.counters: dict[tuple[str, str], int] = {}

    def make(self, parent_key: str, key: str) -> str:
        base = f"{self.doc}#{parent_key}/{key}" if parent_key else f"{self.doc}#{key}"
        candidate, n = base, self.suffix.get(base, 2)
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.suffix[base] = n  # the next free number: repeated headings stay linear
        self.used.add(candidate)
        return candidate

    def position(self, parent_id: str, prefix: str) -> str:
        """ "p3" for a parent's third paragraph, "i2" for its second list item."""
        count = self.counters.get((parent_id, prefix), 0) + 1
        self.counters[(parent_id, prefix)] = count
        return f"{prefix}{count}"


def _heading_level(block: _Block, headings: list[_Node], tag_levels: list[int]) -> int:
    """Depth of a heading: from its number (3.2 → 2), from its markup (h2, ##) relative to the
    page's other markup headings, or one below an open numbered heading / beside an unnumbered
    one."""
    if block.numbered:
        return block.number.count(".") + 1
    if block.level and tag_levels:
        level = tag_levels.index(block.level) + 1
        if headings and headings[-1].numbered and level <= headings[-1].level:
            level = headings[-1].level + 1
        return level
    if headings:
        top = headings[-1]
        return top.level + 1 if top.numbered else top.level
    return 1


def _tree(doc: str, text: str, blocks: list[_Block]) -> list[Section]:
    _mark_intros(blocks)
    tag_levels = sorted(
        {b.level for b in blocks if b.kind == "heading" and not b.numbered and b.level}
    )
    ids = _Ids(doc)
    sections: list[Section] = []
    headings: list[_Node] = []  # open headings, outermost first
    intro: _Node | None = None  # the paragraph introducing the current list
    items: list[tuple[int, _Node]] = []  # open list items, by indent
    paths: dict[str, str] = {}  # siblings share one heading-path string (memory at scale)

    def add(block: _Block, parent: _Node | None, level: int, sid: str, path: str) -> None:
        start, end = block.lines[0].start, block.lines[-1].end
        path = paths.setdefault(path, path)
        sections.append(
            Section(
                doc,
                sid,
                parent.section_id if parent else "",
                level,
                block.kind,
                block.number,
                block.heading,
                path,
                start,
                end,
                text,
            )
        )

    for block in blocks:
        if block.kind in ("heading", "title", "contents") or block.numbered:
            items.clear()
            intro = None
        if block.kind == "contents":
            headings.clear()  # a contents table stands at the top of the page
        if block.kind == "title":
            add(block, None, 0, ids.make("", "title"), block.heading)
            continue
        if block.kind == "heading" or block.numbered:
            level = _heading_level(block, headings, tag_levels)
            while headings and headings[-1].level >= level:
                headings.pop()
            parent = headings[-1] if headings else None
            if block.numbered:
                sid = ids.make("", block.number)
            else:
                slug = _slug(block.heading or block.lines[0].text)
                sid = ids.make(parent.key if parent else "", slug)
            label = ""
            if block.kind == "heading":
                label = f"{_display_number(block.number)} {block.heading}".strip()
            above = headings[-1].path if headings else ""
            add(block, parent, level, sid, _joined(above, label))
            preamble = _preamble_kind(block.heading) if not block.numbered else ""
            label = label or block.number  # a numbered paragraph is known by its number
            node = _Node(level, sid, label, block.numbered, preamble, _joined(above, label))
            headings.append(node)
            continue
        # A page's amendment note or related-guidance links end where text of another kind
        # starts: the chapter's body that follows is not filed under "Amendment".
        if headings and headings[-1].preamble and not _in_preamble(headings[-1].preamble, block):
            headings.pop()
            items.clear()
            intro = None
        # Paragraphs, list items and contents hang under the innermost open list item, the
        # list's introduction, or the current heading.
        parent = headings[-1] if headings else None
        if block.kind == "list_item":
            while items and items[-1][0] >= block.level:
                items.pop()
            if items:
                parent = items[-1][1]
            elif intro is not None:
                parent = intro
        else:
            intro = None
            items.clear()
        level = parent.level + 1 if parent else 1
        if block.kind == "contents":
            key = "contents"
        else:
            key = ids.position(
                parent.section_id if parent else "", "i" if block.kind == "list_item" else "p"
            )
        sid = ids.make(parent.key if parent else "", key)
        innermost = headings[-1] if headings else None
        path = innermost.path if innermost is not None else ""
        # The parent is the innermost heading, or a list item or introduction (never a heading).
        if parent is not None and parent is not innermost:
            path = _joined(path, parent.label)
        add(block, parent, level, sid, _joined(path, block.heading))
        if block.kind == "paragraph" and block.intro:
            intro = _Node(level, sid, _short(block.lines[0].text))
            items.clear()
        elif block.kind == "list_item":
            items.append((block.level, _Node(level, sid, block.heading)))
    return sections


_PREAMBLE = {
    "amendment": re.compile(r"^(?:amendments?|amendment history|changes? (?:made|log)|updates?)$"),
    "related": re.compile(
        r"^(?:related|relevant|see also|useful|further)\b.{0,30}"
        r"\b(?:guidance|documents?|chapters?|information|resources|procedures|links?|policies)$"
        r"|^see also$"
    ),
}


def _preamble_kind(heading: str) -> str:
    """ "amendment" or "related" when a heading opens a page's amendment note or its list of
    related guidance, else ""."""
    norm = " ".join(heading.lower().rstrip(":").split())
    for kind, pattern in _PREAMBLE.items():
        if pattern.match(norm):
            return kind
    return ""


def _in_preamble(kind: str, block: _Block) -> bool:
    """Whether a block still belongs to an open amendment or related-guidance block: amendment
    notes and their dates; short link titles (no sentence) under related guidance."""
    text = " ".join(line.text for line in block.lines).strip()
    if block.kind == "contents":
        return False
    if parse_date(text):
        return True  # the note's date on a line of its own
    if kind == "amendment":
        return is_amendment_note(text)
    return len(text.split()) <= 15 and not text.endswith((".", ";", ":", "!", "?"))


def _display_number(number: str) -> str:
    """ "1" → "1.", "3.2" stays "3.2": numbers as a reader writes them in a heading."""
    return f"{number}." if number and "." not in number else number


def _short(text: str, words: int = 12) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join(parts[:words]) + "…"


def _mark_intros(blocks: list[_Block]) -> None:
    for a, b in itertools.pairwise(blocks):
        if a.kind == "paragraph" and not a.numbered and b.kind == "list_item":
            last = a.lines[-1].text
            if last.endswith((":", ";")) or re.search(
                r"\b(?:following|include|includes)\b", last[-80:]
            ):
                a.intro = True
