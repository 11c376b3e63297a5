"""Read and check `talk.toml`: the talk's models, training runs and scene order, as data.

No manim here: `lecture-scenes check` and the catalogue use this module without loading Manim.

    [talk]
    scenes = ["CompressionCircle", "KLSweep", "ForgettingMyRun"]   # the talk, in order
    language = "de"   # optional: the talk's language, a BCP 47 tag (scenes/kit/words.py); default en

    [narration]       # optional: the clips narrated (docs/narration.md)
    voice = "default"         # a voice of `lecture-scenes voices`; "none" (the default): silent clips
    recordings = "narration"  # your own recordings, <folder>/<Scene>/beat<k>.wav, beside the talk file

    [models.NAME]   # becomes the scene CompressionNAME (or `scene = "..."`)
    name, tokens, parameters, bytes_per_token, bytes_per_parameter, source

    [runs.NAME]     # becomes the scene ForgettingNAME (or `scene = "..."`)
    name, total_steps, warmup_steps, max_lr, min_lr, weight_decay, schedule, source; optional: warmup, assumed

Every value is checked with mathcore's own rules (the same functions that guard mathcore's API), and every
problem is reported at once, one line each: the file, the table and key, the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from mathcore import _validate  # mathcore's own input rules, so a file that passes here passes there
from mathcore.compression import BYTES_PER_PARAM, CompressionStats, compression_stats
from mathcore.run import TrainingRun, check_assumed
from mathcore.schedules import SCHEDULES, WARMUPS
from scenes.kit import accessibility, glyphs, words
from scenes.kit import theme as themes
from scenes.kit.limits import (
    BYTES_RANGE,
    COUNT_RANGE,
    MAX_SCENE_NAME,
    MAX_WEIGHT_FORMAT,
    MIN_TOTAL_STEPS,
    RATE_RANGE,
)
from scenes.kit.textfile import TalkError, read_text  # noqa: F401 (TalkError: raised here, imported from here)

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "talk.toml"
DEFAULT_TITLE = "How LLMs learn and forget"  # a talk file without [talk] title

NAME_RE = re.compile(r"^[A-Za-z0-9_.-]+$")  # quote NAMEs with a dot: [runs."gpt2-1.6b-1x"]
SCENE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
HEX_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Model:
    """A `[models.KEY]` table: the numbers of the compression scene."""

    key: str
    scene: str
    name: str
    tokens: float
    parameters: float
    bytes_per_token: float
    bytes_per_parameter: float
    source: str
    weight_format: str
    alt_format: str | None

    def stats(self) -> CompressionStats:
        return compression_stats(self.tokens, self.parameters, self.bytes_per_token, self.bytes_per_parameter)


@dataclass(frozen=True)
class Run:
    """A `[runs.KEY]` table: one training run, as mathcore's `TrainingRun`."""

    key: str
    scene: str
    run: TrainingRun


