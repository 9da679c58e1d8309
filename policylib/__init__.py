"""policylib: compare how English councils' children's services chapters express the national
principles of children's social care, and see which themes each council leaves out.

Data flows one way: files → :class:`Document` → :class:`Section` tree → tidy DataFrames →
scores → charts and reports.
"""

from policylib.corpus import Corpus, Document, LoadError, load_corpus, read_document
from policylib.sections import Section, Span, parse_sections

__all__ = [
    "Corpus",
    "Document",
    "LoadError",
    "Section",
    "Span",
    "load_corpus",
    "parse_sections",
    "read_document",
]
__version__ = "0.1.0"
