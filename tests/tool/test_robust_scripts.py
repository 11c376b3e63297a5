"""Names in other scripts: `check` refuses, naming them, the characters no installed font can draw (they would
render as empty boxes, silently), and a name the fonts cover renders with a glyph for every character."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scenes.kit import glyphs

RUN = """[talk]
scenes = ["KLSweep"]

[runs.mine]
name = "{name}"
total_steps = 1000
warmup_steps = 10
max_lr = 1e-3
min_lr = 1e-4
weight_decay = 0.1
schedule = "cosine"
source = "{source}"
"""
PRIVATE = "\U0010fffd"  # a private-use code point: no font draws it


def check(tmp_path: Path, name: str, source: str = "s") -> subprocess.CompletedProcess:
    path = tmp_path / "talk.toml"
    path.write_text(RUN.format(name=name, source=source), encoding="utf-8")
    exe = Path(sys.executable).parent / "lecture-scenes"
    return subprocess.run([exe, "check", str(path)], capture_output=True, text=True)


def fontconfig_covers(char: str) -> bool:
    """fontconfig's own answer (its matching, not our parsing of charsets): a font that has `char`."""
    out = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"], capture_output=True, text=True, check=True
    ).stdout
    return bool(out.strip())


@pytest.mark.parametrize("char", ["a", "é", "λ", "Ж", "中", "文", "🚀", "😀", "ع", "क", "한", "→", PRIVATE])
def test_coverage_agrees_with_fontconfig(char):
    assert glyphs.drawable(char) == fontconfig_covers(char)


# Devanagari: no font the setup installs draws it (Chinese is drawn: the setup installs Noto CJK).
@pytest.mark.parametrize("name", ["मेरा run", "Rocket 🚀 run", "Run " + PRIVATE])
def test_check_refuses_what_no_font_draws_naming_the_characters(tmp_path, name):
    missing = glyphs.undrawable(name)
    assert PRIVATE in missing or not all(fontconfig_covers(c) for c in name)  # the case is a real one
    proc = check(tmp_path, name)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "[runs.mine] name = " in line and "no installed font can draw" in line
    for char in missing:
        assert f"U+{ord(char):04X}" in line
    assert all(f"U+{ord(c):04X}" not in line for c in name if c not in missing)


def test_the_source_line_is_checked_too(tmp_path):
    proc = check(tmp_path, "Mine", source="notes " + PRIVATE)
    assert proc.returncode == 2 and "[runs.mine] source = " in proc.stderr


def test_a_name_the_fonts_cover_renders_every_glyph(tmp_path):
    from manim import Text

    from scenes.kit import style

    name = "Обучение λ Müller"
    proc = check(tmp_path, name)
    assert proc.returncode == 0, proc.stderr
    text = Text(name, font=style.FONT)
    visible = [c for c in name if not c.isspace()]
    assert len(text.submobjects) == len(visible)
    assert all(len(g.points) and np.all(np.isfinite(g.points)) for g in text.submobjects)
