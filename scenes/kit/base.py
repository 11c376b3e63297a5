"""The base classes every clip derives from: the background, the narrative beats and the speed-ups.

A clip is a plain Manim ``Scene`` for ``manim -pql``; with ``LECTURE_SLIDES=1`` in the environment (set by
``make slides``) the same class is a manim-slides ``Slide`` and :meth:`LectureScene.beat` becomes a pause
between slides. The narrative beats are marked once, in the clip, so video and slides never drift apart, each
with its note, what the lecturer says during it (scenes/kit/notes.py): the slide's speaker note, the clip's
caption and the talk's script.

The renderer gets its camera and file writer through Manim's own doors (``camera_class``,
``file_writer_class``) from scenes.kit.patches, which also installs the speed-ups that have no door.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from manim import ManimColor, Scene, ThreeDScene, config
from manim.camera.camera import Camera
from manim.camera.three_d_camera import ThreeDCamera
from manim.constants import RendererType
from manim.renderer.cairo_renderer import CairoRenderer

from scenes.kit import narration, notes, patches, style, words
from scenes.kit import talk as talks
from scenes.kit.patches import concat_quoting, exact_lengths
from scenes.kit.talkfile import TalkError

# Which base class a clip has is fixed when its class statement runs, so this one choice is read at import.
SLIDES = os.environ.get("LECTURE_SLIDES", "") == "1"

if SLIDES:  # imported only when asked for: manim-slides is not needed to preview a scene
    from manim_slides import Slide as _Base
    from manim_slides import ThreeDSlide as _Base3D

    from scenes.kit.patches import slides_compat
else:
    _Base, _Base3D = Scene, ThreeDScene


class _Beats:
    """Mixin: the renderer with the patched camera and writer, the style's background, slide pauses."""

    CAMERA: type = Camera
    SECONDS: float = 0.0  # the clip's length at normal speed; the tests check it against the render

    @classmethod
    def describe(cls) -> str:
        """What the clip shows, for the catalogue (the first line of its docstring unless it says more)."""
        return (cls.__doc__ or cls.__name__).strip().splitlines()[0]

    def __init__(self, **kwargs) -> None:
        # The talk this scene is built with (loaded once per process, scenes/kit/talk.py): its theme is the
        # one every role the scene reads (style.MODEL, ...) comes from, its language the one every word and
        # number is written in (scenes/kit/words.py).
        try:
            self.talk = talks.in_force()
            # a narrated talk: each beat's voice on the sound track, the beat held until it is done
            self.narrator = narration.Narrator(self.talk, type(self).__name__) if self.talk.narrated else None
        except (TalkError, narration.VoiceError) as err:
            print(err, file=sys.stderr)
            raise SystemExit(2) from None
        style.use(self.talk.theme)
        words.use(self.talk.language)
        patches.apply(concat_quoting)  # a fix, not a speed-up: on even with LECTURE_PATCHES=off
        patches.apply(exact_lengths)  # a fix too: each partial movie states its length exactly
        if SLIDES:
            patches.apply(slides_compat)  # manim-slides 5.7 on Manim 0.22; nothing on 0.21
        patches.install()
        if config.renderer == RendererType.CAIRO and kwargs.get("renderer") is None:
            camera = patches.camera_class(self.CAMERA)
            kwargs["renderer"] = CairoRenderer(
                file_writer_class=patches.file_writer_class(),
                camera_class=camera,
                skip_animations=kwargs.get("skip_animations", False),
            )
            kwargs.setdefault("camera_class", camera)
        super().__init__(**kwargs)

    @classmethod
    def sources(cls) -> tuple[str, ...]:
        """Where the clip's numbers come from (for the talk's script); a clip with numbers says more."""
        return ()

    def setup(self) -> None:
        super().setup()
        # A ManimColor, not a str: manim-slides calls .to_hex() on it.
        self.camera.background_color = ManimColor(style.BACKGROUND)
        self.beats: list[notes.Beat] = []
        self.timeline: notes.Timeline | None = None

    def beat(self, note: str, said: str | None = None) -> None:
        """A narrative beat starts here, with `note`: what to say while it plays, its numbers through the
        style formatters. A slide with that speaker note with ``LECTURE_SLIDES=1``; in a plain video, where
        the beat's caption starts. The first beat comes before the first animation. `said`: the note's
        spoken form, only where the rules of scenes/kit/spoken.py cannot make it."""
        note = notes.checked_note(note)
        said = notes.checked_note(said) if said is not None else ""
        plays = self.renderer.num_plays
        if not self.beats and plays:
            raise ValueError(
                f"{type(self).__name__}: the first beat must come before the first animation (got one after"
                f" {plays}): every moment of the clip belongs to a beat with a note"
            )
        self.hold()
        beat = notes.Beat(note, self.renderer.num_plays, said=said)
        if self.narrator is not None:
            beat = self.narrator.speak(len(self.beats) + 1, beat)
        self.beats.append(beat)
        if SLIDES:
            self.next_slide(notes=note)
        if self.narrator is not None:
            self.narrator.started = self.renderer.time
            self.add_sound(beat.audio)

    def hold(self) -> None:
        """A narrated beat's last frame stays until its voice is done and a pause has passed."""
        if self.narrator is None or not self.beats:
            return
        left = self.narrator.started + self.beats[-1].voiced + narration.PAUSE - self.renderer.time
        if left > 1e-6:
            self.wait(left)

    def tear_down(self) -> None:
        self.hold()  # the last beat's voice finishes before the clip ends
        if self.narrator is not None:
            self.narrator.warn_missing()
        super().tear_down()

    def render(self, *args, **kwargs):
        result = super().render(*args, **kwargs)
        writer = self.renderer.file_writer
        partials = getattr(writer, "partial_movie_files", [])
        if self.beats and any(partials):  # a video was written: place the beats in it
            cls = type(self)
            self.timeline = notes.timeline(
                cls.__name__, self.beats, partials, config.frame_rate, cls.sources(), cls.describe()
            )
            if path := os.environ.get(notes.ENV_VAR):
                notes.write_sidecar(Path(path), self.timeline)
        return result


class LectureScene(_Beats, _Base):
    """Base of every 2-D clip of the talk."""


class LectureScene3D(_Beats, _Base3D):
    """Base of the 3-D clips: a turning camera redraws only what moves with it.

    Manim redraws every mobject on every frame once the camera moves. Mobjects fixed in the frame that
    neither animate nor update (a title, a colour bar) are listed in ``self.still`` and stay in the cached
    static frame instead: the same pixels, drawn once (scenes/kit/patches/still_mobjects.py).
    """

    CAMERA = ThreeDCamera

    def setup(self) -> None:
        super().setup()
        self.still: list = []

    def get_moving_mobjects(self, *animations):
        return patches.moving_mobjects(self, super().get_moving_mobjects(*animations), animations)
