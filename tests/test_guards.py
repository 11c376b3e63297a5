"""The project's ground rules, checked: no matplotlib, mathcore without manim, lint clean, README true."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from lecture_scenes import catalogue

ROOT = Path(__file__).resolve().parent.parent
PY_FILES = [p for p in ROOT.rglob("*.py") if ".venv" not in p.parts and "media" not in p.parts]


def _modules(package: str) -> list[str]:
    return sorted(f"{package}.{p.stem}" for p in (ROOT / package).glob("*.py") if p.stem != "__init__") + [
        package
    ]


def _imported_after(modules: list[str]) -> set[str]:
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_no_file_imports_matplotlib():
    pattern = re.compile(r"^\s*(import|from)\s+matplotlib", re.MULTILINE)
    offenders = [str(p.relative_to(ROOT)) for p in PY_FILES if pattern.search(p.read_text())]
    assert offenders == []


def test_importing_everything_leaves_matplotlib_out():
    loaded = _imported_after(_modules("mathcore") + _modules("scenes"))
    assert not any(m.split(".")[0] == "matplotlib" for m in loaded)


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
    assert catalogue.markdown_table() in (ROOT / "README.md").read_text()


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / "README.md").read_text()
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")