NO_VOICE = "none"  # a silent talk: no voice
DEFAULT_RECORDINGS = "narration"
VOICE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass(frozen=True)
class Talk:
    """The talk as one value: the checked talk file and the choices made for this run (the theme). Loaded
    once per process by scenes/kit/talk.py and handed down; the place for every per-talk setting."""

    path: Path
    title: str
    scenes: tuple[str, ...]
    models: dict[str, Model] = field(default_factory=dict)
    runs: dict[str, Run] = field(default_factory=dict)
    theme: themes.Theme = themes.DARK  # what the talk is drawn in: the file's [theme], or one chosen by name
    file_theme: themes.Theme | None = None  # the file's own [theme] table: a shipped theme and its overrides
    language: str = words.SOURCE  # the talk's language (BCP 47): the file's [talk] language, or one chosen
    voice: str = NO_VOICE  # the narration's voice (scenes/kit/voice.py): [narration] voice, or one chosen
    recordings: str = DEFAULT_RECORDINGS  # the lecturer's own recordings: a folder, relative to the file's

    @property
    def narrated(self) -> bool:
        return self.voice != NO_VOICE

    @property
    def recordings_dir(self) -> Path:
        """The folder of the lecturer's own recordings (<folder>/<Scene>/beat<k>.wav)."""
        return (Path(self.path).parent / self.recordings).resolve()

    def generated(self) -> dict[str, Model | Run]:
        """Scene class name -> the model or run it is made from."""
        return {m.scene: m for m in self.models.values()} | {r.scene: r for r in self.runs.values()}

    def in_theme(self, name: str | None, what: str = "theme") -> Talk:
        """This talk drawn in the shipped theme `name` (with the file's own overrides when the file's
        [theme] has that base); None keeps the file's choice. ValueError naming `what` for an unknown name."""
        if name is None:
            return self
        chosen = themes.named(name, what)
        if self.file_theme is not None and self.file_theme.name == chosen.name:
            chosen = self.file_theme
        return dataclasses.replace(self, theme=chosen)

    def in_language(self, value: str | None, what: str = "language") -> Talk:
        """This talk in the language `value` (a BCP 47 tag); None keeps the file's choice. ValueError (a
        words.LanguageError) naming `what` for a tag no locale answers to."""
        if value is None:
            return self
        return dataclasses.replace(self, language=words.tag(value, what))

    def in_voice(self, name: str | None) -> Talk:
        """This talk narrated by the voice `name` ("none": silent); None keeps the file's choice. The name is
        checked against the voices installed where it is used (scenes/kit/voice.py), with the language."""
        if name is None or not name.strip():
            return self
        return dataclasses.replace(self, voice=name.strip())


# key -> (required, kind); kind names the check below
TALK_KEYS = {"title": (False, "text"), "scenes": (True, "scene_list"), "language": (False, "language")}
NARRATION_KEYS = {"voice": (False, "voice"), "recordings": (False, "folder")}
TABLES = ("talk", "narration", "models", "runs", "theme")
MODEL_KEYS = {
    "name": (True, "text"),
    "tokens": (True, "count"),
    "parameters": (True, "count"),
    "bytes_per_token": (True, "bytes"),
    "bytes_per_parameter": (True, "bytes"),
    "source": (True, "text"),
    "weight_format": (False, "weight_format"),
    "alt_format": (False, "alt_format"),
    "scene": (False, "scene_name"),
}
RUN_KEYS = {
    "name": (True, "text"),
    "total_steps": (True, "total_steps"),
    "warmup_steps": (True, "steps"),
    "max_lr": (True, "max_lr"),
    "min_lr": (True, "non_negative"),
    "weight_decay": (True, "non_negative"),
    "schedule": (True, "schedule"),
    "source": (True, "text"),
    "warmup": (False, "warmup"),
    "assumed": (False, "assumed"),
    "scene": (False, "scene_name"),
}
FORMAT_NAMES = {4: "fp32", 2: "bf16", 1: "int8"}


