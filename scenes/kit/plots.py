"""Axes, ticks and curves: layout arithmetic that several clips share (positions, never a shown value)."""

from __future__ import annotations

import math as _math

import numpy as np
from manim import DOWN, LEFT, PI, Axes, VGroup, VMobject

from scenes.kit import style, words
from scenes.kit.text import fitted, label


def nice_ceiling(value: float, step: float) -> float:
    """The smallest multiple of `step` that is >= `value`: an axis end that holds every data point."""
    return step * _math.ceil(value / step - 1e-9)


def tick_step(span: float, max_intervals: int = 6) -> float:
    """The smallest 1-2-5 × 10^k step that cuts [0, span] into at most `max_intervals` whole intervals."""
    exponent = int(np.floor(np.log10(span / max_intervals)))
    for power in (exponent, exponent + 1):
        for mantissa in (1, 2, 5):
            step = mantissa * 10.0**power
            if span // step <= max_intervals:
                return step
    return 10.0 ** (exponent + 2)


def axes(
    x: tuple[float, float, float],
    y: tuple[float, float, float],
    x_span: tuple[float, float],
    y_span: tuple[float, float],
) -> Axes:
    """Plain axes (no tips, no numbers: labels are placed by the plots) for x = (start, end, tick) against
    y = (start, end, tick), filling the box x_span × y_span of the frame (scene units)."""
    ax = Axes(
        x_range=list(x),
        y_range=list(y),
        x_length=x_span[1] - x_span[0],
        y_length=y_span[1] - y_span[0],
        tips=False,
        axis_config={"color": style.MUTED, "stroke_width": style.THIN, "include_numbers": False},
    )
    return ax.shift(np.array([x_span[0], y_span[0], 0.0]) - ax.c2p(x[0], y[0]))


def step_axes(
    total_steps: int, y: tuple[float, float], x_span: tuple[float, float], y_span: tuple[float, float]
) -> Axes:
    """Axes of gradient steps 0..total_steps against 0..y[0] (ticks every y[1]), filling x_span × y_span."""
    return axes((0, total_steps, tick_step(total_steps)), (0, y[0], y[1]), x_span, y_span)


