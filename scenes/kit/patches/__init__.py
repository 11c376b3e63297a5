"""The one place where the project reaches inside Manim: every patch, listed once, version-checked once.

One module per patch, each with a ``NAME`` and an ``apply()``. :data:`REGISTRY` lists them all: what each
does, whether it is a speed-up or a fix, and the Manim versions (and manim-slides versions, where it touches
manim-slides) it was verified on: exactly those on which its frame-equality test (``test``) passed, each
named (``make test`` runs the suite on Manim 0.21.0 and 0.22.0; a new release is added once it passes there).
:func:`verified` is the one version check, used by all of them:

- a **speed-up** on a version it was not verified on is skipped, with one warning line: a speed-up may
  change how fast a frame is drawn, never the frame, so a newer Manim is slower at worst, never wrong.
  ``LECTURE_PATCHES=off`` turns every speed-up off, ``LECTURE_PATCHES=-cairo_paths,-lean_copies`` the ones
  named (to compare frames or time with plain Manim).
- a **fix** makes something work that plain Manim gets wrong or cannot do; it stays on with
  ``LECTURE_PATCHES=off``. On a version it was not verified on it is not applied: a fix applied at import
  (``concat_quoting``, ``slides_compat``) says so in one warning line; one that a feature needs
  (``skipping``, ``vector_camera``) stops that feature with one clear line (:func:`require`). A fix that only
  one Manim needs names those versions in ``needed`` and does nothing elsewhere.

Where Manim has a door, the module only provides a class for it (``camera_class``, ``file_writer_class``,
used by scenes.kit.base); the others replace one attribute each, or are called by the feature they serve.

``output`` (:func:`output.keys`) is not a patch: it writes the config keys for what a render writes in the
running Manim's terms (0.22 replaced ``write_to_movie`` with ``format``), through Manim's public config.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType
from typing import Literal

import manim

from scenes.kit.patches import (
    cairo_paths,
    concat_quoting,
    encoder_queue,
    exact_lengths,
    glyph_outlines,
    lean_copies,
    pptx_posters,
    skipping,
    slides_compat,
    still_mobjects,
    svg_paths,
    typeset_cache,
    vector_camera,
)
from scenes.kit.patches.versions import BOTH, contains, versions

ENV = "LECTURE_PATCHES"
log = logging.getLogger("lecture_scenes")


@dataclass(frozen=True)
class Patch:
    """One patch: its module, what it does, its kind, and where it was verified."""

    module: ModuleType
    does: str
    kind: Literal["speed-up", "fix"]
    manim: tuple[str, ...]  # the Manim versions its frame-equality test passed on: specifiers, any one
    test: str  # that test (a file or file::name under tests/)
    manim_slides: tuple[str, ...] | None = None  # where it touches manim-slides: the versions verified
    needed: str | None = None  # a fix only some Manim needs: a specifier of those (None: every one)

    @property
    def name(self) -> str:
        return self.module.NAME

    @property
    def short(self) -> str:
        return short_name(self.module)


REGISTRY: tuple[Patch, ...] = (
    Patch(
        encoder_queue,
        "the single encoder's frame queue is bounded (file_writer_class)",
        "speed-up",
        BOTH,
        "tests/kit/test_patches.py::test_frames_are_the_same_without_the_speed_up",
    ),
    Patch(
        cairo_paths,
        "Béziers reach Cairo from Python lists (camera_class)",
        "speed-up",
        BOTH,
        "tests/kit/test_patches.py::test_frames_are_the_same_without_the_speed_up",
    ),
    Patch(
        lean_copies,
        "Mobject.copy shares immutable values (replaces Mobject.__deepcopy__)",
        "speed-up",
        BOTH,
        "tests/kit/test_patches.py::test_frames_are_the_same_without_the_speed_up",
    ),
    Patch(
        svg_paths,
        "glyph copies share their parsed SVG path (wraps VMobjectFromSVGPath.__init__)",
        "speed-up",
        BOTH,
        "tests/kit/test_patches.py::test_frames_are_the_same_without_the_speed_up",
    ),
    Patch(
        typeset_cache,
        "parsed Text/MathTypst kept across runs (wraps SVGMobject.generate_mobject)",
        "speed-up",
        BOTH,
        "tests/kit/test_patches.py::test_frames_are_the_same_without_the_speed_up",
    ),
    Patch(
        glyph_outlines,
        "label outlines read from Pango's SVG (used by scenes.kit.text)",
        "speed-up",
        BOTH,
        "tests/kit/test_patches.py::test_frames_are_the_same_without_the_speed_up",
    ),
    Patch(
        still_mobjects,
        "a turning 3-D camera leaves still mobjects in the static frame (LectureScene3D.get_moving_mobjects)",
        "speed-up",
        BOTH,
        "tests/kit/test_patches.py::test_the_3d_base_keeps_still_text_out_of_the_redraw_with_the_same_frames",
    ),
    Patch(
        concat_quoting,
        "paths in Manim's list of partial movies are quoted (an apostrophe in the media path)",
        "fix",
        BOTH,
        "tests/tool/test_robust_media.py::test_a_path_with_an_apostrophe_renders_scenes_and_reel",
    ),
    Patch(
        skipping,
        "a skipped run stops at the end of a slide or at a time and draws that frame (previews, figures)",
        "fix",
        skipping.MANIM,
        "tests/kit/test_skipping.py",
    ),
    Patch(
        vector_camera,
        "a frame's mobjects drawn on a PDF or SVG page (figures)",
        "fix",
        vector_camera.MANIM,
        "tests/kit/test_vector_camera.py",
    ),
    Patch(
        exact_lengths,
        "each partial movie states its length exactly, so frames fall at k / fps (open_partial_movie_stream)",
        "fix",
        BOTH,
        "tests/tool/test_frame_rates.py",
    ),
    Patch(
        pptx_posters,
        "each PPTX slide's poster is the frame the slide ends on (manim-slides' PowerPoint converter)",
        "fix",
        BOTH,
        "tests/tool/test_slides.py",
        manim_slides=("==5.7.0",),
    ),
    Patch(
        slides_compat,
        "manim-slides 5.7's Slide in Manim 0.22's config terms (applied by scenes.kit.base for slides)",
        "fix",
        ("==0.22.0",),
        "tests/kit/test_slides_compat.py",
        manim_slides=("==5.7.0",),
        needed=">=0.22.0",
    ),
)
BY_MODULE = {p.module.__name__: p for p in REGISTRY}
SPEED_UPS: tuple[ModuleType, ...] = tuple(p.module for p in REGISTRY if p.kind == "speed-up")

_installed: dict[str, bool] = {}


def patch(module: ModuleType | str) -> Patch:
    """The registry's entry for `module` (a patch module or its name)."""
    return BY_MODULE[module if isinstance(module, str) else module.__name__]


