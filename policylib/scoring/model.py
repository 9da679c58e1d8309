"""Passages and the TF-IDF model that scores them against framework elements.

A *passage* is the unit that can prove a theme: a paragraph or list item, or one sentence of a
long paragraph, with its section id and character span so every score traces back to the page.

:class:`TextModel` is a scikit-learn style estimator: ``fit`` learns the vocabulary and inverse
document frequencies from reference texts, ``transform`` turns texts into L2-normalised TF-IDF
rows, and the cosine score of two texts is the dot product of their rows. The choices below were
measured with ``benchmarks/evaluate.py`` on the labelled chapters (see the README):

* words from the one analyser (:mod:`policylib.scoring.analysis`: hyphens split, meaning words kept,
  inflections folded) **and** adjacent pairs of them ("family network", "best interests");
* sublinear term frequency (1 + log tf), so a word repeated in one passage does not dominate;
* IDF learned from a fixed reference background (the bundled chapters, the framework profiles
  and the official framework text), so a document's verdicts do not change with whatever else is
  loaded.

Each passage also says whether it can be evidence at all (:func:`is_statement`): list numbers,
fragments, amendment notes, citations and links are never quoted as a council's commitment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from policylib.reading.furniture import is_amendment_note
from policylib.reading.sections import list_marker
from policylib.scoring.analysis import analyse, caseless, count_words

if TYPE_CHECKING:
    import pandas as pd

    from policylib.reading.corpus import Corpus, Document
    from policylib.reading.sections import Section
    from policylib.scoring.frameworks import Framework
    from policylib.scoring.textmodel import TextModel
    from policylib.scoring.weights import TermWeights, TextScorer

__all__ = [
    "PASSAGE_COLUMNS",
    "NumberedWords",
    "Passage",
    "TextModel",
    "analyse",
    "is_statement",
    "model_for",
    "numbered_passages",
    "passage_spans",
    "passages",
    "reference_texts",
    "restates_guidance",
]

PASSAGE_COLUMNS = {
    "doc": "document id",
    "section_id": "the section the passage comes from",
    "heading_path": "the section's heading path",
    "kind": "paragraph or list_item",
    "start": "start offset in the document's normalised text",
    "end": "end offset (exclusive)",
    "text": "the passage, exactly document.text[start:end]",
    "context": "the nearest heading, scored together with the passage",
    "statement": "true when the passage can be evidence: the council's own statement, not a "
    "fragment, heading, citation, amendment note or link",
    "restated": "true when the passage reports what national guidance says",
}

_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z‘'\"“(•-])")
_LONG = 50  # words: longer paragraphs are split into sentences

# What is not a council's own statement, and so never evidence (see :func:`is_statement`).
_REFERENCE = re.compile(
    r"\bread in conjunction with\b|\bhas regard to\b|\bshould be read\b|\bsee also\b"
    r"|\bplease see\b|\bclick here\b|\bprovides the context for\b|\bis consistent with\b",
    re.IGNORECASE,
)
# Phrases one of which any match of _REFERENCE holds (tested first: most text has none).
_REFERENCE_PHRASES = (
    "read in conjunction with",
    "has regard to",
    "should be read",
    "see also",
    "please see",
    "click here",
    "provides the context for",
    "is consistent with",
)
_RESTATED_OPENING = re.compile(
    r"(?:working together|the (?:national )?(?:guidance|framework|act|legislation|regulations)|"
    r"(?:this|the) (?:statutory )?guidance|statutory guidance|the children act)\b[^.]{0,120}?"
    r"\b(?:emphasises|emphasizes|recognises|recognizes|states|requires|sets out|says|contains|"
    r"describes|highlights|stresses)\b",
    re.IGNORECASE,
)
_RESTATED_DUTY = re.compile(r"\blocal authorities (?:should|must)\b", re.IGNORECASE)
RESTATED_WEIGHT = 0.5
"""Score factor for a passage that restates national guidance instead of committing to it
("Working Together emphasises …"): it can show an element is touched on, rarely present."""
_CITATION = re.compile(
    r"\b(?:Act|Acts|Regulations?|Framework|Guidance|Convention|Code of Practice|Standards|"
    r"Working Together|Procedures)\b"
)
_COMMITMENT = re.compile(r"\b(?:we|our|will|must|should|are|is|have|has)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PREAMBLE_PATH = re.compile(
    r"(?:^|> )(?:amendments?|related (?:guidance|documents?|chapters?|information|resources|"
    r"procedures|links))(?: >|$)",
    re.IGNORECASE,
)
_CLAUSE_END = (".", "!", "?", ";")


def restates_guidance(text: str) -> bool:
    """Whether a passage reports what national guidance says rather than committing to it.

    >>> restates_guidance("Working Together to Safeguard Children emphasises multi-agency work.")
    True
    >>> restates_guidance("We work with partner agencies to meet children's needs.")
    False
    """
    body = text.strip()
    return _restates(body, caseless(body))


def _restates(body: str, folded: str) -> bool:
    """:func:`restates_guidance` of a stripped passage, given its caseless form."""
    # A match starts the text with one of these, or names local authorities: test that first.
    if not (
        folded.startswith(("working together", "the ", "this ", "statutory guidance"))
        or "local authorities " in folded
    ):
        return False
    return bool(_RESTATED_OPENING.match(body) or _RESTATED_DUTY.search(body))


def _refers_elsewhere(text: str, folded: str) -> bool:
    """Whether text points to another document ("read in conjunction with", "see also"), given
    its caseless form."""
    if not any(phrase in folded for phrase in _REFERENCE_PHRASES):
        return False
    return bool(_REFERENCE.search(text))


def is_statement(text: str, heading_path: str = "") -> bool:
    """Whether a passage can be a council's own statement, and so evidence for an element.

    Not statements: fragments and list numbers (fewer than four content words, or a short line
    with no sentence end), a list's introduction ending in a colon, amendment notes, pointers to
    other documents ("read in conjunction with", "has regard to"), short citations of Acts and
    guidance ("Working Together to Safeguard Children 2023;"), and anything filed under a page's
    amendment or related-guidance block.

    >>> is_statement("We will always listen to children and act on what they tell us.")
    True
    >>> is_statement("1."), is_statement("These include:"), is_statement("Children Act 2004;")
    (False, False, False)
    >>> is_statement("This chapter was amended in July 2024 to include our principles.")
    False
    """
    body = text.strip()
    return _states(body, caseless(body)) and not _in_preamble(heading_path)


_SENTENCE_INSIDE = re.compile(r"[.!?]\s")


def _states(body: str, folded: str, n: int = -1) -> bool:
    """:func:`is_statement` of a stripped passage's own words, wherever it is filed, given its
    caseless form (and its number of content words, when known)."""
    n = count_words(body) if n < 0 else n
    if n < 4:
        return False
    if n < 7 and not body.endswith(_CLAUSE_END):
        return False
    if body.endswith(":") and not _SENTENCE_INSIDE.search(body):
        return False
    if is_amendment_note(body, folded=folded) or _refers_elsewhere(body, folded):
        return False
    if n < 10 and _YEAR.search(body) and not body.endswith((".", "!", "?")):
        return False
    return not (n < 10 and _CITATION.search(body) and not _COMMITMENT.search(body))


@lru_cache(maxsize=4096)  # a page's passages share a few heading paths
def _in_preamble(heading_path: str) -> bool:
    return bool(_PREAMBLE_PATH.search(heading_path))


class Passage(NamedTuple):
    """A quotable stretch of one section: the unit that is scored and shown as evidence (an
    immutable record, a named tuple: coverage makes one for every passage of a corpus)."""

    doc: str
    section_id: str
    heading_path: str
    kind: str
    start: int
    end: int
    text: str
    context: str = ""
    statement: bool = True
    restated: bool = False

    @property
    def scoring_text(self) -> str:
        """What the model scores: the nearest heading, then the passage. A heading says what
        the passage under it is about ("Staying Safe", "Participation")."""
        return f"{self.context}. {self.text}" if self.context else self.text


def _split(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of a long paragraph (short texts stay whole)."""
    # Fewer than 2 × _LONG characters cannot hold more than _LONG words.
    if len(text) <= 2 * _LONG or len(text.split()) <= _LONG:
        return [(0, len(text))]
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _body_start(text: str) -> int:
    """Where a list item's own words start: after its bullet or number ("1.", "•"), so a quote
    never begins with a list marker. A titled item keeps its title ("Participation: We will…"):
    in many chapters the title is the statement ("Children's needs are paramount: …").

    >>> _body_start("1. Participation:\\n    We will co-produce plans with families.")
    3
    >>> _body_start("• Keep the child at the centre of our practice;")
    2
    """
    first = text.split("\n", 1)[0]
    m = list_marker(first)
    return m.start(3) if m else 0


