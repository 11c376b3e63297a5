"""talk.toml: the shipped file is the presets, a user's models and runs become scenes, and every kind of
broken file is refused with one clear line per problem, exit status 2 and no output file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lecture_scenes import catalogue
from mathcore.compression import compression_stats
from mathcore.decay import TrainingRun, composition, final_decay
from scenes.kit import talk as talks
from scenes.kit import talkfile
from scenes.kit import theme as theme_module
from scenes.kit.patches import output
from tests.the_talk import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]


def entries_of(path: Path) -> tuple[catalogue.Entry, ...]:
    """The scenes of the talk file at `path`, in order, as the tool sees them."""
    return catalogue.of(talks.load(path, builtin_scenes=catalogue.builtin_names(), environ={}))


RUN_TABLE = """
[talk]
scenes = ["KLSweep"]

[runs.mine]
scene = "{scene}"
name = "Mine"
total_steps = 1000
warmup_steps = 10
max_lr = 1e-3
min_lr = 1e-4
weight_decay = 0.1
schedule = "cosine"
source = "a test"
"""

USER_TALK = """
[talk]
title = "My course"
scenes = ["CompressionGPT3", "CompressionTiny", "ForgettingMyRun", "ForgettingShortLinear", "KLSweep"]

[models.GPT3]
name = "GPT-3 175B"
tokens = 300e9
parameters = 175e9
bytes_per_token = 4
bytes_per_parameter = 2
source = "Brown et al. 2020, arXiv 2005.14165, Table D.1"

[models.Tiny]
name = "Tiny LM"
tokens = 1e9
parameters = 1e6
bytes_per_token = 4
bytes_per_parameter = 4
source = "made up for the test"

[runs.my-run]
name = "My run"
total_steps = 20000
warmup_steps = 500
max_lr = 1e-3
min_lr = 1e-4
weight_decay = 0.05
schedule = "cosine"
source = "my notes"

[runs.short_linear]
name = "Huge linear run"
total_steps = 100000000
warmup_steps = 100000
max_lr = 4e-4
min_lr = 0.0
weight_decay = 0.1
schedule = "linear"
source = "made up for the test"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "talk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_file_repeats_no_preset():
    """One owner per fact: the preset runs live in mathcore/presets.py, the seeds' model in its clip."""
    talk = talkfile.load(talkfile.DEFAULT_PATH, builtin_scenes=catalogue.builtin_names())
    assert talk.models == {} and talk.runs == {}


def test_a_table_may_not_take_a_builtin_scenes_name(tmp_path):
    path = tmp_path / "talk.toml"
    path.write_text(RUN_TABLE.format(scene="Forgetting124M1x"))
    with pytest.raises(talkfile.TalkError, match="is a built-in scene; choose another name"):
        talkfile.load(path, builtin_scenes=catalogue.builtin_names())


def test_the_shipped_talk_is_made_of_builtin_scenes():
    assert {e.module for e in CATALOGUE} <= {
        "scenes.compression",
        "scenes.kl_sweep",
        "scenes.schedules",
        "scenes.forgetting",
    }


def test_a_user_file_becomes_scenes_in_its_order(tmp_path):
    entries = entries_of(write(tmp_path, USER_TALK))
    assert [e.name for e in entries] == [
        "CompressionGPT3",
        "CompressionTiny",
        "ForgettingMyRun",
        "ForgettingShortLinear",
        "KLSweep",
    ]
    assert [e.module for e in entries] == ["scenes.talk"] * 4 + ["scenes.kl_sweep"]


@pytest.fixture(scope="module")
def user_scenes(tmp_path_factory):
    """The classes scenes/talk.py makes from USER_TALK (imported afresh with LECTURE_TALK set)."""
    path = write(tmp_path_factory.mktemp("talk"), USER_TALK)
    sys.modules.pop("scenes.talk", None)
    try:
        with talks.using(talks.load(path, environ={})):
            import scenes.talk as talk_module

        yield talk_module
    finally:
        sys.modules.pop("scenes.talk", None)


def test_a_user_model_renders_with_its_own_numbers(user_scenes, rendered):
    result = rendered(user_scenes.CompressionGPT3)
    assert result.movie.is_file()
    stats = compression_stats(300e9, 175e9, 4, 2)
    assert result.scene.stats == stats
    assert result.scene.counter.value == pytest.approx(stats.rate)  # 3.43×: 1.2 TB of text, 350 GB


