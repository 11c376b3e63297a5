"""Every beat of every clip has a note, and every number in a note is a style formatter of mathcore's value.

The expected numbers are computed here from mathcore directly (not through the clips' note functions): each
note must contain them, and every number found in a note must be one of them, so a number typed by hand, or
one from another computation, fails. Names that hold digits (Llama 3 8B, GPT-2 124M, N(0, 1)) are taken out
before the numbers are parsed.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

import numpy as np
import pytest
from babel.numbers import NumberFormatError, parse_decimal
from manim import tempconfig

from mathcore.compression import circle_radii, compression_stats
from mathcore.decay import DEFAULT_START_FRACTIONS, PLAUSIBLE, composition, final_decay, sensitivity
from mathcore.kl import SweepResult, lowest_frame, lowest_frames, sweep
from mathcore.presets import RUNS, reading
from scenes import compression, forgetting, kl_sweep, schedules
from scenes.kit import spoken, style
from scenes.kit import talk as talks
from scenes.kit.patches import skipping
from tests.conftest import TEST_CONFIG
from tests.the_talk import CATALOGUE, TALK

NUMBER = re.compile(r"[−-]?\d+(?:[.\u2009]\d+)*(?:e-?\d+)?")


def numbers(text: str) -> list[str]:
    return NUMBER.findall(text)


def without_names(note: str, names) -> str:
    for name in sorted(names, key=len, reverse=True):
        note = note.replace(name, "")
    return note.replace("N(0, 1)", "")


def assert_numbers(note: str, expected: list[str], names=()) -> None:
    """`note` quotes every string of `expected`, and no number that is not in one of them."""
    for shown in expected:
        assert shown in note, f"{shown!r} missing from: {note}"
    allowed = {n for shown in expected for n in numbers(shown)}
    stray = [n for n in numbers(without_names(note, names)) if n not in allowed]
    assert not stray, f"numbers not from mathcore {stray} in: {note}"


# --- what each clip's beats must quote, from mathcore -----------------------------------------------------
def compression_expected(cls) -> list[list[str]]:
    s = compression_stats(cls.NUM_TOKENS, cls.NUM_PARAMS, cls.BYTES_PER_TOKEN, cls.BYTES_PER_PARAM)
    large, small = circle_radii(s.rate, 1.0)
    beats = [
        [
            style.fmt_count(s.num_tokens),
            style.fmt_size(s.bytes_per_token, "bytes"),
            style.fmt_size(s.data_tb, "TB"),
            style.fmt_size(s.data_tib, "TiB"),
            style.fmt_count(s.num_params),
            style.fmt_size(s.bytes_per_param, "bytes"),
            style.fmt_size(s.model_gb, "GB"),
            style.fmt_rate(s.rate),
        ],
        [style.fmt_size(s.data_tb, "TB")],
        [style.fmt_rate(s.rate), style.fmt_size(s.model_gb, "GB"), style.fmt_sig(large / small, 3) + "×"],
    ]
    if cls.ALT_FORMAT is not None:
        from mathcore.compression import BYTES_PER_PARAM

        alt = compression_stats(
            cls.NUM_TOKENS, cls.NUM_PARAMS, cls.BYTES_PER_TOKEN, BYTES_PER_PARAM[cls.ALT_FORMAT]
        )
        beats.append(
            [
                style.fmt_size(alt.bytes_per_param, "bytes"),
                style.fmt_size(alt.model_gb, "GB"),
                style.fmt_rate(alt.rate),
            ]
        )
    return beats


def lowest_expected(cls) -> tuple[SweepResult, list[str]]:
    """The path's lowest total (one sample, as both KL clips show it) and the other frames reaching it."""
    f = lowest_frame(cls.FRAMES, grid=cls.GRID, center=cls.CENTER)
    others = [
        style.fmt_fixed(g, 1) for g in lowest_frames(cls.FRAMES, grid=cls.GRID, center=cls.CENTER) if g != f
    ]
    return sweep(np.array([f]), grid=cls.GRID, center=cls.CENTER), others


