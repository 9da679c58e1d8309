"""Work on both cores: a function mapped over items in forked worker processes.

Forked workers see the parent's memory as it was (the loaded corpus, the template index, the
model) without copying or pickling it; only each item's result comes back. Results arrive in
the items' order, so a parallel run gives exactly the serial result. Linux only forks safely by
default; elsewhere, and for one worker or one item, the items are mapped in this process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

__all__ = ["can_fork", "forked_map"]

T = TypeVar("T")
R = TypeVar("R")

_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None


def can_fork() -> bool:
    """Whether worker processes can be forked here (Linux).

    >>> isinstance(can_fork(), bool)
    True
    """
    import multiprocessing
    import sys

    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


def forked_map(func: Callable[[T], R], items: Sequence[T], workers: int) -> Iterator[R]:
    """``map(func, items)`` in up to ``workers`` forked processes, results in order (see the
    module docstring); ``func`` and ``items`` are inherited by the workers, never pickled.

    >>> list(forked_map(len, ["a", "bb", "ccc"], workers=2))
    [1, 2, 3]
    """
    if workers <= 1 or len(items) <= 1 or not can_fork():
        yield from map(func, items)
        return
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from threadpoolctl import threadpool_limits

    global _JOB
    _JOB = (func, items)
    workers = min(workers, len(items))
    # Each worker's BLAS (the neighbour search's dense products) gets its share of the cores,
    # set before forking so the workers inherit it: two workers each running two BLAS threads
    # on two cores took a quarter longer than with one each.
    share = max(1, (os.cpu_count() or 1) // workers)
    try:
        context = multiprocessing.get_context("fork")
        with (
            threadpool_limits(limits=share),
            ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool,
        ):
            yield from pool.map(_run, range(len(items)))
    finally:
        _JOB = None


def _run(i: int) -> Any:
    assert _JOB is not None, "forked_map's job is set before its workers are forked"
    func, items = _JOB
    return func(items[i])
