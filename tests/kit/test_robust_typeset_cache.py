"""A typeset-cache entry that loads but is wrong (no glyphs, another string's glyphs, damaged points, the
old format) is typeset again and overwritten, never drawn: a cache can only make a render faster."""

from __future__ import annotations

import hashlib
import pickle

import numpy as np
import pytest
from manim import MathTypst, Text
from manim.mobject.svg import svg_mobject

from scenes.kit.patches import typeset_cache
from tests.kit.test_typeset_cache import BUILDS, _drawing, _fresh


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(typeset_cache.ENV, str(tmp_path / "typeset"))
    monkeypatch.setattr(svg_mobject, "SVG_HASH_TO_MOB_MAP", {})
    typeset_cache.apply()
    monkeypatch.setattr(typeset_cache, "stats", {"hits": 0, "misses": 0, "uncached": 0})
    return typeset_cache.cache_dir()


def _parsed(build, monkeypatch, cache):
    monkeypatch.setenv(typeset_cache.ENV, "off")
    parsed = _fresh(build)
    monkeypatch.setenv(typeset_cache.ENV, str(cache.parent))
    return parsed


def _entry(cache) -> tuple:
    (path,) = cache.glob("*.pickle")
    return path, pickle.loads(path.read_bytes())


def _no_glyphs(state, other):
    return {**state, "attrs": {**state["attrs"], "submobjects": []}, "glyphs": 0}


def _other_strings_glyphs(state, other):
    return other  # the whole entry of another string, under this string's key


def _other_glyphs_this_digest(state, other):
    count = state["glyphs"]
    return {
        **state,
        "attrs": {**state["attrs"], "submobjects": other["attrs"]["submobjects"]},
        "glyphs": count,
    }


def _nan_points(state, other):
    glyph = state["attrs"]["submobjects"][0]
    glyph.points = np.full_like(glyph.points, np.nan)
    return state


def _old_format(state, other):
    return {"submobjects": []}  # FORMAT 1's shape: attributes only, none checked


POISONS = {
    "no glyphs": _no_glyphs,
    "another string's entry": _other_strings_glyphs,
    "another string's glyphs, this SVG's digest": _other_glyphs_this_digest,
    "points that are NaN": _nan_points,
    "the old format, empty": _old_format,
}


@pytest.mark.parametrize("poison", POISONS.values(), ids=POISONS.keys())
@pytest.mark.parametrize("name", ["Text", "MathTypst"])
def test_a_wrong_entry_is_typeset_again_and_replaced(cache, monkeypatch, name, poison):
    build = BUILDS[name]
    other_build = (
        (lambda: Text("another label", font_size=30)) if name == "Text" else (lambda: MathTypst("y"))
    )
    parsed = _parsed(build, monkeypatch, cache)
    _fresh(other_build)
    _, other = _entry(cache)
    for p in cache.glob("*.pickle"):
        p.unlink()
    svg = _fresh(build).get_file_path().read_bytes()  # a miss: writes this string's entry
    path, state = _entry(cache)
    path.write_bytes(pickle.dumps(poison(state, other)))
    assert not typeset_cache.valid(pickle.loads(path.read_bytes()), svg)

    typeset_cache.stats.update(hits=0, misses=0)
    rebuilt = _fresh(build)
    assert typeset_cache.stats["hits"] == 0 and typeset_cache.stats["misses"] == 1
    assert _drawing(rebuilt) == _drawing(parsed)
    assert typeset_cache.valid(pickle.loads(path.read_bytes()), rebuilt.get_file_path().read_bytes())
    assert _drawing(_fresh(build)) == _drawing(parsed)  # and the next run hits the repaired entry
    assert typeset_cache.stats["hits"] == 1


def test_every_entry_poisoned_at_once_still_draws_right(cache, monkeypatch):
    parsed = {name: _drawing(_parsed(build, monkeypatch, cache)) for name, build in BUILDS.items()}
    for build in BUILDS.values():
        _fresh(build)
    files = sorted(cache.glob("*.pickle"))
    donor = files[0].read_bytes()
    for p in files[1:]:
        p.write_bytes(donor)  # every entry now holds the first string's glyphs
    for name, build in BUILDS.items():
        assert _drawing(_fresh(build)) == parsed[name], name
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    assert len(digests) == len(files)  # each repaired with its own glyphs


def test_an_entry_that_fails_to_be_looked_at_is_no_entry():
    from manim import VMobject

    class Boom(VMobject):
        def family_members_with_points(self):
            raise RuntimeError("a glyph that cannot say what it holds")

    svg = b'<svg><use href="#g1"/></svg>'
    state = {"svg_sha256": hashlib.sha256(svg).hexdigest(), "attrs": {"submobjects": [Boom()]}, "glyphs": 1}
    assert typeset_cache.valid(state, svg) is False
