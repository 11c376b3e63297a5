"""The talk's scenes, in order: this list drives `make render`, `make slides`, the tests and the README table.

Add a scene here once it exists (no placeholders). ``seconds`` is the clip's length at normal speed; the
scene tests check it against the rendered video, and the README table is generated from this list
(``python -m scenes.catalogue`` prints it).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Entry:
    """One scene of the talk: where it lives, what it shows, how long it plays."""

    module: str  # e.g. "scenes.compression"
    name: str  # the scene class, e.g. "CompressionCircle"
    description: str
    seconds: float

    @property
    def file(self) -> str:
        """The scene's file relative to the repository root, as `manim` takes it."""
        return self.module.replace(".", "/") + ".py"

    def load(self) -> type:
        """The scene class."""
        return getattr(importlib.import_module(self.module), self.name)


CATALOGUE: tuple[Entry, ...] = ()


def by_name(name: str) -> Entry:
    """The catalogue entry called `name`; ValueError listing the names when there is none."""
    for entry in CATALOGUE:
        if entry.name == name:
            return entry
    names = ", ".join(e.name for e in CATALOGUE) or "(the catalogue is empty)"
    raise ValueError(f"scene must be one of {names}; got {name!r}")


def markdown_table() -> str:
    """The README's scene table."""
    rows = ["| # | file | scene | what it shows | length |", "|---|---|---|---|---|"]
    for i, e in enumerate(CATALOGUE, 1):
        rows.append(f"| {i} | `{e.file}` | `{e.name}` | {e.description} | {e.seconds:.0f} s |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
