"""Shared fixtures: render a scene for real, once per test session, at low resolution."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import av
import pytest
from manim import tempconfig

from scenes.kit.patches import output

# Low resolution keeps the suite fast on 2 cores; the frame keeps Manim's 16:9 geometry in scene units, so
# positions and sizes asserted here are the same as at 1080p.
TEST_CONFIG = {
    "pixel_height": 270,
    "pixel_width": 480,
    "frame_rate": 10,
    "disable_caching": True,
    **output.keys(movie="mp4"),
    "verbosity": "WARNING",
    "progress_bar": "none",
}


@pytest.fixture(scope="session", autouse=True)
def typeset_cache_of_this_session(tmp_path_factory):
    """Scenes rendered by the tests (and the renders they start) use a typeset cache of their own, empty at
    the start of the session, never the user's (scenes/kit/patches/typeset_cache.py)."""
    from scenes.kit.patches import typeset_cache

    before = os.environ.get(typeset_cache.ENV)
    os.environ[typeset_cache.ENV] = str(tmp_path_factory.mktemp("typeset"))
    yield
    if before is None:
        os.environ.pop(typeset_cache.ENV, None)
    else:
        os.environ[typeset_cache.ENV] = before


@pytest.fixture(autouse=True)
def the_talk_in_force():
    """Each test builds scenes with the repository's talk in its default (dark) theme, as a scene process with
    no LECTURE_* variables would, and leaves no other talk or theme behind."""
    from scenes.kit import style, talk, words
    from tests.the_talk import TALK

    with talk.using(TALK), style.use(TALK.theme), words.use(TALK.language):
        yield


@dataclass
class Rendered:
    """A scene after `render()`: its final mobjects stay inspectable; `movie` is None without a video."""

    scene: object
    movie: Path | None

    @property
    def seconds(self) -> float:
        with av.open(str(self.movie)) as container:
            return float(container.duration) / av.time_base


def render_scene(scene_cls: type, media_dir: Path, **overrides) -> Rendered:
    """Render `scene_cls` into `media_dir` and return the scene object and its video."""
    with tempconfig({**TEST_CONFIG, "media_dir": str(media_dir), **overrides}):
        scene = scene_cls()
        scene.render()
        writer = scene.renderer.file_writer
        movie = Path(writer.movie_file_path) if hasattr(writer, "movie_file_path") else None
    return Rendered(scene, movie)


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """`rendered(SceneClass)` renders the scene once per session and returns a `Rendered`."""
    cache: dict[type, Rendered] = {}

    def get(scene_cls: type) -> Rendered:
        if scene_cls not in cache:
            media = tmp_path_factory.mktemp(scene_cls.__name__)
            cache[scene_cls] = render_scene(scene_cls, media)
        return cache[scene_cls]

    return get
