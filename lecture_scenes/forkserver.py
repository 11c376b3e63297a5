"""Manim imported once per `make render`, a forked child per scene: a fork server and its client.

    python -m lecture_scenes.forkserver serve SOCKET             # the server (render_scenes starts it)
    python -m lecture_scenes.forkserver run SOCKET -- ARGS...    # as `python -m manim ARGS...`, through it

Every scene renders in a process of its own, and each of those used to import Manim and its libraries
(numpy, cairo, manimpango, PIL, av, ...) before drawing anything. The server imports them once, listens on a
Unix socket and, for each request, forks a child from its clean preloaded state: the child takes the
client's stdin, stdout and stderr (passed with SCM_RIGHTS), its working folder, environment and arguments,
and runs Manim's command line as ``python -m manim`` would, in a session of its own. Nothing of one render
reaches the next: every child is forked from the server, none is reused; this repository's modules
(``scenes``, ``mathcore``, the tests' scenes) are never imported by the server, so each child imports them
from disk as a fresh process does; Manim's config is read again in the child from its folder's manim.cfg.

The client imports nothing heavy (the standard library only), so a render still is one process per scene,
with its exit status, output and log as before, and what ends the client ends the render: when the
client's connection closes before its child has ended, the server kills the child's process group. The
server ends when its stdin closes (the render that started it ended, even by SIGKILL), killing what still
runs and removing its socket's folder; each child dies with the server. A client that cannot reach the
server (gone, not started) runs ``python -m manim`` itself.

What a child keeps from the server is what Manim set up at import from the server's folder and
environment, which render_scenes makes the renders' own (ROOT, :func:`lecture_scenes.runner.manim_env`):
its log consoles (width from COLUMNS, colours) and the ``[logger]`` section of manim.cfg. The config
proper is read again in each child.

``LECTURE_FORKSERVER=off`` renders without the server (:func:`enabled`).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import json
import logging
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

ENV_VAR = "LECTURE_FORKSERVER"
# Third-party modules a render imports (Manim's command line and what Manim imports, scipy for mathcore):
# never a module of this repository, which every child imports from disk.
PRELOAD = (
    "manim",
    "manim.__main__",
    "numpy",
    "scipy.special",
    "cairo",
    "manimpango",
    "PIL.Image",
    "av",
    "packaging.specifiers",
    "packaging.version",
)
MAX_REQUEST = 1 << 20  # bytes: arguments, folder and environment, as JSON
_PR_SET_PDEATHSIG = 1

_active: str | None = None  # the socket of the server this process started, while it serves
_active_lock = threading.Lock()


def enabled(env: dict | None = None) -> bool:
    """Whether renders go through a fork server: yes unless LECTURE_FORKSERVER=off (or 0, no, false)."""
    value = (env if env is not None else os.environ).get(ENV_VAR, "on").strip().lower()
    return value not in ("off", "0", "no", "false")


def wrap(cmd: Sequence[object]) -> list[str]:
    """`cmd` as run: ``python -m manim ARGS`` through the fork server when one serves, else unchanged."""
    cmd = [str(c) for c in cmd]
    with _active_lock:
        path = _active
    if path is None or cmd[:3] != [sys.executable, "-m", "manim"]:
        return cmd
    return [sys.executable, "-m", "lecture_scenes.forkserver", "run", path, "--", *cmd[3:]]


# --- started by the render ---------------------------------------------------------------------------------
@contextlib.contextmanager
def serving(env: dict[str, str], cwd: Path, log=None) -> Iterator[str | None]:
    """Start a server for the renders inside the block (in `cwd`, with `env`: a fresh Manim's folder and
    environment); yields its socket, or None (and renders go as before) when it cannot start. The server
    is stopped at the end, also on an error or an interrupt."""
    global _active
    with _active_lock:
        shared = _active
    if shared is not None:  # already serving (a render inside a render): share it
        yield shared
        return
    folder = tempfile.mkdtemp(prefix="lecture-forkserver-")
    path = os.path.join(folder, "socket")
    server_log = os.path.join(folder, "server.log")
    proc = why = None
    try:
        try:
            with open(server_log, "wb") as out:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "lecture_scenes.forkserver", "serve", path],
                    cwd=cwd,
                    env=env,
                    stdin=subprocess.PIPE,  # closed by us (or by our death): the server ends
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
        except OSError as err:
            why = f"{type(err).__name__}: {err}"
        if proc is not None and _wait_for_socket(proc, path):
            with _active_lock:
                _active = path
        elif log is not None:
            if why is None:
                tail = Path(server_log).read_text(errors="replace").strip().splitlines()[-1:]
                why = tail[0] if tail else f"it exited with status {proc.poll()}"
            print(f"render: the fork server did not start ({why}); one Manim process per scene", file=log)
        yield _active
    finally:
        with _active_lock:
            _active = None
        if proc is not None:
            _stop(proc)
        with contextlib.suppress(OSError):
            os.unlink(path)
        with contextlib.suppress(OSError):
            os.unlink(server_log)
        with contextlib.suppress(OSError):
            os.rmdir(folder)


def _wait_for_socket(proc: subprocess.Popen, path: str, timeout: float = 10.0) -> bool:
    """Until the server listens (it binds before importing Manim: requests queue while it imports)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if os.path.exists(path):
            return True
        time.sleep(0.01)
    return False