def passage_spans(doc: Document) -> Iterator[tuple[Section, int, int]]:
    """Where the passages of one document are, in order: ``(section, start, end)`` with offsets
    into the document's text (titles, headings and contents excluded). Cheap: the passage
    texts without the judgement of :func:`is_statement`.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> hull = load_corpus(bundled_chapters() / 'hull-values-principles-strategy.txt')
    >>> section, start, end = next(passage_spans(next(iter(hull))))
    >>> section.start <= start < end <= section.end
    True
    """
    for s in doc.sections:
        if s.kind not in ("paragraph", "list_item"):
            continue
        for a, b in _pieces(s.text, s.kind == "list_item"):
            yield s, s.start + a, s.start + b


# Chapters share sections word for word (template text): each distinct one is cut once.
@lru_cache(maxsize=1 << 14)
def _pieces(text: str, item: bool) -> tuple[tuple[int, int], ...]:
    """Where the passages of a paragraph's or a list item's text are (offsets into it)."""
    skip = _body_start(text) if item else 0
    return tuple((a + skip, b + skip) for a, b in _split(text[skip:]))


def document_passages(doc: Document) -> list[Passage]:
    """The passages of one document, in order (titles, headings and contents excluded)."""
    judged: dict[str, tuple[bool, bool]] = {}
    return [
        _passage(doc.doc, s, start, end, doc.text[start:end], judged)
        for s, start, end in passage_spans(doc)
    ]


