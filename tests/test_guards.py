"""The project's ground rules, checked: no matplotlib, mathcore without manim, lint clean, README true."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from lecture_scenes import catalogue
from tests.the_talk import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
PY_FILES = [  # not the venvs: .venv (Manim 0.21) and .venv-manim022 (0.22)
    p
    for p in ROOT.rglob("*.py")
    if not any(part.startswith(".venv") for part in p.parts) and "media" not in p.parts
]


def _modules(package: str) -> list[str]:
    """Every module of `package` and its subpackages, by dotted name."""
    names = []
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _imported_after(modules: list[str]) -> set[str]:
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_no_file_imports_matplotlib():
    pattern = re.compile(r"^\s*(import|from)\s+matplotlib", re.MULTILINE)
    offenders = [str(p.relative_to(ROOT)) for p in PY_FILES if pattern.search(p.read_text())]
    assert offenders == []


def test_importing_everything_leaves_matplotlib_out():
    loaded = _imported_after(_modules("mathcore") + _modules("scenes") + _modules("lecture_scenes"))
    assert not any(m.split(".")[0] == "matplotlib" for m in loaded)


def test_no_clip_and_nothing_in_the_kit_imports_the_tool():
    loaded = _imported_after(_modules("scenes"))
    assert not any(m.split(".")[0] == "lecture_scenes" for m in loaded)


def test_the_talk_file_and_the_catalogue_load_without_manim():
    """`lecture-scenes check` reads files, not Manim (which takes seconds to load)."""
    loaded = _imported_after(["scenes.kit.talkfile", "scenes.kit.style", "lecture_scenes.catalogue"])
    assert not any(m.split(".")[0] in {"manim", "manim_slides"} for m in loaded)


def test_mathcore_imports_no_manim():
    loaded = _imported_after(_modules("mathcore"))
    assert not any(m.split(".")[0] in {"manim", "manim_slides", "matplotlib"} for m in loaded)


def test_ruff_is_clean():
    ruff = Path(sys.executable).parent / "ruff"
    lint = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run([ruff, "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout


def test_readme_lists_the_catalogue():
    assert catalogue.markdown_table(CATALOGUE) in (ROOT / "README.md").read_text()


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / "README.md").read_text()
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")
