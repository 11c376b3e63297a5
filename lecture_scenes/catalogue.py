"""The talk's scenes, in order: this list drives `make render`, `make slides`, the tests and the README table.

The order and the models and runs come from talk.toml (`scenes.talkfile`); `BUILTIN` lists the scenes this
package ships, with what they show and how long they play. A talk scene whose numbers equal a built-in's
*is* that built-in scene; one made from a new model or run lives in `scenes.talk`. ``seconds`` is the clip's
length at normal speed; the tests check it against the rendered video, and the README table is generated
from this list (``python -m lecture_scenes.catalogue`` prints it).

No manim at import: ``CATALOGUE`` is built on first use, and raises `talkfile.TalkError` (every problem of
the talk file, one per line) when talk.toml has problems.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from scenes.kit import talkfile

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


_RUN = "Forgetting curves and composition bar"
BUILTIN: tuple[Entry, ...] = (
    Entry(
        "scenes.compression",
        "CompressionCircle",
        "Llama 3 8B: 60 TB of text vs 32 GB of weights, a circle shrinking by area 1875× (bf16: 3750×)",
        15,
    ),
    Entry(
        "scenes.compression",
        "CompressionCircleLlama2",
        "The same for Llama 2 7B (2 T tokens): 285.7×; the example of a three-line subclass",
        15,
    ),
    Entry(
        "scenes.kl_sweep",
        "KLSweep",
        "A model Gaussian sweeps past N(0, 1); live center/tail shares of the KL and the total in nats",
        19,
    ),
    Entry(
        "scenes.kl_sweep",
        "KLLandscape",
        "The same sweep as points (tail share, center KL, total KL) in slowly turning 3-D axes",
        13,
    ),
    Entry(
        "scenes.schedules",
        "LRSchedules",
        "Cosine and linear warm-up schedules (6e-4 → 6e-5, warm-up 700), then OLMo 7B's",
        13,
    ),
    Entry("scenes.forgetting", "Forgetting124M1x", f"{_RUN}: GPT-2 124M, 1× Chinchilla (4730 steps)", 19),
    Entry("scenes.forgetting", "Forgetting124M15x", f"{_RUN}: GPT-2 124M, 15× Chinchilla (70.5k steps)", 19),
    Entry("scenes.forgetting", "Forgetting1B6", f"{_RUN}: GPT-2 1.6B, 1× Chinchilla (30.8k steps)", 19),
    Entry("scenes.forgetting", "ForgettingOLMo7B", f"{_RUN}: OLMo 7B (615k steps, linear)", 19),
    Entry("scenes.forgetting", "ForgettingLlama405B", f"{_RUN}: Llama 3 405B (1.2M steps, wd assumed)", 19),
    Entry(
        "scenes.forgetting",
        "ForgettingAcrossRuns",
        "The five runs one after another, ending on their five composition bars stacked",
        37,
    ),
)


def builtin_names() -> tuple[str, ...]:
    return tuple(e.name for e in BUILTIN)


def _builtin(name: str) -> Entry | None:
    return next((e for e in BUILTIN if e.name == name), None)


def _entry(name: str, item: talkfile.Model | talkfile.Run | None) -> Entry:
    """The catalogue entry of a talk scene: the built-in one when the numbers are the same."""
    builtin = _builtin(name)
    if item is None:
        return builtin
    attrs = talkfile.scene_attrs(item)
    if builtin is not None:
        cls = builtin.load()
        if all(getattr(cls, k, None) == v for k, v in attrs.items()):
            return builtin
    if isinstance(item, talkfile.Run):
        run = item.run
        seconds = _builtin("Forgetting124M1x").seconds
        description = f"{_RUN}: {run.name} ({run.total_steps:,} steps, {run.schedule}; from talk.toml)"
    else:
        seconds = _builtin("CompressionCircle").seconds
        rate = item.stats().rate
        description = f"{item.name}: training text vs weights, a circle shrinking by area {rate:.0f}×"
    return Entry("scenes.talk", name, description, seconds)


def load(path=None) -> tuple[Entry, ...]:
    """The talk's scenes in order, from the talk file at `path` (default: talkfile.talk_path())."""
    talk = talkfile.load(path, builtin_scenes=builtin_names())
    generated = talk.generated()
    return tuple(_entry(name, generated.get(name)) for name in talk.scenes)


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