def verified(
    module: ModuleType | Patch, manim_version: str | None = None, slides_version: str | None = None
) -> bool:
    """THE version check: whether the running Manim (and manim-slides, where the patch names it), or the
    versions given, are ones `module`'s patch was verified on."""
    entry = module if isinstance(module, Patch) else patch(module)
    if not contains(entry.manim, manim_version or manim.__version__):
        return False
    if entry.manim_slides is not None:
        if slides_version is None:
            try:
                slides_version = version("manim-slides")
            except PackageNotFoundError:
                return False
        return contains(entry.manim_slides, slides_version)
    return True


def needed(module: ModuleType | Patch, manim_version: str | None = None) -> bool:
    """Whether the running Manim (or `manim_version`) is one the patch is for at all."""
    entry = module if isinstance(module, Patch) else patch(module)
    return entry.needed is None or contains(entry.needed, manim_version or manim.__version__)


def short_name(module: ModuleType) -> str:
    return module.__name__.rpartition(".")[2]


def wanted(module: ModuleType) -> bool:
    """Whether $LECTURE_PATCHES leaves `module` on (a fix always is)."""
    if patch(module).kind == "fix":
        return True
    value = os.environ.get(ENV, "").lower().replace(" ", "")
    return value not in {"off", "0", "no", "false"} and f"-{short_name(module)}" not in value.split(",")


def enabled(module: ModuleType) -> bool:
    """Whether `module` is (or would be) applied in this process."""
    return needed(module) and wanted(module) and verified(module)


def _skipped(entry: Patch) -> str:
    slides = f" and manim-slides {versions(entry.manim_slides)}" if entry.manim_slides is not None else ""
    return (
        f"lecture-scenes: {entry.kind} {entry.name!r} skipped: verified on manim {versions(entry.manim)}"
        f"{slides}, this is manim {manim.__version__}"
    )


def require(module: ModuleType) -> None:
    """Stop with one clear line unless `module` (a fix a feature cannot do without) is verified here."""
    entry = patch(module)
    if not verified(entry):
        raise RuntimeError(
            f"{entry.name} is verified on manim {versions(entry.manim)}; this is manim {manim.__version__}"
        )  # the same line as versions.require, which the patches that need no registry call themselves


def apply(module: ModuleType) -> bool:
    """Apply one patch if it is needed, wanted and verified here, once per process; a speed-up or fix that
    is needed but not verified is skipped with one warning line. Returns whether it is applied."""
    entry = patch(module)
    if entry.name in _installed:
        return _installed[entry.name]
    on = enabled(module)
    if on:
        module.apply()
    elif needed(entry) and wanted(module):
        log.warning(_skipped(entry) + (" (slower, same frames)" if entry.kind == "speed-up" else ""))
    _installed[entry.name] = on
    return on


def install() -> dict[str, bool]:
    """Apply every speed-up verified on the running versions, once per process; name -> applied."""
    for module in SPEED_UPS:
        apply(module)
    return {patch(m).name: _installed[patch(m).name] for m in SPEED_UPS}


def camera_class(base: type) -> type:
    """The Cairo camera class to render with: `base` with the fast path calls where they are verified."""
    return cairo_paths.fast(base) if enabled(cairo_paths) else base


def file_writer_class() -> type:
    """The file writer to render with: the bounded frame queue where it is verified."""
    from manim.scene.scene_file_writer import SceneFileWriter

    return encoder_queue.BoundedQueueWriter if enabled(encoder_queue) else SceneFileWriter


def moving_mobjects(scene, moving: list, animations) -> list:
    """What a 3-D scene redraws on each frame of a play: Manim's `moving`, less its still mobjects where
    that is verified."""
    return still_mobjects.moving(scene, moving, animations) if enabled(still_mobjects) else moving
