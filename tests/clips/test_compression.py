"""CompressionCircle shows mathcore's numbers, honestly drawn: area ratio = rate, units labelled."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import av
import numpy as np
import pytest
from manim import MathTypst, Mobject, Text, config, tempconfig
from manim.utils.color import ManimColor

from mathcore.compression import BYTES_PER_PARAM, circle_radii, compression_stats
from scenes.compression import CompressionCircle, CompressionCircleLlama2
from scenes.kit import style
from scenes.kit.patches import output
from scenes.kit.text import Label
from tests.conftest import TEST_CONFIG

NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")  # "60", "54.6"; not the 32 of "fp32"
# MathTypst keeps `{{ "60 TB" : label }}` groups as `manimgrp("label", "60 TB")` in its code: unwrap both.
GROUP = re.compile(r'manimgrp\("[\w-]+", (".*?")\)|\{\{ *(".*?") *: *[\w-]+ *\}\}')


def stats_of(cls):
    return compression_stats(cls.NUM_TOKENS, cls.NUM_PARAMS, cls.BYTES_PER_TOKEN, cls.BYTES_PER_PARAM)


def alt_stats_of(cls):
    return compression_stats(
        cls.NUM_TOKENS, cls.NUM_PARAMS, cls.BYTES_PER_TOKEN, BYTES_PER_PARAM[cls.ALT_FORMAT]
    )


def expected_strings(cls) -> list[str]:
    """Every value the scene should show, formatted from mathcore independently of the scene."""
    s, a = stats_of(cls), alt_stats_of(cls)
    shown = [style.fmt_count(s.num_tokens), style.fmt_count(s.num_params)]
    shown += [style.fmt_size(s.bytes_per_token, "bytes/token")]
    for x in (s, a):
        shown += [style.fmt_size(x.bytes_per_param, "bytes/param"), style.fmt_rate(x.rate)]
        shown += [style.fmt_size(x.data_tb, "TB"), style.fmt_size(x.data_tib, "TiB")]
        shown += [style.fmt_size(x.model_gb, "GB"), style.fmt_size(x.model_gib, "GiB")]
    return shown


def texts_of(scene) -> list[str]:
    """The source of every Text and MathTypst on screen at the end, and the counter's text."""
    source = list(scene.source)
    out = [" ".join(line.text for line in source)]  # a wrapped source's lines joined
    for mob in scene.mobjects:
        for m in mob.get_family():
            if isinstance(m, Label) and m not in source:
                out.append(m.text)
            elif isinstance(m, MathTypst):
                out.append(GROUP.sub(lambda g: g.group(1) or g.group(2), m.typst_code))
    return out + [scene.counter.text]


@pytest.fixture(scope="module")
def main(rendered):
    return rendered(CompressionCircle)


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    """One media directory for the scenes built here: typeset text is cached there between tests."""
    return tmp_path_factory.mktemp("compression")


@pytest.fixture(scope="module")
def llama2(media):
    """The example subclass, rendered to its last frame only (animations skipped: fast)."""
    overrides = {"media_dir": str(media), **output.keys(still=True)}
    with tempconfig({**TEST_CONFIG, **overrides}):
        scene = CompressionCircleLlama2()
        scene.render()
        png = Path(scene.renderer.file_writer.image_file_path)
    return scene, png


# --- rendering ----------------------------------------------------------------------------------------------
def test_renders_its_video(main):
    assert main.movie.is_file() and main.movie.stat().st_size > 10_000
    assert 10 <= main.seconds <= 16


def test_example_subclass_renders_its_last_frame(llama2):
    scene, png = llama2
    assert png.is_file() and png.stat().st_size > 5_000
    assert scene.stats == compression_stats(2e12, 7e9, 4, 4)
    assert scene.stats.rate == pytest.approx(2e12 / 7e9)


# --- the numbers ------------------------------------------------------------------------------------------
def test_stats_come_from_mathcore(main):
    scene = main.scene
    assert scene.stats == compression_stats(15e12, 8e9, 4, 4)
    assert scene.stats.rate == 1875.0
    assert scene.alt_stats.rate == 3750.0  # the bf16 beat


