"""Whatever `lecture-scenes check` accepts renders: every limit of mathcore, of the scenes and of the file
system that a talk file can reach is a rule of the check, stated with its range. Files at the very edges
pass the check and their scenes build; one step beyond, the check says so in one line and exits 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from lecture_scenes import catalogue
from mathcore import _validate
from scenes.kit import talkfile
from scenes.kit.patches import output

RUN = """
[runs.{key}]
name = "Edge run"
total_steps = {total_steps}
warmup_steps = {warmup_steps}
max_lr = {max_lr}
min_lr = {min_lr}
weight_decay = {weight_decay}
schedule = "{schedule}"
source = "the edges of the check"
"""
MODEL = """
[models.{key}]
name = "Edge model"
tokens = {tokens}
parameters = {parameters}
bytes_per_token = {bytes_per_token}
bytes_per_parameter = {bytes_per_parameter}
source = "the edges of the check"
{extra}
"""
LONG_KEY = "x" * (talkfile.MAX_SCENE_NAME - len("Forgetting"))

EDGE_RUNS = {
    "fewest_steps": dict(
        total_steps=talkfile.MIN_TOTAL_STEPS, warmup_steps=talkfile.MIN_TOTAL_STEPS - 1, max_lr=1.0
    ),
    "smallest_lr": dict(total_steps=1000, warmup_steps=0, max_lr=_validate.MIN_MAX_LR, min_lr=0.0),
    "strongest_decay": dict(total_steps=5000, warmup_steps=10, max_lr=1.0, weight_decay=0.999999),
    LONG_KEY: dict(total_steps=1000, warmup_steps=10, max_lr=1e-3, schedule="linear"),
}
EDGE_MODELS = {
    "rate_one": dict(tokens=1, parameters=1, bytes_per_token=2, bytes_per_parameter=2),
    "rate_max": dict(
        tokens=1e6, parameters=1, bytes_per_token=1, bytes_per_parameter=1, extra='alt_format = "none"'
    ),
    "widest_format": dict(
        tokens=1e12,
        parameters=1e9,
        bytes_per_token=4,
        bytes_per_parameter=2,
        extra=f'weight_format = "{"W" * talkfile.MAX_WEIGHT_FORMAT}"',
    ),  # fmt: skip
    "largest": dict(
        tokens=1e18,
        parameters=1e18,
        bytes_per_token=64,
        bytes_per_parameter=0.01,
        extra='alt_format = "none"',
    ),  # fmt: skip
}


def run_table(key: str, **values) -> str:
    fields = dict(min_lr=0.0, weight_decay=0.1, schedule="cosine") | values
    return RUN.format(key=key, **fields)


def model_table(key: str, **values) -> str:
    return MODEL.format(key=key, **({"extra": ""} | values))


def edge_talk() -> str:
    tables = [run_table(k, **v) for k, v in EDGE_RUNS.items()]
    tables += [model_table(k, **v) for k, v in EDGE_MODELS.items()]
    scenes = [f"Forgetting{talkfile.camel(k)}" for k in EDGE_RUNS]
    scenes += [f"Compression{talkfile.camel(k)}" for k in EDGE_MODELS]
    return "[talk]\nscenes = [" + ", ".join(f'"{s}"' for s in scenes) + "]\n" + "".join(tables)


def check(path: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "lecture-scenes"
    return subprocess.run([exe, "check", str(path)], capture_output=True, text=True)


def test_the_limits_are_what_the_manual_says():
    readme = (catalogue.ROOT / "docs" / "your-own-numbers.md").read_text()
    assert "10⁸ steps" in readme and "[1e-12, 1]" in readme and "64 characters" in readme
    assert "[1, 10⁶]" in readme


@pytest.fixture(scope="module")
def edge_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("edges") / "talk.toml"
    path.write_text(edge_talk(), encoding="utf-8")
    return path


def test_the_edges_pass_the_check(edge_file):
    proc = check(edge_file)
    assert proc.returncode == 0, proc.stderr
    assert f"ok, {len(EDGE_RUNS) + len(EDGE_MODELS)} scenes" in proc.stdout


@pytest.mark.parametrize("key", [*EDGE_RUNS, *EDGE_MODELS])
def test_every_scene_at_an_edge_builds(edge_file, key, tmp_path):
    from scenes.talk import scene_class
    from tests.conftest import render_scene

    talk = talkfile.load(edge_file, builtin_scenes=catalogue.builtin_names())
    item = talk.runs.get(key) or talk.models[key]
    result = render_scene(scene_class(item), tmp_path, **output.keys(still=True))
    scene = result.scene
    assert scene.mobjects
    for mob in scene.mobjects:
        for part in mob.family_members_with_points():
            assert np.all(np.isfinite(part.points)), part
    if key == "widest_format":  # the longest format name still leaves the circles inside the frame
        from manim import config

        right = max(m.get_right()[0] for m in scene.mobjects if m.get_family())
        assert right <= config.frame_width / 2
    if key in EDGE_RUNS:
        assert np.all(np.isfinite(scene.data.shares)) and sum(scene.data.shares) == pytest.approx(1)


GOOD_RUN = dict(total_steps=1000, warmup_steps=10, max_lr=1e-3)
BEYOND = {
    "fewer steps than tenths": (
        run_table("r", **GOOD_RUN | dict(total_steps=5, warmup_steps=1)),
        "[runs.r] total_steps = 5: must be an integer in [20, 100000000]",
    ),
    "a step count no machine holds": (
        run_table("r", **GOOD_RUN | dict(total_steps=9223372036854775807)),
        "[runs.r] total_steps = 9223372036854775807: must be an integer in [20, 100000000]",
    ),
    "a subnormal learning rate": (
        run_table("r", **GOOD_RUN | dict(max_lr="1e-320", min_lr=0.0)),
        "[runs.r] max_lr = 1e-320: must be in [1e-12, 1]",
    ),
    "a learning rate above 1": (
        run_table("r", **GOOD_RUN | dict(max_lr=2.0, weight_decay=0.0)),
        "[runs.r] max_lr = 2.0: must be in [1e-12, 1]",
    ),
    "tokens beyond 1e18 (the rate would overflow)": (
        model_table("m", tokens="1e308", parameters=1, bytes_per_token=4, bytes_per_parameter=4),
        "[models.m] tokens = 1e+308: must be in [1, 1e+18]",
    ),
    "a rate above what the counter shows": (
        model_table("m", tokens=1e12, parameters=1, bytes_per_token=4, bytes_per_parameter=4),
        "[models.m] rate = 1000000000000.0: tokens * bytes_per_token / (parameters * bytes per parameter,"
        " bytes_per_parameter) must be in [1, 1e+06]",
    ),
    "a rate below one (the small circle would be the larger)": (
        model_table("m", tokens=1e9, parameters=8e9, bytes_per_token=4, bytes_per_parameter=2),
        "[models.m] rate = 0.25: ",
    ),
    "the alternative format's rate": (
        model_table("m", tokens=3e6, parameters=1, bytes_per_token=1, bytes_per_parameter=4),
        "[models.m] rate = 1500000.0: tokens * bytes_per_token / (parameters * bytes per parameter,"
        " alt_format 'bf16') must be in [1, 1e+06]",  # 750 000 in fp32, twice that in bf16
    ),
    "a weight format too long for its line": (
        model_table("m", tokens=1e12, parameters=1e9, bytes_per_token=4, bytes_per_parameter=2)
        + 'weight_format = "'
        + "W" * 40
        + '"\n',
        "[models.m] weight_format = " + repr("W" * 40) + ": must be at most 10 characters",
    ),
    "a scene name too long for a file name": (
        run_table("x" * 300, **GOOD_RUN),
        f"[runs.{'x' * 300}] = {'x' * 300!r}: the scene ForgettingNAME must be at most 64 characters",
    ),
    "a chosen scene name too long": (
        run_table("r", **GOOD_RUN).replace('name = "Edge run"', f'name = "R"\nscene = "{"S" * 65}"'),
        "scene = " + repr("S" * 65) + ": must be at most 64 characters (it names the scene's files)",
    ),
}


@pytest.mark.parametrize(("table", "expected"), BEYOND.values(), ids=BEYOND.keys())
def test_one_step_beyond_is_one_line_and_exit_2(tmp_path, table, expected):
    path = tmp_path / "talk.toml"
    path.write_text('[talk]\nscenes = ["KLSweep"]\n' + table, encoding="utf-8")
    proc = check(path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{path}: ") and expected in lines[0], lines