def _stop(proc: subprocess.Popen) -> None:
    """End the server now: still importing (every scene cached), or serving (it kills what still runs)."""
    with contextlib.suppress(OSError):
        proc.stdin.close()
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --- the server ---------------------------------------------------------------------------------------------
class _Job:
    """One request: its connection, and once forked, the child's pid and a pidfd that reads when it ends."""

    def __init__(self, conn: socket.socket):
        self.conn, self.pid, self.pidfd = conn, 0, -1


def serve(path: str) -> int:
    """Listen on `path`, preload Manim, fork a child per request until stdin closes or a signal ends us."""
    # Children are watched through pidfds (Linux 5.3 or later): without them, end here; renders go as before.
    os.close(os.pidfd_open(os.getpid()))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(f"{path}.new")
    listener.listen(64)
    os.rename(f"{path}.new", path)  # from here on, clients may connect; they wait while Manim is imported
    for name in PRELOAD:
        __import__(name)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, "accept")
    selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "parent")
    jobs: dict[int, _Job] = {}  # by connection fd and by pidfd
    try:
        while True:
            for key, _ in selector.select():
                if key.data == "parent":
                    if not os.read(sys.stdin.fileno(), 4096):
                        return 0
                elif key.data == "accept":
                    conn, _ = listener.accept()
                    job = _Job(conn)
                    jobs[conn.fileno()] = job
                    selector.register(conn, selectors.EVENT_READ, "conn")
                elif key.data == "conn":
                    job = jobs[key.fd]
                    if job.pid == 0:
                        _start(job, selector, jobs, listener)
                    else:  # the client left (or spoke) before its child ended: end the render
                        _kill(job.pid)
                        selector.unregister(job.conn)
                else:  # a child ended
                    job = jobs.pop(key.fd)
                    _, status = os.waitpid(job.pid, 0)
                    with contextlib.suppress(OSError):
                        job.conn.send(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode())
                    _forget(job, selector, jobs)
    except KeyboardInterrupt:
        return 130
    finally:
        for job in {id(j): j for j in jobs.values()}.values():
            if job.pid:
                _kill(job.pid)
        # The render that started us may be gone (SIGKILL): leave nothing of ours in its temporary folder.
        for leftover in (path, os.path.join(os.path.dirname(path), "server.log")):
            with contextlib.suppress(OSError):
                os.unlink(leftover)
        with contextlib.suppress(OSError):
            os.rmdir(os.path.dirname(path))


def _start(job: _Job, selector, jobs: dict[int, _Job], listener: socket.socket) -> None:
    """Read `job`'s request and fork its child; a request that cannot be read ends the connection."""
    try:
        data, fds, _, _ = socket.recv_fds(job.conn, MAX_REQUEST, 3)
        request = json.loads(data) if data else None
    except (OSError, ValueError):
        data, fds, request = b"", [], None
    if request is None or len(fds) != 3:
        for fd in fds:
            os.close(fd)
        _forget(job, selector, jobs)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        inherited = [listener.fileno(), selector, *(j.conn.fileno() for j in jobs.values())]
        inherited += [j.pidfd for j in jobs.values() if j.pidfd >= 0]
        _child(request, fds, inherited)  # never returns
    for fd in fds:
        os.close(fd)
    job.pid, job.pidfd = pid, os.pidfd_open(pid)
    jobs[job.pidfd] = job
    selector.register(job.pidfd, selectors.EVENT_READ, "child")
    try:
        job.conn.send(json.dumps({"pid": pid}).encode())
    except OSError:  # the client is gone already
        _kill(pid)


