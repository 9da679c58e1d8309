"""One analyser: how every part of policylib cuts text into the words it compares.

Built once and used by the passage model, coverage, explanations and comparisons, so a word
means the same thing everywhere (as scikit-learn's ``build_analyzer`` gives one callable):

* Unicode case-folding (``str.casefold``), curly apostrophes made straight;
* words are runs of letters and digits: hyphenated words are split ("relationship-based" →
  "relationship", "based"), numbers are kept, one-character tokens dropped, and "well-being" /
  "well being" read as "wellbeing";
* English stop words removed (scikit-learn's list) **except** words that carry meaning in this
  field: "together", "whole", "keep", "first", "interest", "own", "within", "without", …;
* inflections folded with the Snowball English stemmer ("trained"/"training" → "train",
  "families" → "famili"): :func:`readable` shows a stem in the words a text really uses.

>>> tokens("We keep children safely at home, working together with whole families.")
['keep', 'children', 'safe', 'home', 'work', 'togeth', 'whole', 'famili']
>>> analyse("relationship-based practice")
['relationship', 'base', 'practic', 'relationship base', 'base practic']
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "WORD",
    "analyse",
    "caseless",
    "count_words",
    "find_words",
    "folded_text_words",
    "folded_words",
    "number_words",
    "number_words_flat",
    "readable",
    "stem",
    "stop_words",
    "tokens",
    "word_offsets",
    "words",
]

_MEANING_WORDS = frozenset(
    [
        "together",
        "whole",
        "keep",
        "first",
        "interest",
        "own",
        "put",
        "part",
        "system",
        "find",
        "give",
        "full",
        "alone",
        "within",
        "without",
        "across",
        "become",
        "back",
        "serious",
        "show",
        "found",
        "well",
        "never",
        "every",
        "last",
    ]
)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The stop words: scikit-learn's English list (shipped as
    ``policylib/data/english-stop-words.txt``, so reading text never imports scikit-learn) less
    the words that carry meaning here.

    >>> "together" in stop_words(), "the" in stop_words()
    (False, True)
    """
    from policylib.resources import english_stop_words

    return english_stop_words() - _MEANING_WORDS


WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")
"""A word: a run of letters and digits (with any combining accents). Found in the text as
written, so offsets always refer to the document; each word is case-folded on its own (folding
can change a word's length, "İ" → "i̇", never the text's offsets). Template detection and
section matching use it too."""


_PLAIN_WORD = re.compile(r"\w+")
_NOT_PLAIN = re.compile(r"[_\u0300-\u036f]")


def find_words(text: str) -> list[str]:
    """Every word of a text as written (:data:`WORD`), in order: ``WORD.findall(text)``.

    Text without underscores or combining accents (nearly all of it) is cut by the simpler
    ``\\w+``, which finds the same words two to three times faster.

    >>> find_words("relationship-based practice_notes")
    ['relationship', 'based', 'practice', 'notes']
    """
    if _NOT_PLAIN.search(text) is None:
        return _PLAIN_WORD.findall(text)
    return WORD.findall(text)


def word_offsets(text: str) -> np.ndarray:
    """Where each word of a text (:data:`WORD`) starts, as offsets into it.

    In longer text they are found with numpy as the starts of runs of letters and digits (what
    a word is when the text has no underscores or combining accents); other text is searched
    with the pattern.

    >>> word_offsets("We listen – to children’s views").tolist()
    [0, 3, 12, 15, 24, 26]
    """
    import numpy as np

    if len(text) >= 256:  # numpy pays off above this
        codes = _codes(text)
        if not _odd_characters(codes).any():
            return _letter_runs(codes)[0]
    return np.fromiter((m.start() for m in WORD.finditer(text)), dtype=np.int64)


def _odd_characters(codes: np.ndarray) -> np.ndarray:
    """Underscores and combining accents (:data:`_NOT_PLAIN`) among character codes."""
    import numpy as np

    return np.asarray((codes == ord("_")) | ((codes >= 0x300) & (codes < 0x370)))


