"""The one setup call every notebook starts with."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policylib.reading.corpus import Corpus

__all__ = ["notebook_setup"]


def notebook_setup(
    chapters: str | os.PathLike[str] | list[str | os.PathLike[str]] = "../corpus",
) -> Corpus:
    """Set pandas to show passages readably and load the chapters a notebook works on.

    Args:
        chapters: a folder (searched recursively) of saved web pages or text files, a file, or
            a list of them; a ``manifest.csv`` beside them adds metadata.

    Returns:
        The corpus; anything that could not be loaded is in ``corpus.problems``.

    >>> from policylib.resources import bundled_chapters
    >>> notebook_setup(bundled_chapters())
    <Corpus: 5 documents, 0 problems>
    """
    import pandas as pd

    from policylib.reading.corpus import load_corpus

    pd.set_option("display.max_colwidth", 110)
    return load_corpus(chapters)