def _forget(job: _Job, selector, jobs: dict[int, _Job]) -> None:
    for fd in (job.conn.fileno(), job.pidfd):
        if jobs.get(fd) is job:
            del jobs[fd]
        with contextlib.suppress(KeyError, ValueError):
            selector.unregister(fd)
    if job.pidfd >= 0:
        os.close(job.pidfd)
    job.conn.close()


def _kill(pid: int) -> None:
    """The child and whatever it started (its session: its pid is the group's id, once it has called setsid;
    before that it has started nothing, and its own pid is what to kill)."""
    for kill in (os.kill, os.killpg):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill(pid, signal.SIGKILL)


def _die_with_parent() -> None:
    """This process gets SIGKILL when its parent ends (Linux's PR_SET_PDEATHSIG; elsewhere, nothing)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _child(request: dict, fds: list[int], inherited: list) -> None:
    """In the forked child: become `python -m manim ARGS` in the client's folder, environment and streams."""
    code = 1
    try:
        os.setsid()
        _die_with_parent()
        if os.getppid() == 1:  # the server ended between the fork and the line above
            os._exit(1)
        for item in inherited:
            with contextlib.suppress(OSError):
                item.close() if hasattr(item, "close") else os.close(item)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.default_int_handler if sig == signal.SIGINT else signal.SIG_DFL)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        code = _run_manim(request["argv"])
    except BaseException:  # noqa: BLE001 (whatever it is, it is the render's error, said on its stderr)
        import traceback

        traceback.print_exc()
    finally:
        # End as the interpreter does (threads joined, atexit functions run, streams flushed), but without
        # the server's own clean-up further up this stack.
        with contextlib.suppress(BaseException):
            threading._shutdown()
            atexit._run_exitfuncs()
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _run_manim(argv: list[str]) -> int:
    """Manim's command line on `argv`, as a fresh ``python -m manim`` in this folder and environment."""
    import manim.__main__ as manim_main
    import numpy as np
    from manim._config import config
    from manim._config.utils import make_config_parser

    # A fresh process seeds numpy's global generator anew; Python's `random` reseeds itself after a fork.
    np.random.seed()  # noqa: NPY002 (the legacy global state: the one a scene may use)
    # manim.cfg of this folder, the user's config of this HOME; quietly, as at import (no logger yet then)
    manim_logger = logging.getLogger("manim")
    level, manim_logger.level = manim_logger.level, logging.CRITICAL
    try:
        config.digest_parser(make_config_parser())
    finally:
        manim_logger.setLevel(level)
    sys.argv = [manim_main.__file__, *argv]
    try:
        manim_main.main(args=argv, prog_name="manim", standalone_mode=True)
    except SystemExit as end:
        if end.code is None or isinstance(end.code, int):
            return end.code or 0
        print(end.code, file=sys.stderr)
        return 1
    return 0


# --- the client ---------------------------------------------------------------------------------------------
def run(path: str, argv: list[str]) -> int:
    """Render `argv` (Manim's arguments) through the server at `path`; its exit status, as Manim's."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    request = json.dumps({"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}).encode()
    try:
        sock.connect(path)
        socket.send_fds(sock, [request], [0, 1, 2])
        started = sock.recv(4096)
    except OSError:
        started = b""
    if not started:  # no server, or it ended before starting ours: render as before
        sock.close()
        os.execv(sys.executable, [sys.executable, "-m", "manim", *argv])
    try:
        ended = sock.recv(4096)
    except OSError:
        ended = b""
    if not ended:
        print("forkserver: the fork server ended during the render", file=sys.stderr)
        return 1
    code = json.loads(ended)["exit"]
    if code < 0:  # killed by signal -code: end the same way
        sys.stdout.flush()
        with contextlib.suppress(OSError, ValueError):  # SIGKILL and SIGSTOP keep their default anyway
            signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
        return 128 - code
    return code


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "serve":
        return serve(args[1])
    if len(args) >= 3 and args[0] == "run" and args[2] == "--":
        try:
            return run(args[1], args[3:])
        except KeyboardInterrupt:  # our connection closes: the server ends the render
            return 130
    print(
        "usage: python -m lecture_scenes.forkserver serve SOCKET | run SOCKET -- MANIM_ARGS...",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
