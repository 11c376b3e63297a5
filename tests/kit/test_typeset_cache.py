"""The typeset-outline cache: a hit draws what parsing draws, and nothing unsafe is reused."""

from __future__ import annotations

import numpy as np
import pytest
from manim import MarkupText, MathTypst, SVGMobject, Text
from manim.mobject.svg import svg_mobject

from scenes.kit.patches import typeset_cache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder for this test; Manim's in-memory SVG cache emptied so every build parses."""
    monkeypatch.setenv(typeset_cache.ENV, str(tmp_path / "typeset"))
    monkeypatch.setattr(svg_mobject, "SVG_HASH_TO_MOB_MAP", {})
    typeset_cache.apply()
    monkeypatch.setattr(typeset_cache, "stats", {"hits": 0, "misses": 0, "uncached": 0})
    return typeset_cache.cache_dir()


def _fresh(build):
    svg_mobject.SVG_HASH_TO_MOB_MAP.clear()
    return build()


def _drawing(mob) -> list:
    """Everything that reaches the screen, per path: points, fill, stroke."""
    return [
        (
            type(p).__name__,
            p.points.tobytes(),
            p.get_fill_color().to_hex(),
            float(p.get_fill_opacity()),
            p.get_stroke_color().to_hex(),
            float(p.get_stroke_width()),
        )
        for p in mob.family_members_with_points()
    ]


BUILDS = {
    "Text": lambda: Text("Forgetting 1.6B: 0.02 %", font_size=30, color="#E8B04B"),
    "MarkupText": lambda: MarkupText("<b>center</b> KL", font_size=24),
    "MathTypst": lambda: MathTypst('R = (60 dot 10^12 "B") / (32 dot 10^9 "B")', font_size=40),
    "MathTypst baselines": lambda: MathTypst("x^2 / 3", track_baselines=True),
}


@pytest.mark.parametrize("name", list(BUILDS))
def test_a_hit_draws_what_parsing_draws(cache, monkeypatch, name):
    build = BUILDS[name]
    monkeypatch.setenv(typeset_cache.ENV, "off")
    parsed = _fresh(build)
    monkeypatch.setenv(typeset_cache.ENV, str(cache.parent))
    miss = _fresh(build)
    hit = _fresh(build)
    assert typeset_cache.stats == {"hits": 1, "misses": 1, "uncached": 1}
    assert _drawing(parsed) == _drawing(miss) == _drawing(hit)
    np.testing.assert_array_equal(parsed.get_center(), hit.get_center())
    assert parsed.height == hit.height
    for attr in ("_stroke_width_tracked_submobjects", "_baseline_tracked_submobjects"):
        if hasattr(parsed, attr):  # Typst's bookkeeping comes back too, pointing into the new family
            tracked = getattr(hit, attr)
            assert len(tracked) == len(getattr(parsed, attr))
            family = hit.get_family()
            assert all(any(t is m for m in family) for t in tracked)
    hit.shift(np.array([1.0, 0, 0]))  # a hit is a mobject of its own
    assert not np.allclose(hit.get_center(), parsed.get_center())
    again = _fresh(build)
    np.testing.assert_array_equal(again.get_center(), parsed.get_center())


def test_the_key_is_the_files_content_not_its_name(cache, tmp_path):
    svg = tmp_path / "shape.svg"
    square = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path d="M0 0 H10 V10 H0 Z"/></svg>'
    svg.write_text(square)
    first = _fresh(lambda: SVGMobject(svg))
    svg.write_text(square.replace("V10", "V5"))  # the same name, another drawing
    second = _fresh(lambda: SVGMobject(svg))
    assert typeset_cache.stats["misses"] == 2
    assert (
        second.height != first.height
        or second.width != first.width
        or not np.array_equal(second.get_all_points(), first.get_all_points())
    )


def test_settings_that_change_the_outlines_change_the_key(cache):
    a = MathTypst("x")
    b = MathTypst("x", track_baselines=True)
    data = b"<svg/>"
    assert typeset_cache.cache_key(a, data) != typeset_cache.cache_key(b, data)
    assert typeset_cache.cache_key(a, data) != typeset_cache.cache_key(a, data + b" ")
    assert typeset_cache.cache_key(a, data) == typeset_cache.cache_key(MathTypst("x"), data)


def test_a_damaged_file_is_parsed_again_and_replaced(cache):
    build = BUILDS["Text"]
    good = _fresh(build)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:100])  # truncated, e.g. a full disk
    again = _fresh(build)
    assert typeset_cache.stats == {"hits": 0, "misses": 2, "uncached": 0}
    assert _drawing(again) == _drawing(good)
    assert _drawing(_fresh(build)) == _drawing(good)
    assert typeset_cache.stats["hits"] == 1


def test_off_writes_nothing(cache, monkeypatch):
    monkeypatch.setenv(typeset_cache.ENV, "off")
    assert typeset_cache.cache_dir() is None
    _fresh(BUILDS["Text"])
    assert typeset_cache.stats == {"hits": 0, "misses": 0, "uncached": 1}
    assert not cache.exists()


def test_an_unwritable_folder_only_costs_the_parse(cache, monkeypatch, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(typeset_cache.ENV, str(blocker))
    word = _fresh(BUILDS["Text"])
    assert len(word) > 0 and typeset_cache.stats["misses"] == 1


def test_the_folder_names_the_versions_it_depends_on(monkeypatch, tmp_path):
    import manim

    monkeypatch.setenv(typeset_cache.ENV, str(tmp_path))
    folder = typeset_cache.cache_dir()
    assert folder.parent == tmp_path
    assert f"manim{manim.__version__}" in folder.name and f"numpy{np.__version__}" in folder.name
    monkeypatch.delenv(typeset_cache.ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert typeset_cache.cache_dir().parent == tmp_path / "xdg" / "lecture-scenes"


def test_clear_deletes_only_the_caches_folders(monkeypatch, tmp_path):
    monkeypatch.setenv(typeset_cache.ENV, str(tmp_path))
    (tmp_path / "svg0-manim0.1-numpy1-py3").mkdir()
    typeset_cache.cache_dir().mkdir()
    (tmp_path / "mine.txt").write_text("keep")
    assert len(typeset_cache.clear()) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_the_scenes_use_the_cache(rendered):
    from scenes.compression import CompressionCircle

    rendered(CompressionCircle)
    assert svg_mobject.SVGMobject.generate_mobject is typeset_cache._CACHED
    assert list(typeset_cache.cache_dir().glob("*.pickle"))
