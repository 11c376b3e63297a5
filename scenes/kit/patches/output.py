"""What a render writes, in the config keys of the running Manim: one place for the keys 0.22 renamed.

Manim 0.21 says it with two booleans, ``write_to_movie`` (-w) and ``save_last_frame`` (-s), and the video's
container in ``format`` (which, once set, writes that video even with ``write_to_movie`` off). Manim 0.22
removed ``write_to_movie``: ``format`` alone names the one thing a render writes (``none``, ``png`` for the
last frame, ``mp4``, ...; ``save_last_frame`` is left as an alias of ``format = png``), and ``config.update``
stops on the old key with ``AttributeError: type object 'ManimConfig' has no attribute 'write_to_movie'``
(``tempconfig`` drops it without a word, so a test asking for no video got one). :func:`keys` gives the
settings for either.

Not a patch: it reaches nothing inside Manim, only its public config, and follows the keys this Manim has.
"""

from __future__ import annotations

from manim import config


def has_write_to_movie() -> bool:
    """Whether this Manim's config still has 0.21's ``write_to_movie``."""
    return isinstance(getattr(type(config), "write_to_movie", None), property)


def keys(*, movie: str | None = None, still: bool = False) -> dict[str, object]:
    """The config settings for a render that writes a video in container `movie` (``"mp4"``; None: no
    video) and/or, with `still`, its last frame as a PNG. Manim 0.22 writes one of the two: the video
    when both are asked for."""
    if has_write_to_movie():  # 0.21 writes a video whenever `format` names one, whatever write_to_movie says
        return {"write_to_movie": movie is not None, "save_last_frame": still, "format": movie}
    return {"format": movie or ("png" if still else "none")}
