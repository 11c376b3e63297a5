"""Ctrl-C during `make render` or `make slides`: one line, exit status 130, no child left running.

The files of every scene's last good render stay in place (a scene's files are moved into place only once
all of them are complete, lecture_scenes.render); what an interrupt costs is the scenes being rendered.
"""

from __future__ import annotations

import functools
import signal
import sys
import threading

from lecture_scenes import runner

EXIT_STATUS = 130  # 128 + SIGINT, as a shell reports a job ended by Ctrl-C


def _interrupt(signum, frame):
    runner.stop_all()  # first the children, so the thread pool's workers end at once
    raise KeyboardInterrupt


def exits_on_interrupt(prog: str):
    """Decorate a command's main(): on SIGINT, end every child, print "<prog>: interrupted", return 130."""

    def decorate(main):
        @functools.wraps(main)
        def wrapped(*args, **kwargs):
            in_main_thread = threading.current_thread() is threading.main_thread()
            previous = signal.signal(signal.SIGINT, _interrupt) if in_main_thread else None
            runner.resume()
            try:
                return main(*args, **kwargs)
            except KeyboardInterrupt:
                runner.stop_all()
                print(f"{prog}: interrupted; every scene's last good files are in place", file=sys.stderr)
                return EXIT_STATUS
            finally:
                if in_main_thread:
                    signal.signal(signal.SIGINT, previous)

        return wrapped

    return decorate
