"""The one place where the project reaches inside Manim: speed-ups, each contained and version-checked.

One module per speed-up. Each says which Manim versions it was verified on (``MANIM``, a
``packaging.specifiers.SpecifierSet``; ``MANIM_SLIDES`` where it touches manim-slides) and has an ``apply()``.
:func:`install` applies every module whose versions match the running ones and skips any other with one
warning line: a speed-up may change how fast a frame is drawn, never the frame, so a newer Manim is slower
at worst, never wrong. Where Manim has a door, the module only provides a class for it (``camera_class``,
``file_writer_class``, used by scenes.kit.base); the others replace one attribute each.

=========================  ===========================================  ====================================
module                     what it changes                              how
=========================  ===========================================  ====================================
encoder_queue              the single encoder's frame queue is bounded  ``file_writer_class``
cairo_paths                Béziers reach Cairo from Python lists        ``camera_class``
lean_copies                ``Mobject.copy`` shares immutable values      replaces ``Mobject.__deepcopy__``
svg_paths                  glyph copies share their parsed SVG path     wraps ``VMobjectFromSVGPath.__init__``
typeset_cache              parsed Text/MathTypst kept across runs       wraps ``SVGMobject.generate_mobject``
glyph_outlines             label outlines read from Pango's SVG         used by scenes.kit.text
=========================  ===========================================  ====================================

Three more modules reach inside Manim but are not speed-ups: ``vector_camera`` draws a frame's mobjects as a
PDF or SVG page (version-checked when it draws), ``skipping`` stops a skipped run at the end of a slide or at
a moment of the timeline and draws that one frame (the previews and the figures; version-checked when it
runs), ``slides_compat`` makes manim-slides 5.7 work on Manim 0.22 (applied by scenes.kit.base when it
renders slides; nothing on 0.21), and ``pptx_posters`` makes each PPTX slide's poster frame the frame the
slide ends on (manim-slides 5.7; the deck build converts to PPTX through it).

``LECTURE_PATCHES=off`` turns every one of them off, ``LECTURE_PATCHES=-cairo_paths,-lean_copies`` the ones
named (to compare frames or time with plain Manim).

``concat_quoting`` is a fix, not a speed-up, and stays on with ``LECTURE_PATCHES=off``: it quotes the paths in
Manim's list of partial movies (applied by scenes.kit.base; it checks that Manim still writes them unquoted).
``exact_lengths`` is one too: each partial movie states its length exactly, so a clip's frames fall at k / fps
at any frame rate (applied by scenes.kit.base).
"""

from __future__ import annotations

import logging
import os
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType

import manim
from packaging.version import Version

from scenes.kit.patches import (
    cairo_paths,
    encoder_queue,
    glyph_outlines,
    lean_copies,
    svg_paths,
    typeset_cache,
)

MODULES: tuple[ModuleType, ...] = (
    encoder_queue,
    cairo_paths,
    lean_copies,
    svg_paths,
    typeset_cache,
    glyph_outlines,
)
ENV = "LECTURE_PATCHES"
log = logging.getLogger("lecture_scenes")

_installed: dict[str, bool] = {}


def verified(module: ModuleType) -> bool:
    """Whether the running Manim (and manim-slides, where the module names it) is a version `module` was
    verified on."""
    if Version(manim.__version__) not in module.MANIM:
        return False
    slides = getattr(module, "MANIM_SLIDES", None)
    if slides is not None:
        try:
            return Version(version("manim-slides")) in slides
        except PackageNotFoundError:
            return False
    return True


def short_name(module: ModuleType) -> str:
    return module.__name__.rpartition(".")[2]


def wanted(module: ModuleType) -> bool:
    """Whether $LECTURE_PATCHES leaves `module` on."""
    value = os.environ.get(ENV, "").lower().replace(" ", "")
    return value not in {"off", "0", "no", "false"} and f"-{short_name(module)}" not in value.split(",")


def enabled(module: ModuleType) -> bool:
    """Whether `module` is (or would be) applied in this process."""
    return wanted(module) and verified(module)


def install() -> dict[str, bool]:
    """Apply every speed-up verified on the running versions, once per process; name -> applied."""
    for module in MODULES:
        if module.NAME in _installed:
            continue
        on = enabled(module)
        if on:
            module.apply()
        elif wanted(module):
            log.warning(
                "lecture-scenes: speed-up %r skipped: verified on manim %s, this is %s (slower, same frames)",
                module.NAME,
                module.MANIM,
                manim.__version__,
            )
        _installed[module.NAME] = on
    return dict(_installed)


def camera_class(base: type) -> type:
    """The Cairo camera class to render with: `base` with the fast path calls where they are verified."""
    return cairo_paths.fast(base) if enabled(cairo_paths) else base


def file_writer_class() -> type:
    """The file writer to render with: the bounded frame queue where it is verified."""
    from manim.scene.scene_file_writer import SceneFileWriter

    return encoder_queue.BoundedQueueWriter if enabled(encoder_queue) else SceneFileWriter