def sweep_expected(cls) -> list[list[str]]:
    n = (cls.FRAMES - 1) * cls.SAMPLES_PER_FRAME + 1
    r = sweep(np.linspace(0, cls.FRAMES - 1, n), grid=cls.GRID, center=cls.CENTER)
    m, others = lowest_expected(cls)
    j = int(np.argmax(r.total))
    high = r.total >= cls.LOW_KL_NATS
    center = f"{cls.CENTER:g}"
    return [
        [
            f"between −{center} and {center}",
            style.fmt_fixed(r.mu[0]),
            style.fmt_fixed(r.sigma[0]),
            style.fmt_percent(r.center_share[0]),
            style.fmt_percent(r.tail_share[0]),
            style.fmt_sig(r.total[0], 3),
            style.fmt_sig(cls.LOW_KL_NATS, 2),
        ],
        [
            style.fmt_sig(m.total[0], 3),
            style.fmt_fixed(m.frames[0], 1),
            style.fmt_fixed(m.mu[0]),
            style.fmt_fixed(m.sigma[0]),
            style.fmt_percent(m.tail_share[0]),
            *others,
        ],
        [
            style.fmt_fixed(r.frames[-1], 0),
            style.fmt_sig(r.total[j], 3),
            style.fmt_fixed(r.frames[j], 1),
            style.fmt_percent(r.center_share[j]),
            style.fmt_percent(float(r.tail_share[high].max())),
        ],
    ]


def landscape_expected(cls) -> list[list[str]]:
    r = sweep(cls.FRAMES, grid=cls.GRID, center=cls.CENTER)
    m, others = lowest_expected(cls)
    j = int(np.argmax(r.total))
    f = float(m.frames[0])
    return [
        [style.fmt_sig(cls.LOW_KL_NATS, 2)],
        [
            style.fmt_int(cls.FRAMES),
            f"frame {style.fmt_fixed(f, 1)}, between the points of frames {int(f)} and {int(f) + 1}",
            style.fmt_sig(m.total[0], 3),
            style.fmt_percent(m.tail_share[0]),
            *others,
        ],
        [style.fmt_sig(r.total[j], 3), f"frame {j}", style.fmt_percent(r.tail_share[j])],
    ]


def schedule_numbers(run) -> list[str]:
    return [
        style.fmt_int(run.total_steps),
        style.fmt_int(run.warmup_steps),
        style.fmt_lr(run.max_lr),
        style.fmt_lr(run.min_lr),
    ]


def run_numbers(run) -> list[str]:
    return [*schedule_numbers(run), style.fmt_g(run.weight_decay)]


def assumption_numbers(run) -> list[str]:
    """What a run's first note says about what is assumed and measured: the configured steps of a reading."""
    r = reading(run)
    return [style.fmt_int(r.configured_steps)] if r else []


def sensitivity_numbers(run) -> list[list[str]]:
    """The sensitivity beat of a run with an assumed value that has plausible alternatives, or of a run read
    as one schedule (the other reading: the decay ending at the configured step), from mathcore."""
    assumed = [p for p in run.assumed if p in PLAUSIBLE]
    r = reading(run)
    if not assumed and r is not None:
        rows = sensitivity(run, "decay_steps", [r.configured_steps])
        return [
            [
                style.fmt_int(run.total_steps),
                style.fmt_int(r.configured_steps),
                style.fmt_lr(run.min_lr),
                *[
                    x
                    for _, h in rows
                    for x in (
                        style.fmt_sig(h.first_update_keeps, 3),
                        style.fmt_share(h.first_tenth),
                        style.fmt_share(h.last_tenth),
                    )
                ],
            ]
        ]
    if not assumed:
        return []
    return [
        [
            x
            for value, h in sensitivity(run, assumed[0])
            for x in (
                style.fmt_g(value),
                style.fmt_sig(h.first_update_keeps, 3),
                style.fmt_share(h.first_tenth),
            )
        ]
    ]


def forgetting_beats(run) -> list[list[str]]:
    finals, shares = final_decay(run, DEFAULT_START_FRACTIONS), composition(run)
    k = int(np.argmax(shares))
    return [
        [*run_numbers(run), *assumption_numbers(run)],
        [
            *[style.fmt_percent(f, 0) for f in (DEFAULT_START_FRACTIONS[:2] + DEFAULT_START_FRACTIONS[-1:])],
            style.fmt_sig(finals[0], 3),
            style.fmt_sig(finals[-1], 3),
            *([style.fmt_g(run.weight_decay)] if "weight_decay" in run.assumed else []),  # "if it holds"
        ],
        [
            style.fmt_share(shares[0]),
            style.fmt_share(shares[-1]),
            style.fmt_share(shares[k]),
            style.fmt_percent(DEFAULT_START_FRACTIONS[k], 0),
        ],
        *sensitivity_numbers(run),
    ]


