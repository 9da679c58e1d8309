"""Root pytest configuration: deterministic notebook kernels."""

import os

# Inherited by nbval's kernels, so anything printed from a set or dict is stable.
os.environ.setdefault("PYTHONHASHSEED", "0")


def pytest_collectstart(collector):  # type: ignore[no-untyped-def]
    # Warnings printed to stderr carry temporary paths; they are not results.
    if collector.path.suffix == ".ipynb":
        collector.skip_compare += ("stderr",)
