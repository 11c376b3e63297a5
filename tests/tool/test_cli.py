"""The command line as a new user meets it: piped into head, fed a bad variable, asked for a scene the talk
defines but does not list."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lecture_scenes import catalogue, command
from lecture_scenes.catalogue import ROOT
from lecture_scenes.options import BadInput
from scenes.kit import talk as talks

EXE = str(Path(sys.executable).parent / "lecture-scenes")


@pytest.mark.parametrize("args", [["palette", "--json"], ["list"], ["palette"]])
def test_output_piped_into_head_ends_quietly(args):
    proc = subprocess.run(
        f"{EXE} {' '.join(args)} | head -1", shell=True, cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 1
    assert proc.stderr == ""  # no BrokenPipeError, no traceback


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({"LECTURE_THEME": "nope"}, "LECTURE_THEME must be one of dark, light; got 'nope'"),
        ({"LECTURE_TALK": "/nowhere/talk.toml"}, "/nowhere/talk.toml: no such file"),
    ],
)
def test_a_variable_is_checked_where_it_enters(env, says):
    for args in (["list"], ["palette"], ["render", "--jobs", "1", "KLSweep"]):
        proc = subprocess.run(
            [EXE, *args], cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env}
        )
        assert proc.returncode == 2, (args, proc.stderr)
        (line,) = proc.stderr.strip().splitlines()
        assert says in line
        assert "Traceback" not in proc.stderr


RUN_NOT_LISTED = """
[talk]
scenes = ["KLSweep"]

[runs.my-run]
name = "My run"
total_steps = 2000
warmup_steps = 20
max_lr = 3e-4
min_lr = 3e-5
weight_decay = 0.1
schedule = "cosine"
source = "a test"
"""


def test_a_run_the_talk_defines_renders_though_talk_scenes_omits_it(tmp_path):
    path = tmp_path / "talk.toml"
    path.write_text(RUN_NOT_LISTED)
    talk = talks.load(path, builtin_scenes=catalogue.builtin_names(), environ={})
    entries = command.select(talk, catalogue.of(talk), ["ForgettingMyRun", "Forgetting124M1x"])
    assert [(e.module, e.name) for e in entries] == [
        ("scenes.talk", "ForgettingMyRun"),
        ("scenes.forgetting", "Forgetting124M1x"),
    ]
    with pytest.raises(
        BadInput, match="unknown scene 'ForgettingMyRn'; allowed: KLSweep; not in .* ForgettingMyRun"
    ):
        command.select(talk, catalogue.of(talk), ["ForgettingMyRn"])
