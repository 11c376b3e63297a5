"""The base scenes: a bounded frame queue to the encoder, glyph SVG paths shared between copies."""

from __future__ import annotations

from unittest import mock

import numpy as np
from manim import RIGHT, config
from manim.scene import scene_file_writer

from scenes.kit.base import bound_encoder_queue


def _job(frame_queue_size: int):
    bound_encoder_queue()
    stream = mock.Mock()
    stream.encode.return_value = []
    job = scene_file_writer._PartialMovieEncodeJob(
        path="unused.mp4",
        animation_index=0,
        container=mock.Mock(),
        stream=stream,
        frame_queue_size=frame_queue_size,
    )
    job.seal()
    job.join()
    return job


def test_single_encoder_queue_is_bounded_by_encoder_queue_size():
    # Manim passes 0 (unbounded) when max_inflight_encoders is 1, its default
    assert config.max_inflight_encoders == 1
    assert _job(0).queue.maxsize == config.encoder_queue_size > 0


def test_parallel_encoders_keep_manims_bound():
    assert _job(3).queue.maxsize == 3


def test_bounding_twice_wraps_once():
    bound_encoder_queue()
    first = scene_file_writer._PartialMovieEncodeJob
    bound_encoder_queue()
    assert scene_file_writer._PartialMovieEncodeJob is first


def test_copies_of_glyphs_share_the_svg_path_but_not_the_points():
    from manim import Text

    from scenes.kit.base import share_svg_paths

    share_svg_paths()
    word = Text("copy", font_size=24)
    twin = word.copy()
    for a, b in zip(word.family_members_with_points(), twin.family_members_with_points(), strict=True):
        assert a.path_obj is b.path_obj
        assert list(a.path_obj) == list(a.path_obj.path)  # still reads as the path it wraps
        assert a.points is not b.points
        np.testing.assert_array_equal(a.points, b.points)
    twin.shift(RIGHT)
    assert not np.allclose(word.get_center(), twin.get_center())


# --- fast_cairo_paths: the same Cairo calls as Manim's own method ---------------------------------------
class _Recorder:
    """Stands in for a cairo.Context and records every path call with its arguments."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def __getattr__(self, name: str):
        def record(*args):
            self.calls.append((name, *args))

        return record


def _path_samples():
    from manim import Circle, Dot, Line, Square, Text, VGroup, VMobject

    from scenes.kit.widgets import flatten

    open_line = VMobject().set_points_as_corners(
        np.c_[np.linspace(-3, 3, 50), np.sin(np.arange(50)), 0 * np.arange(50)]
    )
    near = VMobject().set_points_as_corners([[0, 0, 0], [1, 0, 0], [1, 1, 0]])
    near.points[4] += [5e-7, 0, 0]  # within Manim's tolerance of the previous anchor: same subpath
    gap = VMobject().set_points_as_corners([[0, 0, 0], [1, 0, 0], [1, 1, 0]])
    gap.points[4:] += [1e-3, 0, 0]  # beyond it: a new subpath
    two = VMobject()
    two.points = np.concatenate([Square().points, Circle().shift(3 * RIGHT).points])
    stray = VMobject()
    stray.points = np.concatenate([Square().points, [[9.0, 9.0, 0.0]]])  # not a multiple of four
    broken = Square()
    broken.points[5] = [np.nan, 0, 0]
    word = Text("Forget 8%", font_size=30)
    return [
        open_line,
        near,
        gap,
        two,
        stray,
        broken,
        Line(),
        Dot(),
        Circle(),
        *word,
        flatten(word)[0],
        VGroup(),
    ]


def test_fast_cairo_paths_issue_the_same_calls_as_manim():
    from manim.camera.camera import Camera

    from scenes.kit.base import fast_cairo_paths

    fast_cairo_paths()
    camera = Camera()
    fast = Camera.set_cairo_context_path
    original = fast._lecture_original
    for mob in _path_samples():
        ours, theirs = _Recorder(), _Recorder()
        fast(camera, ours, mob)
        original(camera, theirs, mob)
        assert ours.calls == theirs.calls, mob


def test_fast_cairo_paths_draw_the_same_pixels_in_3d():
    from manim import PI, Circle, Sphere, ThreeDCamera

    from scenes.kit.base import fast_cairo_paths

    fast_cairo_paths()
    fast = ThreeDCamera.set_cairo_context_path
    mobs = [Circle(radius=2).set_fill(opacity=0.5), *Sphere(resolution=(6, 6))]
    frames = []
    for method in (fast, fast._lecture_original):
        with mock.patch.object(ThreeDCamera, "set_cairo_context_path", method):
            camera = ThreeDCamera(phi=PI / 3, theta=-PI / 4, pixel_width=320, pixel_height=180)
            camera.capture_mobjects(mobs)
            frames.append(camera.pixel_array.copy())
    assert frames[0].any()
    np.testing.assert_array_equal(frames[0], frames[1])


def test_fast_cairo_paths_install_once():
    from manim.camera.camera import Camera

    from scenes.kit.base import fast_cairo_paths

    fast_cairo_paths()
    first = Camera.set_cairo_context_path
    fast_cairo_paths()
    assert Camera.set_cairo_context_path is first


# --- lean_copies: the same copies as Manim's deepcopy -----------------------------------------------------
def _same_copy(a, b) -> None:
    """b is a copy of a (or both copies of one mobject): same attributes, equal values, own arrays."""
    assert type(a) is type(b) and a is not b
    assert a.__dict__.keys() - {"original_id"} == b.__dict__.keys() - {"original_id"}
    for key, value in a.__dict__.items():
        twin = b.__dict__[key]
        if key == "original_id":
            continue
        if isinstance(value, np.ndarray):
            assert twin is not value or value.size == 0 and twin is value
            np.testing.assert_array_equal(twin, value)
        elif key == "submobjects":
            assert len(twin) == len(value)
            for x, y in zip(value, twin, strict=True):
                _same_copy(x, y)
        elif isinstance(value, (bool, int, float, str, type(None))):
            assert twin == value or (value != value and twin != twin)


def test_lean_copies_copy_like_manim():
    from manim import Axes, MathTypst, Mobject, Text, VGroup

    from scenes.kit.base import lean_copies

    lean_copies()
    lean = Mobject.__deepcopy__
    samples = [
        Text("Low", font_size=20),
        MathTypst("x^2 / 3"),
        Axes(x_range=[0, 4], y_range=[0, 2]),
        VGroup(),
    ]
    for mob in samples:
        ours = mob.copy()
        with mock.patch.object(Mobject, "__deepcopy__", lean._lecture_original):
            theirs = mob.copy()
        _same_copy(mob, ours)
        _same_copy(theirs, ours)
        assert ours.original_id == str(id(mob))
        if len(mob.get_all_points()):
            ours.shift(RIGHT)  # the copy moves alone
            np.testing.assert_allclose(ours.get_center() - mob.get_center(), RIGHT)


def test_lean_copies_keep_arrays_shared_between_attributes_shared():
    from manim import VMobject

    from scenes.kit.base import lean_copies

    lean_copies()
    mob = VMobject()
    mob.extra = mob.sheen_direction  # one array under two names
    twin = mob.copy()
    assert twin.extra is twin.sheen_direction and twin.extra is not mob.extra
