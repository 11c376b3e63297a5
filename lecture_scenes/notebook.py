"""The talk in a Jupyter notebook: its figures as objects and its clips inline, without matplotlib.

    from lecture_scenes import notebook as nb

    fig = nb.decay_figure("olmo-7b")                  # shows itself inline (SVG: paths, text as outlines)
    fig.save("olmo_decay.pdf")                        # or .svg, .png (the format by the suffix)
    mine = nb.run("my-run", name="My run", total_steps=200_000, warmup_steps=2000, max_lr=3e-4,
                  min_lr=3e-5, weight_decay=0.05, schedule="cosine", source="a what-if")
    nb.composition_figure(mine, width="full", theme="dark")
    nb.still("KLSweep", beat=2)                       # the frame at the end of beat 2, its note under it
    nb.clip(mine)                                     # the clip at preview quality, its notes under it

Figures are the clips' own paper figures (``paper_figures()``, scenes/kit/paper.py) drawn by the one drawing
``make figures`` uses (lecture_scenes/figure_job.py's :func:`save_paper`): the same pages, the same bytes.
A run or model of the cell (:func:`run`, :func:`model`) is checked as a ``[runs.KEY]`` or ``[models.KEY]``
table of talk.toml is (scenes/kit/talkfile.py), with the same one-line errors; a preset run is named by its
key in mathcore.presets.RUNS. The theme is chosen per call and applies to that figure or clip only.

A still is the preview's (lecture_scenes/still.py): the scene runs with its animations skipped up to the
end of the beat asked for (scenes/kit/patches/skipping.py), then that frame is drawn as a vector page (the
frames of ``make figures``) with Manim's own PNG as its fallback. A clip is rendered in this process at
preview quality, Manim's configuration restored afterwards.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lecture_scenes.figure_job import FRAME_PAGE, PAPER_FORMATS, save_paper
from scenes.kit import talkfile
from scenes.kit import theme as themes
from scenes.kit.talkfile import TalkError  # noqa: F401 (a cell catches it as nb.TalkError)

WIDTHS = ("column", "full")  # scenes/kit/paper.py's WIDTHS, without importing Manim here
SAVE_DPI = 300  # a saved PNG's resolution at print size (make figures' default)
INLINE_DPI = 144  # the inline PNG fallback: twice the page's points
QUALITIES = {"l": "low_quality", "m": "medium_quality", "h": "high_quality"}
KL_MOMENTS = ("minimum", "maximum")

_WORK = tempfile.TemporaryDirectory(prefix="lecture-nb-")  # Manim's files of this kernel, removed at its exit
_shown_as = "svg"  # what a figure shows itself as inline: "svg" (vector) or "png" (the fallback)


def inline_format(fmt: str) -> None:
    """Show figures inline as "svg" (the default: vector, text as outlines) or "png" (for a front end that
    shows no SVG). ValueError naming `fmt` for anything else."""
    global _shown_as
    _shown_as = _choice("fmt", fmt, ("svg", "png"))


# --- the cell's own runs and models: talk.toml's tables ----------------------------------------------------
def run(key: str = "my-run", **table) -> talkfile.Run:
    """A training run written in the cell as a ``[runs.KEY]`` table of talk.toml is (name, total_steps,
    warmup_steps, max_lr, min_lr, weight_decay, schedule, source): the same checks, TalkError with the
    same lines."""
    return talkfile.from_table("runs", key, table, label="run")


def model(key: str = "my-model", **table) -> talkfile.Model:
    """A model written in the cell as a ``[models.KEY]`` table (name, tokens, parameters, bytes_per_token,
    bytes_per_parameter, source; weight_format, alt_format): the same checks, TalkError as there."""
    return talkfile.from_table("models", key, table, label="model")


def run_like(base, key: str = "my-run", **changes) -> talkfile.Run:
    """A run of the cell made from `base` (a preset's key, a talk run's key, a Run or a TrainingRun) with
    `changes` (e.g. weight_decay=0.05, name=..., source=...): checked as :func:`run` is."""
    start = _as_run(base).run
    values = {f.name: getattr(start, f.name) for f in dataclasses.fields(start)} | changes
    # the keys a [runs] table has go through its checks; the others (a TrainingRun's own, e.g. decay_steps)
    # are kept as they are, checked by TrainingRun itself
    own = {f.name for f in dataclasses.fields(start)} - set(talkfile.RUN_KEYS)
    table = {k: list(v) if isinstance(v, tuple) else v for k, v in values.items() if k not in own}
    made = talkfile.from_table("runs", key, table, label="run")
    rest = {k: v for k, v in values.items() if k in own}
    if not rest or all(getattr(made.run, k, None) == v for k, v in rest.items()):
        return made
    try:
        return dataclasses.replace(made, run=dataclasses.replace(made.run, **rest))
    except (TypeError, ValueError) as err:
        raise ValueError(str(err).splitlines()[0]) from None


def table(header: list[str], rows: list[list[str]]) -> None:
    """Print `rows` under `header` as aligned columns (the tool's tables): numbers as the style formatters
    give them, so a cell prints what the talk shows."""
    from lecture_scenes.table import aligned

    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    print("\n".join(aligned(cells, right=set(range(1, len(header))), rule=True)))


def _talk():
    from scenes.kit import talk as talks

    return talks.in_force()


def _as_run(value) -> talkfile.Run:
    """A preset's key (mathcore.presets.RUNS), a run of the talk file by key, a Run, or a TrainingRun."""
    from mathcore.decay import TrainingRun
    from mathcore.presets import RUNS

    if isinstance(value, talkfile.Run):
        return value
    if isinstance(value, TrainingRun):
        return run_like(talkfile.Run("run", "ForgettingRun", value), "run")
    if isinstance(value, str) and value in RUNS:
        return talkfile.Run(value, "Forgetting" + talkfile.camel(value), RUNS[value])
    talk_runs = _talk().runs
    if isinstance(value, str) and value in talk_runs:
        return talk_runs[value]
    keys = ", ".join([*RUNS, *talk_runs])
    raise ValueError(
        f"run must be one of {keys}, a notebook.run(...) or a mathcore TrainingRun; got {value!r}"
    ) from None


def _as_model(value) -> talkfile.Model | None:
    """None (the seeds' model: the built-in CompressionCircle), a model of the talk file by key, a Model."""
    if value is None or isinstance(value, talkfile.Model):
        return value
    models = _talk().models
    if isinstance(value, str) and value in models:
        return models[value]
    keys = ", ".join(["None (the seeds' model)", *models])
    raise ValueError(f"model must be one of {keys} or a notebook.model(...); got {value!r}") from None


def _choice(what: str, value, allowed) -> str:
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{what} must be one of {', '.join(allowed)}; got {value!r}") from None
    return value


def _in_theme(theme: str | None, what: str = "theme"):
    """The talk drawn in `theme` (None: the talk's own); ValueError naming `what` for an unknown name."""
    if theme is not None:
        _choice(what, theme, tuple(themes.THEMES))
    return _talk().in_theme(theme, what)


# --- pictures: shown inline, saved by suffix ---------------------------------------------------------------
class Picture:
    """Something drawn: shows itself inline as SVG (or PNG, :func:`inline_format`), saves itself by suffix."""

    name: str
    page: tuple[float, float]  # points

    def _draw(self, path: Path, dpi: int) -> None:
        raise NotImplementedError

    def save(self, path: str | Path, dpi: int = SAVE_DPI) -> Path:
        """Write the picture to `path`: .pdf or .svg (vector) or .png (at `dpi` at print size)."""
        path = Path(path)
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in PAPER_FORMATS:
            raise ValueError(
                f"path must end in {', '.join('.' + f for f in PAPER_FORMATS)}; got {str(path)!r}"
            ) from None
        if not isinstance(dpi, int) or not 36 <= dpi <= 1200:
            raise ValueError(f"dpi must be a whole number from 36 to 1200; got {dpi!r}") from None
        path.parent.mkdir(parents=True, exist_ok=True)
        self._draw(path, dpi)
        return path

    def _bytes(self, suffix: str, dpi: int = INLINE_DPI) -> bytes:
        with tempfile.TemporaryDirectory(prefix="lecture-nb-") as tmp:
            path = Path(tmp) / f"figure.{suffix}"
            self._draw(path, dpi)
            return path.read_bytes()

    def svg(self) -> str:
        """The picture as SVG text: paths only (text as glyph outlines), ids unique to this picture."""
        if getattr(self, "_svg", None) is None:
            text = self._bytes("svg").decode("utf-8")
            # several SVGs inline in one page share one id space: make this one's ids its own
            prefix = f"p{id(self):x}-"
            text = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m[1]}"', text)
            text = re.sub(r'(href="|url\()#([^")]+)', lambda m: f"{m[1]}#{prefix}{m[2]}", text)
            self._svg = text
        return self._svg

    def png(self, dpi: int = INLINE_DPI) -> bytes:
        """The picture as PNG bytes at `dpi` at print size."""
        return self._bytes("png", dpi)

    def _repr_svg_(self) -> str | None:
        return self.svg() if _shown_as == "svg" else None

    def _repr_png_(self) -> bytes | None:
        return self.png() if _shown_as == "png" else None

    def __repr__(self) -> str:
        w, h = self.page
        return f"<{type(self).__name__} {self.name}: {w:g} × {h:g} pt>"


