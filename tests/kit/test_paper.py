"""Paper figures (scenes/kit/paper.py and each clip's ``paper_figures()``): print sizes, text and line sizes
at print size, and every number the one mathcore gives, for the presets and for a run of the user's own."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from manim import MathTypst, Text

from mathcore.compression import compression_stats
from mathcore.decay import DEFAULT_START_FRACTIONS, TrainingRun, composition, final_decay
from mathcore.kl import lowest_frame, sweep
from mathcore.presets import RUNS
from scenes.compression import CompressionCircle, CompressionCircleLlama2
from scenes.forgetting import Forgetting124M1x, ForgettingScene
from scenes.kit import paper, style
from scenes.kit.text import MATH_SCALE, Label
from scenes.kl_sweep import KLSweep

OWN_RUN = TrainingRun(
    "My 300M run",
    total_steps=123_456,
    warmup_steps=1_000,
    max_lr=6e-4,
    min_lr=6e-5,
    weight_decay=0.05,
    schedule="linear",
    source="my lab notes",
)


def forgetting_clip(run: TrainingRun) -> type:
    return type("ForgettingUnderTest", (ForgettingScene,), {"RUN": run})


RUN_CLIPS = {key: forgetting_clip(run) for key, run in RUNS.items()} | {"own": forgetting_clip(OWN_RUN)}
CLIPS = [CompressionCircle, CompressionCircleLlama2, KLSweep, *RUN_CLIPS.values()]


@pytest.fixture(scope="module", params=CLIPS, ids=[*(c.__name__ for c in CLIPS[:3]), *RUN_CLIPS])
def figures(request):
    return request.param, request.param.paper_figures()


def labels(figure: paper.PaperFigure) -> list[str]:
    return [m.text for m in figure.content.get_family() if isinstance(m, Label)]


def test_pt_per_unit_puts_an_em_at_font_size_over_72_units():
    """The premise of the print sizes: an em of DejaVu Sans at Manim font size f is f/72 scene units (its
    capitals are 0.729 em)."""
    capital = Text("H", font=style.FONT, font_size=48).height
    assert capital / 0.729 == pytest.approx(48 / 72, rel=0.01)
    assert paper.text_pt(style.SMALL_SIZE) == pytest.approx(8.0)


def test_every_figure_is_a_column_or_the_full_width(figures):
    clip, made = figures
    assert made, f"{clip.__name__} makes no paper figure"
    for figure in made:
        width, height = figure.page
        assert width == {"column": 252, "full": 504}[figure.width]
        assert height == int(height) and 36 <= height <= 6 * 72  # whole points, between 0.5 and 6 in
        assert figure.content.width <= paper.content_width(figure.width) + 1e-6
    assert {f.width for f in made} == {"column", "full"}


def test_text_prints_at_7_to_10_and_a_half_points(figures):
    """Measured from the outlines: a label's height against the same string typeset at a known size."""
    _, made = figures
    for figure in made:
        sizes = []
        for mob in figure.content.get_family():
            if isinstance(mob, Label) and mob.text.strip():
                reference = Label(mob.text, 72)
                turned = reference.width > reference.height and mob.height > mob.width  # an axis title
                across = mob.width if turned else mob.height
                sizes.append((mob.text, paper.text_pt(72 * across / reference.height)))
            elif isinstance(mob, MathTypst):
                sizes.append(("math", paper.text_pt(mob.font_size / MATH_SCALE)))
        assert sizes
        small = [(t, round(pt, 2)) for t, pt in sizes if pt < 7.0 or pt > 10.5]
        assert not small, f"{figure.name}: text outside 7-10.5 pt: {small}"


def test_no_line_thinner_than_half_a_point(figures):
    _, made = figures
    for figure in made:
        for mob in figure.content.family_members_with_points():
            widths = np.atleast_1d(mob.get_stroke_width())
            if mob.get_stroke_opacity() > 0 and widths.max() > 0:
                assert paper.line_pt(widths.min()) >= paper.MIN_LINE_PT - 1e-9, figure.name


def test_decay_and_composition_figures_show_mathcores_numbers():
    for key, clip in RUN_CLIPS.items():
        run = clip.RUN
        made = {f.name.split("_", 1)[1]: f for f in clip.paper_figures()}
        finals = [style.fmt_sig(v, 3) for v in final_decay(run, DEFAULT_START_FRACTIONS)]
        shares = [style.fmt_share(s) for s in composition(run, parts=10, method="exact")]
        for width in paper.WIDTHS:
            shown = labels(made[f"decay_{width}"])
            assert not Counter(finals) - Counter(shown), key  # every curve's final value, as often as it is
            bar = labels(made[f"composition_{width}"])
            in_bar = [t for t in bar if t in set(shares)][: len(shares)]  # the bar's labels come first
            assert in_bar == shares, key  # in tenth order
            assert ("assumed" in " ".join(bar)) == bool(run.assumed or key == "olmo-7b"), key


