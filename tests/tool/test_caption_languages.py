"""lecture_scenes/captions.py in the talk's language: German and Chinese captions by their Netflix Timed Text
Style Guides (German: 42 characters a line, 17 a second; Simplified Chinese: 16 characters a line, 9 a
second, a half-width character counting half), for any note and any beat that has time for it (property
tests with hypothesis, as tests/tool/test_caption_cues.py does for English). Chinese breaks between
characters, never inside a number or a Latin word, and best after its punctuation."""

from __future__ import annotations

import math
import re

import pytest
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_scenes import captions
from lecture_scenes.captions import TooShort, cue_problems, split_cues

GERMAN_WORD = st.one_of(
    st.text("abcdefghijklmnopqrstuvwxyzäöüßÄÖÜABC", min_size=1, max_size=14),
    st.sampled_from(
        ["der", "die", "und", "0,857", "60\u00a0TB", "1875×", "μ", "−0,45", "4.730", "15\u00a0Bio."]
    ),
    st.sampled_from(
        ["Gradientenschritt", "Lernraten-Schedules", "Wahrscheinlichkeitsmasse", "Trainingstext"]
    ),
)
PUNCT = st.sampled_from(["", "", "", ",", ".", ";", ":", "?"])
SPACE = st.sampled_from([" ", " ", " ", "  ", "\n"])
GERMAN = st.lists(st.tuples(GERMAN_WORD, PUNCT, SPACE).map("".join), min_size=1, max_size=100).map("".join)

HAN = st.text(
    "的模型权重衰减训练更新保留第一个十分之占最终总和尾部中心奈特步学习率预热", min_size=1, max_size=12
)
LATIN = st.sampled_from(["0.101", "46.1%", "GPT-2", "124M", "Llama", "3", "KL(p", "‖", "q)", "6e-4", "4,730"])
ZH_PUNCT = st.sampled_from(["", "", "，", "。", "；", "：", "、", "？", "（", "）", "“", "”"])
ZH_SPACE = st.sampled_from(["", "", "", " "])
CHINESE = st.lists(
    st.tuples(st.one_of(HAN, LATIN), ZH_PUNCT, ZH_SPACE).map("".join), min_size=1, max_size=60
).map("".join)


def need_ms(note: str, language: str) -> int:
    """The least beat for `note`: its characters at the language's rate, and 1 s."""
    rule = captions.rules(language)
    return max(math.ceil(captions.characters(note, language) * 1000 / rule.cps), 1000)


def assert_readable(cues, note: str, first: int, last: int, language: str) -> None:
    assert cues
    for cue in cues:
        assert cue_problems(cue, language) == [], (cue, cue_problems(cue, language))
    assert cues[0].start >= first and cues[-1].end <= last
    for cue, after in zip(cues, cues[1:], strict=False):
        assert cue.end <= after.start
    assert "".join(c.text for c in cues).replace(" ", "") == re.sub(r"[ \t\r\n]", "", note)


@settings(max_examples=200, deadline=None)
@given(note=GERMAN, start=st.integers(0, 600_000), extra=st.integers(0, 120_000))
def test_german_cues_are_readable_when_the_beat_has_time_for_the_note(note, start, extra):
    span = need_ms(note, "de") + extra
    cues = split_cues(note, start / 1000, (start + span) / 1000, language="de")
    assert_readable(cues, note, start, start + span, "de")
    assert all(len(line) <= 42 for cue in cues for line in cue.lines)


@settings(max_examples=200, deadline=None)
@given(note=CHINESE, start=st.integers(0, 600_000), extra=st.integers(0, 60_000))
def test_chinese_cues_are_readable_and_break_between_characters_not_inside_numbers(note, start, extra):
    span = need_ms(note, "zh-Hans") + extra
    cues = split_cues(note, start / 1000, (start + span) / 1000, language="zh-Hans")
    assert_readable(cues, note, start, start + span, "zh-Hans")
    lines = [line for cue in cues for line in cue.lines]
    assert all(captions.width(line, captions.CHINESE) <= 32 for line in lines)  # 16 full-width characters
    # every run of half-width characters (a number, a Latin word) is on one line, whole
    for run in re.findall(r"[!-~]+", note.replace("（", " ").replace("）", " ")):
        assert any(run in line for line in lines), (run, lines)