def across_expected(cls) -> list[list[str]]:
    runs = cls.RUNS
    first = forgetting_beats(runs[0])
    beats = [[style.fmt_int(len(runs)), *first[0]], first[1], first[2]]  # the tour shows no sensitivity
    for run in runs[1:]:
        finals, shares = final_decay(run, DEFAULT_START_FRACTIONS), composition(run)
        beats.append(
            [
                style.fmt_int(run.total_steps),
                style.fmt_lr(run.max_lr),
                style.fmt_lr(run.min_lr),
                style.fmt_g(run.weight_decay),
                style.fmt_sig(finals[0], 3),
                style.fmt_share(shares[0]),
                style.fmt_share(shares[-1]),
                *assumption_numbers(run),
            ]
        )
    beats.append([style.fmt_share(composition(run)[0]) for run in runs])
    return beats


def expected_notes(cls) -> tuple[list[list[str]], list[str]]:
    """What each beat of `cls` must quote, and the names with digits in them that the notes may say."""
    if issubclass(cls, compression.CompressionCircle):
        return compression_expected(cls), [cls.MODEL, cls.WEIGHT_FORMAT, cls.ALT_FORMAT or cls.MODEL]
    if issubclass(cls, kl_sweep.KLSweep):
        return sweep_expected(cls), []
    if issubclass(cls, kl_sweep.KLLandscape):
        return landscape_expected(cls), []
    if issubclass(cls, schedules.LRSchedules):
        return [schedule_numbers(cls.SEED_RUN), schedule_numbers(cls.RUN)], [cls.SEED_RUN.name, cls.RUN.name]
    if issubclass(cls, forgetting.ForgettingScene):
        return forgetting_beats(cls.RUN), [cls.RUN.name, cls.RUN.source]
    if issubclass(cls, forgetting.ForgettingAcrossRuns):
        runs = cls.RUNS
        return across_expected(cls), [r.name for r in runs] + [r.source for r in runs]
    raise AssertionError(f"no expected notes for {cls.__name__}")


def check_notes(cls, scene) -> None:
    expected, names = expected_notes(cls)
    notes = [b.note for b in scene.beats]
    assert len(notes) == len(expected), notes
    for note, shown in zip(notes, expected, strict=True):
        assert note.strip() and len(note.split()) >= 8, note
        assert_numbers(note, shown, names)


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_every_beat_has_a_note_quoting_mathcores_numbers(entry, rendered):
    result = rendered(entry.load())
    check_notes(entry.load(), result.scene)


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_beats_are_placed_in_the_video_in_order(entry, rendered):
    """The beats' first frames rise from 0 and stay inside the clip; the clip is as long as its frames."""
    result = rendered(entry.load())
    line = result.scene.timeline
    frames = [b.frame for b in line.beats]
    assert frames[0] == 0 and frames == sorted(set(frames)) and frames[-1] < line.frames
    assert line.seconds == pytest.approx(result.seconds, abs=1.5 / line.fps)


# --- the spoken form of every note ------------------------------------------------------------------------
WRITTEN_NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?:e([−-]?)(\d+))?")
SPOKEN_NUMBER = re.compile(r"(about )?(minus )?(\d+(?:\.\d+)?)(?: times 10 to the (minus )?(\d+))?")


def written_values(note: str) -> list[float]:
    """The numbers of a written note, in order: digit groups joined ("4 730"), a hyphen after a letter not
    a minus ("GPT-2"), scientific notation read ("6e-4")."""
    text = re.sub(r"(?<=\d)\u2009(?=\d{3})", "", note)
    values = []
    for match in WRITTEN_NUMBER.finditer(text):
        digits, exp_sign, exponent = match.groups()
        value = float(digits) * (10 ** (-int(exponent) if exp_sign else int(exponent)) if exponent else 1)
        before = text[max(match.start() - 2, 0) : match.start()]
        negative = before[-1:] in ("−", "-") and not before[:1].isalnum()
        values.append(-value if negative else value)
    return values


