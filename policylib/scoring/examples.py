"""Teach the kit: a policy lead's own judgements, kept in a file beside the corpus.

A policy lead who disagrees with a verdict records it, one row per judgement, in a CSV (or YAML
list) with these columns (:data:`EXAMPLE_COLUMNS`):

* ``element``: the element id (``NF-P4``);
* ``verdict``: ``accept`` (this passage does express the element), ``reject`` (it does not) or
  ``example`` (a passage, from any source, that expresses the element);
* ``text``: the passage, or enough of it to find it (at least 20 characters);
* ``doc`` (optional): the document the judgement is about; empty means any document;
* ``note`` (optional): why, for the next reader.

How coverage uses them (:func:`policylib.scoring.coverage.coverage` with ``examples=``):

* a **rejected** passage scores 0 for that element (in that document, or everywhere);
* an **accepted** passage scores at least the *present* threshold for that element;
* accepted passages and **examples** join the element's vector (``EXAMPLE_WEIGHT``), so a
  confirmed way of saying it is recognised in other chapters too.

:func:`examples_effect` lists the verdicts the judgements changed.

>>> import io
>>> table = read_examples(io.StringIO(
...     "doc,element,verdict,text\\n"
...     ",NF-P4,example,We help families keep children safely at home.\\n"))
>>> table[["element", "verdict"]].to_dict("records")
[{'element': 'NF-P4', 'verdict': 'example'}]
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from policylib.scoring.frameworks import Framework

__all__ = [
    "EFFECT_COLUMNS",
    "EXAMPLE_COLUMNS",
    "EXAMPLE_WEIGHT",
    "VERDICTS",
    "ExamplesError",
    "examples_effect",
    "matches",
    "read_examples",
]

EXAMPLE_COLUMNS = {
    "doc": "document id the judgement is about ('' for any document)",
    "element": "element id",
    "verdict": "accept, reject or example",
    "text": "the passage (or enough of it to find it)",
    "note": "why, in the reader's words",
}
VERDICTS = ("accept", "reject", "example")
EXAMPLE_WEIGHT = 0.3
"""Weight of the mean of an element's confirmed examples in its vector."""
EFFECT_COLUMNS = {
    "doc": "document id",
    "element": "element id",
    "status_before": "status without the judgements",
    "status_after": "status with them",
    "score_before": "score without the judgements",
    "score_after": "score with them",
    "evidence_after": "the passage quoted with them",
}
_MIN_TEXT = 20


class ExamplesError(ValueError):
    """A judgements file cannot be used; the message names the file and line."""


def _norm(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def matches(example: str, passage: str) -> bool:
    """Whether a judgement's text identifies a passage: one contains the other (case and
    spacing ignored; a passage must be 20 characters or more to match inside a longer text).

    >>> matches("keep children safely at home", "We keep children safely at home.")
    True
    >>> matches("1.", "We keep children safely at home.")
    False
    """
    a, b = _norm(example), _norm(passage)
    if not a or not b:
        return False
    return (len(a) >= _MIN_TEXT and a in b) or (len(b) >= _MIN_TEXT and b in a)


def read_examples(
    source: str | os.PathLike[str] | io.TextIOBase | pd.DataFrame,
    framework: Framework | str | None = None,
) -> pd.DataFrame:
    """Read and check a judgements file (CSV, or YAML with a list of mappings).

    Returns one row per judgement, columns :data:`EXAMPLE_COLUMNS`. With ``framework``, element
    ids are checked against it.

    Raises:
        ExamplesError: naming the file and line for a missing column, an unknown verdict or
            element, or a text too short to identify a passage.

    >>> import io
    >>> rows = 'element,verdict,text\\nNF-P2,accept,We always listen to children.\\n'
    >>> read_examples(io.StringIO(rows)).verdict.tolist()
    ['accept']
    """
    import pandas as pd

    from policylib.scoring.frameworks import load_framework

    name = "examples"
    rows: list[dict[str, Any]]
    if isinstance(source, pd.DataFrame):
        rows = [
            {str(k): v for k, v in r.items()}
            for r in source.fillna("").astype(str).to_dict("records")
        ]
        lines = list(range(2, len(rows) + 2))
    else:
        if isinstance(source, io.TextIOBase):
            raw = source.read()
        else:
            name = str(source)
            try:
                raw = Path(source).read_text(encoding="utf-8-sig")
            except FileNotFoundError:
                raise ExamplesError(f"{name}: no such file") from None
            except (OSError, UnicodeDecodeError) as exc:
                raise ExamplesError(f"{name}: cannot read: {exc}") from None
        if name.endswith((".yaml", ".yml")):
            rows, lines = _yaml_rows(raw, name)
        else:
            reader = csv.DictReader(io.StringIO(raw))
            rows, lines = [], []
            for row in reader:
                rows.append({k.strip(): (v or "") for k, v in row.items() if k is not None})
                lines.append(reader.line_num)
    known = set(load_framework(framework).ids) if framework is not None else None
    out: dict[str, list[str]] = {c: [] for c in EXAMPLE_COLUMNS}
    for row, line in zip(rows, lines, strict=True):
        where = f"{name}:{line}"
        for required in ("element", "verdict", "text"):
            if required not in row:
                raise ExamplesError(f"{name}: no '{required}' column (columns: doc, element, "
                                    "verdict, text, note)")  # fmt: skip
        element = str(row["element"]).strip()
        verdict = str(row["verdict"]).strip().lower()
        text = " ".join(str(row["text"]).split())
        if verdict not in VERDICTS:
            raise ExamplesError(f"{where}: verdict {verdict!r} is not one of {', '.join(VERDICTS)}")
        if known is not None and element not in known:
            raise ExamplesError(f"{where}: unknown element {element!r}")
        if len(text) < _MIN_TEXT:
            raise ExamplesError(
                f"{where}: text {text!r} is too short to identify a passage "
                f"(at least {_MIN_TEXT} characters)"
            )
        out["doc"].append(str(row.get("doc", "") or "").strip())
        out["element"].append(element)
        out["verdict"].append(verdict)
        out["text"].append(text)
        out["note"].append(str(row.get("note", "") or "").strip())
    return pd.DataFrame(out, columns=list(EXAMPLE_COLUMNS))


def _yaml_rows(raw: str, name: str) -> tuple[list[dict[str, Any]], list[int]]:
    import yaml

    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark is not None else name
        raise ExamplesError(f"{where}: not valid YAML") from None
    if data is None:
        return [], []
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ExamplesError(f"{name}: expected a list of judgements (mappings)")
    return [{str(k): v for k, v in r.items()} for r in data], list(range(1, len(data) + 1))


def examples_effect(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The verdicts that changed between two coverage tables (without and with judgements),
    columns :data:`EFFECT_COLUMNS`, in table order.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> hull = load_corpus(bundled_chapters() / 'hull-values-principles-strategy.txt')
    >>> from policylib import coverage
    >>> plain = coverage(hull)
    >>> examples_effect(plain, plain).empty
    True
    """
    key = ["doc", "element"]
    joined = before[[*key, "status", "score"]].merge(
        after[[*key, "status", "score", "evidence_text"]], on=key, suffixes=("_before", "_after")
    )
    changed = joined[joined.status_before != joined.status_after]
    return changed.rename(columns={"evidence_text": "evidence_after"})[
        list(EFFECT_COLUMNS)
    ].reset_index(drop=True)
