"""Colour is data: clips name roles, the theme gives their values, and the checks measure them with a
colour-science library against independent figures (WCAG's definition, the issue's measurements)."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scenes.kit import accessibility, theme

ROOT = Path(__file__).resolve().parents[2]
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")


def test_no_colour_literal_outside_the_theme_data():
    """Clips and the kit name roles; only scenes/kit/theme.py holds colour values (manim.cfg none either)."""
    files = [p for p in (ROOT / "scenes").rglob("*.py") if p.name != "theme.py"]
    offenders = {str(p.relative_to(ROOT)): HEX.findall(p.read_text()) for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}
    assert not HEX.search((ROOT / "manim.cfg").read_text())


def test_every_role_has_a_valid_value_in_every_theme():
    for t in theme.THEMES.values():
        assert len(t.tenths) == 10
        for role, value in t.roles().items():
            assert re.fullmatch(r"#[0-9A-F]{6}", value), (t.name, role, value)


def test_every_role_is_text_graphic_or_decoration_and_every_pair_names_roles():
    roles = set(theme.DARK.roles()) - {"background"}
    kinds = [*theme.TEXT_ROLES, *theme.GRAPHIC_ROLES, *theme.DECORATIVE_ROLES]
    assert sorted(kinds) == sorted(roles)
    assert {r for pair in theme.PAIRS for r in pair} <= roles


def test_wcag_contrast_matches_the_definition():
    # (L1 + 0.05) / (L2 + 0.05) with sRGB relative luminance: white on black is 21, equal colours 1,
    # and #767676 is the lightest grey that reaches 4.5:1 on white (4.54), #777777 just misses (4.48).
    assert accessibility.contrast("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert accessibility.contrast("#14171C", "#14171C") == pytest.approx(1.0)
    assert accessibility.contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert accessibility.contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_colour_vision_distances_match_the_issues_measurements():
    """Issue 14 measured these with a colour-science library (Machado 2009, CAM02-UCS): the old green/orange
    center/tails pair drops from ΔE 37 to 12.1 (deuteranopia) and 8.7 (protanopia), green/red from 56 to
    8.6."""
    green, orange, red = "#5FD27B", "#FFA94D", "#FF5F5F"
    assert accessibility.distance(green, orange) == pytest.approx(37.0, abs=0.5)
    assert accessibility.distance(green, orange, "deutan") == pytest.approx(12.1, abs=0.3)
    assert accessibility.distance(green, orange, "protan") == pytest.approx(8.7, abs=0.3)
    assert accessibility.distance(green, red) == pytest.approx(56.2, abs=0.5)
    assert accessibility.distance(green, red, "deutan") == pytest.approx(8.6, abs=0.3)
    assert accessibility.distance(green, green, "tritan") == pytest.approx(0.0, abs=1e-9)


def test_each_broken_rule_is_one_line_with_role_value_measure_and_requirement():
    dim = dataclasses.replace(theme.DARK, ink="#222222", center="#5FD27B", tails="#FFA94D")
    lines = accessibility.problems(dim)
    ink = [ln for ln in lines if ln.startswith("ink = #222222")]
    assert len(ink) == 1 and "contrast 1.1" in ink[0] and "text needs >= 4.5:1" in ink[0]
    pair = [ln for ln in lines if ln.startswith("center/tails = #5FD27B/#FFA94D")]
    assert len(pair) == 1 and "8.7 under simulated protan" in pair[0] and "needs >= 20" in pair[0]
    reversed_tenths = dataclasses.replace(theme.DARK, tenths=theme.DARK.tenths[::-1])
    assert any("lightness falls" in ln for ln in accessibility.problems(reversed_tenths))


def palette(*args: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "lecture_scenes.cli", "palette", *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)


def test_palette_prints_the_json_the_issue_specifies():
    out = palette("--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert {"theme", "background", "roles", "text_roles", "graphic_roles", "pairs"} <= set(report)
    assert report["theme"] == "dark" and report["background"] == theme.DARK.background
    assert report["roles"]["model"] == theme.DARK.model and len(report["pairs"]) == len(theme.PAIRS)
    assert report["contrast"]["ink"] == pytest.approx(
        accessibility.contrast(theme.DARK.ink, theme.DARK.background), abs=0.01
    )


def test_palette_with_an_unknown_theme_is_one_line_and_exit_2():
    out = palette("--theme", "sepia")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.strip().splitlines() == ["--theme must be one of dark, light; got 'sepia'"]


@pytest.mark.parametrize("name", list(theme.THEMES))
def test_every_shipped_theme_keeps_every_rule(name):
    """Text 4.5:1, graphics 3:1, every pair >= 20 apart under each simulated deficiency, the tenths lighter
    at every step for every viewer and >= 6 apart: the checks `palette` prints and talk.toml must pass."""
    assert accessibility.problems(theme.THEMES[name]) == []


def test_the_light_theme_is_for_white_slides():
    assert theme.LIGHT.background == "#FFFFFF"
    report = json.loads(palette("--theme", "light", "--json").stdout)
    assert report["theme"] == "light" and report["roles"]["ink"] == theme.LIGHT.ink


def test_text_on_a_fill_reads_or_is_refused():
    from scenes.kit import style

    for fill in style.TENTHS:
        ink = style.text_on(fill)
        assert ink is None or accessibility.contrast(ink, fill) >= accessibility.TEXT_CONTRAST


def test_the_manual_shows_the_measured_table():
    assert accessibility.markdown_table() in (ROOT / "docs" / "themes.md").read_text()
