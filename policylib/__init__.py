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

# The one name that is also a submodule's: imported now, or importing policylib.coverage anywhere
# would leave the module, not the function, as `policylib.coverage`.
from policylib.coverage import coverage

# Every name is imported on first use (as SciPy and scikit-image do), so `policylib --help` or a
# command that only reads chapters never pays for pandas, BeautifulSoup or scikit-learn.
_LOCATIONS = {
    "currency": "compare",
    "distinctive_terms": "compare",
    "explain": "compare",
    "neighbours": "compare",
    "similarity": "compare",
    "Corpus": "corpus",
    "Document": "corpus",
    "LoadError": "corpus",
    "load_corpus": "corpus",
    "read_document": "corpus",
    "coverage_matrix": "coverage",
    "evidence": "coverage",
    "score_text": "coverage",
    "Element": "frameworks",
    "Framework": "frameworks",
    "FrameworkError": "frameworks",
    "load_framework": "frameworks",
    "element_guide": "learning",
    "guide_markdown": "learning",
    "passages": "model",
    "notebook_setup": "notebook",
    "Section": "sections",
    "Span": "sections",
    "parse_sections": "sections",
    "shared_passages": "template",
    "template_index": "template",
    "template_share": "template",
    "TextModel": "textmodel",
}

if TYPE_CHECKING:
    from policylib.compare import currency, distinctive_terms, explain, neighbours, similarity
    from policylib.corpus import Corpus, Document, LoadError, load_corpus, read_document
    from policylib.coverage import coverage_matrix, evidence, score_text
    from policylib.frameworks import Element, Framework, FrameworkError, load_framework
    from policylib.learning import element_guide, guide_markdown
    from policylib.model import passages
    from policylib.notebook import notebook_setup
    from policylib.sections import Section, Span, parse_sections
    from policylib.template import shared_passages, template_index, template_share
    from policylib.textmodel import TextModel

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
