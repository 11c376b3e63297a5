"""The talk's colours as data: one value per colour role, per theme. No manim here.

Clips and the kit name roles (``style.MODEL``, ``style.CENTER``, ...), never colours: a role is what a colour
means (the ground truth, the model, the center and the tails of a distribution, ...), and it means the same in
every clip. :data:`ROLES` says what each role is used for, and so which contrast rule it must meet against the
background (scenes/kit/accessibility.py measures them); :data:`PAIRS` lists the roles that must be told apart
from each other, also by viewers with a colour-vision deficiency.

Which theme: ``LECTURE_THEME=<name>`` (set by ``--theme`` / ``THEME=``), else the ``[theme] base`` of the talk
file, else ``dark``. The talk file's ``[theme]`` table may also override roles of its base theme (checked by
scenes/kit/talkfile.py against the same rules as the shipped themes).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, fields
from functools import lru_cache

ENV = "LECTURE_THEME"


@dataclass(frozen=True)
class Theme:
    """One value (``#RRGGBB``) per colour role."""

    name: str
    background: str
    ink: str  # text and outlines: titles, labels, values
    muted: str  # secondary text, axes, ticks
    faint: str  # grid lines and rules: decoration behind the data
    truth: str  # the ground-truth distribution
    model: str  # the model's distribution
    center: str  # the center of a distribution (|x| < 2) and its share of the KL
    tails: str  # the tails (|x| >= 2) and their share
    low: str  # a low total KL (below the threshold), the low end of the KL colour ramp
    high: str  # a high total KL, the ramp's high end
    data: str  # the training text
    weights: str  # the model's weights
    cosine: str  # the cosine learning-rate schedule
    linear: str  # the linear schedule
    tenths: tuple[str, ...]  # the ten tenths of training, early to late

    def roles(self) -> dict[str, str]:
        """Role -> value, the ten tenths as ``tenth0`` .. ``tenth9``."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("name", "tenths")}
        out.update({f"tenth{i}": c for i, c in enumerate(self.tenths)})
        return out


# What each role is drawn as, and so the WCAG 2.1 rule it must meet: text 4.5:1 (SC 1.4.3), graphics
# (curves, bars, areas, dots) 3:1 (SC 1.4.11); decoration (grids) none.
TEXT_ROLES = ("ink", "muted", "center", "tails", "low", "high", "data", "weights", "cosine", "linear")
GRAPHIC_ROLES = ("truth", "model", *(f"tenth{i}" for i in range(10)))
DECORATIVE_ROLES = ("faint",)
# Roles whose difference carries meaning: each pair must stay apart under every colour-vision deficiency.
PAIRS = (
    ("truth", "model"),
    ("center", "tails"),
    ("low", "high"),
    ("data", "weights"),
    ("cosine", "linear"),
    ("tenth0", "tenth9"),
)

DARK = Theme(
    name="dark",
    background="#14171C",  # a dark slate, not black: glares less when projected, keeps thin lines visible
    ink="#ECEFF4",
    muted="#9AA3AF",
    faint="#3B4252",
    truth="#ECEFF4",
    model="#FF5F5F",
    center="#6BB8FF",  # blue against orange: apart under every colour-vision deficiency (green was not)
    tails="#FFA94D",
    low="#3FC1C9",
    high="#FF5F5F",
    data="#5AA9FF",
    weights="#FFD166",
    cosine="#FFC857",
    linear="#9AA8FF",
    # violet to cream, lighter at every step for every viewer (a viridis-like path, searched in OKLCH for
    # CAM02-UCS steps >= 6 under each simulated deficiency, all >= 3:1 on the background)
    tenths=(
        "#6C56A7",
        "#5A6EC3",
        "#3489D3",
        "#00A2D0",
        "#00B8C6",
        "#00CFB9",
        "#55E19F",
        "#9DE983",
        "#E2F06C",
        "#FFF4D4",
    ),
)

LIGHT = Theme(
    name="light",
    background="#FFFFFF",  # white slides (PowerPoint's, Google Slides', Beamer's defaults) and paper
    ink="#1B1F24",
    muted="#5B6470",
    faint="#D5D9DF",
    truth="#1B1F24",
    model="#C8361C",
    center="#0068B5",
    tails="#A85A00",
    low="#007A85",
    high="#C8361C",
    data="#0068B5",
    weights="#8A6500",
    cosine="#A34A00",
    linear="#5A4FCF",
    # dark plum to green, lighter at every step for every viewer, all >= 3:1 on white (searched as above)
    tenths=(
        "#33001F",
        "#400041",
        "#44006F",
        "#390EA1",
        "#0040A6",
        "#005E89",
        "#007286",
        "#008583",
        "#009979",
        "#62A36E",
    ),
)

THEMES: dict[str, Theme] = {DARK.name: DARK, LIGHT.name: LIGHT}


def named(name: str) -> Theme:
    """The shipped theme called `name`; ValueError naming the themes there are."""
    if name not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}; got {name!r}")
    return THEMES[name]


def active() -> Theme:
    """The theme of this process: $LECTURE_THEME, else the talk file's, else dark; with the talk file's role
    overrides when its base is the theme chosen. A talk file with problems stops here (exit 2), listed."""
    from scenes.kit import talkfile  # the talk file may name a theme; talkfile needs this module first

    chosen = os.environ.get(ENV)
    if chosen:
        named(chosen)  # an unknown name fails before the talk file is read
    path = talkfile.talk_path()
    own = None
    if path.is_file():
        stat = path.stat()
        try:
            own = _talk_theme(str(path), stat.st_mtime_ns, stat.st_size)
        except talkfile.TalkError as err:
            print(err, file=sys.stderr)
            raise SystemExit(2) from None
    if own is not None and (not chosen or chosen == own.name):
        return own
    return named(chosen or DARK.name)


@lru_cache(maxsize=8)
def _talk_theme(path: str, mtime_ns: int, size: int) -> Theme | None:
    """The talk file's theme, read and checked once per version of the file (the render pipeline asks for
    it once per scene, and checking overrides measures every role)."""
    from scenes.kit import talkfile

    return talkfile.load(path, builtin_scenes=None).theme