@pytest.mark.parametrize("which", ["main", "llama2"])
def test_circle_areas_differ_by_the_rate(which, main, llama2):
    scene = main.scene if which == "main" else llama2[0]
    rate = scene.stats.rate
    large, small = scene.true_radii
    assert large / small == pytest.approx(math.sqrt(rate), rel=1e-6)
    assert scene.true_radii == pytest.approx(circle_radii(rate, small), rel=1e-12)
    # On screen: the training text's circle is drawn at its true radius ...
    assert scene.large_circle.width / 2 == pytest.approx(large, rel=1e-6)
    # ... the model's at its true radius, or at the minimum size if that is too small to see.
    min_radius = scene.MIN_RADIUS_PX * config.frame_height / TEST_CONFIG["pixel_height"]
    assert scene.small_circle.width / 2 == pytest.approx(max(small, min_radius), rel=1e-6)
    assert scene.to_scale == (small >= min_radius)
    note = scene.scale_note[1].text
    assert ("not to scale" in note) == (not scene.to_scale)


@pytest.mark.parametrize(
    ("attrs", "message"),
    [
        ({"BYTES_PER_PARAM": 2}, "BYTES_PER_PARAM must be 4 for WEIGHT_FORMAT 'fp32', got 2"),
        ({"ALT_FORMAT": "fp8"}, "ALT_FORMAT must be None or one of .*, got 'fp8'"),
        ({"NUM_PARAMS": -1.0}, "num_params must be > 0"),  # mathcore's own check
    ],
)
def test_a_bad_config_is_refused_by_name(attrs, message, media):
    with tempconfig({**TEST_CONFIG, "media_dir": str(media)}):
        scene = type("Bad", (CompressionCircle,), attrs)()
        with pytest.raises(ValueError, match=message):
            scene.compute()


def test_default_model_is_enlarged_at_270p_and_to_scale_at_1080p(main, media):
    assert not main.scene.to_scale  # 0.05 units = 2 px at 270p: below the 4 px minimum
    with tempconfig({**TEST_CONFIG, "pixel_height": 1080, "pixel_width": 1920, "media_dir": str(media)}):
        scene = CompressionCircle()
        scene.compute()
        scene.set_radii(main.scene.true_radii[0])  # the layout is the same in scene units
        assert scene.to_scale and scene.drawn_radii == scene.true_radii


@pytest.mark.parametrize("which", ["main", "llama2"])
def test_counter_ends_at_the_rate(which, main, llama2):
    scene = main.scene if which == "main" else llama2[0]
    assert scene.counter.value == scene.stats.rate
    assert scene.counter.text == style.fmt_rate(scene.stats.rate)


@pytest.mark.parametrize("which", ["main", "llama2"])
def test_every_number_on_screen_is_mathcore_formatted(which, main, llama2):
    scene = main.scene if which == "main" else llama2[0]
    cls = type(scene)
    texts = texts_of(scene)
    everything = "\n".join(texts)
    expected = expected_strings(cls)
    for s in expected:  # all of them are shown ...
        assert s in everything, s
    allowed = {n for s in expected for n in NUMBER.findall(s)}
    for t in texts:  # ... and nothing else (the model's name and the source are free text)
        t = t.replace(cls.MODEL, "").replace(cls.SOURCE, "")
        assert set(NUMBER.findall(t)) <= allowed, t


def test_binary_units_are_labelled_binary_and_marked_rounded(main):
    s = main.scene.stats
    code = "\n".join(texts_of(main.scene))
    # The seed's mistake: 54.57 TiB printed as "TB". Here TiB is TiB, and rounded values say so.
    assert style.fmt_size(s.data_tib, "TB") not in code
    assert style.fmt_size(s.model_gib, "GB") not in code
    assert f'≈ "{style.fmt_size(s.data_tib, "TiB")}"' in code
    assert f'= "{style.fmt_size(s.data_tb, "TB")}" space (≈ "{style.fmt_size(s.data_tib, "TiB")}")' in code


def test_the_rounded_rate_of_the_example_says_approximately(llama2):
    scene = llama2[0]
    rate = style.fmt_rate(scene.stats.rate)
    assert rate == "285.7×"
    assert f'≈ "{rate}"' in "\n".join(texts_of(scene))


