"""How well a theme's colours read: WCAG 2.1 contrast against the background and distances under simulated
colour-vision deficiencies, measured with ColorAide (a maintained colour-science library). No manim here.

- contrast: WCAG 2.1 relative-luminance contrast ratio (1 to 21).
- distance: CAM02-UCS colour difference (ΔE); under a deficiency, both colours are first simulated at full
  severity with Machado, Oliveira & Fernandes (2009).
"""

from __future__ import annotations

from coloraide.everything import ColorAll as Color

from scenes.kit import theme as themes

DEFICIENCIES = ("deutan", "protan", "tritan")
TEXT_CONTRAST, GRAPHIC_CONTRAST = 4.5, 3.0  # WCAG 2.1 SC 1.4.3 and SC 1.4.11
PAIR_DISTANCE = 20.0  # CAM02-UCS ΔE a pair keeps under every simulated deficiency
NEIGHBOUR_DISTANCE = 6.0  # between neighbouring tenths, likewise


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours."""
    return Color(foreground).contrast(Color(background), method="wcag21")


def simulated(color: str, deficiency: str) -> Color:
    """`color` as a viewer with `deficiency` (deutan, protan, tritan) at full severity sees it."""
    return Color(color).filter(deficiency, method="machado").convert("srgb").fit()


def distance(a: str, b: str, deficiency: str | None = None) -> float:
    """CAM02-UCS ΔE between `a` and `b`, as seen with `deficiency` (None: normal vision)."""
    if deficiency is None:
        return Color(a).delta_e(Color(b), method="cam02")
    return simulated(a, deficiency).delta_e(simulated(b, deficiency), method="cam02")


def lightness(color: str, deficiency: str | None = None) -> float:
    """CAM02-UCS lightness J' of `color` (as seen with `deficiency`)."""
    seen = Color(color) if deficiency is None else simulated(color, deficiency)
    return seen.convert("cam02-ucs").coords()[0]


def report(theme: themes.Theme) -> dict:
    """Everything `lecture-scenes palette --json` prints: the roles, which rule each must meet, the pairs,
    and the measured contrast of every role and distances of every pair."""
    roles = theme.roles()
    pairs = [list(p) for p in themes.PAIRS]
    return {
        "theme": theme.name,
        "background": theme.background,
        "roles": {k: v for k, v in roles.items() if k != "background"},
        "text_roles": list(themes.TEXT_ROLES),
        "graphic_roles": list(themes.GRAPHIC_ROLES),
        "pairs": pairs,
        "contrast": {
            k: round(contrast(v, theme.background), 2) for k, v in roles.items() if k != "background"
        },
        "distances": {
            f"{a}/{b}": {
                "normal": round(distance(roles[a], roles[b]), 1),
                **{d: round(distance(roles[a], roles[b], d), 1) for d in DEFICIENCIES},
            }
            for a, b in themes.PAIRS
        },
    }


def problems(theme: themes.Theme) -> list[str]:
    """Every rule the theme breaks, one line each: the role or pair, its value, what was measured, what is
    required."""
    out = []
    roles = theme.roles()
    for kind, names, needed in (
        ("text", themes.TEXT_ROLES, TEXT_CONTRAST),
        ("graphic", themes.GRAPHIC_ROLES, GRAPHIC_CONTRAST),
    ):
        for name in names:
            ratio = contrast(roles[name], theme.background)
            if ratio < needed:
                where = f"{name} = {roles[name]}: contrast {ratio:.2f}:1 against {theme.background}"
                out.append(f"{where}; {kind} needs >= {needed}:1")
    for a, b in themes.PAIRS:
        worst = min(DEFICIENCIES, key=lambda d: distance(roles[a], roles[b], d))
        seen = distance(roles[a], roles[b], worst)
        if seen < PAIR_DISTANCE:
            out.append(
                f"{a}/{b} = {roles[a]}/{roles[b]}: CAM02-UCS distance {seen:.1f} under simulated {worst};"
                f" needs >= {PAIR_DISTANCE:g}"
            )
    tenths = theme.tenths
    for d in DEFICIENCIES:
        steps = [lightness(b, d) - lightness(a, d) for a, b in zip(tenths, tenths[1:], strict=False)]
        if min(steps) <= 0:
            k = steps.index(min(steps))
            out.append(
                f"tenth{k}/tenth{k + 1} = {tenths[k]}/{tenths[k + 1]}: lightness falls under simulated {d};"
                " the tenths must grow lighter from early to late"
            )
        gaps = [distance(a, b, d) for a, b in zip(tenths, tenths[1:], strict=False)]
        if min(gaps) < NEIGHBOUR_DISTANCE:
            k = gaps.index(min(gaps))
            out.append(
                f"tenth{k}/tenth{k + 1} = {tenths[k]}/{tenths[k + 1]}: CAM02-UCS distance {min(gaps):.1f}"
                f" under simulated {d}; neighbouring tenths need >= {NEIGHBOUR_DISTANCE:g}"
            )
    return out


def markdown_table(shipped: dict[str, themes.Theme] | None = None) -> str:
    """The README's table of every role in every shipped theme, with its contrast, then the pairs with their
    worst simulated distance (a test keeps the README in step)."""
    shipped = shipped or themes.THEMES
    names = list(shipped)
    kinds = {r: "text" for r in themes.TEXT_ROLES} | {r: "graphic" for r in themes.GRAPHIC_ROLES}
    head = "| role | drawn as | " + " | ".join(f"{n}: value | contrast" for n in names) + " |"
    rows = [head, "|---|---|" + "---|---|" * len(names)]
    for role in [r for r in shipped[names[0]].roles() if r != "background"]:
        cells = []
        for n in names:
            t = shipped[n]
            value = t.roles()[role]
            cells.append(f"`{value}` | {contrast(value, t.background):.1f}:1")
        rows.append(f"| {role} | {kinds.get(role, 'decoration')} | " + " | ".join(cells) + " |")
    rows += ["", "| pair | " + " | ".join(f"{n}: worst ΔE (deficiency)" for n in names) + " |"]
    rows.append("|---|" + "---|" * len(names))
    for a, b in themes.PAIRS:
        cells = []
        for n in names:
            r = shipped[n].roles()
            worst = min(DEFICIENCIES, key=lambda d: distance(r[a], r[b], d))
            cells.append(f"{distance(r[a], r[b], worst):.1f} ({worst})")
        rows.append(f"| {a} / {b} | " + " | ".join(cells) + " |")
    return "\n".join(rows)
