"""Ctrl-C during `make render` or `make slides`: one line, exit status 130, no child left running.

The files of every scene's last good render stay in place (a scene's files are moved into place only once
all of them are complete, lecture_scenes.render); what an interrupt costs is the scenes being rendered.
"""

from __future__ import annotations

import functools
import os
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
        @quiet_when_piped
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


def quiet_when_piped(main):
    """Decorate a command's main(): output piped into a reader that stops early (``| head``, a pager closed)
    ends the command quietly, as a pipeline expects, instead of with a BrokenPipeError traceback."""

    @functools.wraps(main)
    def wrapped(*args, **kwargs):
        try:
            code = main(*args, **kwargs)
            sys.stdout.flush()  # the reader may be gone already: find out here, not at exit
            return code
        except BrokenPipeError:
            # Python flushes stdout again at exit: point it at /dev/null so that flush has nowhere to fail.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 141  # 128 + SIGPIPE, as a shell reports a writer the pipe's reader left

    return wrapped