class Figure(Picture):
    """A paper figure of a clip (scenes/kit/paper.py's PaperFigure), drawn as `make figures` draws it, on the
    background of the theme it was built in."""

    def __init__(self, figure, background: str, theme: str):
        self.figure, self.background, self.theme = figure, background, theme
        self.name, self.width, self.page = figure.name, figure.width, tuple(figure.page)

    def _draw(self, path: Path, dpi: int) -> None:
        save_paper(self.figure, path, dpi=dpi, background=self.background)


def _paper_figure(item, suffix: str, theme: str) -> Figure:
    """The paper figure whose name ends in `suffix` of the clip for `item` (a Run or Model of the talk, or a
    built-in scene class), built in `theme`."""
    talk = _in_theme(theme)
    figures, background = _paper_figures(item, talk, suffix)
    chosen = [f for f in figures if f.name.endswith(suffix)]
    if len(chosen) != 1:
        raise RuntimeError(f"{item} has {len(chosen)} paper figures named *{suffix}")
    return Figure(chosen[0], background, talk.theme.name)


_BUILT: dict = {}  # (item, theme, suffix) -> the clip's paper figures and their background
_BUILT_MAX = 32


def _paper_figures(item, talk, suffix: str) -> tuple[tuple, str]:
    """The clip's paper figures named *`suffix` (only that one is built where the clip can: a forgetting
    clip) and their background, built in `talk`'s theme; kept, so that drawing it again costs
    only its drawing. Drawing a figure does not change its mobjects."""
    key = (item, talk.theme, suffix)
    if key not in _BUILT:
        if len(_BUILT) >= _BUILT_MAX:
            del _BUILT[next(iter(_BUILT))]
        _BUILT[key] = _build_paper_figures(item, talk, suffix)
    return _BUILT[key]


