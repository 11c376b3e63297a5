"""The repository's talk.toml as the tests see it: loaded once, with no choice from the environment, and its
scenes in order (the catalogue)."""

from __future__ import annotations

from lecture_scenes import catalogue
from scenes.kit import talk
from scenes.kit.talkfile import DEFAULT_PATH

TALK = talk.load(DEFAULT_PATH, builtin_scenes=catalogue.builtin_names(), environ={})
CATALOGUE = catalogue.of(TALK)
