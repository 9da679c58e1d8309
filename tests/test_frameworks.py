"""Reference frameworks: bundled codebooks and validation of user files."""

from __future__ import annotations

from pathlib import Path

import pytest

from policylib import FrameworkError, load_framework
from policylib.scoring.frameworks import bundled_frameworks


def test_bundled_frameworks_have_the_official_elements() -> None:
    assert bundled_frameworks() == [
        "corporate-parenting-principles",
        "every-child-matters",
        "national-framework-2023",
    ]
    nf = load_framework("national-framework-2023")
    assert nf.ids == [f"NF-P{i}" for i in range(1, 7)] + [f"NF-E{i}" for i in range(1, 4)] + [
        f"NF-O{i}" for i in range(1, 5)
    ]
    assert [e.group for e in nf.elements].count("principle") == 6
    assert nf["NF-P1"].title == "Children's welfare is paramount"
    assert all(e.description and e.key_phrases for e in nf.elements)
    assert load_framework("corporate-parenting-principles").ids == [f"CPP-{c}" for c in "ABCDEFG"]
    assert len(load_framework("every-child-matters")) == 5
    table = nf.to_frame()
    assert list(table.columns)[:3] == ["framework", "element", "group"]
    assert table.source.str.startswith("https://").all()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("id: x\nelements:\n  - title: A\n    description: B\n", r"element 1: missing 'id'"),
        (
            "id: x\nelements:\n  - {id: A, title: T, description: D}\n"
            "  - {id: A, title: T, description: D}\n",
            r"element 2 \(A\): duplicate id 'A'",
        ),
        (
            "id: x\nelements:\n  - {id: A, title: T, description: ''}\n",
            r"element 1 \(A\): empty 'description'",
        ),
        ("id: x\nelements: []\n", "'elements' must be a non-empty list"),
        (
            "id: x\nelements:\n  - id: A\n   title: broken indent\n",
            r"codebook\.yaml:\d+: not valid",
        ),
    ],
)
def test_malformed_framework_files(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "codebook.yaml"
    path.write_text(body)
    with pytest.raises(FrameworkError, match=message):
        load_framework(path)


def test_unknown_framework_lists_bundled_ids() -> None:
    with pytest.raises(FrameworkError, match="bundled frameworks: corporate-parenting"):
        load_framework("working-together-2099")


def test_frameworks_read_alike_with_either_yaml_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    # libyaml's parser is used when PyYAML has it; PyYAML's own must give the same frameworks.
    import yaml

    fast = [load_framework(f) for f in bundled_frameworks()]
    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    assert [load_framework(f) for f in bundled_frameworks()] == fast
