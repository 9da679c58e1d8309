"""Every public function of policylib documents itself with a doctested example."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import policylib


def _public_functions() -> list[str]:
    """Every public function of every module, in every step's package (reading, scoring,
    showing), as "module.function"."""
    names = []
    for info in pkgutil.walk_packages(policylib.__path__, "policylib."):
        if info.ispkg or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if inspect.isfunction(obj) and obj.__module__ == module.__name__:
                names.append(f"{info.name}.{name}")
    return names


def test_every_public_function_has_an_example() -> None:
    missing = []
    for qualified in _public_functions():
        module, name = qualified.rsplit(".", 1)
        doc = inspect.getdoc(getattr(importlib.import_module(module), name)) or ""
        if ">>>" not in doc:
            missing.append(qualified)
    assert not missing, f"public functions without a doctested example: {missing}"
    assert len(_public_functions()) > 40


def test_committed_notebooks_carry_no_run_timestamps() -> None:
    import json

    from .conftest import ROOT

    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert not [c for c in cells if "execution" in c.get("metadata", {})], path.name
