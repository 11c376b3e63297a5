"""The patches (scenes/kit/patches): every one is in the registry with the versions it was verified on; each
speed-up is active in a real render, leaves every frame as Manim draws it, and is skipped, with one warning,
on a Manim it was not verified on."""

from __future__ import annotations

import ast
import logging
import subprocess
import sys
from types import SimpleNamespace
from unittest import mock

import numpy as np
import pytest
from manim import RIGHT, config
from packaging.specifiers import SpecifierSet

from lecture_scenes.catalogue import ROOT
from scenes.kit import patches
from scenes.kit.patches import (
    cairo_paths,
    encoder_queue,
    glyph_outlines,
    lean_copies,
    output,
    still_mobjects,
    svg_paths,
)
from tests.conftest import render_scene
from tests.drawn_frames import drawn_frames


# --- the frames: every speed-up leaves them as plain Manim draws them ------------------------------------
def render_probe(tmp_path, patches_env: str) -> list[str]:
    """PatchProbe's frames, drawn in a process of its own with LECTURE_PATCHES=`patches_env`."""
    cmd = [sys.executable, "-m", "tests.drawn_frames", "tests.fixtures_scenes:PatchProbe"]
    env = {"LECTURE_PATCHES": patches_env, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    env["LECTURE_SCENES_CACHE"] = str(tmp_path.parent / "typeset")  # filled by the first run, then shared
    out = subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    return out.split()


@pytest.fixture(scope="module")
def probe_with_every_patch(tmp_path_factory):
    return render_probe(tmp_path_factory.mktemp("probe"), "")


PROBED = "tests/kit/test_patches.py::test_frames_are_the_same_without_the_speed_up"


@pytest.mark.parametrize(
    "module", [p.module for p in patches.REGISTRY if p.test == PROBED], ids=patches.short_name
)
def test_frames_are_the_same_without_the_speed_up(module, probe_with_every_patch, tmp_path):
    without = render_probe(tmp_path, f"-{patches.short_name(module)}")
    assert len(without) >= 15 and without == probe_with_every_patch


def test_frames_are_the_same_without_any_speed_up(probe_with_every_patch, tmp_path):
    assert render_probe(tmp_path, "off") == probe_with_every_patch


def test_the_3d_base_keeps_still_text_out_of_the_redraw_with_the_same_frames(tmp_path):
    from manim import ThreeDScene

    from scenes.kl_sweep import KLLandscape

    class Short(KLLandscape):
        FRAMES = 12

    class ShortRedrawn(Short):
        get_moving_mobjects = ThreeDScene.get_moving_mobjects  # Manim's: everything redrawn while turning

    assert patches.enabled(still_mobjects)
    ours, ours_frames = drawn_frames(Short, tmp_path / "still")
    _, their_frames = drawn_frames(ShortRedrawn, tmp_path / "redrawn")
    assert ours.still and len(ours_frames) > 50 and ours_frames == their_frames


def test_the_3d_base_redraws_like_manim_without_the_speed_up(monkeypatch):
    from manim import Dot

    title = Dot()
    scene = SimpleNamespace(mobjects=[title], still=[title])
    manims = scene.mobjects  # what Manim returns while the camera turns: every mobject
    monkeypatch.setenv(patches.ENV, "-still_mobjects")
    assert patches.moving_mobjects(scene, manims, ()) is manims
    monkeypatch.delenv(patches.ENV)
    assert patches.moving_mobjects(scene, manims, ()) == []


# --- active in a real render ------------------------------------------------------------------------------
def test_a_real_render_uses_every_speed_up(tmp_path):
    from manim import Mobject
    from manim.mobject.svg.svg_mobject import SVGMobject, VMobjectFromSVGPath

    from tests.fixtures_scenes import TinyCircle

    seen = {}

    class Watched(TinyCircle):
        def construct(self) -> None:
            def look(mob) -> None:
                job = self.renderer.file_writer._current_encode_job
                seen.setdefault("queue", job.queue.maxsize if job else None)

            from manim import Dot

            probe = Dot().add_updater(look)
            self.add(probe)
            super().construct()

    scene = render_scene(Watched, tmp_path).scene
    assert config.max_inflight_encoders == 1  # Manim would leave this single encoder's queue unbounded
    assert seen["queue"] == config.encoder_queue_size > 0
    assert isinstance(scene.renderer.file_writer, encoder_queue.BoundedQueueWriter)
    assert isinstance(scene.camera, cairo_paths.FastPaths)
    assert Mobject.__deepcopy__ is lean_copies.__deepcopy__
    assert VMobjectFromSVGPath.__init__ is svg_paths.__init__
    assert getattr(SVGMobject.generate_mobject, "__name__", "") == "generate_mobject"
    assert SVGMobject.generate_mobject is not patches.typeset_cache.ORIGINAL


# --- versions ---------------------------------------------------------------------------------------------
def test_a_speed_up_outside_its_versions_is_skipped_with_one_warning(monkeypatch, caplog):
    applied = []
    fake = SimpleNamespace(
        __name__="scenes.kit.patches.fake",
        NAME="fake speed-up",
        MANIM=("<0.1",),
        apply=lambda: applied.append(1),
    )
    monkeypatch.setattr(patches, "SPEED_UPS", (fake,))
    monkeypatch.setattr(
        patches, "BY_MODULE", {fake.__name__: patches.Patch(fake, "fakes", "speed-up", fake.MANIM, PROBED)}
    )
    monkeypatch.setattr(patches, "_installed", {})
    with caplog.at_level(logging.WARNING, logger="lecture_scenes"):
        assert patches.install() == {"fake speed-up": False}
        patches.install()  # once per process
    assert applied == []
    assert len(caplog.records) == 1 and "fake speed-up" in caplog.records[0].getMessage()


def test_a_patch_needing_manim_slides_is_not_verified_without_it():
    fake = patches.Patch(lean_copies, "fakes", "speed-up", (">=0",), PROBED, ("<0.1",))
    assert not patches.verified(fake)


def test_a_fix_outside_its_versions_stops_the_feature_with_one_line(monkeypatch):
    monkeypatch.setattr(patches.manim, "__version__", "0.99.0")
    with pytest.raises(RuntimeError, match=r"^frame at a slide or a time is verified on manim .*0\.99\.0$"):
        patches.require(patches.skipping)


@pytest.mark.parametrize(
    ("keys", "suffixes"), [({}, set()), ({"still": True}, {".png"}), ({"movie": "mp4"}, {".mp4"})]
)
def test_output_keys_write_what_they_say_on_this_manim(keys, suffixes, tmp_path):
    """Manim 0.22 has no write_to_movie (tempconfig drops it without a word): output.keys() says it in the
    running Manim's terms, so a render asked for no video writes none."""
    from tests.fixtures_scenes import TinyCircle

    render_scene(TinyCircle, tmp_path, **output.keys(**keys))
    written = {p.suffix for p in tmp_path.rglob("*") if p.is_file() and "partial_movie_files" not in p.parts}
    assert written & {".png", ".mp4"} == suffixes


def test_every_patch_is_registered_and_names_its_versions_and_its_test():
    """The registry lists every module of scenes/kit/patches that reaches inside Manim; each entry names the
    versions its frame-equality test passed on, and that test exists; the running Manim is one of them
    wherever the patch is needed."""
    folder = ROOT / "scenes" / "kit" / "patches"
    modules = {f.stem for f in folder.glob("*.py")} - {"__init__", "output", "versions"}  # not patches
    assert {p.short for p in patches.REGISTRY} == modules
    for entry in patches.REGISTRY:
        assert entry.module.NAME and entry.does and entry.kind in {"speed-up", "fix"}
        for specs in (entry.manim, entry.manim_slides or ("==1",)):
            assert isinstance(specs, tuple) and specs and all(SpecifierSet(s) for s in specs), entry.name
        file, _, name = entry.test.partition("::")
        tests = {f.name for f in ast.parse((ROOT / file).read_text()).body if isinstance(f, ast.FunctionDef)}
        assert (ROOT / file).is_file() and (not name or name in tests), entry.test
        if patches.needed(entry):
            assert patches.verified(entry), entry.name


def test_the_camera_and_writer_are_manims_when_the_speed_ups_are_off(monkeypatch):
    from manim.camera.camera import Camera
    from manim.scene.scene_file_writer import SceneFileWriter

    monkeypatch.setenv(patches.ENV, "off")
    assert patches.camera_class(Camera) is Camera
    assert patches.file_writer_class() is SceneFileWriter


# --- each speed-up against Manim's own code ---------------------------------------------------------------
def test_copies_of_glyphs_share_the_svg_path_but_not_the_points():
    from manim import Text

    patches.install()
    word = Text("copy", font_size=24)
    twin = word.copy()
    for a, b in zip(word.family_members_with_points(), twin.family_members_with_points(), strict=True):
        assert a.path_obj is b.path_obj
        assert list(a.path_obj) == list(a.path_obj.path)  # still reads as the path it wraps
        assert a.points is not b.points
        np.testing.assert_array_equal(a.points, b.points)
    twin.shift(RIGHT)
    assert not np.allclose(word.get_center(), twin.get_center())


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
    samples = [open_line, near, gap, two, stray, broken, Line(), Dot(), Circle(), *word, flatten(word)[0]]
    return [*samples, VGroup()]


def test_fast_cairo_paths_issue_the_same_calls_as_manim():
    from manim.camera.camera import Camera

    fast, camera = cairo_paths.fast(Camera)(), Camera()
    for mob in _path_samples():
        ours, theirs = _Recorder(), _Recorder()
        fast.set_cairo_context_path(ours, mob)
        camera.set_cairo_context_path(theirs, mob)
        assert ours.calls == theirs.calls, mob


def test_fast_cairo_paths_draw_the_same_pixels_in_3d():
    from manim import PI, Circle, Sphere, ThreeDCamera

    mobs = [Circle(radius=2).set_fill(opacity=0.5), *Sphere(resolution=(6, 6))]
    frames = []
    for cls in (cairo_paths.fast(ThreeDCamera), ThreeDCamera):
        camera = cls(phi=PI / 3, theta=-PI / 4, pixel_width=320, pixel_height=180)
        camera.capture_mobjects(mobs)
        frames.append(camera.pixel_array.copy())
    assert frames[0].any()
    np.testing.assert_array_equal(frames[0], frames[1])


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

    patches.install()
    samples = [
        Text("Low", font_size=20),
        MathTypst("x^2 / 3"),
        Axes(x_range=[0, 4], y_range=[0, 2]),
        VGroup(),
    ]
    for mob in samples:
        ours = mob.copy()
        with mock.patch.object(Mobject, "__deepcopy__", lean_copies.ORIGINAL):
            theirs = mob.copy()
        _same_copy(mob, ours)
        _same_copy(theirs, ours)
        assert ours.original_id == str(id(mob))
        if len(mob.get_all_points()):
            ours.shift(RIGHT)  # the copy moves alone
            np.testing.assert_allclose(ours.get_center() - mob.get_center(), RIGHT)


def test_lean_copies_keep_arrays_shared_between_attributes_shared():
    from manim import VMobject

    patches.install()
    mob = VMobject()
    mob.extra = mob.sheen_direction  # one array under two names
    twin = mob.copy()
    assert twin.extra is twin.sheen_direction and twin.extra is not mob.extra


# --- the glyph reader: Text's own points for every string the clips show ----------------------------------
def test_glyph_outlines_are_texts_points_for_every_string_the_clips_show(tmp_path):
    from lecture_scenes.catalogue import BUILTIN
    from scenes.kit import text

    for entry in BUILTIN:  # every clip's last frame only: builds every label without drawing the clip
        render_scene(entry.load(), tmp_path / entry.name, **output.keys(still=True))
    shown = sorted(text.SHOWN)
    assert len(shown) > 100
    for s, size in shown:
        fast = glyph_outlines.glyph_points(s, size, text.style.FONT)
        assert fast is not None, s
        reference = text.text_points(s, size)
        assert len(fast) == len(reference), s
        for a, b in zip(fast, reference, strict=True):
            np.testing.assert_allclose(a, b, rtol=0, atol=1e-9, err_msg=s)


@pytest.mark.parametrize("size", [20, 36])
@pytest.mark.parametrize("s", ["GPT-2 124M, 1× Chinchilla", "λ = 0.1 · e−x", "Å fi ()[]", "two\nlines"])
def test_glyph_outlines_are_texts_points_for_hard_strings(s, size):
    from scenes.kit import text

    fast = glyph_outlines.glyph_points(s, size, text.style.FONT)
    assert fast is not None  # read, not left to Text
    reference = text.text_points(s, size)
    assert [a.shape for a in fast] == [b.shape for b in reference]
    for a, b in zip(fast, reference, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_glyph_counters_draw_what_text_draws_in_their_font():
    """A GlyphCounter pastes glyphs typeset once onto a monospace grid: for every string the clips' counters
    show, the result has Text's own outlines, glyph by glyph, in Text's own places."""
    from manim import Text

    from scenes.kit import style
    from scenes.kit.widgets import GlyphCounter

    cases = [
        (style.fmt_percent, 0.46, 7, style.LABEL_SIZE),  # KLSweep's shares
        (style.fmt_fixed, -0.4477, 5, style.LABEL_SIZE),  # μ, with a true minus
        (lambda v: style.fmt_sig(v, 3), 0.101, 5, style.LABEL_SIZE),  # total KL
        (style.fmt_rate, 1875.0, 5, style.BODY_SIZE),  # CompressionCircle's area ratio
        (lambda v: f"{v:.0f}", 27, 3, style.SMALL_SIZE),  # KLLandscape's frame
    ]
    for fmt, value, slots, size in cases:
        counter = GlyphCounter(fmt, value, slots=slots, font_size=size)
        glyphs = [g.points for g in Text(counter.text, font=style.MONO, font_size=size)]
        ours = counter.points[8:]  # after the two corner curves that hold the box
        assert len(ours) == sum(len(g) for g in glyphs), counter.text
        start = 0
        offsets = []
        for g in glyphs:
            mine = ours[start : start + len(g)]
            start += len(g)
            offsets.append(mine[0] - g[0])
            np.testing.assert_allclose(mine - mine[0], g - g[0], atol=1e-9, err_msg=counter.text)
        # the same advance between glyphs as Text's: one translation moves Text's string onto the counter
        np.testing.assert_allclose(offsets, [offsets[0]] * len(offsets), atol=1e-6, err_msg=counter.text)
