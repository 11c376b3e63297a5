"""The fork server (lecture_scenes/forkserver.py): renders through it give the files a `python -m manim` per
scene gives, fail with the same one line, end when their client ends, see only their own environment and
folder, and leave no process behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from lecture_scenes import forkserver, runner
from lecture_scenes.catalogue import ROOT
from tests.tool.robust_helpers import alive, children, render, start, stderr_lines

ON, OFF = {forkserver.ENV_VAR: "on"}, {forkserver.ENV_VAR: "off"}

# A scene that writes what its process sees: an environment variable, Manim's background colour (from the
# manim.cfg of its folder), this repository's modules already imported when it starts, and it changes
# Manim's config and a module of its own (which the next render must not see).
PROBE = """
import json, os, sys
from manim import Scene, config

SEEN = [m for m in sys.modules if m.split(".")[0] in ("scenes", "mathcore", "tests", "probe_state")]
import probe_state

class Probe(Scene):
    def construct(self):
        out = {"secret": os.environ.get("PROBE_SECRET"), "background": str(config.background_color),
               "imported": SEEN, "state": probe_state.RUNS, "cwd": os.getcwd(), "pid": os.getpid(),
               "frame_height": config.frame_height}
        probe_state.RUNS += 1
        config.frame_height = 99.0
        with open(os.environ["PROBE_OUT"], "w") as f:
            json.dump(out, f)
"""


def frames(path: Path) -> list[np.ndarray]:
    with av.open(str(path)) as clip:
        return [f.to_ndarray(format="rgb24") for f in clip.decode(video=0)]


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """The tiny scenes rendered with the fork server and without."""
    media = {mode: tmp_path_factory.mktemp(f"media-{mode}") for mode in ("on", "off")}
    procs = {m: render(media[m], "--jobs", "2", "--no-reel", env=ON if m == "on" else OFF) for m in media}
    return media, procs


def test_a_render_goes_through_the_fork_server_unless_it_is_off(both):
    media, procs = both
    for mode, proc in procs.items():
        assert proc.returncode == 0, proc.stdout + proc.stderr
        for name in ("TinyCircle", "TinySquare"):
            command = (media[mode] / ".work" / name / "render.log").read_text().splitlines()[0]
            assert "-m manim render" in command
            assert command.endswith("# through the fork server") == (mode == "on")


def test_the_fork_server_gives_the_same_files_frame_for_frame(both):
    media, _ = both
    for name in ("TinyCircle", "TinySquare"):
        on, off = media["on"] / name, media["off"] / name
        files = sorted(p.name for p in off.iterdir())
        assert sorted(p.name for p in on.iterdir()) == files and f"{name}.mp4" in files
        a, b = frames(on / f"{name}.mp4"), frames(off / f"{name}.mp4")
        assert len(a) == len(b) > 10
        # decoded, not bytes: under load x264 does not always encode identical frames identically
        assert max(np.abs(x.astype(int) - y).mean() for x, y in zip(a, b, strict=True)) < 0.5
        for png in [f for f in files if f.endswith(".png")]:
            x, y = (np.asarray(Image.open(d / png).convert("RGB")).astype(int) for d in (on, off))
            assert np.abs(x - y).mean() < 0.5, png
        for same in (f"{name}.descriptions.vtt", f"{name}.beats.json"):
            assert (on / same).read_bytes() == (off / same).read_bytes()


def test_a_failing_scene_still_names_its_error_in_one_line(tmp_path):
    proc = render(tmp_path, "--jobs", "2", "--no-reel", env={**ON, "LECTURE_TEST_FAIL": "TinyCircle"})
    assert proc.returncode == 1
    log = (tmp_path / ".work" / "TinyCircle" / "render.log").read_text()
    assert "# through the fork server" in log.splitlines()[0]
    failed = [line for line in stderr_lines(proc.stderr) if "FAILED" in line]
    assert failed == [
        f"render: FAILED TinyCircle: RuntimeError: forced failure of TinyCircle"
        f" (log: {tmp_path / '.work' / 'TinyCircle' / 'render.log'})"
    ]
    assert "TinySquare: ok" in proc.stdout


def server_of(render_pid: int) -> int | None:
    for pid in children(render_pid):
        try:
            if b"forkserver\x00serve" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except OSError:
            pass
    return None


def wait_until(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_an_interrupt_ends_the_renders_and_the_server(tmp_path):
    """SIGINT to the render alone (as test_robust_interrupt): its clients are killed, so the server kills
    the forked renders; the render then stops the server. Nothing is left running."""
    hold = {**ON, "LECTURE_TEST_HOLD": str(tmp_path / "never"), "TMPDIR": str(tmp_path)}
    proc = start(tmp_path / "media", "--force", "--jobs", "2", env=hold)
    server = renders = None
    assert wait_until(lambda: server_of(proc.pid) is not None), "no fork server started"
    server = server_of(proc.pid)
    assert wait_until(lambda: len(children(server)) == 2), "the server forked no renders"
    renders = children(server)
    clients = [pid for pid in children(proc.pid) if pid != server]
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out + err
    assert stderr_lines(err) == ["render: interrupted; every scene's last good files are in place"]
    assert wait_until(lambda: not any(alive(p) for p in [server, *renders, *clients]))
    assert not list(tmp_path.glob("lecture-forkserver-*"))  # its socket's folder is gone too


def test_a_killed_render_leaves_neither_server_nor_renders(tmp_path):
    """SIGKILL to the render: nothing can clean up in it, yet the server sees its pipe close and ends, and
    the forked renders die with the server."""
    hold = {**ON, "LECTURE_TEST_HOLD": str(tmp_path / "never"), "TMPDIR": str(tmp_path)}
    proc = start(tmp_path / "media", "--force", "--jobs", "2", env=hold)
    assert wait_until(lambda: server_of(proc.pid) is not None), "no fork server started"
    server = server_of(proc.pid)
    assert wait_until(lambda: len(children(server)) == 2), "the server forked no renders"
    renders = children(server)
    proc.kill()
    proc.communicate(timeout=60)
    assert wait_until(lambda: not any(alive(p) for p in [server, *renders]))
    assert wait_until(lambda: not list(tmp_path.glob("lecture-forkserver-*")))  # nor its socket's folder


def test_killing_the_client_kills_its_render(tmp_path):
    env = runner.manim_env({"LECTURE_TEST_HOLD": str(tmp_path / "never")})
    with forkserver.serving(runner.manim_env(), ROOT) as path:
        assert path is not None
        server = server_of(os.getpid())
        cmd = forkserver.wrap([sys.executable, "-m", "manim", "render", "-ql", "--media_dir", str(tmp_path)])
        cmd += ["tests/fixtures_scenes.py", "TinyCircle"]
        assert cmd[:4] == [sys.executable, "-m", "lecture_scenes.forkserver", "run"]
        client = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        assert wait_until(lambda: len(children(server)) == 1), "the server forked no render"
        (child,) = children(server)
        client.kill()
        client.wait()
        assert wait_until(lambda: not alive(child)), "the render outlived its client"
    assert not alive(server)
    assert forkserver.wrap([sys.executable, "-m", "manim", "x"])[:3] == [sys.executable, "-m", "manim"]


def probe(path: str, out: Path, cwd: Path, probe_dir: Path, **env: str) -> dict:
    run_env = runner.manim_env({"PROBE_OUT": str(out), **env})
    run_env["PYTHONPATH"] += os.pathsep + str(probe_dir)
    cmd = [sys.executable, "-m", "lecture_scenes.forkserver", "run", path, "--", "render", "--dry_run"]
    cmd += ["--progress_bar", "none", str(probe_dir / "probe.py"), "Probe"]
    proc = subprocess.run(cmd, cwd=cwd, env=run_env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(out.read_text())


def test_each_render_sees_only_its_own_environment_folder_and_modules(tmp_path):
    """A variable, a manim.cfg, a changed config and a module's state of one render are not the next's; the
    repository's modules are imported by each render, never preloaded; every render is a new process."""
    (tmp_path / "probe.py").write_text(PROBE)
    (tmp_path / "probe_state.py").write_text("RUNS = 0\n")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "manim.cfg").write_text("[CLI]\nbackground_color = #123456\n")
    with forkserver.serving(runner.manim_env(), ROOT) as path:
        first = probe(path, tmp_path / "1.json", folder, tmp_path, PROBE_SECRET="one")
        second = probe(path, tmp_path / "2.json", ROOT, tmp_path)
    assert first["secret"] == "one" and second["secret"] is None
    assert first["background"].upper() == "#123456" and second["background"].upper() == "#000000"
    assert first["cwd"] == str(folder) and second["cwd"] == str(ROOT)
    assert first["state"] == second["state"] == 0  # the module is imported afresh by each
    assert first["frame_height"] == second["frame_height"] == 8.0
    assert first["imported"] == second["imported"] == []
    assert first["pid"] != second["pid"]