@settings(max_examples=100, deadline=None)
@given(note=st.one_of(GERMAN, CHINESE), short=st.integers(1, 5_000))
def test_a_beat_too_short_is_refused_in_every_language(note, short):
    language = "zh-Hans" if re.search(r"[\u4e00-\u9fff]", note) else "de"
    with pytest.raises(TooShort, match=r"too short for its note: its [\d.]+ characters need"):
        split_cues(note, 0, max(need_ms(note, language) - short, 0) / 1000, language=language)


def test_the_rules_are_the_guides_figures():
    assert (captions.rules("en").line, captions.rules("en").cps) == (42, 20)
    assert (captions.rules("de-AT").line, captions.rules("de").cps) == (42, 17)
    assert (captions.rules("zh-Hans").line, captions.rules("zh-Hans").cps) == (16, 9)
    assert captions.rules("en-XA") is captions.ENGLISH and captions.rules("fr") is captions.OTHER
    assert "German Timed Text Style Guide" in captions.GERMAN.guide
    assert "Simplified Chinese" in captions.CHINESE.guide
    assert (
        captions.characters("0.101 奈特", "zh-Hans") == 5
    )  # half-width characters (and the space) count half


def test_chinese_breaks_after_its_punctuation_and_never_starts_a_line_with_it():
    note = (
        "模型沿着路径移动，一边平移一边变宽；注意两个占比如何交换位置。"
        "它停在总和最低的地方：第 26.8 帧，0.101 奈特。"
    )
    cues = split_cues(note, 0, 30, language="zh-Hans")
    lines = [line for cue in cues for line in cue.lines]
    assert lines[:2] == ["模型沿着路径移动，", "一边平移一边变宽；"]
    assert not any(line[0] in "，。；：、！？）”" for line in lines)
    assert any(line.endswith("0.101 奈特。") for line in lines)


def test_german_keeps_an_abbreviation_with_its_number_and_breaks_where_a_phrase_ends():
    note = (
        "Zuerst die Rechnung. Llama 3 8B wurde mit 15\u00a0Bio. Tokens Text trainiert, jedes etwa 4 Bytes"
        " groß: zusammen 60\u00a0TB."
    )
    cues = split_cues(note, 0, 20, language="de")
    ends = [line.split(" ")[-1] for cue in cues for line in cue.lines]
    assert "Bio." not in [e.split("\u00a0")[-1] for e in ends[:-1]]
    assert not any(end in {"der", "die", "das", "mit", "zu"} for end in ends)


def test_german_and_chinese_captions_write_and_read_back(tmp_path):
    for language, note in [
        (
            "de",
            "Die Kurve, die stehen bleibt, ist die wahre Verteilung p = N(0, 1). Das Modell q startet bei"
            " μ = 0,50.",
        ),
        ("zh-Hans", "不动的曲线是真实分布 p = N(0, 1)。移动的曲线是模型 q，起点为 μ = 0.50、σ = 1.00。"),
    ]:
        cues = split_cues(note, 0.0, 12.0, language=language)
        path = captions.write_cues(cues, tmp_path / f"{language}.vtt")
        assert [c.text.split("\n") for c in webvtt.read(str(path)).captions] == [list(c.lines) for c in cues]
        assert captions.readable_problems(path, language) == []


def test_a_chinese_track_too_fast_for_chinese_readers_is_named(tmp_path):
    path = tmp_path / "fast.vtt"
    path.write_text("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n第一个十分之一占最终权重的百分之五\n")
    assert captions.readable_problems(path, "en") == []  # 17 characters in 1 s: fine at English's 20
    where = "fast.vtt: cue 1 (00:00:00.000 --> 00:00:01.000)"
    assert captions.readable_problems(path, "zh-Hans") == [
        f"{where}: a line of 17 characters, at most 16",
        f"{where}: 17.0 characters a second, at most 9",
    ]