def test_counter_changes_without_typesetting(main, monkeypatch):
    """Per frame the counter copies glyph outlines: no Text or MathTypst is built while it runs."""
    scene = main.scene

    def forbidden(*args, **kwargs):
        raise AssertionError("typeset during the animation")

    monkeypatch.setattr(Text, "__init__", forbidden)
    monkeypatch.setattr(MathTypst, "__init__", forbidden)
    rate = scene.stats.rate
    for alpha in np.linspace(0, 1, 9):  # ends at alpha = 1: the final state the other tests read
        scene.set_ratio(rate**alpha, float(alpha))
        assert scene.counter.text == style.fmt_rate(rate if alpha == 1 else round(rate**alpha))
    assert scene.counter.value == rate


# --- the layout -------------------------------------------------------------------------------------------
def _boxes_overlap(a: Mobject, b: Mobject) -> bool:
    (ax0, ay0, _), (ax1, ay1, _) = a.get_corner(np.array([-1, -1, 0])), a.get_corner(np.array([1, 1, 0]))
    (bx0, by0, _), (bx1, by1, _) = b.get_corner(np.array([-1, -1, 0])), b.get_corner(np.array([1, 1, 0]))
    return ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1


def assert_laid_out(scene) -> None:
    """Everything inside the margins, no two pieces of text (or text and the model's circle) overlapping,
    the model's label inside the training text's circle."""
    half_w, half_h = config.frame_width / 2 - style.MARGIN, config.frame_height / 2 - style.MARGIN
    parts = [scene.title, scene.source, scene.large_label, scene.small_label, scene.counter_label]
    parts += [scene.counter, scene.small_circle, *scene.scale_note]
    parts += [m for block in scene.blocks for m in block]
    for mob in [*parts, scene.large_circle, *scene.mobjects]:
        if mob.has_points() or mob.submobjects:
            assert mob.get_left()[0] >= -half_w - 1e-6 and mob.get_right()[0] <= half_w + 1e-6, mob
            assert mob.get_bottom()[1] >= -half_h - 1e-6 and mob.get_top()[1] <= half_h + 1e-6, mob
    for a, b in itertools.combinations(parts, 2):
        assert not _boxes_overlap(a, b), (a, b)
    center, radius = scene.circle_center, scene.true_radii[0]
    for corner in ([-1, -1, 0], [1, -1, 0], [-1, 1, 0], [1, 1, 0]):
        assert np.linalg.norm(scene.small_label.get_corner(np.array(corner)) - center) < radius


@pytest.mark.parametrize("which", ["main", "llama2"])
def test_end_state_stays_in_frame_and_nothing_overlaps(which, main, llama2):
    assert_laid_out(main.scene if which == "main" else llama2[0])


@pytest.mark.parametrize(
    ("tokens", "params", "model", "source"),
    [
        (1e11, 1e10, "Rate 10", "short"),  # the smallest rate the scene is made for: a big model circle
        (1e14, 1e9, "A rather long model name, v2.1 1B", "a long source line " * 5),  # rate 100 000
    ],
)
def test_layout_holds_for_rates_from_10_to_100000(tokens, params, model, source, media):
    cls = type("Other", (CompressionCircle,), {"NUM_TOKENS": tokens, "NUM_PARAMS": params})
    cls.MODEL, cls.SOURCE = model, source
    with tempconfig({**TEST_CONFIG, "media_dir": str(media)}):
        scene = cls()
        scene.compute()
        scene.build()
        scene.set_ratio(scene.stats.rate, 1.0)
        assert scene.counter.text == style.fmt_rate(tokens / params)
        assert_laid_out(scene)


def _frames(movie: Path, times: list[float]) -> list[np.ndarray]:
    with av.open(str(movie)) as container:
        frames = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    return [frames[min(int(t * len(frames)), len(frames) - 1)] for t in times]


def test_first_middle_and_last_frames_leave_the_margin_empty(main):
    background = np.array(ManimColor(style.BACKGROUND).to_int_rgb())
    for frame in _frames(main.movie, [0.0, 0.5, 1.0]):
        band = int(0.8 * style.MARGIN / config.frame_height * frame.shape[0])
        border = np.concatenate(
            [frame[:band].reshape(-1, 3), frame[-band:].reshape(-1, 3)]
            + [frame[:, :band].reshape(-1, 3), frame[:, -band:].reshape(-1, 3)]
        )
        assert np.abs(border.astype(int) - background).max() <= 12
