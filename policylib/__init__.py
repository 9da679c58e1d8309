"""policylib: compare how English councils' children's services chapters express the national
principles of children's social care, and see which themes each council leaves out.

Data flows one way: files → :class:`Document` → :class:`Section` tree → tidy DataFrames →
scores → charts and reports. The names a notebook reaches for first:

* :func:`load_corpus`, :func:`load_framework`
* :func:`coverage`, :func:`evidence`, :func:`explain`
* :func:`shared_passages`, :func:`template_share`
* :func:`similarity`, :func:`neighbours`, :func:`distinctive_terms`, :func:`currency`
"""

from importlib import import_module
from typing import TYPE_CHECKING

# Every name is imported on first use (as SciPy and scikit-image do), so `policylib --help` or a
# command that only reads chapters never pays for pandas, BeautifulSoup or scikit-learn. The
# modules are grouped by step of the flow: reading (files → documents and sections), scoring
# (frameworks, template text, coverage, comparisons) and showing (charts, reports, guides).
_LOCATIONS = {
    "currency": "scoring.compare",
    "distinctive_terms": "scoring.compare",
    "explain": "scoring.compare",
    "neighbours": "scoring.compare",
    "similarity": "scoring.compare",
    "Corpus": "reading.corpus",
    "Document": "reading.corpus",
    "LoadError": "reading.corpus",
    "load_corpus": "reading.corpus",
    "read_document": "reading.corpus",
    "coverage": "scoring.coverage",
    "coverage_matrix": "scoring.coverage",
    "evidence": "scoring.coverage",
    "score_text": "scoring.coverage",
    "Element": "scoring.frameworks",
    "Framework": "scoring.frameworks",
    "FrameworkError": "scoring.frameworks",
    "load_framework": "scoring.frameworks",
    "element_guide": "showing.learning",
    "guide_markdown": "showing.learning",
    "passages": "scoring.model",
    "notebook_setup": "showing.notebook",
    "Section": "reading.sections",
    "Span": "reading.sections",
    "parse_sections": "reading.sections",
    "shared_passages": "scoring.template",
    "template_index": "scoring.template",
    "template_share": "scoring.template",
    "TextModel": "scoring.textmodel",
}

if TYPE_CHECKING:
    from policylib.reading.corpus import Corpus, Document, LoadError, load_corpus, read_document
    from policylib.reading.sections import Section, Span, parse_sections
    from policylib.scoring.compare import (
        currency,
        distinctive_terms,
        explain,
        neighbours,
        similarity,
    )
    from policylib.scoring.coverage import coverage, coverage_matrix, evidence, score_text
    from policylib.scoring.frameworks import Element, Framework, FrameworkError, load_framework
    from policylib.scoring.model import passages
    from policylib.scoring.template import shared_passages, template_index, template_share
    from policylib.scoring.textmodel import TextModel
    from policylib.showing.learning import element_guide, guide_markdown
    from policylib.showing.notebook import notebook_setup

__all__ = [
    "Corpus",
    "Document",
    "Element",
    "Framework",
    "FrameworkError",
    "LoadError",
    "Section",
    "Span",
    "TextModel",
    "coverage",
    "coverage_matrix",
    "currency",
    "distinctive_terms",
    "element_guide",
    "evidence",
    "explain",
    "guide_markdown",
    "load_corpus",
    "load_framework",
    "neighbours",
    "notebook_setup",
    "parse_sections",
    "passages",
    "read_document",
    "score_text",
    "shared_passages",
    "similarity",
    "template_index",
    "template_share",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    if name in _LOCATIONS:
        value = getattr(import_module(f"policylib.{_LOCATIONS[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'policylib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_LOCATIONS])
