"""The notebooks' setup call (policylib.showing.notebook)."""

from __future__ import annotations

import pandas as pd

from policylib import notebook_setup

from .conftest import CHAPTERS


def test_setup_loads_and_sets_display() -> None:
    corpus = notebook_setup(CHAPTERS)
    assert len(corpus) == 5
    assert pd.get_option("display.max_colwidth") == 110
