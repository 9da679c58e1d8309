"""The README's command-line examples work as written (output files go to a temporary folder)."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest

from policylib.cli import main

from .conftest import ROOT


def _commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## Command line", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith(".venv/bin/policylib "):
            commands.append(shlex.split(line)[1:])
    return commands


def test_readme_shows_commands() -> None:
    assert len(_commands()) >= 8


@pytest.mark.parametrize("args", _commands(), ids=lambda a: " ".join(a[:2]))
def test_readme_command_runs(args: list[str], tmp_path: Path) -> None:
    args = list(args)
    if "-o" in args:
        i = args.index("-o") + 1
        args[i] = str(tmp_path / Path(args[i]).name)
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        assert main([*args, "-q"]) == 0
    finally:
        os.chdir(cwd)
    if "-o" in args:
        assert Path(args[args.index("-o") + 1]).stat().st_size > 0