def test_a_server_that_cannot_start_says_so_and_renders_go_as_before(tmp_path, monkeypatch, capsys):
    deep = tmp_path / ("x" * 100)  # a socket's path holds at most 107 bytes
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    with forkserver.serving(runner.manim_env(), ROOT, log=sys.stderr) as path:
        assert path is None
        assert forkserver.wrap([sys.executable, "-m", "manim", "x"]) == [sys.executable, "-m", "manim", "x"]
    said = capsys.readouterr().err.splitlines()
    assert said == [
        "render: the fork server did not start (OSError: AF_UNIX path too long); one Manim process per scene"
    ]
    assert not list(deep.iterdir())


def test_a_client_without_a_server_renders_by_itself(tmp_path):
    (tmp_path / "probe.py").write_text(PROBE)
    (tmp_path / "probe_state.py").write_text("RUNS = 0\n")
    seen = probe(str(tmp_path / "no-such-socket"), tmp_path / "out.json", ROOT, tmp_path, PROBE_SECRET="x")
    assert seen["secret"] == "x" and seen["state"] == 0


@pytest.mark.parametrize(
    ("value", "on"), [("off", False), ("OFF", False), ("0", False), ("on", True), ("", True)]
)
def test_lecture_forkserver_off_turns_it_off(value, on):
    assert forkserver.enabled({forkserver.ENV_VAR: value}) is on
    assert forkserver.enabled({}) is True
