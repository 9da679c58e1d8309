"""policylib: compare how English councils' children's services chapters express the national
principles of children's social care, and see which themes each council leaves out.

Data flows one way: files → :class:`Document` → :class:`Section` tree → tidy DataFrames →
scores → charts and reports. The names a notebook reaches for first:

* :func:`load_corpus`, :func:`load_framework`
* :func:`coverage`, :func:`evidence`, :func:`explain`
* :func:`shared_passages`, :func:`template_share`
* :func:`similarity`, :func:`neighbours`, :func:`distinctive_terms`, :func:`currency`
"""

from policylib.compare import currency, distinctive_terms, explain, neighbours, similarity
from policylib.corpus import Corpus, Document, LoadError, load_corpus, read_document
from policylib.coverage import coverage, coverage_matrix, evidence, score_text
from policylib.frameworks import Element, Framework, FrameworkError, load_framework
from policylib.learning import element_guide, guide_markdown
from policylib.model import passages
from policylib.notebook import notebook_setup
from policylib.sections import Section, Span, parse_sections
from policylib.template import shared_passages, template_index, template_share

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
    # TextModel is imported on first use: scikit-learn takes about two seconds to import.
    if name == "TextModel":
        from policylib.textmodel import TextModel

        return TextModel
    raise AttributeError(f"module 'policylib' has no attribute {name!r}")