def camel(key: str) -> str:
    """'my-run' -> 'MyRun', 'olmo_7b' -> 'Olmo7b': a table name as part of a class name."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_.]", key) if part)


def load(path: str | os.PathLike, builtin_scenes: tuple[str, ...] | None = ()) -> Talk:
    """Read and check the talk file at `path`; TalkError with every problem when there are any. (The tool
    and the scenes load the talk through scenes/kit/talk.py, which adds the run's choices.)

    `builtin_scenes` are the scene names that exist without the file (KLSweep, ...): the talk may list them,
    and a table may not take their names. None checks the models and runs only (scenes/talk.py, which
    makes scenes from them, does not know the built-in clips; the tool's checks do).
    """
    path = Path(path)
    label = str(path)
    text = read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise TalkError([f"{label}: TOML syntax error: {err}"]) from None
    return _Checker(label, builtin_scenes).talk(path, data)


def from_table(kind: str, key: str, table: dict, label: str) -> Run | Model:
    """One [runs.KEY] or [models.KEY] table (`kind` "runs" or "models") given as a dict, e.g. a notebook
    cell's run: the talk file's checks, TalkError with its lines (`label` in place of the file's name)."""
    talk = _Checker(label, None).talk(Path(label), {"talk": {"scenes": ["-"]}, kind: {key: table}})
    return {**talk.runs, **talk.models}[key]


class _Checker:
    def __init__(self, label: str, builtin_scenes: tuple[str, ...] | None):
        self.label = label
        self.builtin = builtin_scenes or ()
        self.check_order = builtin_scenes is not None
        self.problems: list[str] = []

    def fail(self, where: str, value: object, allowed: str) -> None:
        shown = "(missing)" if value is _MISSING else repr(value)
        self.problems.append(f"{self.label}: {where} = {shown}: {allowed}")

    def talk(self, path: Path, data: dict) -> Talk:
        for key in data:
            if key not in TABLES:
                self.unknown(key, key, TABLES)
        talk = self.table("[talk]", data.get("talk", _MISSING), TALK_KEYS)
        narration = (
            self.table("[narration]", data["narration"], NARRATION_KEYS) if "narration" in data else {}
        )
        models, runs = {}, {}
        declared: dict[str, str] = {}  # scene name -> its table, valid or not (no knock-on "no such scene")
        for kind, keys, build, out, prefix in (
            ("models", MODEL_KEYS, self.model, models, "Compression"),
            ("runs", RUN_KEYS, self.run, runs, "Forgetting"),
        ):
            tables = data.get(kind, {})
            if not isinstance(tables, dict):
                self.fail(f"[{kind}]", tables, f"must be tables [{kind}.NAME]")
                continue
            for key, table in tables.items():
                where = f"[{kind}.{key}]"
                if not NAME_RE.match(key):
                    self.fail(
                        where, key, f"the NAME in [{kind}.NAME] may hold only letters, digits, -, _ and ."
                    )
                    continue
                if len(prefix + camel(key)) > MAX_SCENE_NAME and not (
                    isinstance(table, dict) and "scene" in table
                ):
                    self.fail(
                        where,
                        key,
                        f"the scene {prefix}NAME must be at most {MAX_SCENE_NAME} characters (it names the"
                        ' scene\'s files); shorten NAME or give scene = "..."',
                    )
                    continue
                values = self.table(where, table, keys)
                if values is None:
                    continue
                scene = values.get("scene", prefix + camel(key))  # the default scene name, made here only
                self.declare(declared, where, scene)
                item = build(key, scene, where, values)
                if item is not None:
                    out[key] = item
        scenes = self.scene_order(talk, declared)
        theme = self.theme(data["theme"]) if "theme" in data else None
        if self.problems:
            raise TalkError(self.problems)
        title = (talk or {}).get("title", DEFAULT_TITLE)
        language = words.tag((talk or {}).get("language", words.SOURCE))  # checked in the table already
        voice = (narration or {}).get("voice", NO_VOICE).strip()
        recordings = (narration or {}).get("recordings", DEFAULT_RECORDINGS)
        return Talk(
            path, title, scenes, models, runs, theme or themes.DARK, theme, language, voice, recordings
        )

    def theme(self, table: object) -> themes.Theme | None:
        """[theme]: `base` (a shipped theme) and any of its roles as "#RRGGBB", held to the same rules."""
        if not isinstance(table, dict):
            self.fail("[theme]", table, 'must be a table: base = "dark" or "light", and roles')
            return None
        base_name = table.get("base", themes.DARK.name)
        if base_name not in themes.THEMES:
            self.fail("[theme] base", base_name, f"must be one of {', '.join(themes.THEMES)}")
            return None
        base = themes.THEMES[base_name]
        roles = base.roles()
        changes: dict = {}
        ok = True
        for key, value in table.items():
            if key == "base":
                continue
            if key not in roles:
                self.unknown(f"[theme] {key}", key, ["base", *roles])
                ok = False
            elif not isinstance(value, str) or not HEX_RE.match(value):
                self.fail(f"[theme] {key}", value, 'must be a colour "#RRGGBB"')
                ok = False
            else:
                changes[key] = value.upper()
        if not ok:
            return None
        tenths = list(base.tenths)
        for key in [k for k in changes if k.startswith("tenth")]:
            tenths[int(key[5:])] = changes.pop(key)
        theme = dataclasses.replace(base, **changes, tenths=tuple(tenths))
        if theme != base:
            for problem in accessibility.problems(theme):
                self.problems.append(f"{self.label}: [theme] {problem}")
        return theme

    def unknown(self, where: str, key: str, valid) -> None:
        near = difflib.get_close_matches(key, list(valid), n=1)
        hint = f"did you mean {near[0]!r}?" if near else "valid keys: " + ", ".join(valid)
        self.problems.append(f"{self.label}: {where}: unknown key {key!r}; {hint}")

    def table(self, where: str, table: object, keys: dict) -> dict | None:
        """The table's values after the per-key checks, or None when it is not a table."""
        if table is _MISSING:
            self.fail(where, _MISSING, "the table is required")
            return None
        if not isinstance(table, dict):
            self.fail(where, table, "must be a table")
            return None
        for key in table:
            if key not in keys:
                self.unknown(f"{where} {key}", key, keys)
        values = {}
        for key, (required, kind) in keys.items():
            if key not in table:
                if required:
                    self.fail(f"{where} {key}", _MISSING, "required")
                continue
            value = table[key]
            if self.check(f"{where} {key}", key, value, kind):
                values[key] = value
        return values

    def check(self, where: str, key: str, value: object, kind: str) -> bool:
        """One value against mathcore's rule for its kind; records a problem and returns False if it fails."""
        try:
            if kind in ("text", "weight_format"):
                if not isinstance(value, str):
                    raise ValueError("must be a string")
                missing = glyphs.undrawable(value)
                if missing:
                    raise ValueError(
                        f"holds characters no installed font can draw (they would show as empty boxes):"
                        f" {glyphs.describe(missing)}"
                    )
                if kind == "weight_format" and len(value) > MAX_WEIGHT_FORMAT:
                    raise ValueError(
                        f"must be at most {MAX_WEIGHT_FORMAT} characters (e.g. 'fp8-e4m3'; it shares a line"
                        " with the numbers)"
                    )
            elif kind == "voice":  # the name is checked against the voices installed where it is used
                if not (isinstance(value, str) and VOICE_RE.fullmatch(value.strip())):
                    raise ValueError('must be a voice\'s name (lecture-scenes voices), or "none"')
            elif kind == "folder" and not (isinstance(value, str) and value.strip()):
                raise ValueError("must be a folder's path, relative to the talk file's folder")
            elif kind == "language":
                try:
                    words.tag(value, key)
                except words.LanguageError as err:  # the line shows the key and the value already
                    raise ValueError(str(err).split("; got")[0].removeprefix(key + " ")) from None
            elif kind == "count":
                _validate.in_range(key, value, *COUNT_RANGE)
            elif kind == "bytes":
                _validate.in_range(key, value, *BYTES_RANGE)
            elif kind == "max_lr":
                _validate.in_range(key, value, _validate.MIN_MAX_LR, _validate.MAX_MAX_LR)
            elif kind == "non_negative":
                _validate.non_negative(key, value)
            elif kind == "total_steps":
                _validate.integer(key, value, MIN_TOTAL_STEPS, _validate.MAX_TOTAL_STEPS)
            elif kind == "steps":
                _validate.integer(key, value, 0)
            elif kind == "schedule":
                _validate.choice(key, value, SCHEDULES)
            elif kind == "warmup":
                _validate.choice(key, value, WARMUPS)
            elif kind == "assumed":
                check_assumed(value)
            elif kind == "alt_format":
                _validate.choice(key, value, list(BYTES_PER_PARAM) + ["none"])
            elif kind == "scene_name":
                if not isinstance(value, str) or not SCENE_RE.match(value):
                    raise ValueError("must be a Python class name (letters, digits, _)")
                if len(value) > MAX_SCENE_NAME:
                    raise ValueError(
                        f"must be at most {MAX_SCENE_NAME} characters (it names the scene's files)"
                    )
            elif kind == "scene_list":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not value:
                    raise ValueError("must be a non-empty list of scene names")
        except ValueError as err:
            self.fail(where, value, _allowed(err, key))
            return False
        return True

    def model(self, key: str, scene: str, where: str, v: dict) -> Model | None:
        if not _complete(v, MODEL_KEYS):
            return None  # a required key is missing or wrong: already reported
        bpp = v["bytes_per_parameter"]
        alt = v.get("alt_format", "bf16" if bpp != BYTES_PER_PARAM["bf16"] else "none")
        formats = [("bytes_per_parameter", bpp)]
        if alt != "none":
            formats.append((f"alt_format {alt!r}", BYTES_PER_PARAM[alt]))
        for what, per_param in formats:
            try:
                stats = compression_stats(v["tokens"], v["parameters"], v["bytes_per_token"], per_param)
            except ValueError as err:
                self.fail(where, "...", _allowed(err, ""))
                return None
            low, high = RATE_RANGE
            if not low <= stats.rate <= high:
                self.fail(
                    f"{where} rate",
                    stats.rate,
                    f"tokens * bytes_per_token / (parameters * bytes per parameter, {what}) must be in"
                    f" [{low:g}, {high:g}] (the circle shrinks by the rate, counted on screen)",
                )
                return None
        return Model(
            key=key,
            scene=scene,
            name=v["name"],
            tokens=float(v["tokens"]),
            parameters=float(v["parameters"]),
            bytes_per_token=v["bytes_per_token"],
            bytes_per_parameter=bpp,
            source=v["source"],
            weight_format=v.get("weight_format", FORMAT_NAMES.get(bpp, f"{bpp:g} bytes/param")),
            alt_format=None if alt == "none" else alt,
        )

    def run(self, key: str, scene: str, where: str, v: dict) -> Run | None:
        ok = True
        for first, second, rule in _validate.PAIR_RULES:  # mathcore's rules between keys, every one checked
            if first in v and second in v:
                try:
                    rule(v[first], v[second])
                except ValueError as err:
                    self.fail(f"{where} {second}", v[second], _allowed(err, second))
                    ok = False
        if not ok or not _complete(v, RUN_KEYS):
            return None  # a required key is missing or wrong: already reported
        fields = {k: v[k] for k in RUN_KEYS if k in v and k != "scene"}
        try:
            run = TrainingRun(**fields)
        except ValueError as err:  # a rule between keys (warmup < total, ...): mathcore's own, in its words
            name = str(err).split(" ", 1)[0]
            if name in fields:
                self.fail(f"{where} {name}", fields[name], _allowed(err, name))
            else:
                self.fail(where, "...", _allowed(err, ""))
            return None
        return Run(key=key, scene=scene, run=run)

    def declare(self, declared: dict[str, str], where: str, scene: str) -> None:
        if scene in declared:
            self.fail(f"{where} scene", scene, f"already the scene of {declared[scene]}")
        elif scene in self.builtin:
            self.fail(f"{where} scene", scene, "is a built-in scene; choose another name")
        declared.setdefault(scene, where)

    def scene_order(self, talk: dict | None, declared: dict[str, str]) -> tuple[str, ...]:
        if not talk or "scenes" not in talk:
            return ()
        if not self.check_order:
            return tuple(talk["scenes"])
        known = list(declared) + [s for s in self.builtin if s not in declared]
        seen = set()
        for i, name in enumerate(talk["scenes"]):
            where = f"[talk] scenes[{i}]"
            if name in seen:
                self.fail(where, name, "listed twice; each scene plays once")
            elif name not in known:
                near = difflib.get_close_matches(name, known, n=1)
                hint = f"did you mean {near[0]!r}? " if near else ""
                self.fail(
                    where,
                    name,
                    f"no such scene: {hint}a scene is built in or made by a [models.NAME] (CompressionNAME)"
                    " or [runs.NAME] (ForgettingNAME) table",
                )
            seen.add(name)
        return tuple(talk["scenes"])


_MISSING = object()


def _complete(values: dict, keys: dict) -> bool:
    """Every required key passed its check (a missing or wrong one is already reported)."""
    return all(key in values for key, (required, _) in keys.items() if required)


def _allowed(err: ValueError, key: str) -> str:
    """mathcore's message without the parameter's name and the value, which the line already shows:
    'max_lr must be > 0 and finite, got -1' -> 'must be > 0 and finite'."""
    text = str(err)
    if key and text.startswith(key + " must"):
        text = text[len(key) + 1 :]
    return re.sub(r", got .*$", "", text) if key else text
