"""Reference data shipped inside the package."""

from __future__ import annotations

from policylib.resources import bundled_chapters, framework_files, official_paragraphs
from policylib.scoring.frameworks import bundled_frameworks, load_framework

from .conftest import CHAPTERS, ROOT


def test_bundled_reference_chapters_are_the_corpus_chapters() -> None:
    shipped = sorted(bundled_chapters().glob("*.txt"))
    assert [p.name for p in shipped] == sorted(p.name for p in CHAPTERS.glob("*.txt"))
    for path in shipped:
        assert path.read_bytes() == (CHAPTERS / path.name).read_bytes(), path.name
    manifest = (bundled_chapters() / "manifest.csv").read_bytes()
    assert manifest == (ROOT / "corpus" / "manifest.csv").read_bytes()


def test_frameworks_load_from_the_package() -> None:
    assert sorted(framework_files()) == bundled_frameworks()
    nf = load_framework("national-framework-2023")
    assert len(nf) == 13 and all(e.framework == nf.id for e in nf.elements)


def test_official_text_labels_every_element() -> None:
    paras = official_paragraphs("national-framework-2023")
    by_element: dict[str, int] = {}
    for element, _ in paras:
        by_element[element] = by_element.get(element, 0) + 1
    nf = load_framework("national-framework-2023")
    assert set(nf.ids) <= set(by_element)
    assert all(by_element[e] >= 20 for e in nf.ids if e.startswith(("NF-E", "NF-O")))
    welfare = next(t for e, t in paras if e == "NF-P1")
    assert welfare.startswith("Children’s welfare is paramount")
    assert official_paragraphs("every-child-matters") == ()