def spoken_values(said: str) -> list[tuple[float, float]]:
    """The numbers of a spoken form, in order, each with how far from it the written value may be: 0, or
    half its last digit where it says "about" (rounded for the ear)."""
    values = []
    for about, minus, digits, exp_minus, exponent in SPOKEN_NUMBER.findall(said):
        power = (-int(exponent) if exp_minus else int(exponent)) if exponent else 0
        value = float(digits) * 10**power * (-1 if minus else 1)
        decimals = len(digits.partition(".")[2])
        values.append((value, 0.5 * 10 ** (power - decimals) if about else 0.0))
    return values


def assert_said(note: str, said: str) -> None:
    """`said` holds only what a voice can say, and every number of `note`, in order, with its value."""
    assert spoken.unsayable(said) == "", f"a voice cannot say {spoken.unsayable(said)!r} in: {said}"
    written, heard = written_values(note), spoken_values(said)
    assert len(heard) == len(written), f"{heard} for {written}:\n{note}\n{said}"
    for w, (h, slack) in zip(written, heard, strict=True):
        assert abs(w - h) <= slack + 1e-12 * abs(w), f"{w} said as {h}:\n{note}\n{said}"


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_every_note_has_a_spoken_form_a_voice_can_say_with_the_notes_numbers(entry, rendered):
    result = rendered(entry.load())
    for beat in result.scene.beats:
        assert_said(beat.note, beat.spoken)


def test_the_spoken_check_catches_a_symbol_and_a_changed_number():
    with pytest.raises(AssertionError, match="cannot say"):
        assert_said("μ = 0.5", "μ is 0.5")
    with pytest.raises(AssertionError, match="said as"):
        assert_said("keeps 0.857 of it", "keeps 0.86 of it")
    with pytest.raises(AssertionError, match="said as"):
        assert_said("keeps 0.0000395", "keeps about 5 times 10 to the minus 5")
    assert_said("keeps 0.0000395", "keeps about 4 times 10 to the minus 5")


def test_a_stray_number_fails_the_check():
    note = f"The weights are {style.fmt_rate(1875.0)} smaller, about 43 times."
    with pytest.raises(AssertionError, match="not from mathcore"):
        assert_numbers(note, [style.fmt_rate(1875.0)])


def test_the_presets_are_what_the_notes_quote():
    assert forgetting.ForgettingOLMo7B.RUN == RUNS["olmo-7b"]


def test_the_llama_notes_say_what_the_claim_rests_on(rendered):
    scene = rendered(forgetting.ForgettingLlama405B).scene
    notes = [b.note for b in scene.beats]
    assert "weight decay 0.1 is assumed (not published)" in notes[0]
    last = notes[-1]
    assert "not measured: it rests on the assumed weight decay" in last
    rows = sensitivity(RUNS["llama3-405b"])
    assert [v for v, _ in rows] == [0.1, 0.05, 0.01]
    for value, h in rows[1:]:
        keeps = style.fmt_sig(h.first_update_keeps, 3)
        assert f"at {style.fmt_g(value)} the first update would keep {keeps}" in last


def test_the_olmo_notes_say_what_is_measured_and_what_assumed(rendered):
    scene = rendered(forgetting.ForgettingOLMo7B).scene
    first = scene.beats[0].note
    assert f"What is measured: {style.fmt_int(558223)} steps, to the last official checkpoint." in first
    assert f"the configured duration was {style.fmt_int(476838)} steps" in first


# --- the spoken form in the talk's other languages --------------------------------------------------------
#: A number as a language writes it ("1.200.000", "0,45" in German; "4,730", "0.101" in Chinese), and its
#: spoken form's numbers (scenes/kit/spoken.py: "etwa 4 mal 10 hoch minus 5", "约4乘10的负5次方", "0点4 5").
LOCALES = {"de": "de", "zh-Hans": "zh_Hans"}
WRITTEN_IN = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)*)(?:e([−-]?)(\d+))?")
SPOKEN_IN = {
    "de": re.compile(r"(etwa )?(minus )?(\d+(?:,\d+)?)(?: mal 10 hoch (minus )?(\d+))?"),
    "zh-Hans": re.compile(r"(约)?(负)?(\d+(?:点\d(?: \d)*)?)(?:乘10的(负)?(\d+)次方)?"),  # "0点4 5"
}


