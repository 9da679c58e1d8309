"""The reference data that ships inside policylib, read through :mod:`importlib.resources`.

Everything the scorer needs at run time lives in ``policylib/data/`` (see its README for
sources and licences): the framework codebooks, the official text of the National Framework and
the bundled chapters that serve as the fixed reference background.
An installed wheel works from any folder; nothing is downloaded.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = [
    "bundled_chapters",
    "bundled_inspections",
    "english_stop_words",
    "framework_files",
    "official_paragraphs",
    "reference_weights",
]


def _data() -> Traversable:
    return resources.files("policylib") / "data"


def bundled_chapters() -> Path:
    """The folder of the five bundled council chapters (with their manifest): the fixed
    reference background for the model's IDF and for recognising publishers' template text.
    ``corpus/chapters`` in the repository is the users' copy of the same files.

    >>> sorted(p.name for p in bundled_chapters().glob("*.txt"))[0]
    'bedfordshire-national-framework-briefing.txt'
    """
    return Path(str(_data() / "chapters"))


def bundled_inspections() -> Path:
    """The folder of Ofsted inspection reports (PDF) for the bundled councils, with a manifest.

    >>> sorted(p.name for p in bundled_inspections().glob("*.pdf"))[0]
    'durham_2025-05-13.pdf'
    """
    return Path(str(_data() / "inspections"))


def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, shipped (``english-stop-words.txt``, with its source
    and licence) so that reading text never imports scikit-learn.

    >>> len(english_stop_words()), "the" in english_stop_words()
    (318, True)
    """
    listed = (_data() / "english-stop-words.txt").read_text("utf-8")
    return frozenset(w for w in listed.splitlines() if w and not w.startswith("#"))


def reference_weights() -> Path:
    """The default model's term weights (vocabulary and IDF learned from the reference
    background), written by ``benchmarks/build_reference.py``.

    >>> reference_weights().name
    'reference-weights.tsv.gz'
    """
    return Path(str(_data() / "reference-weights.tsv.gz"))


def framework_files() -> dict[str, Traversable]:
    """The bundled framework codebooks by id.

    >>> sorted(framework_files())[0]
    'corporate-parenting-principles'
    """
    folder = _data() / "frameworks"
    return {
        f.name.removesuffix(".yaml"): f
        for f in folder.iterdir()
        if f.is_file() and f.name.endswith(".yaml")
    }


@lru_cache(maxsize=8)
def official_paragraphs(framework_id: str) -> tuple[tuple[str, str], ...]:
    """The official text of a framework as ``(element id, paragraph)`` pairs, in reading order
    (element id ``""`` for text that describes no single element); empty when none ships.

    >>> paras = official_paragraphs("national-framework-2023")
    >>> sorted({e for e, _ in paras if e})[:3]
    ['NF-E1', 'NF-E2', 'NF-E3']
    """
    source = _data() / f"{framework_id}.paragraphs.tsv"
    if not source.is_file():
        return ()
    lines = source.read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(
        (row["element"], row["text"].lstrip("• ").strip())
        for row in rows
        if row["kind"] in ("para", "item")
    )
