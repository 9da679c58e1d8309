"""Saved HTML pages to text lines plus structure hints.

The page is rendered to the same shape as a chapter saved as text: one line per block element,
a blank line between blocks, list items as indented ``•`` or numbered lines. Heading and list
elements become :class:`~policylib.reading.sections.Hint` s so the parser uses the markup
rather than guessing. Site furniture (``nav``, ``header``, ``footer``, ``script``, ``style``
and friends) is kept in the text as furniture lines, so nothing on the page is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, Doctype, NavigableString

from policylib.reading.sections import Hint
from policylib.reading.text import normalise

__all__ = ["HtmlPage", "read_html"]

_FURNITURE_TAGS = {
    "nav": "html nav",
    "header": "html header",
    "footer": "html footer",
    "script": "html script",
    "style": "html style",
    "noscript": "html noscript",
    "form": "html form",
    "button": "html button",
    "iframe": "html iframe",
    "svg": "html svg",
}
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "search"}
_FURNITURE_CLASS = re.compile(r"(?:^|[-_ ])(breadcrumbs?|skip|cookie|toolbar|sidebar)(?:$|[-_ ])")
_BLOCKS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "blockquote",
    "pre",
    "table",
    "tr",
    "caption",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "address",
    "body",
    "center",
    "html",
    "header",
    "footer",
    "nav",
    "form",
    "fieldset",
    "details",
    "summary",
    "hr",
}
_STRUCTURAL = frozenset(
    _BLOCKS | {"ul", "ol", "li", "td", "th", "br", *(f"h{i}" for i in range(1, 7))}
)
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_SPACE = re.compile(r"\s+")


@dataclass(slots=True)
class HtmlPage:
    """Text lines of a page, hints by line index, and metadata from the ``<head>``."""

    lines: list[str] = field(default_factory=list)
    hints: dict[int, Hint] = field(default_factory=dict)
    title: str = ""
    h1: str = ""
    canonical: str = ""
    site_name: str = ""
    degraded: bool = False  # structure could not be read (markup nested too deep)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


class _Writer:
    def __init__(self, page: HtmlPage) -> None:
        self.page = page
        self.buffer: list[str] = []

    def add(
        self, text: str, hint: Hint | None = None, *, gap: bool = True, indent: str = ""
    ) -> None:
        # The same normalisation as every text file (zero-width characters and soft hyphens
        # dropped, Unicode spaces made plain), so a page's lines are already normal text.
        line = _SPACE.sub(" ", normalise(text)).strip()
        if not line:
            return
        lines = self.page.lines
        if gap and lines and lines[-1] != "":
            lines.append("")
        if hint is not None:
            self.page.hints[len(lines)] = hint
        lines.append(indent + line)


def read_html(markup: str) -> HtmlPage:
    """Render a saved HTML page to text lines with structure hints and head metadata.

    >>> page = read_html('<h1>Values</h1><ul><li>We listen</li></ul>')
    >>> page.lines, page.h1
    (['Values', '', '  • We listen'], 'Values')
    """
    soup = BeautifulSoup(markup, "html.parser")
    page = HtmlPage()
    if soup.title and soup.title.string:
        page.title = _SPACE.sub(" ", soup.title.string).strip()
    for link in soup.find_all("link"):
        rel: Any = link.get("rel") or []
        rels = rel if isinstance(rel, list) else [rel]
        if "canonical" in [str(r).lower() for r in rels] and link.get("href"):
            page.canonical = str(link["href"]).strip()
    for meta in soup.find_all("meta"):
        prop = str(meta.get("property") or meta.get("name") or "").lower()
        content = str(meta.get("content") or "").strip()
        if prop == "og:url" and not page.canonical:
            page.canonical = content
        elif prop == "og:site_name":
            page.site_name = content
    if soup.head is not None:
        for tag in soup.head.find_all(["script", "style"]):
            tag.extract()
        soup.head.extract()
    h1 = soup.find("h1")
    if isinstance(h1, Tag):
        page.h1 = _SPACE.sub(" ", h1.get_text(" ")).strip()
    writer = _Writer(page)
    try:
        _walk(soup, writer, furniture="", list_depth=0)
    except RecursionError:
        # Markup nested deeper than Python's stack (thousands of unclosed tags): read the
        # page's text flat, one line per text node, without structure hints.
        page.lines, page.hints = [], {}
        for piece in soup.find_all(string=True):
            if not isinstance(piece, (Comment, Doctype)):
                writer.add(str(piece), gap=False)
        page.degraded = True
    while page.lines and page.lines[-1] == "":
        page.lines.pop()
    return page


def _furniture_reason(tag: Tag) -> str:
    if tag.name in _FURNITURE_TAGS:
        return _FURNITURE_TAGS[tag.name]
    role = str(tag.get("role") or "").lower()
    if role in _FURNITURE_ROLES:
        return f"html role={role}"
    classes = " ".join(str(c) for c in (tag.get("class") or [])) + " " + str(tag.get("id") or "")
    if m := _FURNITURE_CLASS.search(classes.lower()):
        return f"html {m.group(1)}"
    return ""


def _walk(node: Tag, writer: _Writer, *, furniture: str, list_depth: int) -> None:
    inline: list[str] = []

    def flush() -> None:
        if inline:
            text = "".join(inline)
            inline.clear()
            hint = Hint("furniture", reason=furniture) if furniture else None
            writer.add(text, hint)

    for child in node.children:
        if isinstance(child, (Comment, Doctype)):
            continue
        if isinstance(child, NavigableString):
            inline.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        reason = furniture or _furniture_reason(child)
        if name in ("script", "style", "noscript", "svg", "iframe"):
            flush()
            writer.add(child.get_text(" "), Hint("furniture", reason=reason))
        elif name == "br":
            flush()
        elif name == "img":
            alt = str(child.get("alt") or "").strip()
            if alt:
                flush()
                writer.add(alt, Hint("furniture", reason="html image alt text"))
        elif name in _HEADINGS:
            flush()
            hint = (
                Hint("furniture", reason=reason)
                if reason
                else Hint("heading", level=_HEADINGS[name])
            )
            writer.add(child.get_text(" "), hint)
        elif name in ("ul", "ol", "menu"):
            flush()
            _list(child, writer, furniture=reason, depth=list_depth + 1)
        elif name in _BLOCKS or name in _FURNITURE_TAGS or name in ("td", "th", "li"):
            flush()
            _walk(child, writer, furniture=reason, list_depth=list_depth)
            flush()
        elif (reason and not furniture) or _holds_blocks(child):
            # An inline element that holds blocks (a <span> wrapping paragraphs), or furniture.
            flush()
            _walk(child, writer, furniture=reason, list_depth=list_depth)
            flush()
        else:
            inline.append(child.get_text(""))
    flush()


def _holds_blocks(tag: Tag) -> bool:
    """Whether any element inside ``tag`` is a block, list or heading (``tag.find`` of
    :data:`_STRUCTURAL`, without BeautifulSoup's general matching machinery)."""
    return any(isinstance(t, Tag) and t.name in _STRUCTURAL for t in tag.descendants)


def _children(tag: Tag, names: tuple[str, ...]) -> list[Tag]:
    """The elements directly inside ``tag`` named one of ``names``, in order (``find_all``
    with ``recursive=False``)."""
    return [c for c in tag.children if isinstance(c, Tag) and c.name in names]


def _list(node: Tag, writer: _Writer, *, furniture: str, depth: int) -> None:
    ordered = node.name == "ol"
    start = str(node.get("start") or "1").strip()
    number = int(start) if start.isascii() and start.isdigit() and len(start) < 7 else 1
    first = True
    for item in _children(node, ("li",)):
        marker = f"{number}." if ordered else "•"
        number += 1
        nested = _children(item, ("ul", "ol"))
        for sub in nested:
            sub.extract()
        text = item.get_text(" ")
        hint = Hint("furniture", reason=furniture) if furniture else Hint("item", level=depth)
        writer.add(
            f"{marker} {_SPACE.sub(' ', text).strip()}",
            hint,
            gap=first and depth == 1,
            indent="  " * depth,
        )
        first = False
        for sub in nested:
            _list(sub, writer, furniture=furniture, depth=depth + 1)
    if depth == 1 and writer.page.lines and writer.page.lines[-1] != "":
        writer.page.lines.append("")
