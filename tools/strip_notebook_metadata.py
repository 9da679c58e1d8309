"""Drop each cell's run timestamps (metadata "execution") from notebooks, so re-running a
notebook changes only what it shows. Usage: python tools/strip_notebook_metadata.py NB.ipynb..."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def strip(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        cell.get("metadata", {}).pop("execution", None)
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        strip(Path(name))
