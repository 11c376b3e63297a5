"""The talk's scenes, in order: this list drives `make render`, `make slides`, the tests and the README table.

The order comes from the talk (a value, scenes/kit/talk.py); :data:`BUILTIN` says where each clip of scenes/
lives.
A scene made from a [models] or [runs] table of the talk file lives in scenes/talk.py. What a scene shows
(``description``) and how long it plays (``seconds``) belong to the clip itself (its ``describe()``, with
its numbers through the style formatters, and ``SECONDS``), so the README table cannot disagree with the
screen; ``python -m lecture_scenes.catalogue`` prints that table.

No manim and no file read at import: :func:`of` takes a talk already loaded; descriptions import the clips
when asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from scenes.kit import talk as talks
from scenes.kit.talkfile import Talk

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


def of(talk: Talk) -> tuple[Entry, ...]:
    """The talk's scenes in order: built-in clips and the scenes made from its [models] and [runs] tables."""
    return tuple(scene(talk, name) for name in talk.scenes)


def scene(talk: Talk, name: str) -> Entry:
    """The scene called `name`, built in or made from one of the talk's tables, whether or not [talk] scenes
    lists it; ValueError naming the scenes there are."""
    if name in talk.generated():
        return Entry(TALK_MODULE, name)
    for entry in BUILTIN:
        if entry.name == name:
            return entry
    names = ", ".join(
        [*talk.scenes, *(n for n in [*builtin_names(), *talk.generated()] if n not in talk.scenes)]
    )
    raise ValueError(f"scene must be one of {names}; got {name!r}")


def markdown_table(entries: tuple[Entry, ...]) -> str:
    """The README's scene table."""
    rows = ["| # | file | scene | what it shows | length |", "|---|---|---|---|---|"]
    for i, e in enumerate(entries, 1):
        rows.append(f"| {i} | `{e.file}` | `{e.name}` | {e.description} | {e.seconds:.0f} s |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table(of(talks.load(builtin_scenes=builtin_names()))))
