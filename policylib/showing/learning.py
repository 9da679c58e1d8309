"""For students: each framework element in the framework's own words and in councils' own.

:func:`element_guide` gathers, per element, the official text (shipped with the kit), the key
phrases the kit looks for, the related words its scoring weighs most, and two or three
councils' own passages that express the element (never text that restates the framework);
:func:`guide_markdown` shows it in full sentences, nothing cut.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from policylib.scoring.analysis import folded_words, readable
from policylib.scoring.frameworks import DEFAULT_FRAMEWORK, Framework, load_framework

if TYPE_CHECKING:
    import pandas as pd

    from policylib.reading.corpus import Corpus, Document

__all__ = ["GUIDE_COLUMNS", "element_guide", "guide_markdown"]

GUIDE_COLUMNS = {
    "element": "element id",
    "title": "the element's official title",
    "kind": "framework (the official text) or council (a council's own passage)",
    "source": "where the text comes from: the framework's page, or the council and section",
    "text": "the text, in full",
    "key_phrases": "the phrases the kit looks for, joined by '; ' (framework rows)",
    "related_words": "the words the kit's scoring weighs most for the element (framework rows)",
}
_SHINGLE = 6  # a passage sharing six words in a row with the official text restates it


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = folded_words(text)
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def element_guide(
    corpus: Corpus | Iterable[Document],
    framework: Framework | str = DEFAULT_FRAMEWORK,
    *,
    per_element: int = 3,
) -> pd.DataFrame:
    """One row for each element's official text, then up to ``per_element`` rows of councils'
    own passages that express it (present verdicts, best first, one per council, none that
    repeats the framework's wording). Columns :data:`GUIDE_COLUMNS`.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> guide = element_guide(load_corpus(bundled_chapters()))
    >>> guide[guide.kind == "framework"].element.nunique()
    13
    >>> int(guide[guide.element == "NF-P1"].kind.eq("council").sum())
    3
    """
    import pandas as pd

    from policylib.resources import official_paragraphs
    from policylib.scoring.coverage import element_matrix, evidence
    from policylib.scoring.model import model_for

    framework = load_framework(framework)
    docs = list(corpus)
    official: dict[str, list[str]] = {}
    for eid, text in official_paragraphs(framework.id):
        if eid:
            official.setdefault(eid, []).append(text)
    framework_shingles: set[tuple[str, ...]] = set()
    for element in framework.elements:
        for text in [element.title, *official.get(element.id, [])]:
            framework_shingles |= _shingles(text)
    model = model_for(framework)
    vectors = element_matrix(framework, model)
    ev = evidence(docs, framework, top=10)
    ev = ev[(ev.status == "present") & (ev.text != "")]
    rows: list[dict[str, str]] = []
    for j, element in enumerate(framework.elements):
        words = official.get(element.id, [])
        row = vectors[j].toarray().ravel()
        phrases = {w for p in element.key_phrases for w in folded_words(p)}
        related = []
        for k in np.argsort(-row, kind="stable")[:40]:
            term = readable(str(model.features_[k]), " ".join(words), element.profile)
            if " " not in term and term.casefold() not in phrases and row[k] > 0:
                related.append(term)
        rows.append(
            {
                "element": element.id,
                "title": element.title,
                "kind": "framework",
                "source": framework.source or framework.title,
                "text": words[0] if words else element.description,
                "key_phrases": "; ".join(element.key_phrases),
                "related_words": ", ".join(related[:8]),
            }
        )
        seen: set[str] = set()
        mine = ev[ev.element == element.id].sort_values(["score", "doc"], ascending=[False, True])
        for doc, council, heading, text in zip(
            mine.doc, mine.council, mine.heading_path, mine.text, strict=True
        ):
            doc, text = str(doc), str(text)
            if len(seen) >= per_element or doc in seen or _shingles(text) & framework_shingles:
                continue
            seen.add(doc)
            rows.append(
                {
                    "element": element.id,
                    "title": element.title,
                    "kind": "council",
                    "source": f"{council or doc}: {heading or 'opening text'}",
                    "text": " ".join(text.split()),
                    "key_phrases": "",
                    "related_words": "",
                }
            )
    return pd.DataFrame(rows, columns=list(GUIDE_COLUMNS))


def guide_markdown(guide: pd.DataFrame) -> str:
    """The guide as Markdown for a notebook: a heading per element, the framework's words as a
    quote with its source, the key phrases and related words, then each council's passage.

    >>> import pandas as pd
    >>> row = dict(element="NF-P1", title="Children's welfare is paramount", kind="framework",
    ...            source="https://www.gov.uk/x", text="Decisions are in their best interests.",
    ...            key_phrases="best interests", related_words="welfare")
    >>> print(guide_markdown(pd.DataFrame([row])).splitlines()[0])
    ### NF-P1: Children's welfare is paramount
    """
    out: list[str] = []
    for element, rows in guide.groupby("element", sort=False):
        first = rows.iloc[0]
        out.append(f"### {element}: {first.title}")
        for r in rows.itertuples():
            if r.kind == "framework":
                out.append(f"**The framework's own words** ([source]({r.source})):\n")
                out.append(f"> {r.text}\n")
                out.append(f"*Key phrases the kit looks for:* {r.key_phrases}  ")
                out.append(f"*Related words its scoring weighs:* {r.related_words}\n")
                out.append("**Councils' own words:**\n")
            else:
                out.append(f"- *{r.source}*: “{r.text}”")
        councils = int((rows.kind == "council").sum())
        if councils == 0:
            out.append("- *No council in this corpus expresses it in its own words.*")
        elif councils == 1:
            out.append(
                "- *Only one council here says it in its own words: most of these chapters "
                "leave this element out.*"
            )
        out.append("")
    return "\n".join(out)