def _build_paper_figures(item, talk, suffix: str) -> tuple[tuple, str]:
    from scenes.kit import style, words
    from scenes.kit import talk as talks

    if isinstance(item, talkfile.Run | talkfile.Model):
        from scenes.talk import scene_class

        cls = scene_class(item)
    else:
        cls = item
    with _manim(), talks.using(talk), style.use(talk.theme), words.use(talk.language):
        return tuple(cls.paper_figures(only=suffix)), style.BACKGROUND


def _run_scene(value) -> type:
    from scenes.talk import scene_class

    return scene_class(_as_run(value))


def decay_figure(run, width: str = "column", theme: str = "light") -> Figure:
    """The ten forgetting curves of `run` (a preset's key, a talk run's key, :func:`run`, a TrainingRun), as
    the forgetting clip's paper figure `width` ("column", "full") wide in `theme` ("light", "dark")."""
    width = _choice("width", width, WIDTHS)
    return _paper_figure(_as_run(run), f"_decay_{width}", theme)


def composition_figure(run, width: str = "column", theme: str = "light") -> Figure:
    """The composition bar of `run`: what share of the final weights each tenth of training makes."""
    width = _choice("width", width, WIDTHS)
    return _paper_figure(_as_run(run), f"_composition_{width}", theme)


