"""The talk's colours as data: one value per colour role, per theme. No manim here.

Clips and the kit name roles (``style.MODEL``, ``style.CENTER``, ...), never colours: a role is what a colour
means (the ground truth, the model, the center and the tails of a distribution, ...), and it means the same in
every clip. :data:`ROLES` says what each role is used for, and so which contrast rule it must meet against the
background (scenes/kit/accessibility.py measures them); :data:`PAIRS` lists the roles that must be told apart
from each other, also by viewers with a colour-vision deficiency.

Which theme a talk is drawn in is part of the talk's value (scenes/kit/talk.py): ``--theme``, ``THEME=``
or ``LECTURE_THEME``, else the ``[theme] base`` of the talk file, else ``dark``. The talk file's
``[theme]`` table may also override roles of its base theme (checked by scenes/kit/talkfile.py against the
same rules as the shipped themes). This module only holds the data: it reads nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


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


def named(name: object, what: str = "theme") -> Theme:
    """The shipped theme called `name`; ValueError naming `what` (the option or variable it came from), the
    themes there are and the value given. The one check of a theme's name, whatever its channel."""
    if not isinstance(name, str) or name not in THEMES:
        raise ValueError(f"{what} must be one of {', '.join(THEMES)}; got {name!r}")
    return THEMES[name]