def test_an_assumed_value_shows_its_weight_in_the_composition_figure():
    from mathcore.decay import sensitivity

    for key, clip in RUN_CLIPS.items():
        run = clip.RUN
        for width in paper.WIDTHS:
            shown = labels({f.name.split("_", 1)[1]: f for f in clip.paper_figures()}[f"composition_{width}"])
            rows = sensitivity(run) if "weight_decay" in run.assumed else ()
            if key == "olmo-7b":  # read as one schedule: shown read the other way too
                rows = sensitivity(run, "decay_steps", [476838])
            for _, h in rows:
                assert style.fmt_sig(h.first_update_keeps, 3) in shown, key
                assert style.fmt_share(h.first_tenth) in shown, key
            assert bool(rows) == (key in ("llama3-405b", "olmo-7b"))


def test_kl_figures_show_the_sweeps_numbers():
    lowest = lowest_frame(
        KLSweep.FRAMES, KLSweep.GRID, KLSweep.CENTER
    )  # the path's minimum, as the clips show it
    samples = np.linspace(0, KLSweep.FRAMES - 1, (KLSweep.FRAMES - 1) * 10 + 1)
    r = sweep(np.union1d(samples, [lowest]), KLSweep.GRID, KLSweep.CENTER)
    assert r.min_frame == lowest
    made = {f.name: labels(f) for f in KLSweep.paper_figures()}
    for name, i in (("minimum", r.min_index), ("maximum", int(np.argmax(r.total)))):
        shown = made[f"KLSweep_{name}_column"]
        assert f"total KL {style.fmt_sig(r.total[i], 3)} nats" in shown
        assert f"center {style.fmt_percent(r.center_share[i])}" in shown
        assert f"tails {style.fmt_percent(r.tail_share[i])}" in shown
        assert any(t.startswith(f"frame {style.fmt_fixed(r.frames[i], 1)}:") for t in shown)
        assert f"total KL {style.fmt_sig(r.total[i], 3)} nats" in made["KLSweep_full"]
    assert r.total[r.min_index] < r.total.max()


@pytest.mark.parametrize("clip", [CompressionCircle, CompressionCircleLlama2])
def test_circle_figures_show_the_sizes_and_an_area_ratio_of_the_rate(clip):
    s = compression_stats(clip.NUM_TOKENS, clip.NUM_PARAMS, clip.BYTES_PER_TOKEN, clip.BYTES_PER_PARAM)
    for figure in clip.paper_figures():
        shown = labels(figure)
        assert f"training text: {style.fmt_size(s.data_tb, 'TB')}" in shown
        assert style.fmt_size(s.model_gb, "GB") in shown
        assert style.fmt_rate(s.rate) in shown
        outer, inner = [m for m in figure.content.get_family() if type(m).__name__ == "Circle"]
        ratio = (outer.width / inner.width) ** 2
        if "drawn to scale" in shown:
            assert ratio == pytest.approx(s.rate, rel=1e-3)
        else:  # enlarged to the smallest printable dot, and it says so
            assert "small circle enlarged: not to scale" in shown
            assert inner.width / 2 == pytest.approx(clip.MIN_RADIUS_PT / paper.PT_PER_UNIT, rel=1e-3)


def test_a_figure_wider_than_its_page_is_refused():
    from manim import Rectangle, VGroup

    with pytest.raises(ValueError, match="holds"):
        paper.PaperFigure("too_wide", "column", VGroup(Rectangle(width=10, height=1)))
    with pytest.raises(ValueError, match="column, full"):
        paper.PaperFigure("odd", "poster", VGroup(Rectangle(width=1, height=1)))


def test_thicken_raises_hairlines_and_leaves_fills_alone():
    from manim import Line, Square, VGroup

    hair, fill = Line(stroke_width=0.5), Square(stroke_width=0, fill_opacity=1)
    paper.thicken(VGroup(hair, fill))
    assert paper.line_pt(hair.get_stroke_width()) == pytest.approx(paper.MIN_LINE_PT)
    assert fill.get_stroke_width() == 0


@pytest.mark.parametrize("clip", [Forgetting124M1x, KLSweep, CompressionCircle], ids=lambda c: c.__name__)
def test_only_one_paper_figure_is_the_same_as_among_all(clip):
    """A notebook cell builds only the figure it shows: the same page and content as in the whole set."""
    everything = {f.name: f for f in clip.paper_figures()}
    for name, figure in everything.items():
        (alone,) = clip.paper_figures(only=name.removeprefix(clip.__name__))
        assert alone.name == name and alone.page == figure.page
        assert len(alone.content.get_family()) == len(figure.content.get_family())
