"""Typeset text kept across runs: an SVG is parsed into glyph outlines once, not at every render.

Every ``Text``, ``MarkupText`` and ``MathTypst`` ends in ``SVGMobject.generate_mobject``: Pango or Typst
writes an SVG (cheap, ~1–20 ms), then svgelements parses it and Manim turns each path into a VMobject
(~40–250 ms a string). A scene with a few dozen labels spent 2–3 s of its 480p preview there, every time
(docs/benchmarks.md). Manim keeps parsed SVGs only in memory, for one process.

:func:`apply` wraps ``generate_mobject``: the result (the glyph VMobjects and whatever else generation set
on the mobject, e.g. Typst's list of stroked glyphs) is pickled into a cache file whose name is a SHA-256 of

- the SVG file's bytes (not its path: Manim names text files by a hash of their own inputs, but an SVG
  given by path can change under the same name),
- the mobject's class and every plain setting it holds before generation (``svg_default``,
  ``path_string_config``, ``track_baselines``, stroke settings, ...), and
- this module's format number; the folder name carries the Manim, NumPy and Python versions.

A later run with the same key loads the pickle (~1 ms) instead of parsing. Anything that does not fit
(an attribute that generation changed in an unexpected way, a file that fails to load) falls back to
Manim's own parsing; cache files are written atomically, so parallel renders can share the folder.

What a cache file holds is checked before it is used (:func:`valid`), so that an entry that loads but is
wrong (no glyphs, another string's glyphs, damaged points) is typeset again and overwritten, never drawn:
the file records the SHA-256 of the SVG it was made from and its number of glyphs, and a hit must match the
SVG being typeset now, hold that many glyphs with finite points, at least one if the SVG draws anything,
and no more than the SVG draws. A cache can only make a render faster, never break it.

The folder is ``$LECTURE_SCENES_CACHE``, else ``$XDG_CACHE_HOME/lecture-scenes``, else
``~/.cache/lecture-scenes``; ``LECTURE_SCENES_CACHE=off`` turns the cache off. It is derived data:
``make clean`` deletes it (:func:`clear`).
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import platform
import re
import shutil
import tempfile
from pathlib import Path

import manim
import numpy as np
import svgelements as se
from manim import ManimColor, VMobject, config
from manim.mobject.svg import svg_mobject as _svg

NAME = "typeset cache"
ENV = "LECTURE_SCENES_CACHE"
FORMAT = 2  # bump when what is pickled changes (2: the attributes with the SVG's digest and glyph count)
_PLAIN = (bool, int, float, str, type(None))

stats = {"hits": 0, "misses": 0, "uncached": 0}  # this process's counts, for tests and the bench


def cache_dir() -> Path | None:
    """The folder cache files go to, or None when the cache is off."""
    value = os.environ.get(ENV, "")
    if value.lower() in {"off", "0", "no", "false"}:
        return None
    if value:
        root = Path(value).expanduser()
    else:
        root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "lecture-scenes"
    versions = f"manim{manim.__version__}-numpy{np.__version__}-py{platform.python_version()}"
    return root / f"svg{FORMAT}-{versions}"


def clear() -> list[Path]:
    """Delete this cache's folders (of every version) under the cache root; returns what was deleted."""
    folder = cache_dir()
    if folder is None:
        return []
    gone = sorted(folder.parent.glob("svg*-manim*"))
    for path in gone:
        shutil.rmtree(path, ignore_errors=True)
    return gone


def _plain(value) -> str | None:
    """A stable text for a setting that can change the parsed outlines, or None for anything else."""
    if isinstance(value, _PLAIN):
        return repr(value)
    if isinstance(value, ManimColor):
        return value.to_hex(with_alpha=True)
    if isinstance(value, (tuple, list)) and all(isinstance(v, _PLAIN) for v in value):
        return repr(tuple(value))
    if isinstance(value, dict) and all(isinstance(v, (*_PLAIN, ManimColor)) for v in value.values()):
        return repr(sorted((str(k), _plain(v)) for k, v in value.items()))
    return None


def cache_key(mob: _svg.SVGMobject, svg_bytes: bytes) -> str:
    """SHA-256 of the SVG's bytes, the mobject's class and its plain settings before generation."""
    digest = hashlib.sha256()
    kind = f"{type(mob).__module__}.{type(mob).__qualname__}"
    digest.update(f"format {FORMAT}\n{kind}\n{config.renderer}\n".encode())
    for name, value in sorted(vars(mob).items()):
        if name == "file_name":
            continue
        text = _plain(value)
        if text is not None:
            digest.update(f"{name}={text}\n".encode())
    digest.update(hashlib.sha256(svg_bytes).digest())
    return digest.hexdigest()