def _codes(text: str) -> np.ndarray:
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _letter_runs(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Starts and ends of the runs of letters and digits (``str.isalnum``, what ``\\w`` is
    less the underscore) among character codes: one table lookup per character."""
    import numpy as np

    table = _alnum_table()
    if len(codes) and int(codes.max()) >= len(table):  # beyond the Basic Multilingual Plane
        wide = np.unique(codes[codes >= len(table)])
        extra = np.array([chr(c).isalnum() for c in wide.tolist()], dtype=bool)
        letter = table[np.minimum(codes, len(table) - 1)]
        high = codes >= len(table)
        letter[high] = extra[np.searchsorted(wide, codes[high])]
    else:
        letter = table[codes]
    edges = np.diff(letter.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


@lru_cache(maxsize=1)
def _alnum_table() -> np.ndarray:
    """``str.isalnum`` of every character of the Basic Multilingual Plane (64 KB, made once in
    about 10 ms)."""
    import numpy as np

    return np.array([chr(c).isalnum() for c in range(0x10000)], dtype=bool)


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """The Snowball English stem of one lower-case word.

    >>> stem("trained"), stem("training"), stem("networks")
    ('train', 'train', 'network')
    """
    result: str = _stemmer().stemWord(word)  # type: ignore[attr-defined]
    return result


def folded_words(text: str) -> list[str]:
    """Every word of a text (see :data:`WORD`), case-folded, stop words kept.

    >>> folded_words("İnci's FAMILY")
    ['i̇nci', 's', 'family']
    """
    if text.isascii():  # folding ASCII changes no word's length or boundary
        return find_words(text.lower())
    folded = text.casefold()
    if len(folded) == len(text) and _NOT_PLAIN.search(text) is None:
        # Each character folded to one, and no letter or digit to anything else (checked
        # over all of Unicode; the one exception, U+0345, is a combining accent): the words
        # of the folded text are the folded words.
        return _PLAIN_WORD.findall(folded)
    found = find_words(text)
    # Folded in one call: a word never holds or folds into a NUL, so the words stay apart.
    return "\0".join(found).casefold().split("\0") if found else []


# "\bwell…", written to start with the letters so the search skips ahead ten times faster.
def caseless(text: str) -> str:
    """The text case-folded as a case-insensitive pattern reads it: any phrase of lower-case
    ASCII letters and spaces that ``re.IGNORECASE`` finds in the text is in the result
    (capital I with a dot and dotless i read as "i", long s as "s", the Kelvin sign as "k").
    A cheap test that a
    pattern cannot match before it is run.

    >>> "revised" in caseless("This chapter was REV\u0131SED")
    True
    """
    folded = text.casefold()
    if folded.isascii():
        return folded
    return folded.replace("\u0307", "").replace("\u0131", "i")  # "İ" folds to "i" + a dot


_WELLBEING = re.compile(r"well(?<!\wwell)[\s\-\u2010\u2011]+being\b")


def words(text: str) -> list[str]:
    """The content words of a text, case-folded, unstemmed ("well being" and "well-being" read
    as "wellbeing").

    >>> words("The child's well-being comes FIRST")
    ['child', 'wellbeing', 'comes', 'first']
    """
    return list(_word_tuple(text))


_CACHED_LENGTH = 2000


def count_words(text: str) -> int:
    """How many content words a text has: ``len(words(text))`` without copying them.

    >>> count_words("The child's well-being comes FIRST")
    4
    """
    return len(_word_tuple(text))


def _word_tuple(text: str) -> tuple[str, ...]:
    return _passage_words(text) if len(text) <= _CACHED_LENGTH else _content_words(text)


@lru_cache(maxsize=1 << 16)
def _passage_words(text: str) -> tuple[str, ...]:
    # Cached for passage-sized texts: a passage's words are asked for when judging it and again
    # when scoring it, a batch of passages apart (whole documents are not kept).
    return _content_words(text)


def _content_words(text: str) -> tuple[str, ...]:
    # Folding the whole text at once is ten times faster than word by word and finds the same
    # words (offsets are not needed here; folded_words keeps them).
    stop = stop_words()
    return tuple(w for w in folded_text_words(text) if len(w) > 1 and w not in stop)


def folded_text_words(text: str) -> list[str]:
    """Every word of a text, the text case-folded as a whole and "well being" read as
    "wellbeing": the words :func:`words` keeps or drops (stop words, one-character words).

    >>> folded_text_words("A child's well-being")
    ['a', 'child', 's', 'wellbeing']
    """
    folded = text.casefold()
    if "being" in folded:
        folded = _WELLBEING.sub("wellbeing", folded)
    return find_words(folded)


def number_words(texts: Sequence[str], numbers: dict[str, int]) -> list[np.ndarray]:
    """The words of each text (:func:`folded_text_words`) as numbers: ``numbers`` gives each
    distinct word its number and is extended, in order of first sight, with the words it lacks.

    Texts whose characters fold one to one, keeping what is a letter or digit (nearly all
    text), are cut together with numpy: words are runs of letters and digits, each distinct
    word as written is folded once (words told apart by two polynomial hashes of their
    characters, checked to agree), and "well being" is joined where only spaces or hyphens lie
    between. Other texts are cut by :func:`folded_text_words`. The same numbers either way.

    >>> numbers = {}
    >>> [ids.tolist() for ids in number_words(["Our well-being", "OUR children"], numbers)]
    [[0, 1], [0, 2]]
    >>> list(numbers)
    ['our', 'wellbeing', 'children']
    """
    import numpy as np

    ids, lengths = number_words_flat(texts, numbers)
    return np.split(ids, np.cumsum(lengths)[:-1]) if len(lengths) else []


def number_words_flat(
    texts: Sequence[str], numbers: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`number_words` as one array of every text's word numbers, in order, and how many
    belong to each text.

    >>> ids, lengths = number_words_flat(["Our well-being", "OUR children"], {})
    >>> ids.tolist(), lengths.tolist()
    ([0, 1, 0, 2], [2, 2])
    """
    import numpy as np

    # One scan of all the texts for characters that need word-by-word cutting.
    text = "\n".join(texts)
    codes = _codes(text)
    odd = np.flatnonzero(_unsafe(codes))
    slow: set[int] = set()
    if len(odd):
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        slow = set(np.searchsorted(np.cumsum(lengths + 1), odd, side="right").tolist())
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    lo = 0
    for k in [*sorted(slow), len(texts)]:
        if k > lo:  # texts lo..k-1 are cut together
            parts.append(_numbered_together(texts[lo:k], numbers, None if slow else (text, codes)))
        if k < len(texts):
            found = [numbers.setdefault(w, len(numbers)) for w in folded_text_words(texts[k])]
            parts.append((np.array(found, dtype=np.int64), np.array([len(found)])))
        lo = k + 1
    if not parts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def _numbered_together(
    texts: Sequence[str], numbers: dict[str, int], joined: tuple[str, np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`number_words_flat` of texts with no character that folds to more or fewer than
    one, changes between letter and not, or is an underscore or combining accent (``joined``:
    the texts joined by newlines and its character codes, when already made)."""
    import numpy as np
    import pandas as pd

    text, codes = joined if joined is not None else ("\n".join(texts), None)
    codes = _codes(text) if codes is None else codes
    starts, ends = _letter_runs(codes)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    text_starts = np.cumsum(lengths + 1) - lengths - 1
    owner = np.searchsorted(text_starts, starts, side="right") - 1
    if not len(starts):
        return np.empty(0, dtype=np.int64), np.zeros(len(texts), dtype=np.int64)
    told = _distinct_words(codes, starts, ends)
    if told is None:  # two words taken for one
        cut = [folded_text_words(t) for t in texts]
        found = [numbers.setdefault(w, len(numbers)) for ws in cut for w in ws]
        return np.array(found, dtype=np.int64), np.array(list(map(len, cut)), dtype=np.int64)
    code, one = told
    spans = zip(starts[one].tolist(), ends[one].tolist(), strict=True)
    folded = [text[a:b].casefold() for a, b in spans]
    if "being" in folded and "well" in folded:
        # "well" then "being" in one text, only spaces or hyphens between: one word.
        well_codes = [k for k, w in enumerate(folded) if w == "well"]
        being_codes = [k for k, w in enumerate(folded) if w == "being"]
        pair = np.flatnonzero(
            np.isin(code[:-1], well_codes)
            & np.isin(code[1:], being_codes)
            & (owner[:-1] == owner[1:])
        )
        joined_at = [
            i for i in pair.tolist() if _BETWEEN.fullmatch(text, int(ends[i]), int(starts[i + 1]))
        ]
        if joined_at:
            code = code.copy()
            code[joined_at] = len(folded)
            folded.append("wellbeing")
            keep = np.ones(len(code), dtype=bool)
            keep[np.asarray(joined_at) + 1] = False
            code, owner = code[keep], owner[keep]
    # Numbered in order of first sight, as word by word: the order of the codes, unless "well
    # being" was joined somewhere.
    order: Iterable[int] = range(len(folded))
    if len(folded) > len(one):
        order = pd.unique(code).tolist()  # in order of first sight
    number = np.zeros(len(folded), dtype=np.int64)
    for k in order:
        number[k] = numbers.setdefault(folded[k], len(numbers))
    return number[code], np.bincount(owner, minlength=len(texts)).astype(np.int64)


def _distinct_words(
    codes: np.ndarray, starts: np.ndarray, ends: np.ndarray
) -> tuple[np.ndarray, np.ndarray] | None:
    """Each word ``codes[starts[i]:ends[i]]`` numbered by its characters, in order of first
    sight, and one occurrence of each number (any: they are the same word). Words are told
    apart by a polynomial hash of their characters (a hash table: four times faster than
    sorting); ``None`` if a second polynomial hash disagrees anywhere (two words the first
    took for one).

    >>> import numpy as np
    >>> codes = _codes("we we us")
    >>> code, one = _distinct_words(codes, np.array([0, 3, 6]), np.array([2, 5, 8]))
    >>> code.tolist(), len(one)
    ([0, 0, 1], 2)
    """
    import numpy as np
    import pandas as pd

    keys = _word_keys(codes, starts, ends)
    code, distinct = pd.factorize(keys[0])
    one = np.empty(len(distinct), dtype=np.int64)
    one[code] = np.arange(len(code))
    if not np.array_equal(keys[1][one][code], keys[1]):
        return None
    return code, one


_BASES = (0x100000001B3, 0x9E3779B97F4A7C15)  # two odd multipliers for word keys
_BETWEEN = re.compile(r"[\s\-\u2010\u2011]+")


def _word_keys(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[np.ndarray]:
    """Two polynomial hashes (mod 2**64) of the characters of each word, ``codes[starts[i]:
    ends[i]]``: equal words have equal keys."""
    import numpy as np

    lengths = ends - starts
    first = np.cumsum(lengths) - lengths  # where each word's characters start among them
    position = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(first, lengths)
    characters = codes[np.repeat(starts - first, lengths) + np.arange(len(position))].astype(
        np.uint64
    )
    keys = []
    with np.errstate(over="ignore"):
        for base in _BASES:
            powers = np.ones(max(1, int(lengths.max(initial=0))), dtype=np.uint64)
            powers[1:] = np.cumprod(np.full(len(powers) - 1, np.uint64(base), dtype=np.uint64))
            keys.append(
                np.add.reduceat(characters * powers[position], first)
                if len(first)
                else np.empty(0, dtype=np.uint64)
            )
    return keys


def _unsafe(codes: np.ndarray) -> np.ndarray:
    """Which characters (codes) make a text be cut word by word: an underscore, a combining
    accent, or a character that folds to more or fewer than one, changes between letter and not
    when folded, or changes at all without being a letter. ASCII has only the underscore; the
    others are looked up once per distinct character."""
    import numpy as np

    out = _odd_characters(codes)
    high = np.flatnonzero(codes >= 0x80)
    if len(high):
        distinct, where = np.unique(codes[high], return_inverse=True)
        flags = np.array([_unsafe_character(c) for c in distinct.tolist()], dtype=bool)
        out[high] = flags[where]
    return out


@lru_cache(maxsize=1 << 16)
def _unsafe_character(code: int) -> bool:
    char = chr(code)
    folded = char.casefold()
    return (
        0x300 <= code < 0x370
        or len(folded) != 1
        or folded.isalnum() != char.isalnum()
        or (folded != char and not char.isalnum())
    )


def tokens(text: str) -> list[str]:
    """The content words of a text, stemmed (see the module docstring).

    >>> tokens("Staff are fully trained and supported")
    ['staff', 'fulli', 'train', 'support']
    """
    return [stem(w) for w in words(text)]


def analyse(text: str) -> list[str]:
    """The features of a text: its stemmed content words and adjacent pairs of them.

    >>> analyse("family networks")
    ['famili', 'network', 'famili network']
    """
    ws = tokens(text)
    return ws + [f"{a} {b}" for a, b in itertools.pairwise(ws)]


def readable(feature: str, *texts: str) -> str:
    """Show a feature (stems) in the words the texts actually use.

    >>> readable("famili network", "our family networks")
    'family networks'
    """
    surface: dict[str, str] = {}
    for text in texts:
        for word in words(text):
            surface.setdefault(stem(word), word)
    return " ".join(surface.get(part, part) for part in feature.split())