def kl_split_figure(moment: str = "minimum", width: str = "column", theme: str = "light") -> Figure:
    """The KL split of the KL sweep at its `moment` ("minimum" or "maximum" total KL), one column; at
    width "full" both moments side by side (the clip's full-width paper figure)."""
    from scenes.kl_sweep import KLSweep

    width = _choice("width", width, WIDTHS)
    if width == "full":
        return _paper_figure(KLSweep, "_full", theme)
    moment = _choice("moment", moment, KL_MOMENTS)
    return _paper_figure(KLSweep, f"_{moment}_column", theme)


def circles_figure(model=None, width: str = "column", theme: str = "light") -> Figure:
    """The compression circles of `model` (None: the seeds' Llama 3 8B; a talk model's key; :func:`model`):
    one column, or at "full" width with the derivation beside them."""
    width = _choice("width", width, WIDTHS)
    item = _as_model(model)
    if item is None:
        from scenes.compression import CompressionCircle

        item = CompressionCircle
    return _paper_figure(item, f"_circles_{width}", theme)


# --- clips: a still of a beat, or the clip, with its notes --------------------------------------------------
def _scene_class(scene) -> type:
    """A catalogue scene by name, a scene class, a preset run's key, or a Run or Model of the cell."""
    from manim import Scene

    from lecture_scenes import catalogue

    if isinstance(scene, type) and issubclass(scene, Scene):
        return scene
    if isinstance(scene, talkfile.Model):
        from scenes.talk import scene_class

        return scene_class(scene)
    if isinstance(scene, str):
        try:
            return catalogue.scene(_talk(), scene).load()
        except ValueError:
            from mathcore.presets import RUNS

            if scene not in RUNS:
                raise
    return _run_scene(scene)


@contextlib.contextmanager
def _manim(quality: str | None = None, movie: bool = False):
    """Manim's configuration for one build in this kernel, restored afterwards: its files in the kernel's
    work folder (not the notebook's), warnings only, and for a scene the pixels of `quality` (set as the
    preview sets them, lecture_scenes/still.py)."""
    from manim import config, tempconfig

    from scenes.kit.patches import output

    changes = {
        "media_dir": str(Path(_WORK.name) / "media"),
        **output.keys(movie="mp4" if movie else None),  # the keys of this Manim (0.22 renamed them)
        "disable_caching": True,
        "progress_bar": "none",
        "verbosity": "WARNING",
        "preview": False,
    }
    with tempconfig(changes):
        if quality is not None:
            config.quality = QUALITIES[quality]
        yield


@dataclass(eq=False, repr=False)
class Still(Picture):
    """A frame of a clip: the end of beat `beat` (or the clip's last frame), with the note of that beat.
    Inline: the frame (vector, like make figures' frames; PNG as the fallback), its note printed under it."""

    name: str
    beat: int
    note: str
    theme: str
    _scene: object
    _image: object  # Manim's own picture of the frame (PIL), at the quality asked for
    _background: str

    @property
    def page(self) -> tuple[float, float]:
        return FRAME_PAGE

    def _draw(self, path: Path, dpi: int) -> None:
        from manim.utils.iterables import list_update

        from scenes.kit.patches.vector_camera import draw

        if path.suffix.lower() == ".png":
            self._image.save(path, format="PNG")
            return
        scene = self._scene
        draw(
            list_update(scene.mobjects, scene.foreground_mobjects),
            path,
            width=FRAME_PAGE[0],
            height=FRAME_PAGE[1],
            frame_width=scene.camera.frame_width,
            frame_height=scene.camera.frame_height,
            background=self._background,
            like=scene.camera,
        )

    def png(self, dpi: int = INLINE_DPI) -> bytes:
        """Manim's own picture of the frame (at the quality it was rendered at)."""
        return self._bytes("png")

    @property
    def vector(self) -> bool:
        """Whether the frame has a vector page: not when it holds an image or a point cloud (then it shows
        as Manim's PNG, and saves as .png only)."""
        from manim import ImageMobject, PMobject

        family = [m for mob in self._scene.mobjects for m in mob.get_family()]
        return not any(isinstance(m, ImageMobject | PMobject) for m in family)

    def _repr_svg_(self) -> str | None:
        return self.svg() if _shown_as == "svg" and self.vector else None

    def _repr_png_(self) -> bytes | None:
        return None if _shown_as == "svg" and self.vector else self.png()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        vector = _shown_as == "svg" and self.vector
        display({"image/svg+xml": self.svg()} if vector else {"image/png": self.png()}, raw=True)
        print(f"{self.name}, beat {self.beat}: {self.note}")


