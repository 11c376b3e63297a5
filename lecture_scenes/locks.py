"""One render of a scene at a time per output folder: a second render of the same scene waits for the first.

Two `make render` (or `make slides`) runs on one MEDIA may overlap, in two terminals or two CI jobs. Each
scene's render works in its own folder (``<media>/.work/<Scene>/``): it clears its staging files there, runs
Manim, and moves the finished files into place. :func:`one_at_a_time` holds an exclusive lock on that folder
for the whole render, so a second render of the same scene waits (saying so in one line), then finds the
first's files: "cached", or rendered again with ``--force``. It never clears the other's staging files.
The lock is an ``flock`` on ``.render.lock`` in that folder: the system releases it when the process ends,
however it ends, so a killed render leaves no stale lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import inspect
from collections.abc import Callable
from pathlib import Path

LOCK_FILE = ".render.lock"


@contextlib.contextmanager
def held(folder: Path, on_wait: Callable[[], None] | None = None, name: str = LOCK_FILE):
    """Hold `folder`'s lock `name` (the render lock by default); if another process holds it, call `on_wait`
    once, then wait for it."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / name, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def one_at_a_time(folder_of: Callable[..., Path]):
    """Decorate a scene's render function (entry, quality, ..., media_dir, progress=...) so that it runs
    holding the lock of ``folder_of(entry, media_dir)``."""

    def decorate(render):
        signature = inspect.signature(render)

        @functools.wraps(render)
        def locked(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            entry, media_dir = bound.arguments["entry"], Path(bound.arguments["media_dir"])
            progress = bound.arguments.get("progress")

            def say_waiting() -> None:
                line = f"{entry.name}: another render of it is running in {media_dir}; waiting for it"
                if progress is not None:
                    progress.say(line)

            with held(folder_of(entry, media_dir), say_waiting):
                return render(*args, **kwargs)

        return locked

    return decorate