def _passage(
    doc: str,
    s: Section,
    start: int,
    end: int,
    piece: str,
    judged: dict[str, tuple[bool, bool]],
    words: int = -1,
    context: str | None = None,
) -> Passage:
    """The passage ``piece`` (the document's text from ``start`` to ``end``) of section ``s``,
    judged (``words``: its number of content words, when known; ``context``: its nearest
    heading, when known). What its own words say (a statement? restating guidance?) is looked
    up in ``judged`` by its text, and kept there: chapters share passages word for word."""
    own = judged.get(piece)
    if own is None:
        body = piece.strip()
        folded = caseless(body)  # once for both judgements
        own = judged[piece] = (_states(body, folded, words), _restates(body, folded))
    return Passage(
        doc,
        s.section_id,
        s.heading_path,
        s.kind,
        start,
        end,
        piece,
        _context(s) if context is None else context,
        own[0] and not _in_preamble(s.heading_path),
        own[1],
    )


def _context(s: Section) -> str:
    """The nearest heading of a section's passages (scored with them)."""
    return s.heading_path.rsplit(" > ", 1)[-1]


def numbered_passages(
    docs: Sequence[Document],
) -> tuple[list[list[Passage]], NumberedWords]:
    """:func:`document_passages` of each document, with every passage's and every heading's
    content words cut once for all of them and numbered
    (:class:`NumberedWords`): what judging the passages and scoring them share.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> hull = list(load_corpus(bundled_chapters() / 'hull-values-principles-strategy.txt'))
    >>> found, numbered = numbered_passages(hull)
    >>> found == [document_passages(hull[0])]
    True
    >>> from policylib.scoring.analysis import words
    >>> p = found[0][0]
    >>> [numbered.words[i] for i in numbered.of(p.text)] == words(p.text)
    True
    """
    import numpy as np

    from policylib.scoring.analysis import number_words_flat, stop_words

    spans = [(k, s, a, b) for k, doc in enumerate(docs) for s, a, b in passage_spans(doc)]
    pieces = [docs[k].text[a:b] for k, _, a, b in spans]
    headings = [_context(s) for _, s, _, _ in spans]
    # Each distinct text cut once (a passage repeated across chapters, a heading over many).
    texts = list(dict.fromkeys([*pieces, *headings]))
    numbers: dict[str, int] = {}
    ids, lengths = number_words_flat(texts, numbers)
    stop = stop_words()
    content = np.array([len(w) > 1 and w not in stop for w in numbers], dtype=bool)[ids]
    ids = ids[content]
    owner = np.repeat(np.arange(len(lengths)), lengths)[content]
    ends = np.cumsum(np.bincount(owner, minlength=len(lengths))).tolist()
    starts = [0, *ends[:-1]] if ends else []
    numbered = NumberedWords(
        list(numbers), {t: ids[a:b] for t, a, b in zip(texts, starts, ends, strict=True)}
    )
    out: list[list[Passage]] = [[] for _ in docs]
    # Chapters share passages word for word (a publisher's template text): each distinct text
    # is judged once, as it was cut into words once.
    judged: dict[str, tuple[bool, bool]] = {}
    for (k, s, start, end), piece, heading in zip(spans, pieces, headings, strict=True):
        words = len(numbered.of(piece))
        out[k].append(_passage(docs[k].doc, s, start, end, piece, judged, words, heading))
    return out, numbered


