"""What a scene's outputs depend on, and the stamp beside them that says which inputs they were made from.

A scene's inputs are its source files and every file of this repository they import (transitively),
manim.cfg, Manim's version, :data:`PIPELINE_VERSION` and whatever the caller adds (quality, manim-slides'
version...); :func:`input_digest` hashes them. The stamp (:data:`STAMP`, JSON) holds that digest and what
was made; outputs whose stamp holds the current digest are not made again. Files are written under another
name and renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from lecture_scenes.catalogue import ROOT, Entry
from scenes.kit import words
from scenes.kit.talkfile import Talk

STAMP = ".stamp.json"
# Bump when what the pipeline writes changes (file names, GIF settings...): every stamp becomes stale.
PIPELINE_VERSION = 3  # 2: captions, beats and their stills beside each clip; 3: notes as description tracks


def _module_file(module: str) -> Path | None:
    base = ROOT / module.replace(".", "/")
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _imports(path: Path, package: str) -> list[str]:
    """The modules `path` imports, relative imports resolved against `package`; none when it does not parse
    (the file itself still counts: a scene being edited may be broken for a moment)."""
    try:
        tree = ast.parse(path.read_text(), str(path))
    except (OSError, SyntaxError, ValueError):
        return []
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.append(base)
            names += [f"{base}.{a.name}" for a in node.names]
    return names


def source_files(module: str | None = None, *, file: Path | None = None) -> list[Path]:
    """The module's file (or `file`, a scene anywhere) and every file of this repository it imports,
    transitively (with package inits)."""
    seen: dict[str, Path] = {}
    todo = [module] if module else []
    if file is not None:
        seen[str(file)] = Path(file)
        todo += _imports(Path(file), "")
    while todo:
        name = todo.pop()
        parts = name.split(".")
        for i in range(1, len(parts) + 1):  # importing a.b.c runs a/__init__ and a/b/__init__ too
            prefix = ".".join(parts[:i])
            if prefix in seen:
                continue
            path = _module_file(prefix)
            if path is None:
                continue
            seen[prefix] = path
            package = prefix if path.name == "__init__.py" else prefix.rpartition(".")[0]
            todo += _imports(path, package)
    return sorted(set(seen.values()))


def input_digest(entry: Entry, talk: Talk, *parts: object) -> str:
    """A hash of everything a scene's outputs depend on: its sources, manim.cfg, Manim's version, the
    talk's theme (its colours), its language and that language's catalogue, the talk file when the scene
    reads it, `parts`."""
    h = hashlib.sha256()
    colours = sorted(talk.theme.roles().items())  # the theme the render runs in, overrides and all
    for item in (PIPELINE_VERSION, entry.module, entry.name, version("manim"), colours, *parts):
        h.update(repr(item).encode() + b"\0")
    if talk.language != words.SOURCE:  # English as before, so that today's stamps still hold
        h.update(b"language\0" + talk.language.encode() + b"\0")
        for path in words.catalogue_files(talk.language):
            h.update(path.read_bytes() + b"\0")
    sources = source_files(entry.module)
    for path in [*sources, ROOT / "manim.cfg"]:
        if path.is_file():
            h.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    if ROOT / "scenes" / "talk.py" in sources:  # a scene made from the talk file's numbers
        h.update(b"talk file\0" + repr(talk.generated().get(entry.name)).encode())
    return h.hexdigest()


def read_stamp(folder: Path) -> dict:
    try:
        return json.loads((folder / STAMP).read_text())
    except (OSError, ValueError):
        return {}


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def move_into_place(staged: Sequence[Path], folder: Path) -> list[Path]:
    """Rename each staged file into `folder` (same file system: atomic per file); the final paths."""
    folder.mkdir(parents=True, exist_ok=True)
    final = []
    for src in staged:
        dst = folder / src.name
        os.replace(src, dst)
        final.append(dst)
    return final
