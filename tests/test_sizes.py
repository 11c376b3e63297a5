"""So that a newcomer finds their room: no module over 500 lines, no clip class over 150.

A clip class holds its script (one method per beat); its widgets live in scenes/kit/, its numbers in
mathcore/. Sizes are counted in source lines, a class from its `class` line to its last line (ast).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 500
MAX_CLIP_LINES = 150
MODULES = sorted(
    p for folder in ("mathcore", "scenes", "lecture_scenes") for p in (ROOT / folder).rglob("*.py")
)
CLIP_FILES = sorted((ROOT / "scenes").glob("*.py"))


def scene_classes(path: Path) -> list[ast.ClassDef]:
    """The classes in `path` that derive from a Scene: a base named like one (LectureScene, Scene, ...), or
    from another such class in the same module."""
    classes = [n for n in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(n, ast.ClassDef)]
    scenes: set[str] = set()
    for cls in classes:  # in order: a subclass comes after its base
        names = {
            b.id if isinstance(b, ast.Name) else b.attr
            for b in cls.bases
            if isinstance(b, ast.Name | ast.Attribute)
        }
        if any(n.endswith(("Scene", "Scene3D")) or n in scenes for n in names):
            scenes.add(cls.name)
    return [c for c in classes if c.name in scenes]


def test_there_are_modules_and_clips_to_measure():
    assert len(MODULES) > 20 and (ROOT / "scenes" / "kl_sweep.py") in CLIP_FILES
    assert {"KLSweep", "CompressionCircle"} <= {c.name for p in CLIP_FILES for c in scene_classes(p)}


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_a_module_is_at_most_500_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)}: {lines} lines, at most {MAX_MODULE_LINES}"


@pytest.mark.parametrize("path", CLIP_FILES, ids=[p.name for p in CLIP_FILES])
def test_a_clip_class_is_at_most_150_lines(path):
    long = {
        c.name: c.end_lineno - c.lineno + 1
        for c in scene_classes(path)
        if c.end_lineno - c.lineno + 1 > MAX_CLIP_LINES
    }
    assert not long, f"{path.name}: {long} lines, at most {MAX_CLIP_LINES} per clip class"