@dataclass(frozen=True)
class NumberedWords:
    """Content words of texts (:func:`~policylib.scoring.analysis.words`) as numbers into
    ``words``, by text: made by :func:`numbered_passages` for passages and their headings."""

    words: list[str]
    texts: dict[str, Any]  # text -> its content words' numbers (a numpy array)

    def of(self, text: str) -> Any:
        """The numbers of a passage's or a heading's content words."""
        return self.texts[text]


def passages(corpus: Corpus | Iterable[Document]) -> pd.DataFrame:
    """One row per passage of every document, columns :data:`PASSAGE_COLUMNS`.

    >>> from policylib import load_corpus
    >>> from policylib.resources import bundled_chapters
    >>> hull = load_corpus(bundled_chapters() / 'hull-values-principles-strategy.txt')
    >>> table = passages(hull)
    >>> list(table.columns)[:3], bool(table.statement.any())
    (['doc', 'section_id', 'heading_path'], True)
    """
    import pandas as pd

    found = [p for doc in corpus for p in document_passages(doc)]
    # Each column is the passage's attribute of the same name.
    cols = {c: [getattr(p, c) for p in found] for c in PASSAGE_COLUMNS}
    return pd.DataFrame(cols, columns=list(PASSAGE_COLUMNS))


def reference_texts() -> list[str]:
    """The fixed background the default model learns its IDF from: every passage of the bundled
    chapters, every element profile of the bundled frameworks and the official framework text.

    >>> texts = reference_texts()
    >>> len(texts) > 500
    True
    """
    from policylib.reading.corpus import load_corpus
    from policylib.resources import bundled_chapters, official_paragraphs
    from policylib.scoring.frameworks import bundled_frameworks, load_framework

    root = bundled_chapters()
    texts: list[str] = []
    if root.is_dir():
        texts.extend(p.scoring_text for d in load_corpus(root) for p in document_passages(d))
    for fid in bundled_frameworks():
        texts.extend(e.profile for e in load_framework(fid).elements)
        texts.extend(text for _, text in official_paragraphs(fid))
    return texts


def __getattr__(name: str) -> Any:
    # TextModel lives in policylib.scoring.textmodel (importing scikit-learn takes about two
    # seconds; commands that score nothing never pay for it).
    if name == "TextModel":
        from policylib.scoring.textmodel import TextModel

        return TextModel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def model_for(framework: Framework) -> TextScorer:
    """The model to score against ``framework``: the default model for a bundled framework;
    for a user's own codebook, a model whose background also holds that codebook's wording,
    so its words count even when no bundled text uses them ("radicalisation", "Prevent").
    Either way the background is fixed: verdicts never depend on the corpus being scored.

    >>> from policylib.scoring.frameworks import load_framework
    >>> model_for(load_framework('national-framework-2023')) is default_model()
    True
    """
    from policylib.scoring.frameworks import bundled_frameworks, load_framework

    profiles = tuple(e.profile for e in framework.elements)
    if framework.id in bundled_frameworks():
        bundled = load_framework(framework.id)
        if tuple(e.profile for e in bundled.elements) == profiles:
            return default_model()
    return _codebook_model(profiles)


@lru_cache(maxsize=8)
def _codebook_model(profiles: tuple[str, ...]) -> TextModel:
    from policylib.scoring.textmodel import TextModel

    return TextModel().fit([*reference_texts(), *profiles])


@lru_cache(maxsize=1)
def default_model() -> TermWeights:
    """The model fitted on :func:`reference_texts`: its weights as shipped with the kit
    (``policylib/data/reference-weights.tsv.gz``, applied without importing scikit-learn; a
    test checks they are what a fresh fit gives), fitted afresh only when they are missing.
    Cached: read once per process.

    >>> default_model().transform(["family networks"]).shape[0]
    1
    """
    from policylib.resources import reference_weights
    from policylib.scoring.weights import TermWeights

    shipped = reference_weights()
    if shipped.is_file():
        return TermWeights.read(shipped)
    from policylib.scoring.textmodel import TextModel

    return TermWeights.from_model(TextModel().fit(reference_texts()))
