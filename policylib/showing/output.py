"""Writing results safely: every file policylib writes goes through here.

* :func:`atomic_write` writes beside the target and renames over it only when the whole file is
  written, so a full disk, a kill or two writers at once never leave a damaged or spliced file;
  an overwritten file keeps its permissions, and a symbolic link is written through (its target
  is replaced, the link stays).
* :func:`spreadsheet_text` and :func:`xlsx_value` make a cell safe to open in a spreadsheet:
  text a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or
  carriage return) is neutralised, characters Excel refuses are removed, and over-long text is
  cut with a marker saying so.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

__all__ = [
    "FORMULA_START",
    "XLSX_MAX_CHARS",
    "OutputError",
    "atomic_write",
    "spreadsheet_text",
    "terminal_text",
    "xlsx_value",
]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MAX_CHARS = 32_767
"""The most characters an Excel cell holds."""
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Terminal control: C0/C1 controls (escape sequences start with ESC or CSI) except newline, tab.
_TERMINAL_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class OutputError(OSError):
    """A result could not be written; the message names the file and the reason."""


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


@contextmanager
def atomic_write(
    path: str | os.PathLike[str], *, binary: bool = False, encoding: str = "utf-8"
) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` for writing; on success it replaces ``path``.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.csv"
    >>> with atomic_write(target) as f:
    ...     _ = f.write("a,b\\n")
    >>> target.read_text()
    'a,b\\n'

    Raises:
        OutputError: naming the file, when its folder is missing or it cannot be written
            (the previous file, if any, is left as it was).
    """
    given = Path(path)
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {given}: folder {folder} does not exist")
    mode = _mode_for(target)
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {given}: {exc.strerror or exc}") from None
    try:
        opened = (
            os.fdopen(handle, "wb")
            if binary
            else os.fdopen(handle, "w", encoding=encoding, newline="")
        )
        with opened as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {given}: {exc.strerror or exc}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def spreadsheet_text(value: Any) -> Any:
    """A CSV cell a spreadsheet will show as text: formula-like text gets a leading apostrophe.

    >>> spreadsheet_text("=cmd|' /C calc'!A0"), spreadsheet_text("We listen."), spreadsheet_text(3)
    ("'=cmd|' /C calc'!A0", 'We listen.', 3)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def xlsx_value(value: Any) -> tuple[Any, bool]:
    """A value for an Excel cell and whether it needs the quote prefix (shown and kept as text
    even when edited): characters Excel refuses removed, text over 32,767 characters cut with
    a marker.

    >>> xlsx_value("=1+1")
    ('=1+1', True)
    >>> xlsx_value("line\\x0bbreak")
    ('linebreak', False)
    """
    if not isinstance(value, str):
        return value, False
    text = _XLSX_ILLEGAL.sub("", value)
    if len(text) > XLSX_MAX_CHARS:
        marker = f" … [cut: {len(text):,} characters in all; see the CSV or HTML pack]"
        text = text[: XLSX_MAX_CHARS - len(marker)] + marker
    return text, text.startswith(FORMULA_START)


def terminal_text(text: str) -> str:
    """Text safe to print to a terminal: control characters and escape sequences removed.

    >>> terminal_text("Council\\x1b]0;pwned\\x07 title")
    'Council]0;pwned title'
    """
    return _TERMINAL_CONTROL.sub("", text)
