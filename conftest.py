"""Root pytest configuration for the notebooks run by nbval.

No hash seed is pinned: every result policylib prints is the same under any PYTHONHASHSEED
(tests/test_cli.py runs the command line under two seeds and compares the bytes)."""


def pytest_collectstart(collector):  # type: ignore[no-untyped-def]
    # Warnings printed to stderr carry temporary paths; they are not results.
    if collector.path.suffix == ".ipynb":
        collector.skip_compare += ("stderr",)
