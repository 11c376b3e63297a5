"""manim-slides 5.7 on Manim 0.22: 5.7's ``Slide`` in 0.22's terms, where it still speaks Manim 0.21's config.

manim-slides 5.7.0's ``Slide`` (``manim_slides/slide/manim.py``; ``ThreeDSlide`` inherits from it) stops on
Manim 0.22.0 in two of its methods:

- ``__init__`` sets ``config["write_to_movie"] = True`` (because 0.21's OpenGL renderer wrote no video by
  default). 0.22 has no such option: ``AttributeError: type object 'ManimConfig' has no attribute
  'write_to_movie'``. Its ``format = auto`` writes a video with either renderer, except under a live
  preview, where it writes nothing.
- ``render`` sets ``config["max_files_cached"] = float("inf")`` so that Manim deletes no partial movie file
  before the slides are cut from them: 0.22 wants an int (-1 is unlimited), and reads it once, in
  ``Scene.__init__`` (into the file writer's settings), so setting it in ``render`` would be too late
  anyway. ``render`` also reads and writes ``config["flush_cache"]``, which 0.22 removed together with
  ``--flush_cache`` and ``SceneFileWriter.flush_cache_directory``.

:func:`apply` replaces just these two methods of 5.7's ``Slide`` with the same steps in 0.22's terms.
scenes.kit.patches applies it on the versions it was verified on, and only where it is needed (Manim 0.22):
on Manim 0.21 it does not even import manim-slides.
"""

from __future__ import annotations

from manim import config

NAME = "manim-slides 5.7 on manim 0.22"


def _write_video(cfg=config) -> None:
    """5.7's ``config["write_to_movie"] = True`` in 0.22's terms: a slide needs its animations as video
    files, and 0.22's ``auto`` format writes none only under a live preview; then pick the video auto
    would have picked. An explicit ``--format`` is left alone (0.21's ``-s`` wrote no video either)."""
    live = cfg.live_preview or cfg.enable_gui
    if live and str(cfg.format or "auto").lower() == "auto":
        cfg.format = "mov" if cfg.transparent else "mp4"


def _patched(slide: type) -> tuple:
    def __init__(self, *args, **kwargs) -> None:
        _write_video()
        # The slides are cut from the partial movie files after the render, so Manim must delete none of
        # them; 0.22 reads the limit here, into the file writer's settings. -1 is unlimited.
        kept = config.max_files_cached
        config.max_files_cached = -1
        try:
            super(slide, self).__init__(*args, **kwargs)
        finally:
            config.max_files_cached = kept

    def render(self, *args, **kwargs) -> None:
        super(slide, self).render(*args, **kwargs)
        # 0.22 has no flush_cache of its own: only the slide's (a class attribute) flushes its slide files.
        self._save_slides(
            use_cache=not (config.disable_caching or self.disable_caching),
            flush_cache=self.flush_cache,
            skip_reversing=self.skip_reversing,
        )

    __init__.__doc__ = "manim-slides 5.7's Slide.__init__ on Manim 0.22 (scenes/kit/patches/slides_compat)."
    render.__doc__ = "manim-slides 5.7's Slide.render on Manim 0.22 (scenes/kit/patches/slides_compat)."
    return __init__, render


def apply() -> None:
    """Make manim-slides 5.7's ``Slide`` and ``ThreeDSlide`` work on Manim 0.22 (scenes.kit.patches.apply
    calls this only there, where it is verified). Idempotent."""
    from manim_slides.slide.manim import Slide

    if getattr(Slide, "_lecture_compat", None) == NAME:
        return
    original = Slide.__init__, Slide.render
    Slide.__init__, Slide.render = _patched(Slide)
    Slide._lecture_compat = NAME
    Slide._lecture_compat_original = original