def to_scene(ax: Axes, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Scene points (..., 3) of data coordinates, broadcasting: the axes are linear, two vectors do."""
    origin = ax.c2p(0, 0)
    unit_x, unit_y = ax.c2p(1, 0) - origin, ax.c2p(0, 1) - origin
    x, y = np.broadcast_arrays(x, y)
    return origin + x[..., None] * unit_x + y[..., None] * unit_y


def polyline(points: np.ndarray, color: str, width: float = style.STROKE) -> VMobject:
    """A curve through `points` (N × 3) drawn as straight segments: one Bézier curve per segment."""
    curve = VMobject(stroke_color=color, stroke_width=width)
    curve.set_points_as_corners(points)
    return curve


def smooth_path(anchors: np.ndarray) -> np.ndarray:
    """Cubic Bézier points (a0, h0, h1, a1 per segment) through `anchors` (..., n, 3), Catmull-Rom handles.

    Vectorised over leading axes, so every frame's curve is built once; a video frame only assigns one row.
    """
    tangent = np.empty_like(anchors)
    tangent[..., 1:-1, :] = (anchors[..., 2:, :] - anchors[..., :-2, :]) / 2
    tangent[..., 0, :] = anchors[..., 1, :] - anchors[..., 0, :]
    tangent[..., -1, :] = anchors[..., -1, :] - anchors[..., -2, :]
    a0, a1 = anchors[..., :-1, :], anchors[..., 1:, :]
    h0, h1 = a0 + tangent[..., :-1, :] / 3, a1 - tangent[..., 1:, :] / 3
    segments = np.stack([a0, h0, h1, a1], axis=-2)
    return segments.reshape(*anchors.shape[:-2], 4 * (anchors.shape[-2] - 1), 3)


def smooth_curve(points: np.ndarray, color: str, width: float = style.STROKE) -> VMobject:
    """A smooth curve through `points` (N × 3)."""
    curve = VMobject(stroke_color=color, stroke_width=width)
    curve.points = smooth_path(points)
    return curve


def spread(desired, sizes, gap: float = 0.1, low: float = -np.inf, high: float = np.inf) -> np.ndarray:
    """Label centres along one line, as close as possible (least squares) to `desired` (ascending), with
    neighbours at least (size_i + size_j)/2 + gap apart and, where there is room, inside [low, high].

    Pool-adjacent-violators on z_i = x_i − offset_i turns the spacing constraints into z non-decreasing.
    """
    desired = np.asarray(desired, dtype=float)
    sizes = np.asarray(sizes, dtype=float)
    if desired.size == 0:
        return desired
    offsets = np.concatenate([[0.0], np.cumsum((sizes[:-1] + sizes[1:]) / 2 + gap)])
    blocks: list[list[float]] = []  # [mean, count] of pooled z values
    for z in desired - offsets:
        blocks.append([z, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m2, c2), (m1, c1) = blocks.pop(), blocks.pop()
            blocks.append([(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2])
    z = np.concatenate([np.full(int(c), m) for m, c in blocks])
    z = np.maximum(z, low + sizes[0] / 2)
    z = np.minimum(z, high - sizes[-1] / 2 - offsets[-1])
    return z + offsets


def no_overlap(labels: VGroup, gap: float = 0.12) -> VGroup:
    """The labels of a row (left to right) that do not collide: each one kept only if it starts `gap` after
    the last one kept ends (a narrow axis shows 0 %, 20 %, … where a wide one shows every tenth)."""
    kept = VGroup()
    for lab in labels:
        if not kept.submobjects or lab.get_left()[0] >= kept[-1].get_right()[0] + gap:
            kept.add(lab)
    return kept


def window(start: float, stop: float):
    """A rate function that runs from 0 to 1 while the animation's time goes from `start` to `stop`."""

    def rate(t: float) -> float:
        return min(max((t - start) / max(stop - start, 1e-12), 0.0), 1.0)

    return rate


def drawn_share(steps: np.ndarray, step: float) -> float:
    """The proportion of a polyline through x = `steps` (ascending) that lies left of x = `step`."""
    if step <= steps[0]:
        return 0.0
    if step >= steps[-1]:
        return 1.0
    k = int(np.searchsorted(steps, step, side="right")) - 1
    return (k + (step - steps[k]) / (steps[k + 1] - steps[k])) / (len(steps) - 1)


def tick_labels(ax: Axes, xs, ys, x_fmt, y_fmt, size: float = style.SMALL_SIZE) -> tuple[VGroup, VGroup]:
    """Labels of the x ticks `xs` below the axis and of the y ticks `ys` left of it, muted."""
    x_labels = VGroup(*[label(x_fmt(x), size, style.MUTED).next_to(ax.c2p(x, 0), DOWN, 0.15) for x in xs])
    y_labels = VGroup(*[label(y_fmt(y), size, style.MUTED).next_to(ax.c2p(0, y), LEFT, 0.15) for y in ys])
    return x_labels, y_labels


Y_TITLE_OVERHANG = 0.3  # how far the y axis's title may reach past each end of the axis (English's does)


def axis_titles(
    ax: Axes, x_ticks: VGroup, y_ticks: VGroup, x_title: str, y_title: str, y_mid: float | None = None
) -> VGroup:
    """The x axis's title under its tick labels, the y axis's turned up left of its tick labels, each
    centred on its axis (the y title on `y_mid` when given: the middle of the data, not of the axis)."""
    (x0, x1), (y0, y1) = ax.x_range[:2], ax.y_range[:2]
    width = ax.c2p(x1, y0)[0] - ax.c2p(x0, y0)[0]
    x_label = fitted(x_title, width, style.SMALL_SIZE, style.MUTED, centred=True)
    x_label.next_to(x_ticks, DOWN, 0.12).set_x(ax.c2p((x0 + x1) / 2, 0)[0])
    y_label = label(y_title, style.SMALL_SIZE, style.MUTED)  # may reach a little past the axis's ends
    height = ax.c2p(x0, y1)[1] - ax.c2p(x0, y0)[1]
    room = height + 2 * Y_TITLE_OVERHANG
    if y_label.width > room and words.language() != words.SOURCE:  # longer words: wrapped
        y_label = fitted(y_title, room, style.SMALL_SIZE, style.MUTED, centred=True)
    y_label.rotate(PI / 2)
    y_label.next_to(y_ticks, LEFT, 0.2).set_y(ax.c2p(0, (y0 + y1) / 2 if y_mid is None else y_mid)[1])
    return VGroup(x_label, y_label)
