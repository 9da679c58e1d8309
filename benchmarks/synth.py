"""Realistic synthetic corpora for benchmarks: N chapters recombined from real ones.

Usage::

    python benchmarks/synth.py 10000 benchmarks/out/synth-10000 --seed 0

Each chapter is built from the bundled chapters and the excerpts: a site header and skip link,
a title, "SCOPE OF THIS CHAPTER" and an amendment note with a random date, a contents list, then
numbered sections and subsections holding paragraphs (recombined sentences with some words
varied), list introductions with bullets, titled principles, and the publisher's template
paragraphs that real chapters share, ending with print-footer furniture. About one chapter in
twenty is written as a saved HTML page. Output is identical for the same N and seed.
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policylib import load_corpus  # noqa: E402

VARIANTS = {
    "children": ["children", "children and young people", "young people"],
    "families": ["families", "parents and carers", "family members"],
    "council": ["council", "local authority", "authority"],
    "support": ["support", "help", "assistance"],
    "practitioners": ["practitioners", "social workers", "staff"],
    "partners": ["partners", "partner agencies", "other agencies"],
    "ensure": ["ensure", "make sure", "ensure that"],
}
COUNCILS = [
    "Northshire",
    "Eastborough",
    "Westmere",
    "Southvale",
    "Kingsford",
    "Ashdown",
    "Riverton",
    "Highcliffe",
    "Marshfield",
    "Oakbridge",
    "Stonebury",
    "Fenwick",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
HEADINGS = [
    "Introduction",
    "Our Values",
    "Key Principles",
    "Corporate Parenting",
    "Working Together",
    "Key Outcomes",
    "Our Strategy",
    "Participation",
    "Listening to Children",
    "Practice Standards",
    "Equality and Diversity",
    "Supporting Families",
    "Our Workforce",
    "Permanence",
    "Recording",
]
_SENT = re.compile(r"(?<=[.;!?])\s+(?=[A-Z])")


def _pools() -> tuple[list[str], list[str], list[str], list[str]]:
    corpus = load_corpus([ROOT / "corpus", ROOT / "benchmarks" / "data" / "excerpts"])
    sentences: list[str] = []
    items: list[str] = []
    titled: list[str] = []
    texts = [s.text for d in corpus for s in d.sections if s.kind == "paragraph"]
    counts: dict[str, int] = {}
    for t in texts:
        counts[t] = counts.get(t, 0) + 1
    template = sorted(t for t, n in counts.items() if n >= 2 and len(t.split()) >= 12)
    for d in corpus:
        for s in d.sections:
            if s.kind == "paragraph":
                sentences.extend(
                    x for x in _SENT.split(" ".join(s.text.split())) if len(x.split()) >= 5
                )
            elif s.kind == "list_item":
                body = re.sub(r"^\s*(?:[•\-\*]|\d+\.)\s*", "", " ".join(s.text.split()))
                (titled if s.heading else items).append(body)
    return sorted(set(sentences)), sorted(set(items)), sorted(set(titled)), template


def _vary(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for i, w in enumerate(words):
        key = w.lower().strip(",.;:")
        if key in VARIANTS and rng.random() < 0.3:
            words[i] = w.replace(key, rng.choice(VARIANTS[key]))
    return " ".join(words)


def chapter(n: int, rng: random.Random, pools: tuple[list[str], ...]) -> tuple[str, list[str]]:
    """Lines of one chapter, and its council's name."""
    sentences, items, titled, template = pools
    council = f"{rng.choice(COUNCILS)} {rng.choice(['County', 'City', 'Borough'])} Council"
    year = rng.randint(2012, 2026)
    lines = [
        "Skip to main content",
        council,
        "",
        "Top of page",
        "",
        f"Children's Services Policies, Values and Principles ({n})",
        "",
        "SCOPE OF THIS CHAPTER",
        "",
        "This chapter provides the context for all procedures.",
        "",
        "AMENDMENT",
        "",
        f"In {rng.choice(MONTHS)} {year}, this chapter was revised in line with Working "
        f"Together to Safeguard Children.",
        "",
    ]
    headings = rng.sample(HEADINGS, rng.randint(4, 7))
    lines += ["Contents", ""] + [f"  {i}. {h}" for i, h in enumerate(headings, 1)] + [""]
    for i, heading in enumerate(headings, 1):
        lines += [f"{i}. {heading}", ""]
        for sub in range(rng.choice([0, 0, 1, 2])):
            lines += [f"{i}.{sub + 1} {rng.choice(HEADINGS)}", ""]
            lines += [_vary(" ".join(rng.sample(sentences, rng.randint(1, 3))), rng), ""]
        for _ in range(rng.randint(2, 4)):
            kind = rng.random()
            if kind < 0.45:
                lines += [_vary(" ".join(rng.sample(sentences, rng.randint(1, 4))), rng), ""]
            elif kind < 0.7:
                lines += [_vary(rng.choice(sentences).rstrip(".") + ", including:", rng), ""]
                lines += [f"  • {_vary(x, rng)}" for x in rng.sample(items, rng.randint(3, 7))]
                lines.append("")
            elif kind < 0.85:
                for x in rng.sample(titled, rng.randint(2, 4)):
                    lines.append(f"- {_vary(x, rng)}")
                lines.append("")
            else:
                lines += [rng.choice(template), ""]
    lines += ["Trix procedures", "", "Only valid for 48hrs"]
    return "\n".join(lines), [council]


def _as_html(text: str, council: str) -> str:
    body = []
    for line in text.split("\n"):
        s = line.strip()
        if not s:
            continue
        if re.match(r"^\d+(\.\d+)*\.? ", s) and len(s.split()) <= 8 and not line.startswith(" "):
            body.append(f"<h2>{html.escape(s)}</h2>")
        elif s.startswith(("•", "- ")):
            body.append(f"<ul><li>{html.escape(s.lstrip('•- '))}</li></ul>")
        else:
            body.append(f"<p>{html.escape(s)}</p>")
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(council)}</title>"
        f"<script>var x = 1;</script></head><body><nav><a href='/'>Home</a></nav>"
        f"<main>{''.join(body)}</main><footer>End</footer></body></html>"
    )


def generate(n: int, out: Path, seed: int = 0) -> Path:
    """Write ``n`` chapters to ``out`` (skipped when already complete for this seed)."""
    stamp = out / f".complete-{n}-{seed}"
    if stamp.exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    pools = _pools()
    rng = random.Random(seed)
    for i in range(n):
        text, (council,) = chapter(i, rng, pools)
        folder = out / f"{i // 1000:03d}"
        folder.mkdir(exist_ok=True)
        if rng.random() < 0.05:
            (folder / f"chapter-{i:06d}.html").write_text(_as_html(text, council), "utf-8")
        else:
            (folder / f"chapter-{i:06d}.txt").write_text(text + "\n", "utf-8")
    stamp.touch()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of chapters")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    generate(args.n, args.out, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
