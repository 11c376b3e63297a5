"""KLSweep and KLLandscape show mathcore's numbers: rendered once, read back, checked against mathcore."""

from __future__ import annotations

import numpy as np
import pytest
from manim import ManimColor, MathTypst, Text, VMobject

from mathcore.kl import SEED_GRID, gaussian_pdf, lowest_frame, lowest_frames, sweep
from scenes.kit import style
from scenes.kl_sweep import KLLandscape, KLSweep

DX = 8 / 999  # spacing of the seed's linspace(-4, 4, 1000), by hand


@pytest.fixture(scope="module")
def kl(rendered):
    return rendered(KLSweep)


@pytest.fixture(scope="module")
def landscape(rendered):
    return rendered(KLLandscape)


def reference(frame: float):
    """mathcore's values at one frame, computed on their own (not read from the scene's arrays)."""
    return sweep(np.array([frame]), grid=SEED_GRID, center=KLSweep.CENTER)


def same_color(a, b) -> bool:
    return ManimColor(a).to_hex().upper() == ManimColor(b).to_hex().upper()


# --- KLSweep -------------------------------------------------------------------------------------------
def test_sweep_renders_a_video_of_15_to_22_seconds(kl):
    assert kl.movie.exists() and kl.movie.stat().st_size > 0
    assert 15 <= kl.seconds <= 22


def test_the_low_threshold_is_the_seeds_25_in_nats():
    assert KLSweep.LOW_KL_NATS == pytest.approx(25 * DX, rel=1e-12)
    assert KLSweep.LOW_KL_NATS == pytest.approx(0.2002, abs=1e-4)


def test_the_minimum_is_the_seeds_frame_27_refined(kl):
    r = kl.scene.result
    seed = sweep(100)  # the seed searched range(100) and printed "frame 27"
    assert seed.min_frame == 27
    assert abs(r.min_frame - 27) <= 1
    assert r.total[r.min_index] <= seed.total[seed.min_index]
    assert r.total[r.min_index] == pytest.approx(0.1008, abs=1e-4)  # nats
    assert r.min_frame == lowest_frame(
        KLSweep.FRAMES, grid=SEED_GRID, center=KLSweep.CENTER
    )  # between samples
    assert 26.7 < r.min_frame < 26.9 and r.total[r.min_index] < r.total[r.frames != r.min_frame].min()


FRAMES = [0.0, 5.6, 13.7, "min", 40.0, 47.1, 67.5, 88.0]


@pytest.mark.parametrize("frame", FRAMES)
def test_counters_show_mathcores_values_at_frame(kl, frame):
    scene = kl.scene
    f = scene.result.min_frame if frame == "min" else frame
    i = scene.show_frame(f)
    shown = float(scene.result.frames[i])
    assert abs(shown - f) <= 0.5 / scene.SAMPLES_PER_FRAME + 1e-9
    ref = reference(shown)
    expected = {
        scene.frame_counter: style.fmt_fixed(shown, 1),
        scene.mu_counter: style.fmt_fixed(ref.mu[0]),
        scene.sigma_counter: style.fmt_fixed(ref.sigma[0]),
        scene.center_counter: style.fmt_percent(ref.center_share[0]),
        scene.tail_counter: style.fmt_percent(ref.tail_share[0]),
        scene.kl_counter: style.fmt_sig(ref.total[0], 3),
    }
    for counter, text in expected.items():
        assert counter.text == text
    assert scene.kl_counter.get_value() == pytest.approx(ref.total[0], rel=1e-9)
    assert scene.center_counter.get_value() == pytest.approx(ref.center_share[0], rel=1e-9)
    assert scene.level() == ("Low" if ref.total[0] < scene.LOW_KL_NATS else "High")


@pytest.mark.parametrize("frame", FRAMES)
def test_model_curve_passes_through_mathcores_pdf(kl, frame):
    scene = kl.scene
    f = scene.result.min_frame if frame == "min" else frame
    i = scene.show_frame(f)
    ref = reference(float(scene.result.frames[i]))
    anchors = np.vstack([scene.model_curve.points[::4], scene.model_curve.points[-1:]])
    x, y = scene.axes.point_to_coords(anchors).T
    assert len(x) == len(scene.plot_x)
    np.testing.assert_allclose(x, scene.plot_x, atol=1e-9)
    np.testing.assert_allclose(y, gaussian_pdf(x, ref.mu[0], ref.sigma[0]), atol=1e-9)


