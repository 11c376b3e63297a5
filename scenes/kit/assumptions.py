"""What a run's numbers rest on: its assumed values and how much hangs on them, and the reading of a run
messier than one schedule. For the forgetting clips, their notes and their paper figures alike.

A run marks unpublished values in `TrainingRun.assumed` (Llama 3 405B's weight decay). For an assumed value
with plausible alternatives (`mathcore.decay.PLAUSIBLE`), `ForgettingData.sensitivity` holds mathcore's
headline numbers at each: `SensitivityTable` shows them, `sensitivity_note` says them. A preset read as one
schedule although the real run was messier (OLMo 7B) carries a `mathcore.presets.Reading`: what is measured
and what is assumed, said in the header's source line and the notes.
"""

from __future__ import annotations

import textwrap

from manim import DOWN, LEFT, UP, Line, VGroup, config

from mathcore.decay import TrainingRun
from scenes.kit import style, words
from scenes.kit.decayplot import ForgettingData
from scenes.kit.text import label, wrapped
from scenes.kit.widgets import Header, schedule_words
from scenes.kit.words import N_, _, nt, t

#: How a run's value is named (marked for the catalogue: translated where shown) and written (a parameter of
#: `TrainingRun.assumed`).
WORDS = {
    "total_steps": (N_("steps"), style.fmt_int),
    "warmup_steps": (N_("warm-up steps"), style.fmt_int),
    "max_lr": (N_("peak learning rate"), style.fmt_lr),
    "min_lr": (N_("final learning rate"), style.fmt_lr),
    "weight_decay": (N_("weight decay"), style.fmt_g),
    "schedule": (N_("schedule"), str),
    "warmup": (N_("warm-up convention"), str),
    "decay_steps": (N_("decay ends at step"), style.fmt_int),
}
#: The words of mathcore.presets' readings (`Reading.measured`, `.assumed`, `.configured`), marked for the
#: catalogue: mathcore holds them in English, the kit says them in the talk's language.
READING_WORDS = (
    N_("last official checkpoint"),
    N_("the linear decay spans the steps run"),
    N_("configured"),
)


def value_words(run: TrainingRun, parameter: str, value=None) -> str:
    """'weight decay 0.1', the run's value (or `value`) in the parameter's format."""
    name, fmt = WORDS[parameter]
    return f"{_(name)} {fmt(getattr(run, parameter) if value is None else value)}"


def _and(items: list[str]) -> str:
    """'a and b' (English as the clips always said it; other languages: their list pattern)."""
    return " and ".join(items) if words.in_force().plain_numbers else words.listing(items)


def assumed_values(run: TrainingRun) -> str:
    """'weight decay 0.1': the run's assumed values, named and formatted."""
    return _and([value_words(run, p) for p in run.assumed])


def assumed_words(run: TrainingRun) -> str:
    """'weight decay 0.1 is assumed (not published)' for the run's assumed values, else ''."""
    if not run.assumed:
        return ""
    return nt(
        "{values} is assumed (not published)",
        "{values} are assumed (not published)",
        len(run.assumed),
        values=assumed_values(run),
    )


def run_header(data: ForgettingData) -> Header:
    """A run's header: its name; steps and hyperparameters, an assumed one marked; and its source, with what
    is measured and assumed when the run is a reading of a messier one."""
    run = data.run

    def value(parameter: str, text: str) -> str:
        return t("{value} (assumed)", value=text) if parameter in run.assumed else text

    details = "  ·  ".join(
        [
            value("total_steps", t("{steps} steps", steps=style.fmt_int(run.total_steps))),
            value("schedule", schedule_words(run.schedule)),
            value("warmup_steps", t("warm-up {steps} steps", steps=style.fmt_int(run.warmup_steps))),
            value(
                "max_lr",
                t("lr {peak} → {final}", peak=style.fmt_lr(run.max_lr), final=style.fmt_lr(run.min_lr)),
            ),
            value("weight_decay", value_words(run, "weight_decay")),
        ]
    )
    source = t("source: {source}", source=run.source)
    if data.reading is not None:
        source += f"  ·  {reading_words(data)}"
    header = Header(run.name, details)
    room = config.frame_width - 2 * style.MARGIN
    header.source = wrapped_lines(source, room, style.SMALL_SIZE, style.MUTED, centred=True)
    header.add(header.source)
    header.arrange(DOWN, buff=0.12).to_edge(UP, buff=style.MARGIN)  # as Header lays itself out
    return header


def reading_words(data: ForgettingData) -> str:
    """'measured: 558 223 steps (last official checkpoint); assumed: the linear decay spans the steps run
    (configured: 476 838 steps)'."""
    r = data.reading
    return t(
        "measured: {steps} steps ({measured}); assumed: {assumed} ({configured}: {configured_steps} steps)",
        steps=style.fmt_int(data.run.total_steps),
        measured=_(r.measured),
        assumed=_(r.assumed),
        configured=_(r.configured),
        configured_steps=style.fmt_int(r.configured_steps),
    )


