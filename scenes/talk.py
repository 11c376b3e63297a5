"""Scenes made from talk.toml, one per model and per run, renderable by name:

    manim -pql scenes/talk.py ForgettingMyRun
    manim -pql scenes/talk.py CompressionMyModel

A `[models.NAME]` table becomes a `CompressionCircle` with the model's numbers, a `[runs.NAME]` table a
`ForgettingScene` with the run's; the models and runs are checked first, and a file with problems stops here
with every problem listed and exit status 2, before any frame is drawn. LECTURE_TALK=path reads another file.
"""

from __future__ import annotations

import sys

from scenes.compression import CompressionCircle
from scenes.forgetting import ForgettingScene
from scenes.kit import talk as talks
from scenes.kit import talkfile


def scene_attrs(item: talkfile.Model | talkfile.Run) -> dict[str, object]:
    """The class attributes that make a built-in scene show this model or run."""
    if isinstance(item, talkfile.Run):
        return {"RUN": item.run}
    return {
        "MODEL": item.name,
        "NUM_TOKENS": item.tokens,
        "NUM_PARAMS": item.parameters,
        "BYTES_PER_TOKEN": item.bytes_per_token,
        "BYTES_PER_PARAM": item.bytes_per_parameter,
        "WEIGHT_FORMAT": item.weight_format,
        "ALT_FORMAT": item.alt_format,
        "SOURCE": item.source,
    }


def scene_class(item: talkfile.Model | talkfile.Run) -> type:
    """The scene class for a model or run of the talk file (a subclass of the built-in scene)."""
    if isinstance(item, talkfile.Run):
        base, what = ForgettingScene, f"Forgetting curves and composition of {item.run.name}"
    else:
        base, what = CompressionCircle, f"The compression circle of {item.name}"
    attrs = {"__module__": __name__, "__doc__": f"{what} (from talk.toml).", **scene_attrs(item)}
    return type(item.scene, (base,), attrs)


def _build() -> dict[str, type]:
    # The one module whose import loads the talk: Manim finds scene classes by importing their file. The
    # value is kept (talk.in_force) for the scenes' build; the models and runs are checked here,
    # `lecture-scenes check` checks the rest.
    try:
        talk = talks.in_force()
    except talkfile.TalkError as err:
        print(err, file=sys.stderr)
        raise SystemExit(2) from None
    return {name: scene_class(item) for name, item in talk.generated().items()}


globals().update(_build())
