"""Reference frameworks (codebooks) as data: load, validate and tabulate them.

A framework is a YAML file with an ``id``, a ``title``, a ``source`` and a list of
``elements``; each element has an ``id``, a ``group`` (principle, enabler, outcome, …), an
official ``title``, a ``description`` in plain words, ``key_phrases`` practitioners use for it and
optionally its own ``source``. The bundled frameworks ship in ``policylib/data/frameworks/``; a
user's own file works everywhere a bundled id does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_FRAMEWORK",
    "ELEMENT_COLUMNS",
    "Element",
    "Framework",
    "FrameworkError",
    "bundled_frameworks",
    "load_framework",
]

DEFAULT_FRAMEWORK = "national-framework-2023"
"""The framework every scoring function uses unless told otherwise: the Children's Social Care
National Framework (DfE, December 2023)."""

ELEMENT_COLUMNS = {
    "framework": "framework id",
    "element": "element id, e.g. NF-P1",
    "group": "principle, enabler, outcome…",
    "title": "official title",
    "description": "what the element means, in plain words",
    "key_phrases": "phrases practitioners use for it, joined by '; '",
    "source": "where the element is defined",
}


class FrameworkError(ValueError):
    """A framework id is unknown or a framework file is malformed; the message names the file."""


@dataclass(frozen=True, slots=True)
class Element:
    """One principle, enabler or outcome of a framework."""

    id: str
    group: str
    title: str
    description: str
    key_phrases: tuple[str, ...]
    source: str = ""
    framework: str = ""  # id of the framework the element belongs to
    short_title: str = ""  # a few words for chart labels; the title cut short when empty

    @property
    def label(self) -> str:
        """A short label for charts: the element's ``short_title``, else its title cut at a
        word boundary.

        >>> load_framework("national-framework-2023")["NF-P1"].label
        'Welfare is paramount'
        """
        if self.short_title:
            return self.short_title
        if len(self.title) <= 28:
            return self.title
        return self.title[:27].rsplit(" ", 1)[0].rstrip(",;:") + "…"

    @property
    def profile(self) -> str:
        """The text the element is scored by: title, description and key phrases."""
        return "\n".join([self.title, self.description, *self.key_phrases])


@dataclass(frozen=True, slots=True)
class Framework:
    """A named set of elements, e.g. the National Framework's 13 principles, enablers and
    outcomes."""

    id: str
    title: str
    elements: tuple[Element, ...]
    source: str = ""
    published: str = ""
    short_title: str = ""
    path: str = ""

    def __len__(self) -> int:
        return len(self.elements)

    def __getitem__(self, element_id: str) -> Element:
        for element in self.elements:
            if element.id == element_id:
                return element
        raise KeyError(f"{self.id} has no element {element_id!r}")

    @property
    def ids(self) -> list[str]:
        """Element ids in framework order."""
        return [e.id for e in self.elements]

    def to_frame(self) -> pd.DataFrame:
        """One row per element, columns :data:`ELEMENT_COLUMNS`."""
        import pandas as pd

        return pd.DataFrame(
            {
                "framework": [self.id] * len(self.elements),
                "element": [e.id for e in self.elements],
                "group": [e.group for e in self.elements],
                "title": [e.title for e in self.elements],
                "description": [e.description for e in self.elements],
                "key_phrases": ["; ".join(e.key_phrases) for e in self.elements],
                "source": [e.source or self.source for e in self.elements],
            },
            columns=list(ELEMENT_COLUMNS),
        )


def bundled_frameworks() -> list[str]:
    """Ids of the frameworks that ship with policylib.

    >>> bundled_frameworks()
    ['corporate-parenting-principles', 'every-child-matters', 'national-framework-2023']
    """
    from policylib.resources import framework_files

    return sorted(framework_files())


def load_framework(name_or_path: str | os.PathLike[str] | Framework) -> Framework:
    """Load a bundled framework by id (``"national-framework-2023"``) or a YAML file by path.

    Raises:
        FrameworkError: for an unknown id (the message lists the bundled ids), unreadable YAML
            (with the line), or a missing/duplicate element id, title or empty description.

    >>> nf = load_framework('national-framework-2023')
    >>> len(nf), nf.ids[0], nf['NF-O3'].group
    (13, 'NF-P1', 'outcome')
    """
    if isinstance(name_or_path, Framework):
        return name_or_path
    from policylib.resources import framework_files

    path: Path | Traversable = Path(name_or_path)
    if not Path(name_or_path).suffix:
        bundled = framework_files()
        if str(name_or_path) not in bundled:
            known = ", ".join(sorted(bundled))
            raise FrameworkError(
                f"unknown framework {str(name_or_path)!r}; bundled frameworks: {known} "
                "(or give the path to a framework YAML file)"
            )
        path = bundled[str(name_or_path)]
    import yaml

    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(f"{path}: no such framework file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{path}: cannot read framework file: {exc}") from None
    try:
        # libyaml's parser when PyYAML was built with it (ten times faster; the same safe
        # constructor, so the same data), else PyYAML's own.
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise FrameworkError(f"{where}: not valid YAML: {problem}") from None
    return _validate(data, path)


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _validate(data: Any, path: Path | Traversable) -> Framework:
    if not isinstance(data, dict):
        raise FrameworkError(f"{path}: expected a mapping with 'id', 'title' and 'elements'")
    fid = _text(data.get("id")) or path.name.removesuffix(".yaml")
    elements_raw = data.get("elements")
    if not isinstance(elements_raw, list) or not elements_raw:
        raise FrameworkError(f"{path}: 'elements' must be a non-empty list")
    elements: list[Element] = []
    seen: set[str] = set()
    for number, item in enumerate(elements_raw, start=1):
        where = f"{path}: element {number}"
        if not isinstance(item, dict):
            raise FrameworkError(f"{where}: expected a mapping with id, title and description")
        eid = _text(item.get("id"))
        if not eid:
            raise FrameworkError(f"{where}: missing 'id'")
        where = f"{path}: element {number} ({eid})"
        if eid in seen:
            raise FrameworkError(f"{where}: duplicate id {eid!r}")
        seen.add(eid)
        title = _text(item.get("title"))
        description = _text(item.get("description"))
        if not title:
            raise FrameworkError(f"{where}: empty 'title'")
        if not description:
            raise FrameworkError(f"{where}: empty 'description'")
        phrases = item.get("key_phrases") or []
        if isinstance(phrases, str):
            phrases = [p for p in phrases.split(";")]
        if not isinstance(phrases, list):
            raise FrameworkError(f"{where}: 'key_phrases' must be a list of phrases")
        elements.append(
            Element(
                id=eid,
                group=_text(item.get("group")) or "element",
                title=title,
                description=description,
                key_phrases=tuple(p for p in (_text(x) for x in phrases) if p),
                source=_text(item.get("source")),
                framework=fid,
                short_title=_text(item.get("short_title")),
            )
        )
    return Framework(
        id=fid,
        title=_text(data.get("title")) or fid,
        elements=tuple(elements),
        source=_text(data.get("source")),
        published=_text(data.get("published")),
        short_title=_text(data.get("short_title")) or _text(data.get("title")) or fid,
        path=str(path),
    )