def bar_caption_text(data: ForgettingData) -> str:
    """The composition bar's caption; for shares that rest on an assumed value, which value."""
    if data.reading is not None:
        return t("each tenth's share of the final weights, if {assumed}", assumed=_(data.reading.assumed))
    if not data.run.assumed:
        return _("share of the final weights from each tenth of training")
    return t(
        "each tenth's share of the final weights, at {values} (assumed)", values=assumed_values(data.run)
    )


class SensitivityTable(VGroup):
    """The headline numbers at each value of the assumed parameter: a heading, a header row and one row per
    value (the run's own first, marked "assumed"), in columns aligned on a grid `width` wide.

    Parts: `heading`, `header`, `rows` (each a VGroup: value, first update keeps, first tenth, last tenth, as
    `Label`s with `text`), `rule`.
    """

    COLUMNS = (N_("first update keeps"), N_("first tenth's share"), N_("last tenth's share"))

    def __init__(self, data: ForgettingData, width: float, size: float = style.LABEL_SIZE):
        name, fmt = WORDS[data.varied]
        own, r = data.sensitivity[0][0], data.reading
        if data.varied == "decay_steps" and r is not None:
            heading = _("where the decay ends is assumed: the run read both ways")
            others = f" ({_(r.configured)})"
        else:
            heading = t(
                "the same run at other {name}s ({value} is assumed, not published)",
                name=_(name),
                value=fmt(own),
            )
            others = ""
        self.heading = wrapped_lines(heading, width, size, style.INK)
        self.rows = VGroup()
        for value, numbers in data.sensitivity:
            cells = [
                label(
                    t("{value} (assumed)", value=fmt(value)) if value == own else f"{fmt(value)}{others}",
                    size,
                    style.INK,
                ),
                label(style.fmt_sig(numbers.first_update_keeps, 3), size, style.INK),
                label(style.fmt_share(numbers.first_tenth), size, style.INK),
                label(style.fmt_share(numbers.last_tenth), size, style.INK),
            ]
            self.rows.add(VGroup(*cells))
        small = max(style.SMALL_SIZE, size - 4)
        first = max(label(_(name), small).width, *(row[0].width for row in self.rows)) + 0.3
        rest = (width - first) / len(self.COLUMNS)
        self.header = VGroup(
            wrapped_lines(_(name), first, small, style.MUTED),  # a column header wraps rather than overlap
            *[wrapped_lines(_(c), rest - 0.25, small, style.MUTED, centred=True) for c in self.COLUMNS],
        )
        centres = [first / 2, *(first + rest * (k + 0.5) for k in range(len(self.COLUMNS)))]
        pitch = 1.7 * max(row.height for row in self.rows)
        for cell, x in zip(self.header, centres, strict=True):
            cell.move_to([x, 0, 0], aligned_edge=DOWN)
        self.header[0].align_to([0, 0, 0], LEFT)
        rule_y = -0.15
        for i, row in enumerate(self.rows):
            y = rule_y - 0.1 - (i + 0.5) * pitch
            row[0].move_to([0, y, 0], aligned_edge=LEFT)
            for cell, x in zip(row[1:], centres[1:], strict=True):
                cell.move_to([x, y, 0])
        self.rule = Line(
            [0, rule_y, 0], [width, rule_y, 0], stroke_color=style.FAINT, stroke_width=style.HAIRLINE
        )
        self.heading.next_to(self.header, UP, buff=0.3).align_to(self.rule, LEFT)
        super().__init__(self.heading, self.header, self.rule, self.rows)

    def cell_texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


def _at(data: ForgettingData, value) -> str:
    """'at 0.05', or 'with the decay ending at step 476 838'."""
    if data.varied == "decay_steps":
        return t("with the decay ending at step {step}", step=style.fmt_int(value))
    return t("at {value}", value=WORDS[data.varied][1](value))


def sensitivity_words(data: ForgettingData) -> str:
    """'at 0.05 the first update would keep 0.0886 and the first tenth make 5.69 %; at 0.01 …'."""
    return "; ".join(
        t(
            "{at} the first update would keep {keeps} and the first tenth make {first}",
            at=_at(data, value),
            keeps=style.fmt_sig(h.first_update_keeps, 3),
            first=style.fmt_share(h.first_tenth),
        )
        for value, h in data.sensitivity[1:]
    )


