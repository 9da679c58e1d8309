"""Writing results safely (policylib.showing.output)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from policylib.showing.output import OutputError, atomic_write, terminal_text


def test_a_failed_write_leaves_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "coverage.csv"
    target.write_text("previous\n")
    with pytest.raises(RuntimeError), atomic_write(target) as stream:
        stream.write("half of the new")
        raise RuntimeError("killed")
    assert target.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["coverage.csv"]


def test_a_full_disk_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "coverage.csv"
    target.write_text("previous\n")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError, match="No space left"), atomic_write(target) as stream:
        stream.write("new")
    assert target.read_text() == "previous\n"


def test_concurrent_writers_never_splice(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    texts = ["a" * 2_000_000, "b" * 2_000_000]

    def write(text: str) -> None:
        with atomic_write(target) as stream:
            for i in range(0, len(text), 4096):
                stream.write(text[i : i + 4096])

    threads = [threading.Thread(target=write, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert target.read_text() in texts


def test_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"), atomic_write(tmp_path / "no" / "x"):
        pass


def test_terminal_text_drops_escape_sequences() -> None:
    assert terminal_text("a\x1b[31mb\x07c\n") == "a[31mbc\n"
