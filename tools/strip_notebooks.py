"""Strip the outputs of notebooks/*.ipynb (or the notebooks named) in place, so they are committed without
them (tests/notebook/test_notebooks.py checks it): outputs, execution counts, and the cell ids and metadata
an execution adds.

    .venv/bin/python tools/strip_notebooks.py [NOTEBOOK ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
KEPT_METADATA = ("tags",)  # the cells' tags name the tables the tests check


def strip(path: Path) -> bool:
    """Strip `path`; True when it changed."""
    before = path.read_text()
    notebook = nbformat.reads(before, as_version=4)
    for cell in notebook.cells:
        cell.metadata = {k: v for k, v in cell.metadata.items() if k in KEPT_METADATA}
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    after = nbformat.writes(notebook) + "\n"
    if after != before:
        path.write_text(after)
    return after != before


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        if strip(path):
            print(f"strip_notebooks: {path.name}: outputs removed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
