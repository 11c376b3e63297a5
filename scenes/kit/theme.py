"""The talk's colours as data: one value per colour role, per theme. No manim here.

Clips and the kit name roles (``style.MODEL``, ``style.CENTER``, ...), never colours: a role is what a colour
means (the ground truth, the model, the center and the tails of a distribution, ...), and it means the same in
every clip. :data:`ROLES` says what each role is used for, and so which contrast rule it must meet against the
background (scenes/kit/accessibility.py measures them); :data:`PAIRS` lists the roles that must be told apart
from each other, also by viewers with a colour-vision deficiency.

The theme is chosen with ``LECTURE_THEME=<name>``; the default is ``dark``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

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
    center="#5FD27B",
    tails="#FFA94D",
    low="#5FD27B",
    high="#FF5F5F",
    data="#5AA9FF",
    weights="#FFD166",
    cosine="#FF8FC7",
    linear="#B79CFF",
    tenths=(
        "#8E7CFF",
        "#6C8DFF",
        "#4EA0F5",
        "#3BB3E0",
        "#35C2C2",
        "#4DCE9E",
        "#7BD77A",
        "#A8DC5C",
        "#D4DE4A",
        "#FFDB4D",
    ),
)

THEMES: dict[str, Theme] = {DARK.name: DARK}


def named(name: str) -> Theme:
    """The shipped theme called `name`; ValueError naming the themes there are."""
    if name not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}; got {name!r}")
    return THEMES[name]


def active() -> Theme:
    """The theme of this process: $LECTURE_THEME, else dark."""
    return named(os.environ.get(ENV) or DARK.name)