def still(scene, beat: int | None = None, theme: str | None = None, quality: str = "l") -> Still:
    """The frame at the end of beat `beat` (1, 2, ...; None: the clip's last frame) of `scene` (a catalogue
    scene's name, a preset run's key, a Run or Model of the cell), in `theme` (None: the talk's), through
    the preview's skipping: nothing before it is drawn. Shows itself with that beat's note under it."""
    from scenes.kit import style
    from scenes.kit import talk as talks
    from scenes.kit.patches import skipping

    cls = _scene_class(scene)
    quality = _choice("quality", quality, tuple(QUALITIES))
    if beat is not None and (not isinstance(beat, int) or isinstance(beat, bool) or beat < 1):
        raise ValueError(f"beat must be a whole number from 1; got {beat!r}") from None
    talk = _in_theme(theme)
    with _manim(quality), talks.using(talk), style.use(talk.theme):
        made = cls(skip_animations=True)
        reached = skipping.run(made, beat=beat)
        image = skipping.image(made)
        background = style.BACKGROUND
    if beat is not None and reached.end and reached.slide < beat:
        raise ValueError(
            f"beat must be from 1 to {reached.slide} ({cls.__name__} has {reached.slide} beats); got {beat}"
        ) from None
    beats = getattr(made, "beats", [])
    note = beats[reached.slide - 1].note if len(beats) >= reached.slide else ""
    return Still(cls.__name__, reached.slide, note, talk.theme.name, made, image, background)


@dataclass(eq=False)
class Clip:
    """A clip rendered at preview quality: `path` (an mp4 in a temporary folder of this kernel) and the notes
    of its beats. Inline: the video, embedded, its notes printed under it."""

    name: str
    path: Path
    notes: tuple[str, ...]
    theme: str

    def _ipython_display_(self) -> None:
        from IPython.display import Video, display

        display(Video(str(self.path), embed=True, html_attributes="controls loop"))
        for k, note in enumerate(self.notes, 1):
            print(f"{self.name}, beat {k}: {note}")

    def save(self, path: str | Path) -> Path:
        """Copy the clip to `path` (.mp4)."""
        path = Path(path)
        if path.suffix.lower() != ".mp4":
            raise ValueError(f"path must end in .mp4; got {str(path)!r}") from None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.path.read_bytes())
        return path


def clip(scene, theme: str | None = None, quality: str = "l") -> Clip:
    """`scene` (as :func:`still` takes it) rendered as a video at `quality` ("l": the preview's 480p15), in
    `theme` (None: the talk's), in this process; shows itself with the notes of its beats under it."""
    from scenes.kit import style
    from scenes.kit import talk as talks

    cls = _scene_class(scene)
    quality = _choice("quality", quality, tuple(QUALITIES))
    talk = _in_theme(theme)
    with _manim(quality, movie=True), talks.using(talk), style.use(talk.theme):
        made = cls()
        made.render()
        movie = Path(made.renderer.file_writer.movie_file_path)
    # the kernel's copy, its own name: another clip of a class of the same name does not replace it
    handle, out = tempfile.mkstemp(prefix=f"{cls.__name__}-{talk.theme.name}-", suffix=".mp4", dir=_WORK.name)
    os.close(handle)
    Path(out).write_bytes(movie.read_bytes())
    return Clip(cls.__name__, Path(out), tuple(b.note for b in getattr(made, "beats", [])), talk.theme.name)
