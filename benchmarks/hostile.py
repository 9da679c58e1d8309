"""Time policylib on inputs that once took quadratic time (issue 15); run by hand.

Usage: python benchmarks/hostile.py

Builds, in a temporary folder: one chapter with 10,000 repeated headings; two identical chapters
of 4,001 numbered sections each; one chapter that is a single 19.6 MB paragraph. Each stage runs
in this process and prints its wall time. Target: each under 10 s on a 2-core machine.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from policylib import load_corpus, shared_passages


def timed(label: str, work: Callable[[], object]) -> None:
    start = time.perf_counter()
    work()
    print(f"{label:55s} {time.perf_counter() - start:7.2f} s", flush=True)


def main() -> int:
    root = Path(tempfile.mkdtemp(prefix="policylib-hostile-"))
    headings = root / "headings"
    headings.mkdir()
    (headings / "h.txt").write_text(
        "Title\n\n" + "".join("Our Values\n\nWe listen to children.\n\n" for _ in range(10_000))
    )
    rnd = random.Random(1)
    words = [
        "children",
        "families",
        "listen",
        "safe",
        "home",
        "support",
        "partners",
        "leaders",
        "staff",
        "help",
    ]
    sections = "\n\n".join(
        f"{i % 99 + 1}. Heading {i}\n\n" + " ".join(rnd.choice(words) for _ in range(30)) + "."
        for i in range(4001)
    )
    pair = root / "pair"
    pair.mkdir()
    for name in ("a", "b"):
        (pair / f"{name}.txt").write_text("Title\n\n" + sections)
    big = root / "big"
    big.mkdir()
    sentence = "We listen to children and keep them safe at home with their families. "
    (big / "p.txt").write_text("Title\n\n" + sentence * 280_000)
    timed("load: 10,000 repeated headings", lambda: load_corpus(headings))
    corpus = load_corpus(pair)
    timed("shared: two identical chapters of 4,001 sections", lambda: shared_passages(corpus))
    timed("load: one 19.6 MB paragraph", lambda: load_corpus(big))
    return 0


if __name__ == "__main__":
    sys.exit(main())
