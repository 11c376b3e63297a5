"""A frame without the frames before it: run a scene with its animations skipped up to the end of a slide
or to a moment of its timeline, then draw that one frame.

Manim skips animations for ``-s`` (each play jumps to its end state); this module stops such a run where the
picture is wanted instead of at the end, so that beat 3's frame costs what beat 1's does plus the skipped
plays between, and nothing is drawn on the way. It reaches inside Manim's Cairo renderer in three places,
verified on the Manim versions scenes.kit.patches.REGISTRY lists (tests/kit/test_skipping.py compares its
frames with the frames a full render hands to the encoder):

- a skipped ``CairoRenderer.play`` adds the play's duration to ``renderer.time`` before ``play_internal``;
- ``Scene.play_internal`` runs the play's animations through ``update_to_time(t)`` (``compile_animation_data``
  has set ``last_t = 0``), so a play can be stopped at any t of its own;
- the last frame is drawn as ``CairoRenderer.scene_finished`` does: no cached static frame beneath it;
- a skipped play still draws its static mobjects into a cached frame (``save_static_frame_data`` calls
  ``update_frame`` with ``ignore_skipping=True``, its default), and a skipped wait draws the moving ones:
  pictures nobody sees (about a quarter of a skipped run). While :func:`run` runs, neither draws.

Slides are numbered as the deck's: ``beat(note)`` starts a slide (the first comes before any animation), so
slide k ends where slide k + 1's ``beat()`` is called, and the last slide at the end of the scene.
"""

from __future__ import annotations

from dataclasses import dataclass

from scenes.kit.patches import versions

MANIM = versions.BOTH  # verified on: the registry reads it from here
NAME = "frame at a slide or a time"


@dataclass(frozen=True)
class Reached:
    """Where a run stopped: the slide it was in, the scene time, whether that was the end of the scene,
    and the scene's slide count and length so far (all of them when it ran to the end)."""

    slide: int
    time: float
    end: bool


class _Stop(Exception):
    pass


def run(scene, *, beat: int | None = None, at: float | None = None, on_beat=None) -> Reached:
    """Run `scene` (made with ``skip_animations=True``) until the end of slide `beat`, or scene time `at`
    seconds, or its end; `on_beat(k)` is called at the end of every slide k before the last. Returns where
    it stopped; the scene's mobjects are that moment's."""
    versions.require(NAME, MANIM)
    renderer = scene.renderer
    started = 0  # slides begun so far
    marked = scene.beat

    def beat_hook(*args, **kwargs) -> None:
        nonlocal started
        if at is not None and renderer.time > at:  # `at` fell in the wait that ended slide `started`
            raise _Stop
        if started:  # the end of slide `started`
            if on_beat is not None:
                on_beat(started)
            if beat == started:
                raise _Stop
        started += 1
        marked(*args, **kwargs)

    scene.beat = beat_hook

    def no_static_frame(scene, static_mobjects) -> None:
        renderer.static_image = None

    def no_frame(*args, **kwargs) -> None:
        pass

    renderer.save_static_frame_data = no_static_frame
    renderer.update_frame = no_frame
    if at is not None:
        play, play_internal = renderer.play, scene.play_internal

        def play_until(s, *args, **kwargs):
            if renderer.time >= at:  # `at` fell in a frozen wait or between plays: this is its picture
                raise _Stop
            play(s, *args, **kwargs)

        def play_internal_until(skip_rendering: bool = False) -> None:
            duration = scene.get_run_time(scene.animations)
            start = renderer.time - duration  # a skipped play has already counted its duration
            if start <= at < start + duration:
                scene.duration = duration
                scene.update_to_time(at - start)
                raise _Stop
            play_internal(skip_rendering)

        renderer.play = play_until
        scene.play_internal = play_internal_until
    scene.setup()
    try:
        scene.construct()
    except _Stop:
        now = min(renderer.time, at) if at is not None else renderer.time
        return Reached(max(started, 1), now, end=False)
    scene.tear_down()
    return Reached(max(started, 1), renderer.time, end=True)


def image(scene):
    """The frame on screen now, drawn by the scene's own camera (a PIL image, RGB)."""
    renderer = scene.renderer
    renderer.static_image = None  # as CairoRenderer.scene_finished: nothing cached beneath
    type(renderer).update_frame(
        renderer, scene, ignore_skipping=True
    )  # the class's: run() muted the instance's
    return scene.camera.get_image().convert("RGB")


def apply() -> None:
    """Nothing to replace: :func:`run` wraps one scene's methods, never a class's."""