def test_a_user_run_renders_with_its_own_numbers(user_scenes, rendered):
    result = rendered(user_scenes.ForgettingMyRun)
    run = TrainingRun("My run", 20000, 500, 1e-3, 1e-4, 0.05, "cosine", "my notes")
    assert result.scene.RUN == run
    ends = [curve.get_end() for curve in result.scene.curves]
    axes = result.scene.axes
    assert [axes.p2c(p)[1] for p in ends] == pytest.approx(list(final_decay(run)), abs=1e-6)
    widths = [s.width for s in result.scene.bar.segments]
    assert [w / sum(widths) for w in widths] == pytest.approx(list(composition(run)), abs=1e-6)


def test_the_other_user_scenes_build(user_scenes, tmp_path):
    """Including a run of 10^8 steps: mathcore sums it chunk by chunk, the scene only sees samples."""
    from tests.conftest import render_scene

    for cls in (user_scenes.CompressionTiny, user_scenes.ForgettingShortLinear):
        result = render_scene(cls, tmp_path, **output.keys(still=True))
        assert result.scene.mobjects
    huge = user_scenes.ForgettingShortLinear.RUN
    assert huge.total_steps == 100_000_000
    assert all(len(curve.points) <= 4 * 400 for curve in result.scene.curves)
    widths = [s.width for s in result.scene.bar.segments]
    assert [w / sum(widths) for w in widths] == pytest.approx(list(composition(huge)), abs=1e-6)


# --- broken files: one rule each ---------------------------------------------------------------------
GOOD_RUN = """
[runs.r]
name = "R"
total_steps = 1000
warmup_steps = 10
max_lr = 1e-3
min_lr = 1e-4
weight_decay = 0.1
schedule = "cosine"
source = "s"
"""
TALK = '[talk]\nscenes = ["ForgettingR"]\n'

BROKEN = {
    "unknown key": (
        TALK + GOOD_RUN + "max_lrr = 1\n",
        "[runs.r] max_lrr: unknown key 'max_lrr'; did you mean 'max_lr'?",
    ),
    "missing key": (TALK + GOOD_RUN.replace("min_lr = 1e-4\n", ""), "[runs.r] min_lr = (missing): required"),
    "wrong type": (
        TALK + GOOD_RUN.replace("total_steps = 1000", 'total_steps = "1000"'),
        "[runs.r] total_steps = '1000': must be an integer in [20, 100000000]",
    ),
    "warm-up too long": (
        TALK + GOOD_RUN.replace("warmup_steps = 10", "warmup_steps = 1000"),
        "[runs.r] warmup_steps = 1000: must be an integer in [0, total_steps - 1 = 999]",
    ),
    "min above max": (
        TALK + GOOD_RUN.replace("min_lr = 1e-4", "min_lr = 1e-2"),
        "[runs.r] min_lr = 0.01: must be in [0, max_lr = 0.001]",
    ),
    "decay too strong": (
        TALK + GOOD_RUN.replace("weight_decay = 0.1", "weight_decay = 1000.0"),
        "[runs.r] weight_decay = 1000.0: weight_decay * max_lr must be < 1",
    ),
    "negative": (
        TALK + GOOD_RUN.replace("max_lr = 1e-3", "max_lr = -1e-3"),
        "[runs.r] max_lr = -0.001: must be in [1e-12, 1]",
    ),
    "not finite": (
        TALK + GOOD_RUN.replace("weight_decay = 0.1", "weight_decay = nan"),
        "[runs.r] weight_decay = nan: must be >= 0 and finite",
    ),
    "unknown schedule": (
        TALK + GOOD_RUN.replace('"cosine"', '"cosin"'),
        "[runs.r] schedule = 'cosin': must be one of 'cosine', 'linear'",
    ),
    "scene names a missing run": (
        TALK.replace("ForgettingR", "ForgettingRR") + GOOD_RUN,
        "[talk] scenes[0] = 'ForgettingRR': no such scene: did you mean 'ForgettingR'?",
    ),
    "duplicate scene names": (
        TALK + GOOD_RUN + GOOD_RUN.replace("[runs.r]", '[runs.x]\nscene = "ForgettingR"'),
        "[runs.x] scene = 'ForgettingR': already the scene of [runs.r]",
    ),
    "scene listed twice": (
        TALK.replace('["ForgettingR"]', '["ForgettingR", "ForgettingR"]') + GOOD_RUN,
        "[talk] scenes[1] = 'ForgettingR': listed twice",
    ),
    "duplicate table": (
        TALK + GOOD_RUN + GOOD_RUN,
        "TOML syntax error: Cannot declare ('runs', 'r') twice (at line 14",
    ),
    "syntax error": (TALK + "[runs.r\n", "TOML syntax error: "),
    "negative model size": (
        TALK.replace("ForgettingR", "CompressionM")
        + '[models.M]\nname = "M"\ntokens = 1e9\nparameters = -5\nbytes_per_token = 4\n'
        'bytes_per_parameter = 4\nsource = "s"\n',
        "[models.M] parameters = -5: must be in [1, 1e+18]",
    ),
}


