"""The forgetting scenes render, and what they draw is mathcore's numbers: bar widths ∝ the exact composition,
curves that start at their start step and end at `final_decay`, labels that print the formatted values."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from manim import SingleStringMathTex, config

from mathcore.decay import (
    TrainingRun,
    composition,
    decay_curve_sampled,
    final_decay,
    sensitivity,
    start_steps,
)
from mathcore.presets import RUNS
from scenes import forgetting as fg
from scenes.kit import style
from scenes.kit.bars import CompositionBar
from scenes.kit.plots import spread, tick_step
from scenes.schedules import LRSchedules

PER_RUN = {
    fg.Forgetting124M1x: "gpt2-124m-1x",
    fg.Forgetting124M15x: "gpt2-124m-15x",
    fg.Forgetting1B6: "gpt2-1.6b-1x",
    fg.ForgettingOLMo7B: "olmo-7b",
    fg.ForgettingLlama405B: "llama3-405b",
}
# Lengths at normal speed, as the brief asks: per-run clips 15-20 s, the schedules 10-15 s, the tour 30-45 s.
LENGTHS = {**dict.fromkeys(PER_RUN, (15, 20)), LRSchedules: (10, 15), fg.ForgettingAcrossRuns: (30, 45)}
ALL = list(LENGTHS)


def ids(classes):
    return [c.__name__ for c in classes]


def boxes_overlap(a, b, slack=0.0) -> bool:
    """Whether the bounding boxes of mobjects a and b overlap by more than `slack` in both directions."""
    (ax0, ay0, _), (ax1, ay1, _) = a.get_corner([-1, -1, 0]), a.get_corner([1, 1, 0])
    (bx0, by0, _), (bx1, by1, _) = b.get_corner([-1, -1, 0]), b.get_corner([1, 1, 0])
    return min(ax1, bx1) - max(ax0, bx0) > slack and min(ay1, by1) - max(ay0, by0) > slack


def to_coords(axes, points: np.ndarray) -> np.ndarray:
    return np.array([axes.p2c(p) for p in points])


@pytest.mark.parametrize("scene_cls", ALL, ids=ids(ALL))
def test_scene_renders_its_video_at_its_length(scene_cls, rendered):
    result = rendered(scene_cls)
    assert result.movie.is_file() and result.movie.stat().st_size > 10_000
    low, high = LENGTHS[scene_cls]
    assert low <= result.seconds <= high


@pytest.mark.parametrize("scene_cls", ALL, ids=ids(ALL))
def test_nothing_leaves_the_frame_and_no_tex_is_used(scene_cls, rendered):
    scene = rendered(scene_cls).scene
    half_w, half_h = config.frame_width / 2 - 0.3, config.frame_height / 2 - 0.3
    for mob in itertools.chain.from_iterable(m.get_family() for m in scene.mobjects):
        assert not isinstance(mob, SingleStringMathTex)
        if mob.has_points():
            assert -half_w <= mob.get_left()[0] and mob.get_right()[0] <= half_w, mob
            assert -half_h <= mob.get_bottom()[1] and mob.get_top()[1] <= half_h, mob


@pytest.mark.parametrize("scene_cls", list(PER_RUN), ids=ids(PER_RUN))
def test_each_scene_shows_its_preset_run(scene_cls, rendered):
    scene = rendered(scene_cls).scene
    assert scene.run is RUNS[PER_RUN[scene_cls]]
    assert len(scene.curves) == 10


@pytest.mark.parametrize("scene_cls", list(PER_RUN), ids=ids(PER_RUN))
def test_bar_segment_widths_are_the_exact_composition_shares(scene_cls, rendered):
    scene = rendered(scene_cls).scene
    shares = composition(scene.run, parts=10, method="exact")
    widths = np.array([seg.width for seg in scene.bar.segments])
    assert np.allclose(widths, shares * scene.bar.bar_width, rtol=0, atol=1e-6 * scene.bar.bar_width)
    # segments tile the bar from left to right, in the order of the tenths
    lefts = np.array([seg.get_left()[0] for seg in scene.bar.segments])
    assert np.allclose(lefts[1:], lefts[:-1] + widths[:-1], atol=1e-9)


@pytest.mark.parametrize("scene_cls", list(PER_RUN), ids=ids(PER_RUN))
def test_curves_start_at_their_start_step_and_end_at_final_decay(scene_cls, rendered):
    scene = rendered(scene_cls).scene
    run, axes = scene.run, scene.axes
    finals = final_decay(run)
    for curve, start, final in zip(scene.curves, start_steps(run), finals, strict=True):
        first_factor = decay_curve_sampled(run, int(start))[1][0]
        assert axes.p2c(curve.get_start()) == pytest.approx(
            [start, first_factor], rel=1e-9, abs=1e-9 * run.total_steps
        )
        assert axes.p2c(curve.get_end()) == pytest.approx([run.total_steps - 1, final], rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("scene_cls", list(PER_RUN), ids=ids(PER_RUN))
def test_all_ten_curves_lie_inside_the_axes(scene_cls, rendered):
    scene = rendered(scene_cls).scene
    for curve in scene.curves:
        coords = to_coords(scene.axes, curve.get_anchors())
        assert np.all(coords[:, 0] >= -1e-6) and np.all(coords[:, 0] <= scene.run.total_steps + 1e-6)
        assert np.all(coords[:, 1] >= -1e-9) and np.all(coords[:, 1] <= 1 + 1e-9)
        assert len(curve.get_anchors()) <= 2 * fg.CURVE_POINTS  # drawn from the sampled arrays only


@pytest.mark.parametrize("scene_cls", list(PER_RUN), ids=ids(PER_RUN))
def test_labels_print_mathcore_values_with_the_style_formats(scene_cls, rendered):
    scene = rendered(scene_cls).scene
    run, plot = scene.run, scene.plot
    assert [lab.text for lab in plot.final_labels] == [style.fmt_sig(v, 3) for v in final_decay(run)]
    assert [lab.text for lab in plot.start_labels] == [f"{10 * i} %" for i in range(10)]
    assert [lab.text for lab in scene.bar.labels] == [style.fmt_share(s) for s in composition(run)]


@pytest.mark.parametrize("scene_cls", list(PER_RUN), ids=ids(PER_RUN))
def test_no_two_labels_overlap(scene_cls, rendered):
    scene = rendered(scene_cls).scene
    plot, bar = scene.plot, scene.bar
    labels = [*bar.labels, *plot.final_labels, *plot.start_labels, plot.final_header, *plot.ticks]
    for a, b in itertools.combinations(labels, 2):
        assert not boxes_overlap(a, b), (getattr(a, "text", a), getattr(b, "text", b))
    for label, outside in zip(bar.labels, bar.outside, strict=True):
        if outside:  # an outside label keeps clear of the whole bar
            assert not boxes_overlap(label, bar.segments)


def test_olmo_first_tenth_is_labelled_outside_its_sub_pixel_segment(rendered):
    scene = rendered(fg.ForgettingOLMo7B).scene
    share = composition(scene.run)[0]
    assert share == pytest.approx(3.68e-4, rel=1e-2)  # as trained (558,223 steps); the seed's 615,000: 0.02 %
    pixel = config.frame_width / config.pixel_width
    assert scene.bar.segments[0].width < pixel  # drawn with its true width, however thin
    assert scene.bar.outside[0] and scene.bar.labels[0].text == "0.04 %"


def test_the_llama_clip_ends_on_its_assumed_weight_decay_and_what_hangs_on_it(rendered):
    scene = rendered(fg.ForgettingLlama405B).scene
    rows = sensitivity(RUNS["llama3-405b"], "weight_decay")
    assert scene.table.cell_texts() == [
        [
            style.fmt_g(value) + (" (assumed)" if i == 0 else ""),
            style.fmt_sig(h.first_update_keeps, 3),
            style.fmt_share(h.first_tenth),
            style.fmt_share(h.last_tenth),
        ]
        for i, (value, h) in enumerate(rows)
    ]
    assert [v for v, _ in rows] == [0.1, 0.05, 0.01]
    shown = set(itertools.chain.from_iterable(m.get_family() for m in scene.mobjects))
    assert set(scene.table.rows) <= shown and not set(scene.plot.curves) & shown  # in the plot's place
    assert "0.1 is assumed" in " ".join(line.text for line in scene.table.heading)
    for a, b in itertools.combinations([*scene.table.header.get_family(), *scene.table.rows.get_family()], 2):
        if hasattr(a, "text") and hasattr(b, "text"):
            assert not boxes_overlap(a, b), (a.text, b.text)
    assert not boxes_overlap(scene.table, scene.bar)


def test_the_olmo_clip_ends_on_the_run_read_both_ways(rendered):
    scene = rendered(fg.ForgettingOLMo7B).scene
    rows = sensitivity(RUNS["olmo-7b"], "decay_steps", [476838])
    assert [v for v, _ in rows] == [558223, 476838]  # the steps run; the configured duration
    assert scene.table.cell_texts() == [
        [
            style.fmt_int(value) + (" (assumed)" if i == 0 else " (configured)"),
            style.fmt_sig(h.first_update_keeps, 3),
            style.fmt_share(h.first_tenth),
            style.fmt_share(h.last_tenth),
        ]
        for i, (value, h) in enumerate(rows)
    ]
    assert not boxes_overlap(scene.table, scene.bar)


def test_a_run_without_assumed_values_shows_no_table(rendered):
    scene = rendered(fg.Forgetting124M1x).scene
    shown = set(itertools.chain.from_iterable(m.get_family() for m in scene.mobjects))
    assert not hasattr(scene, "table") and set(scene.plot.curves) <= shown


def test_across_runs_ends_on_the_five_bars_stacked_in_run_order(rendered):
    scene = rendered(fg.ForgettingAcrossRuns).scene
    assert scene.runs == list(RUNS.values())
    ys = [bar.segments.get_y() for bar in scene.bars]
    assert ys == sorted(ys, reverse=True)  # GPT-2 1x on top, Llama 3 405B at the bottom
    for run, bar, name in zip(scene.runs, scene.bars, scene.names, strict=True):
        widths = np.array([seg.width for seg in bar.segments])
        assert np.allclose(widths, composition(run) * bar.bar_width, rtol=0, atol=1e-6 * bar.bar_width)
        assert name[0].text == run.name
        assert name.get_right()[0] < bar.segments.get_left()[0]
        for a, b in itertools.combinations(bar.labels, 2):
            assert not boxes_overlap(a, b)
    for upper, lower in itertools.pairwise(scene.bars):
        assert not boxes_overlap(upper, lower)


def test_schedules_are_drawn_through_mathcore_learning_rates(rendered):
    scene = rendered(LRSchedules).scene
    run = scene.run
    assert run is LRSchedules.RUN
    data = scene.plot.data
    for name, curve in scene.schedule_curves.items():
        coords = to_coords(scene.axes, curve.get_anchors())
        assert coords[0] == pytest.approx([0, run.lr(0)], abs=1e-12)  # OLMo warms up from 0.1 of the peak
        peak = int(np.argmax(coords[:, 1]))
        assert coords[peak][1] == pytest.approx(run.max_lr, rel=1e-9)
        assert run.warmup_steps - 1 - 1e-6 <= coords[peak][0] <= run.warmup_steps + 1e-6  # llm.c, OLMo: w - 1
        assert coords[-1] == pytest.approx([run.total_steps - 1, data.lrs[name][-1]], rel=1e-9)
    assert scene.plot.data.lrs[run.schedule] == pytest.approx(run.lr(scene.plot.data.steps), rel=1e-12)


def test_last_frame_shows_the_bar_in_its_colours(rendered):
    scene = rendered(fg.ForgettingLlama405B).scene
    frame = scene.renderer.get_frame()
    height, width = frame.shape[:2]
    for seg, color in zip(scene.bar.segments, style.TENTHS, strict=True):
        if seg.width > 0.3:  # wide enough for a pixel clear of labels and edges
            x, y = seg.get_left()[0] + 0.1, seg.get_bottom()[1] + 0.07
            px = int((x / config.frame_width + 0.5) * width)
            py = int((0.5 - y / config.frame_height) * height)
            expected = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
            assert np.abs(frame[py, px, :3].astype(int) - expected).max() <= 3


# --- the builders, without rendering ------------------------------------------------------------------------
def test_composition_bar_keeps_true_widths_and_moves_tiny_labels_outside():
    shares = np.array([1e-9, 2e-4, 0.01, 0.3, 0.689799])
    shares = shares / shares.sum()
    bar = CompositionBar(shares, width=10.0, height=0.4)
    widths = np.array([seg.width for seg in bar.segments])
    assert np.allclose(widths, shares * 10.0, rtol=0, atol=1e-6 * 10.0)
    assert bar.outside == (True, True, True, False, False)
    for a, b in itertools.combinations(bar.labels, 2):
        assert not boxes_overlap(a, b)
    for label, leader, i in zip([bar.labels[i] for i in (0, 1, 2)], bar.leaders, range(3), strict=True):
        assert leader.get_start()[0] == pytest.approx(
            bar.segments[i].get_x()
        )  # the leader starts at its segment
        assert np.linalg.norm(leader.get_end() - label.get_top()) < 0.1


def test_spread_keeps_order_gaps_and_bounds():
    desired = np.array([0.0, 0.01, 0.02, 0.5, 3.0])
    sizes = np.array([0.4, 0.2, 0.4, 0.2, 0.2])
    xs = spread(desired, sizes, gap=0.1, low=-0.3, high=3.05)
    assert np.all(np.diff(xs) >= (sizes[:-1] + sizes[1:]) / 2 + 0.1 - 1e-12)
    assert xs[0] - sizes[0] / 2 >= -0.3 - 1e-12 and xs[-1] + sizes[-1] / 2 <= 3.05 + 1e-12
    assert spread([1.0, 5.0], [0.2, 0.2]) == pytest.approx([1.0, 5.0])  # already apart: left alone


@pytest.mark.parametrize(
    ("span", "step"), [(4730, 1000), (70500, 20000), (30803, 5000), (615000, 100000), (1200000, 200000)]
)
def test_step_ticks_are_round_and_few(span, step):
    assert tick_step(span) == step
    assert 3 <= span // step <= 6


def test_a_scene_for_any_run_is_three_lines_and_draws_only_samples():
    class ForgettingHuge(fg.ForgettingScene):
        RUN = TrainingRun(
            "Huge",
            total_steps=3_000_000,
            warmup_steps=2000,
            max_lr=3e-4,
            min_lr=3e-5,
            weight_decay=0.1,
            schedule="linear",
            source="test",
        )

    plot = fg.DecayPlot(fg.forgetting_data(ForgettingHuge.RUN))
    assert all(len(c.get_anchors()) <= 2 * fg.CURVE_POINTS for c in plot.curves)
    assert [t.text for t in plot.ticks[:4]] == ["0", "500k", "1M", "1.5M"]