def parsed(token: str, language: str) -> Decimal:
    """A number as `language` writes it, read with Babel's parser for the locale; one it does not read (the
    English decimal point of a name, "GPT-2 1.6B" in a German note) as English."""
    try:
        return parse_decimal(token, locale=LOCALES[language], strict=True)
    except NumberFormatError:
        return Decimal(token)


def written_values_in(note: str, language: str) -> list[float]:
    """The numbers of a note written in `language`, in order (a hyphen after a letter not a minus)."""
    values = []
    for match in WRITTEN_IN.finditer(note):
        digits, exp_sign, exponent = match.groups()
        value = parsed(digits, language)
        if exponent:
            value = value.scaleb(-int(exponent) if exp_sign else int(exponent))
        before = note[max(match.start() - 2, 0) : match.start()]
        negative = before[-1:] in ("−", "-") and not before[:1].isalnum()
        values.append(float(-value if negative else value))
    return values


def spoken_values_in(said: str, language: str) -> list[tuple[float, float]]:
    """The numbers of a spoken form in `language`, each with its slack (half its last digit after "about")."""
    values = []
    for about, minus, digits, exp_minus, exponent in SPOKEN_IN[language].findall(said):
        digits = digits.replace("点", ".").replace(" ", "")
        power = (-int(exponent) if exp_minus else int(exponent)) if exponent else 0
        value = float(parsed(digits, language)) * 10**power * (-1 if minus else 1)
        decimals = len(re.split(r"[.,]", digits)[1]) if re.search(r"[.,]", digits) else 0
        values.append((value, 0.5 * 10 ** (power - decimals) if about else 0.0))
    return values


def assert_said_in(note: str, said: str, language: str) -> None:
    """`said` holds only what a voice of `language` can say, and every number of `note`, in order."""
    cannot = spoken.unsayable(said, language)
    assert cannot == "", f"a voice cannot say {cannot!r} in: {said}"
    written, heard = written_values_in(note, language), spoken_values_in(said, language)
    assert len(heard) == len(written), f"{heard} for {written}:\n{note}\n{said}"
    for w, (h, slack) in zip(written, heard, strict=True):
        assert abs(w - h) <= slack + 1e-12 * abs(w), f"{w} said as {h}:\n{note}\n{said}"


@pytest.mark.parametrize("language", ["en", *LOCALES])
@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_every_sentence_of_every_note_has_a_spoken_form_with_its_numbers(entry, language, tmp_path):
    """Each sentence of every note, said in the note's language (as the narration says it, a sentence at a
    time): sayable, every number of the written sentence in order, and still one sentence."""
    talk = dataclasses.replace(TALK, language=language)
    with talks.using(talk), tempconfig({**TEST_CONFIG, "media_dir": str(tmp_path)}):
        scene = entry.load()(skip_animations=True)
        skipping.run(scene)
    for beat in scene.beats:
        cut = spoken.sentences(beat.note, language)
        whole = re.sub(r"[ \t\r\n]+", " ", beat.note).strip()
        if language == "zh-Hans":  # cut after 。, where a space may follow
            assert "".join(cut).replace(" ", "") == whole.replace(" ", "")
        else:
            assert " ".join(cut) == whole
        for sentence in cut:
            said = spoken.say(sentence, language)
            if language == "en":
                assert_said(sentence, said)
            else:
                assert_said_in(sentence, said, language)
            assert spoken.sentences(said, language) == [said], said


def test_the_check_in_german_catches_a_changed_number_and_reads_the_decimal_comma():
    assert_said_in("μ = −0,45 bei 1.200.000 Schritten", "Mü gleich minus 0,45 bei 1200000 Schritten", "de")
    with pytest.raises(AssertionError, match="said as"):
        assert_said_in("μ = −0,45", "Mü gleich minus 0,46", "de")
    with pytest.raises(AssertionError, match="cannot say"):
        assert_said_in("46,1 %", "46,1 %", "de")
    assert_said_in("占 46.1%，0.45", "占百分之46点1，0点4 5", "zh-Hans")
    with pytest.raises(AssertionError, match="said as"):
        assert_said_in("占 46.1%", "占百分之46点2", "zh-Hans")
