"""The talk's scenes, in order: this list drives `make render`, `make slides`, the tests and the README table.

The order comes from talk.toml (scenes.kit.talkfile); :data:`BUILTIN` says where each clip of scenes/ lives.
A scene made from a [models] or [runs] table of the talk file lives in scenes/talk.py. What a scene shows
(``description``) and how long it plays (``seconds``) belong to the clip itself (its ``describe()``, with
its numbers through the style formatters, and ``SECONDS``), so the README table cannot disagree with the
screen; ``python -m lecture_scenes.catalogue`` prints that table.

No manim at import: ``CATALOGUE`` is built on first use, and raises `talkfile.TalkError` (every problem of
the talk file, one per line) when talk.toml has problems; descriptions import the clips when asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from scenes.kit import talkfile

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Entry:
    """One scene of the talk: the module it lives in and its class name."""

    module: str  # e.g. "scenes.compression"
    name: str  # the scene class, e.g. "CompressionCircle"

    @property
    def file(self) -> str:
        """The scene's file relative to the repository root, as `manim` takes it."""
        return self.module.replace(".", "/") + ".py"

    def load(self) -> type:
        """The scene class."""
        return getattr(importlib.import_module(self.module), self.name)

    @cached_property
    def description(self) -> str:
        """What the scene shows, with its numbers (the clip's own ``describe()``)."""
        return self.load().describe()

    @cached_property
    def seconds(self) -> float:
        """The clip's length at normal speed (the clip's ``SECONDS``)."""
        return float(self.load().SECONDS)


BUILTIN: tuple[Entry, ...] = (
    Entry("scenes.compression", "CompressionCircle"),
    Entry("scenes.compression", "CompressionCircleLlama2"),
    Entry("scenes.kl_sweep", "KLSweep"),
    Entry("scenes.kl_sweep", "KLLandscape"),
    Entry("scenes.schedules", "LRSchedules"),
    Entry("scenes.forgetting", "Forgetting124M1x"),
    Entry("scenes.forgetting", "Forgetting124M15x"),
    Entry("scenes.forgetting", "Forgetting1B6"),
    Entry("scenes.forgetting", "ForgettingOLMo7B"),
    Entry("scenes.forgetting", "ForgettingLlama405B"),
    Entry("scenes.forgetting", "ForgettingAcrossRuns"),
)
TALK_MODULE = "scenes.talk"  # where the scenes made from talk.toml live


def builtin_names() -> tuple[str, ...]:
    return tuple(e.name for e in BUILTIN)


def load(path=None) -> tuple[Entry, ...]:
    """The talk's scenes in order, from the talk file at `path` (default: talkfile.talk_path())."""
    talk = talkfile.load(path, builtin_scenes=builtin_names())
    generated = talk.generated()
    builtin = {e.name: e for e in BUILTIN}
    return tuple(Entry(TALK_MODULE, name) if name in generated else builtin[name] for name in talk.scenes)


_cache: dict[str, tuple[Entry, ...]] = {}


def __getattr__(name: str):
    # CATALOGUE is read from the talk file on first use (PEP 562), so importing this module never fails.
    if name == "CATALOGUE":
        key = str(talkfile.talk_path())
        if key not in _cache:
            _cache[key] = load()
        return _cache[key]
    raise AttributeError(name)


def by_name(name: str, entries: tuple[Entry, ...] | None = None) -> Entry:
    """The catalogue entry called `name`; ValueError listing the names when there is none."""
    entries = __getattr__("CATALOGUE") if entries is None else entries
    for entry in entries:
        if entry.name == name:
            return entry
    names = ", ".join(e.name for e in entries) or "(the catalogue is empty)"
    raise ValueError(f"scene must be one of {names}; got {name!r}")


def markdown_table(entries: tuple[Entry, ...] | None = None) -> str:
    """The README's scene table."""
    entries = __getattr__("CATALOGUE") if entries is None else entries
    rows = ["| # | file | scene | what it shows | length |", "|---|---|---|---|---|"]
    for i, e in enumerate(entries, 1):
        rows.append(f"| {i} | `{e.file}` | `{e.name}` | {e.description} | {e.seconds:.0f} s |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