def _snapshot(mob) -> dict[str, tuple]:
    """What generation may change: each attribute's identity and, for containers, its length."""
    sized = (list, dict, np.ndarray)
    return {k: (id(v), len(v) if isinstance(v, sized) else None) for k, v in vars(mob).items()}


_DEFS = re.compile(rb"<defs\b.*?</defs>", re.DOTALL)
_DRAWN = re.compile(rb"<(?:use|path)\b")


def _glyphs(submobjects) -> list | None:
    """The pieces with points among `submobjects` (and theirs), or None if any is not a VMobject."""
    if not all(isinstance(m, VMobject) for m in submobjects):
        return None
    return [p for m in submobjects for p in m.family_members_with_points()]


def valid(state: object, svg_bytes: bytes) -> bool:
    """Whether a loaded cache entry may stand in for typesetting `svg_bytes` (see the module's docstring)."""
    try:
        return _valid(state, svg_bytes)
    except Exception:  # an object that fails even to be looked at is no glyph either
        return False


def _valid(state: object, svg_bytes: bytes) -> bool:
    if not isinstance(state, dict) or state.get("svg_sha256") != hashlib.sha256(svg_bytes).hexdigest():
        return False
    attrs, count = state.get("attrs"), state.get("glyphs")
    if (
        not isinstance(attrs, dict)
        or not isinstance(attrs.get("submobjects"), list)
        or type(count) is not int
    ):
        return False
    glyphs = _glyphs(attrs["submobjects"])
    if glyphs is None or len(glyphs) != count:
        return False
    drawn = len(_DRAWN.findall(_DEFS.sub(b"", svg_bytes)))  # <use> and <path> outside <defs>: upper bound
    if (drawn > 0 and count == 0) or count > drawn:
        return False
    for glyph in glyphs:
        points = glyph.points
        if not isinstance(points, np.ndarray) or points.ndim != 2 or points.shape[1] != 3:
            return False
        if not np.all(np.isfinite(points)):
            return False
    return True


def _no_path():
    return None


class _Pickler(pickle.Pickler):
    """Pickles glyphs without the svgelements path each keeps (read only while its points are generated)."""

    def reducer_override(self, obj):
        if isinstance(obj, se.Shape) or type(obj).__name__ == "SharedPath":
            return _no_path, ()
        return NotImplemented


def _dump(state: dict, target: Path) -> None:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(state)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(buffer.getvalue())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _generate_cached(original):
    def generate_mobject(self):
        folder = cache_dir()
        if folder is None:
            stats["uncached"] += 1
            return original(self)
        try:
            svg_bytes = self.get_file_path().read_bytes()
        except (OSError, ValueError):
            stats["uncached"] += 1
            return original(self)
        target = folder / f"{cache_key(self, svg_bytes)}.pickle"
        try:
            state = pickle.loads(target.read_bytes())
        except Exception:  # absent, truncated, or from an incompatible build: parse as Manim does
            state = None
        if valid(state, svg_bytes):
            vars(self).update(state["attrs"])
            stats["hits"] += 1
            return self
        before = _snapshot(self)
        original(self)
        after = _snapshot(self)
        changed = [k for k, v in after.items() if before.get(k) != v]
        unexpected = [k for k in before if k not in after]
        stats["misses"] += 1
        if not unexpected and "submobjects" in changed:
            glyphs = _glyphs(self.submobjects)
            state = {
                "attrs": {k: getattr(self, k) for k in changed},
                "svg_sha256": hashlib.sha256(svg_bytes).hexdigest(),
                "glyphs": len(glyphs or []),
            }
            try:
                if glyphs is not None:
                    _dump(state, target)
            except (OSError, pickle.PicklingError, TypeError, AttributeError):
                pass  # a read-only or full disk only costs the next run the parse
        return self

    return generate_mobject


ORIGINAL = _svg.SVGMobject.generate_mobject


def apply() -> None:
    """Send every SVGMobject's parsing (Text, MarkupText, MathTypst, SVG files) through the cache.

    Idempotent."""
    _svg.SVGMobject.generate_mobject = _CACHED


def remove() -> None:
    _svg.SVGMobject.generate_mobject = ORIGINAL


_CACHED = _generate_cached(ORIGINAL)