def test_model_curve_stays_inside_the_axes_at_every_frame(kl):
    scene = kl.scene
    ax = scene.axes
    (left, bottom, _), (right, top, _) = ax.c2p(ax.x_range[0], 0), ax.c2p(ax.x_range[1], ax.y_range[1])
    tolerance = 0.01  # scene units (1080p: 1.4 px); Bézier handles may dip a hair below zero in the tails
    for i in range(len(scene.result.frames)):
        scene._show_index(i)
        pts = scene.model_curve.points
        assert pts[:, 0].min() >= left - 1e-9 and pts[:, 0].max() <= right + 1e-9
        assert pts[:, 1].min() >= bottom - tolerance and pts[:, 1].max() <= top - 0.1, i
    # the seed's ylim(0, 0.5) would clip the narrowest model; this axis holds it
    assert scene.model_pdf.max() > 0.5 and ax.y_range[1] >= scene.model_pdf.max()


def test_larger_share_takes_its_region_colour_and_flips(kl):
    scene = kl.scene
    scene.show_frame(0.0)  # center share 74 %
    assert same_color(scene.center_counter.get_fill_color(), style.CENTER)
    assert same_color(scene.tail_counter.get_fill_color(), style.MUTED)
    scene.show_frame(15.7)  # tail share 63 %
    assert same_color(scene.center_counter.get_fill_color(), style.MUTED)
    assert same_color(scene.tail_counter.get_fill_color(), style.TAILS)
    scene.show_frame(47.1)  # the narrowest model: High
    assert scene.level() == "High" and same_color(scene.kl_counter.get_fill_color(), style.HIGH)