def reading_note(data: ForgettingData) -> str:
    """The beat that shows what the reading of a messy run decides."""
    run, r, (__, own), (configured, other) = data.run, data.reading, *data.sensitivity[:2]
    keeps, keeps_own = (style.fmt_sig(h.first_update_keeps, 3) for h in (other, own))
    gone = max(own.first_tenth, other.first_tenth) < 0.01
    verdict = (
        _(
            "Either way the first tenth is all but gone; how much the last tenth weighs depends on the"
            " reading."
        )
        if gone
        else _("The reading changes the picture: it is an assumption, not a measurement.")
    )
    return t(
        "How much hangs on the reading. The clip spreads the linear decay over all {steps} steps. Read by the"
        " {configured} duration instead, the decay would end at step {end} and the learning rate stay at"
        " {final} after it: the first update would keep {keeps} instead of {keeps_own}, the first tenth make"
        " {first} instead of {first_own}, the last tenth {last} instead of {last_own}. {verdict}",
        steps=style.fmt_int(run.total_steps),
        configured=_(r.configured),
        end=style.fmt_int(configured),
        final=style.fmt_lr(run.min_lr),
        keeps=keeps,
        keeps_own=keeps_own,
        first=style.fmt_share(other.first_tenth),
        first_own=style.fmt_share(own.first_tenth),
        last=style.fmt_share(other.last_tenth),
        last_own=style.fmt_share(own.last_tenth),
        verdict=verdict,
    )


def sensitivity_note(data: ForgettingData) -> str:
    """The beat that shows what the assumption (or the reading) decides."""
    if data.varied == "decay_steps" and data.reading is not None:
        return reading_note(data)
    run, (own, headline) = data.run, data.sensitivity[0]
    name, fmt = WORDS[data.varied]
    verdict = (
        t(
            "So whether this run has forgotten its early data is not measured: it rests on the assumed"
            " {name}.",
            name=_(name),
        )
        if headline.first_update_keeps < 0.1 <= max(h.first_update_keeps for __, h in data.sensitivity)
        else t("The picture is much the same at every {name} tried.", name=_(name))
    )
    return t(
        "How much hangs on the assumption. {run}'s {name} is not published; the clip assumes {value}. With"
        " it, the first update keeps {keeps} of its size and the first tenth makes {first} of the final"
        " weights. The same run, other {name}s: {others}. {verdict}",
        run=run.name,
        name=_(name),
        value=fmt(own),
        keeps=style.fmt_sig(headline.first_update_keeps, 3),
        first=style.fmt_share(headline.first_tenth),
        others=sensitivity_words(data),
        verdict=verdict,
    )


def assumption_sentence(data: ForgettingData) -> str:
    """For a run's first note: what is assumed and what is read into it ('' if nothing)."""
    parts = []
    if data.run.assumed:
        parts.append(" " + t("Note: {assumed}.", assumed=assumed_words(data.run)))
    if data.reading is not None:
        r = data.reading
        parts.append(
            " "
            + t(
                "What is measured: {steps} steps, to the {measured}. What is assumed: {assumed}, though the"
                " {configured} duration was {configured_steps} steps and the run was restarted and extended"
                " past it.",
                steps=style.fmt_int(data.run.total_steps),
                measured=_(r.measured),
                assumed=_(r.assumed),
                configured=_(r.configured),
                configured_steps=style.fmt_int(r.configured_steps),
            )
        )
    return "".join(parts)


def footnote(data: ForgettingData, short: bool = False) -> str:
    """One line under a figure or the stacked bars: the assumption and its weight, or the reading ('' if
    nothing is assumed). `short`: only the plausible value furthest from the run's, for a crowded frame."""
    run = data.run
    if data.reading is not None and short:
        r = data.reading
        return t(
            "{run}: {steps} steps; assumed: {assumed} ({configured}: {configured_steps})",
            run=run.name,
            steps=style.fmt_int(run.total_steps),
            assumed=_(r.assumed),
            configured=_(r.configured),
            configured_steps=style.fmt_int(r.configured_steps),
        )
    if data.reading is not None:
        return f"{run.name}: {reading_words(data)}; {sensitivity_words(data)}"
    if data.sensitivity and short:
        value, h = data.sensitivity[-1]
        return t(
            "{run}: {values} assumed; {at} the first tenth would make {first}, not {own}",
            run=run.name,
            values=assumed_values(run),
            at=_at(data, value),
            first=style.fmt_share(h.first_tenth),
            own=style.fmt_share(data.shares[0]),
        )
    if data.sensitivity:
        return f"{run.name}: {assumed_words(run)}; {sensitivity_words(data)}"
    if run.assumed:
        return f"{run.name}: {assumed_words(run)}"
    return ""


def wrapped_lines(text: str, room: float, size: float, color: str, centred: bool = False) -> VGroup:
    """`text` in as few lines as keep every line within `room` (measured, not estimated), left-aligned (or
    `centred`); a single word wider than `room` stays whole. Another language than English breaks lines where
    it does (between characters in Chinese: scenes/kit/text.py wrapped)."""
    if words.language() != words.SOURCE:
        return wrapped(text, room, size, color, centred=centred)
    whole = label(text, size, color)
    per_line = int(len(text) * room / whole.width) + 1
    while True:
        lines = [label(line, size, color) for line in textwrap.wrap(text, max(per_line, 1))]
        if per_line <= 1 or all(line.width <= room for line in lines):
            return VGroup(*lines).arrange(DOWN, buff=0.08, **({} if centred else {"aligned_edge": LEFT}))
        per_line -= 1