RUN_EXTRAS_BROKEN = {
    "unknown warm-up": (
        TALK + GOOD_RUN + 'warmup = "llmc"\n',
        "[runs.r] warmup = 'llmc': must be one of 'seed', 'llm.c', 'olmo'",
    ),
    "assumed names no run key": (
        TALK + GOOD_RUN + 'assumed = ["wd"]\n',
        "[runs.r] assumed = ['wd']: must be a list of distinct names from total_steps, warmup_steps, max_lr,",
    ),
    "assumed is a string": (
        TALK + GOOD_RUN + 'assumed = "weight_decay"\n',
        "[runs.r] assumed = 'weight_decay': must be a list of distinct names from",
    ),
    "assumed twice": (
        TALK + GOOD_RUN + 'assumed = ["max_lr", "max_lr"]\n',
        "[runs.r] assumed = ['max_lr', 'max_lr']: must be a list of distinct names from",
    ),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [*BROKEN.values(), *RUN_EXTRAS_BROKEN.values()],
    ids=[*BROKEN.keys(), *RUN_EXTRAS_BROKEN.keys()],
)
def test_a_broken_file_is_refused_with_its_problem(tmp_path, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(talkfile.TalkError) as err:
        entries_of(path)
    assert any(line.startswith(f"{path}: ") and expected in line for line in err.value.problems), err.value


def test_every_problem_is_reported_at_once(tmp_path):
    text = TALK + GOOD_RUN.replace("warmup_steps = 10", "warmup_steps = 5000").replace(
        "max_lr = 1e-3", "max_lr = 1e-5"
    )
    text = text.replace('"cosine"', '"step"') + "colour = 1\n"
    with pytest.raises(talkfile.TalkError) as err:
        entries_of(write(tmp_path, text))
    assert len(err.value.problems) == 4, err.value  # warm-up, min_lr > max_lr, schedule, unknown key


def lecture_scenes(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "lecture-scenes"
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True)


def test_check_exits_2_with_one_line_per_problem(tmp_path):
    path = write(tmp_path, BROKEN["warm-up too long"][0])
    proc = lecture_scenes("check", str(path), cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"{path}: [runs.r] warmup_steps = 1000: must be an integer in [0, total_steps - 1 = 999]"
    ]


def test_check_says_ok_for_the_shipped_file():
    proc = lecture_scenes("check", cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "ok" in proc.stdout


def test_a_render_of_a_broken_file_draws_nothing(tmp_path):
    path = write(tmp_path, BROKEN["min above max"][0])
    media = tmp_path / "media"
    proc = lecture_scenes(
        "render", "ForgettingR", "--talk", str(path), "--media-dir", str(media), cwd=tmp_path
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "min_lr = 0.01" in proc.stderr
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_manim_on_a_broken_file_stops_before_any_frame(tmp_path):
    path = write(tmp_path, BROKEN["unknown schedule"][0])
    env = {**os.environ, talks.TALK_VAR: str(path)}
    cmd = [
        sys.executable,
        "-m",
        "manim",
        "render",
        "-ql",
        "--media_dir",
        str(tmp_path / "m"),
        "scenes/talk.py",
    ]
    proc = subprocess.run([*cmd, "ForgettingR"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 2
    assert "schedule = 'cosin'" in proc.stderr
    assert not any(p.suffix == ".mp4" for p in (tmp_path / "m").rglob("*"))


def readme_toml(holding: str) -> str:
    """The manual's TOML example that holds `holding` (docs/your-own-numbers.md, docs/themes.md)."""
    text = "".join((ROOT / "docs" / page).read_text() for page in ("your-own-numbers.md", "themes.md"))
    blocks = [b.split("```", 1)[0] for b in text.split("```toml\n")[1:]]
    return next(b for b in blocks if holding in b)


def test_the_readme_theme_example_is_a_valid_theme(tmp_path):
    text = THEME_TALK.replace("[theme]\n", "") + readme_toml("[theme]")
    talk = talkfile.load(write(tmp_path, text), builtin_scenes=catalogue.builtin_names())
    assert talk.theme is not None and talk.theme.name == "light"


def test_the_readme_example_is_a_valid_talk(tmp_path):
    example = readme_toml("[runs.")
    text = '[talk]\nscenes = ["CompressionOLMo7B", "ForgettingMyRun"]\n' + example
    entries = entries_of(write(tmp_path, text))
    assert [(e.module, e.name) for e in entries] == [
        ("scenes.talk", "CompressionOLMo7B"),
        ("scenes.talk", "ForgettingMyRun"),
    ]


# --- [theme]: a shipped theme and the roles a slide template needs, held to the same rules ------------------
THEME_TALK = '[talk]\nscenes = ["KLSweep"]\n[theme]\n'
BROKEN_THEMES = {  # one case per rule: the table's lines, and what the one line says
    "not a table": ('theme = "light"\n[talk]\nscenes = ["KLSweep"]\n', "[theme] = 'light': must be a table"),
    "unknown base": ('base = "sepia"\n', "[theme] base = 'sepia': must be one of dark, light"),
    "unknown role": ('modle = "#C0392B"\n', "[theme] modle: unknown key 'modle'; did you mean 'model'?"),
    "bad hex": ('model = "C0392B"\n', "[theme] model = 'C0392B': must be a colour \"#RRGGBB\""),
    "text contrast": (
        'base = "light"\nmuted = "#AAAAAA"\n',
        "[theme] muted = #AAAAAA: contrast 2.32:1 against #FFFFFF; text needs >= 4.5:1",
    ),
    "graphic contrast": (
        'base = "light"\nmodel = "#FFB0A0"\n',
        "[theme] model = #FFB0A0: contrast 1.75:1 against #FFFFFF; graphic needs >= 3.0:1",
    ),
    "pair apart under CVD": (
        'base = "light"\ntails = "#2E7D32"\ncenter = "#C62828"\n',
        "[theme] center/tails = #C62828/#2E7D32: CAM02-UCS distance",
    ),
    "tenths in lightness order": (
        'base = "light"\ntenth0 = "#62A36E"\ntenth9 = "#33001F"\n',
        "lightness falls under simulated",
    ),
    "neighbouring tenths apart": (
        'base = "light"\ntenth1 = "#34001F"\n',
        "[theme] tenth0/tenth1 = #33001F/#34001F: CAM02-UCS distance",
    ),
}


@pytest.mark.parametrize(("lines", "expected"), BROKEN_THEMES.values(), ids=BROKEN_THEMES.keys())
def test_a_broken_theme_is_one_line_and_exit_2(tmp_path, lines, expected):
    path = write(tmp_path, lines if "[talk]" in lines else THEME_TALK + lines)
    proc = lecture_scenes("check", str(path), cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    problems = proc.stderr.strip().splitlines()
    assert any(line.startswith(f"{path}: ") and expected in line for line in problems), problems


def test_a_theme_the_rules_accept_is_the_talks_theme(tmp_path):
    path = write(tmp_path, THEME_TALK + 'base = "light"\nbackground = "#FFFFFF"\nmodel = "#B03020"\n')
    talk = talkfile.load(path, builtin_scenes=catalogue.builtin_names())
    assert talk.theme.name == "light" and talk.theme.model == "#B03020" and talk.theme.ink == "#1B1F24"
    env = dict(os.environ, LECTURE_TALK=str(path))
    env.pop("LECTURE_THEME", None)
    # A scene built in a process whose channel names the file draws in its theme.
    code = "from scenes.kit import base, style; base.LectureScene(); print(style.THEME.name, style.MODEL)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["light", "#B03020"]  # the clips draw with it
    env["LECTURE_THEME"] = "dark"  # a theme chosen by name wins, without the light overrides
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["dark", theme_module.DARK.model]


def test_a_user_model_and_run_get_notes_with_their_own_numbers(user_scenes, rendered):
    """Every beat of a talk.toml model and run has a note, quoting that model's and run's numbers."""
    from tests.clips.test_notes import check_notes

    for cls in (user_scenes.CompressionGPT3, user_scenes.ForgettingMyRun):
        scene = rendered(cls).scene
        check_notes(cls, scene)
    assert scene.beats[0].note.startswith("My run: 20\u2009000 steps, cosine schedule")


# --- [runs] warmup and assumed: checked like every other key --------------------------------------------


def test_warmup_and_assumed_reach_the_run(tmp_path):
    text = TALK + GOOD_RUN + 'warmup = "llm.c"\nassumed = ["weight_decay", "total_steps"]\n'
    talk = talkfile.load(write(tmp_path, text), None)
    run = talk.runs["r"].run
    assert (run.warmup, run.assumed) == ("llm.c", ("weight_decay", "total_steps"))
    plain = talkfile.load(write(tmp_path, TALK + GOOD_RUN), None).runs["r"].run
    assert (plain.warmup, plain.assumed) == ("seed", ())
