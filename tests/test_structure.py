"""The code's shape, checked: imports do nothing, the import graph has no circle, each command loads the talk
once."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lecture_scenes import cli
from scenes.kit import talkfile

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("mathcore", "scenes", "lecture_scenes")


def modules() -> dict[str, Path]:
    """Every module of the project's packages, by dotted name."""
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


# --- imports do nothing ------------------------------------------------------------------------------------
IMPORT_ALL = """
import json, os, sys
talk = os.environ["LECTURE_TALK"]
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)) and os.fspath(args[0]) == talk:
        opened.append(event)
sys.addaudithook(hook)
names = json.loads(sys.argv[1])
for name in names:
    __import__(name)
print(json.dumps({"imported": len(names), "talk_opened": len(opened)}))
"""


@pytest.mark.parametrize("talk", ["broken", "missing"])
def test_importing_any_module_reads_no_talk_file_and_never_exits(tmp_path, talk):
    """Every module but scenes/talk.py (Manim finds the talk's own scenes by importing it) imports with a talk
    file full of errors, or none at all: nothing exits, the talk file is never opened."""
    path = tmp_path / "talk.toml"
    if talk == "broken":
        path.write_text('[talk]\nscenes = 3\n[runs.r]\nmax_lr = "x"\n[theme]\nbase = "sepia"\n')
    names = [n for n in modules() if n != "scenes.talk" and not n.endswith("__main__")]
    env = {**os.environ, "LECTURE_TALK": str(path), "LECTURE_THEME": "nope"}
    proc = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, json.dumps(names)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.splitlines()[-1]) == {"imported": len(names), "talk_opened": 0}


# --- the import graph: no circle, counting the imports inside functions too --------------------------------
def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules `path` imports anywhere in it (top level or inside functions)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            candidates = [[a.name] for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            candidates = [[f"{base}.{a.name}", base] for a in node.names]
        else:
            continue
        for names in candidates:  # `from a import b`: the module a.b if there is one, else a
            target = next((n for n in names if n in known), None)
            if target and target != name:
                found.add(target)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                out.append(sorted(part))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_the_import_graph_has_no_circle():
    known = modules()
    graph = {name: imports_of(name, path, known) for name, path in known.items()}
    assert graph["scenes.kit.talkfile"] >= {"scenes.kit.theme", "scenes.kit.accessibility"}  # it reads them
    assert cycles(graph) == []


def test_cycles_are_found_where_there_are_some():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# --- each command loads the talk once ----------------------------------------------------------------------
@pytest.fixture
def talk_reads(monkeypatch):
    """How many times this process reads a talk file."""
    reads = []
    real = talkfile.read_text

    def counted(path):
        reads.append(path)
        return real(path)

    monkeypatch.setattr(talkfile, "read_text", counted)
    monkeypatch.delenv("LECTURE_TALK", raising=False)
    monkeypatch.delenv("LECTURE_THEME", raising=False)
    return reads


TINY = ["--catalogue", "tests.fixtures_scenes:CATALOGUE"]


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["check"],
        ["palette"],
        ["render", "--no-reel", "--jobs", "2", *TINY, "TinyCircle"],
        ["slides", *TINY, "NoSuchScene"],
        ["figures", *TINY, "NoSuchScene"],
        ["preview", "NoSuchScene"],
    ],
    ids=lambda a: a[0],
)
def test_each_command_reads_the_talk_file_once(talk_reads, tmp_path, capsys, argv):
    if argv[0] in ("render", "slides", "figures", "preview"):
        argv = [argv[0], "--media-dir", str(tmp_path), *argv[1:]]
    code = cli.main(argv)
    assert code == (2 if "NoSuchScene" in argv else 0), capsys.readouterr()
    assert len(talk_reads) == 1


# --- colour roles are read when a scene is built, never at import -----------------------------------------
ROLES = {"BACKGROUND", "INK", "MUTED", "FAINT", "TRUTH", "MODEL", "CENTER", "TAILS", "LOW", "HIGH", "DATA"}
ROLES |= {"WEIGHTS", "TENTHS", "SCHEDULES", "THEME"}


def roles_read_at_import(path: Path) -> list[str]:
    """Where `path` reads a colour role (style.MODEL, ...) when it is imported: as a default argument, or in
    a module's or a class's own statements (outside any function)."""
    tree = ast.parse(path.read_text())
    found = []

    def reads(node) -> list[ast.Attribute]:
        return [
            n
            for n in ast.walk(node)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "style"
            if n.attr in ROLES
        ]

    def visit(body) -> None:
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                defaults = node.args.defaults + [d for d in node.args.kw_defaults if d is not None]
                found.extend(f"{path.name}:{n.lineno} default" for d in defaults for n in reads(d))
                found.extend(
                    f"{path.name}:{n.lineno} decorator" for d in node.decorator_list for n in reads(d)
                )
            elif isinstance(node, ast.ClassDef):
                visit(node.body)
            else:
                found.extend(f"{path.name}:{n.lineno}" for n in reads(node))

    visit(tree.body)
    return found


def test_no_colour_role_is_read_at_import():
    """A role read at import is the default theme's forever: a light render would draw dark ink."""
    files = [p for p in (ROOT / "scenes").rglob("*.py")] + [ROOT / "lecture_scenes" / "figure_job.py"]
    assert [hit for p in files for hit in roles_read_at_import(p)] == []


def test_a_role_read_at_import_is_found(tmp_path):
    path = tmp_path / "clip.py"
    path.write_text(
        "X = style.INK\nclass C:\n    c = style.MODEL\n    def f(self, c=style.TAILS): return style.LOW\n"
    )
    assert roles_read_at_import(path) == ["clip.py:1", "clip.py:3", "clip.py:4 default"]