def test_updating_a_frame_typesets_nothing(kl, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("text typeset during a frame update")

    monkeypatch.setattr(Text, "__init__", forbidden)
    monkeypatch.setattr(MathTypst, "__init__", forbidden)
    scene = kl.scene
    for f in np.linspace(0, 88, 37):
        scene.frame.set_value(f)
        scene.live.add_updater(scene._follow_tracker)
        scene.live.update(0)
        scene.live.remove_updater(scene._follow_tracker)
        assert scene.frame_counter.text == style.fmt_fixed(float(scene.result.frames[scene.index_of(f)]), 1)


def test_the_caption_is_true_of_every_frame(kl):
    r = kl.scene.result
    high = r.total >= KLSweep.LOW_KL_NATS
    assert high.any() and (r.center_share[high] > 0.5).all()  # high total KL sits mostly in the center
    assert (
        r.total[r.tail_share > 0.5] < KLSweep.LOW_KL_NATS
    ).all()  # large tail share only with a small total


def test_the_clip_ends_on_the_minimum(kl):
    scene = kl.scene
    r = scene.result
    i = r.min_index
    assert scene.end_index == i
    label = scene.min_label[0]
    assert label[1].text == f"{style.fmt_sig(r.total[i], 3)} nats"
    assert label[2].text == f"frame {style.fmt_fixed(r.frames[i], 1)}"
    assert scene.min_label in scene.mobjects and scene.caption in scene.mobjects
    assert scene.ghost not in scene.mobjects


def test_nothing_leaves_the_frame_margin(kl):
    scene = kl.scene
    half_w, half_h = scene.camera.frame_width / 2, scene.camera.frame_height / 2
    for mob in scene.mobjects:
        if not isinstance(mob, VMobject) or not mob.family_members_with_points():
            continue  # the frame tracker is a number, not a drawing
        (left, bottom, _), (right, top, _) = (
            mob.get_corner(np.array([-1, -1, 0])),
            mob.get_corner(np.array([1, 1, 0])),
        )
        assert -half_w + style.MARGIN - 1e-6 <= left and right <= half_w - style.MARGIN + 1e-6, type(
            mob
        ).__name__
        assert -half_h + style.MARGIN - 1e-6 <= bottom and top <= half_h - style.MARGIN + 1e-6, type(
            mob
        ).__name__


# --- KLLandscape ---------------------------------------------------------------------------------------
def test_landscape_renders_a_video(landscape):
    assert landscape.movie.exists() and 10 <= landscape.seconds <= 20


def test_landscape_has_one_point_per_frame_at_mathcores_coordinates(landscape):
    scene = landscape.scene
    r = sweep(KLLandscape.FRAMES, grid=SEED_GRID, center=KLLandscape.CENTER)
    assert len(scene.dots) == KLLandscape.FRAMES == 89
    centers = np.array([d.get_center() for d in scene.dots])
    coords = scene.axes.point_to_coords(centers)
    np.testing.assert_allclose(coords, np.column_stack([r.tail_share, r.center, r.total]), atol=1e-9)
    assert all(len(d.points) > 0 and d.get_fill_opacity() == 1 for d in scene.dots)  # all shown at the end


def test_landscape_colours_run_green_to_red_with_total_kl(landscape):
    scene = landscape.scene
    r = scene.result
    lo, hi = KLLandscape.COLOR_LOW_NATS, KLLandscape.COLOR_HIGH_NATS
    assert lo == pytest.approx(10 * DX) and hi == pytest.approx(100 * DX)
    for dot, total in zip(scene.dots, r.total, strict=True):
        assert same_color(dot.get_fill_color(), style.ramp_color(total, lo, hi))
    assert same_color(scene.dots[r.min_index].get_fill_color(), style.ramp_color(r.total.min(), lo, hi))
    assert same_color(style.ramp_color(lo, lo, hi), style.LOW) and same_color(
        style.ramp_color(hi, lo, hi), style.HIGH
    )


def test_landscape_readout_shows_mathcores_values(landscape):
    scene = landscape.scene
    r = sweep(KLLandscape.FRAMES, grid=SEED_GRID, center=KLLandscape.CENTER)
    for f in (0, 27, 47, 88):
        scene.show_frame(f)
        assert scene.frame_counter.text == f"{f}"
        assert scene.tail_counter.text == style.fmt_percent(r.tail_share[f])
        assert scene.center_counter.text == style.fmt_sig(r.center[f], 3)
        assert scene.total_counter.text == style.fmt_sig(r.total[f], 3)
        assert [len(d.points) > 0 for d in scene.dots] == [k <= f for k in range(len(scene.dots))]


# --- one minimum in both clips ---------------------------------------------------------------------------
def test_both_clips_show_one_lowest_total_with_one_set_of_numbers(kl, landscape):
    f = lowest_frame(KLSweep.FRAMES, grid=SEED_GRID, center=KLSweep.CENTER)
    ref = reference(f)
    sweep_scene, land = kl.scene, landscape.scene
    sweep_scene.show_frame(f)
    land.read(0, "lowest", land.lowest)
    frame, total, tails = (
        style.fmt_fixed(f, 1),
        style.fmt_sig(ref.total[0], 3),
        style.fmt_percent(ref.tail_share[0]),
    )
    assert (frame, total, tails) == ("26.8", "0.101", "46.1 %")
    assert sweep_scene.frame_counter.text == land.frame_counter.text == frame
    assert sweep_scene.kl_counter.text == land.total_counter.text == total
    assert sweep_scene.tail_counter.text == land.tail_counter.text == tails
    assert land.readout.head.key == "lowest"
    assert sweep_scene.min_label[0][2].text == f"frame {frame}"
    assert sweep_scene.min_label[0][1].text == f"{total} nats"
    # the ring sits on the path's lowest total, between the points of frames 26 and 27
    at = land.axes.point_to_coords(land.min_mark.get_center()[None, :])[0]
    np.testing.assert_allclose(at, [ref.tail_share[0], ref.center[0], ref.total[0]], atol=1e-9)


def test_the_notes_name_the_other_frames_of_the_same_lowest_total(kl, landscape):
    others = [f for f in lowest_frames(KLSweep.FRAMES, grid=SEED_GRID) if abs(f - 26.8) > 0.5]
    assert [style.fmt_fixed(f, 1) for f in others] == ["4.6", "67.5"]
    for scene in (kl.scene, landscape.scene):
        assert "at frames 4.6 and 67.5 as well" in scene.beats[1].note
