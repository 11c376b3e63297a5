"""One look for every clip: palette, fonts, sizes, line widths and number formats.

No manim here (the tool quotes numbers in the catalogue with these formatters). Clips read colours,
fonts and formats from here; a colour literal inside a clip is a smell.

Colours are roles (TRUTH, MODEL, CENTER, TAILS, LOW, HIGH, DATA, WEIGHTS, TENTHS, SCHEDULES, and INK,
MUTED, FAINT on BACKGROUND) whose values come from the theme in force (:func:`use`; the themes are
in scenes/kit/theme.py): each keeps one meaning across the talk. `lecture-scenes palette` prints them
with their measured contrast.

Number formats live here too, so the tests can compare a scene's text with ``fmt_*`` of mathcore's values.
They write in the locale in force (scenes/kit/words.py, set when a scene is built with the talk's language):
the same digits, with Babel's symbols and patterns ("0,101" and "46,0 %" in German); English as always.
"""

from __future__ import annotations

import math

from scenes.kit import theme, words
from scenes.kit.accessibility import TEXT_CONTRAST, contrast

# --- colour roles, from the theme in force: clips name roles, never colours -------------------------------
# A role is read when it is used (``style.MODEL``), from the theme the scene being built was given
# (:func:`use`, called by scenes/kit/base.py with its talk's theme): one process can build a scene in the dark
# theme and then in the light one. Before any scene is built, the roles are the default theme's. Read them at
# build time, never as a default argument or a module constant (those are evaluated once, at import).
_ROLES = {
    "BACKGROUND": "background",
    "INK": "ink",  # text and outlines
    "MUTED": "muted",  # axes, ticks, secondary text
    "FAINT": "faint",  # grid lines, rules, outlines of empty things
    "TRUTH": "truth",  # the ground truth
    "MODEL": "model",  # the model
    "CENTER": "center",  # the center of the distribution
    "TAILS": "tails",  # the tails
    "LOW": "low",  # a low total KL: below the threshold
    "HIGH": "high",  # a high total KL
    "DATA": "data",  # training data
    "WEIGHTS": "weights",  # model weights
    "TENTHS": "tenths",  # the ten tenths of training, early to late, in curves and composition bars alike
}
_in_force: theme.Theme = theme.DARK


class use:  # noqa: N801 (a function to call, that also works as a context manager)
    """Draw in `chosen` from now on; as ``with style.use(t):``, only inside the block."""

    def __init__(self, chosen: theme.Theme):
        global _in_force
        self.previous, _in_force = _in_force, chosen

    def __enter__(self) -> theme.Theme:
        return _in_force

    def __exit__(self, *exc) -> None:
        global _in_force
        _in_force = self.previous


def __getattr__(name: str):
    # PEP 562: the roles (and THEME, SCHEDULES) are looked up in the theme in force at each use.
    if name in _ROLES:
        return getattr(_in_force, _ROLES[name])
    if name == "THEME":
        return _in_force
    if name == "SCHEDULES":  # the learning-rate schedules
        return {"cosine": _in_force.cosine, "linear": _in_force.linear}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def text_on(fill: str) -> str | None:
    """The text role (INK or BACKGROUND) that reads best on `fill`, or None if neither reaches 4.5:1."""
    ink, background = _in_force.ink, _in_force.background
    best = max((ink, background), key=lambda c: contrast(c, fill))
    return best if contrast(best, fill) >= TEXT_CONTRAST else None


# --- fonts and sizes (in Manim's font-size units; the frame is 8 units high) ---------------------------
FONT = "DejaVu Sans"
MONO = "DejaVu Sans Mono"
TITLE_SIZE = 40
BODY_SIZE = 30
LABEL_SIZE = 24
SMALL_SIZE = 20  # the smallest size used: still legible at 480p
STROKE = 4  # curves
THIN = 2  # axes, outlines, rules
HAIRLINE = 1.5  # ticks, leaders, grids and other guides that must not compete with the data
GRID = 1  # the faintest: background grid lines

# Margins: nothing is placed closer than this to the frame's edge.
MARGIN = 0.35


# --- number formats ------------------------------------------------------------------------------------
def fmt_sig(x: float, digits: int = 3) -> str:
    """`x` rounded to `digits` significant digits, without exponent for the magnitudes the talk shows."""
    if x == 0 or not math.isfinite(x):
        return words.number(f"{x:g}") if x == 0 else f"{x:g}"
    return words.number(_sig(x, digits))


def _sig(x: float, digits: int = 3) -> str:
    """fmt_sig the English way (the digits every locale shows)."""
    if x == 0 or not math.isfinite(x):
        return f"{x:g}"
    rounded = float(f"{x:.{digits - 1}e}")  # first round, then count: 9.995e-5 is 0.000100, not 0.0001000
    decimals = max(digits - 1 - math.floor(math.log10(abs(rounded))), 0)
    return f"{rounded:.{decimals}f}"


def fmt_int(x: float) -> str:
    """An integer with thousands separators: 1 200 000 (thin spaces; the locale's, 1.200.000 in German)."""
    return words.number(f"{round(x):,}".replace(",", "\u2009"), group=True)


def fmt_percent(share: float, decimals: int = 1) -> str:
    """A share in [0, 1] as a percentage: 0.4567 -> '45.7 %' ('45,7 %' in German, '45.7%' in Chinese)."""
    return words.percent(f"{100 * share:.{decimals}f}")


def fmt_share(share: float) -> str:
    """A composition share with enough decimals to be non-zero: 0.2 -> '20 %', 0.0002 -> '0.02 %'."""
    pct = 100 * share
    if pct >= 10:
        return words.percent(f"{pct:.0f}")
    if pct >= 1:
        return words.percent(f"{pct:.1f}")
    return words.percent(_sig(pct, 1))


def fmt_rate(rate: float) -> str:
    """A compression rate: 1875.0 -> '1875×'; non-integers keep one decimal."""
    return words.number(f"{rate:.0f}" if abs(rate - round(rate)) < 0.05 else f"{rate:.1f}") + "×"


def fmt_steps(steps: float) -> str:
    """A step count for axis ticks and titles: 4730 -> '4730', 70 500 -> '70.5k', 1 200 000 -> '1.2M'."""
    if steps >= 1e6:
        return f"{words.number(_trim(_sig(steps / 1e6, 3)))}M"
    if steps >= 1e4:
        return f"{words.number(_trim(_sig(steps / 1e3, 3)))}k"
    return f"{steps:.0f}"


def _trim(number: str) -> str:
    """Drop trailing zeros after a decimal point only: '1.50' -> '1.5', '100' stays '100'."""
    return number.rstrip("0").rstrip(".") if "." in number else number


def fmt_lr(lr: float) -> str:
    """A learning rate in scientific notation: 6e-4 -> '6e-4', 8e-7 -> '8e-7', 2.5e-4 -> '2.5e-4'."""
    mantissa, exponent = f"{lr:.2e}".split("e")
    return f"{words.number(mantissa.rstrip('0').rstrip('.'))}e{int(exponent)}"


# compression
def fmt_count(n: float) -> str:
    """A large count with a short-scale suffix, 3 significant digits: 15e12 -> '15 T', 8.03e9 -> '8.03 B'; in
    another locale its own short form (Babel's compact patterns: '8,03 Mrd.' in German, '80.3亿' in
    Chinese)."""
    local = words.compact(n, lambda m: _trim(_sig(m)))
    if local is not None:
        return local
    if not words.in_force().plain_numbers:
        return words.number(_trim(_sig(n)), group=True)
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(n) >= scale:
            return f"{_trim(_sig(n / scale))} {suffix}"
    return _trim(_sig(n))


def fmt_size(x: float, unit: str) -> str:
    """`x` (already in `unit`) to 3 significant digits, with the unit: (60.0, 'TB') -> '60 TB'."""
    return f"{words.number(_trim(_sig(x)))} {unit}"


def relation(x: float, shown: str) -> str:
    """'=' if the number `shown` starts with (a fmt_* string) equals `x`, else '≈': say when we rounded."""
    digits = ""
    if words.in_force().plain_numbers:
        for ch in shown.replace("\u2009", ""):
            if not (ch.isdigit() or ch in ".-"):
                break
            digits += ch
        exact = digits not in ("", "-", ".") and math.isclose(float(digits), x, rel_tol=1e-9)
        return "=" if exact else "≈"
    allowed = words.number_chars()
    for ch in shown:
        if not (ch.isdigit() or ch in allowed):
            break
        digits += ch
    try:
        exact = math.isclose(words.parse_number(digits.strip()), x, rel_tol=1e-9)
    except ValueError:
        exact = False
    return "=" if exact else "≈"


# kl sweep
def fmt_fixed(x: float, decimals: int = 2) -> str:
    """`x` with a fixed number of decimals and a true minus sign: -0.4477 -> '−0.45'; -0.001 -> '0.00'."""
    text = f"{x:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return words.number(text.replace("-", "\u2212"))


def ramp_color(
    value: float, low: float, high: float, low_color: str | None = None, high_color: str | None = None
) -> str:
    """`value`'s colour on a linear ramp: `low_color` (default LOW) at or below `low`, `high_color` (default
    HIGH) at or above `high`."""
    low_color, high_color = low_color or _in_force.low, high_color or _in_force.high
    t = min(max((value - low) / (high - low), 0.0), 1.0)
    a, b = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in (low_color, high_color))
    return "#" + "".join(f"{round(u + (v - u) * t):02X}" for u, v in zip(a, b, strict=True))


# forgetting
def fmt_g(x: float, digits: int = 3) -> str:
    """A hyperparameter in its shortest form, at most `digits` significant digits: 0.1 -> '0.1'."""
    text = f"{x:.{digits}g}"
    return text if "e" in text or "n" in text else words.number(text)
