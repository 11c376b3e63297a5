"""scenes/kit/spoken.py: a note as a voice says it. The rules one by one, on the formats of
scenes/kit/style.py; every note of every clip is checked in tests/clips/test_notes.py."""

from __future__ import annotations

import pytest

from scenes.kit import notes, style
from scenes.kit.spoken import say, sentences, unsayable


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("μ = −0.45", "mu is minus 0.45"),  # the examples
        ("≈ 54.6 TiB", "about 54.6 tebibytes"),
        ("1875×", "1875 times"),
        ("KL(p ‖ q)", "the K L divergence of q from p"),
        ("p = N(0, 1)", "p is the normal distribution with mean 0 and variance 1"),
        (f"{style.fmt_int(4730)} steps", "4730 steps"),  # digit groups joined, not two numbers
        (f"{style.fmt_int(1_200_000)} steps", "1200000 steps"),
        (f"{style.fmt_count(15e12)} tokens", "15 trillion tokens"),
        (f"{style.fmt_count(8e9)} parameters", "8 billion parameters"),
        (f"{style.fmt_size(60, 'TB')} of text", "60 terabytes of text"),
        (
            f"learning rate {style.fmt_lr(6e-4)} → {style.fmt_lr(6e-5)}",
            "learning rate 6 times 10 to the minus 4, then 6 times 10 to the minus 5",
        ),
        (f"keeps {style.fmt_sig(3.95e-5)} of it", "keeps about 4 times 10 to the minus 5 of it"),
        (f"keeps {style.fmt_sig(0.00785)}.", "keeps 0.00785."),
        (f"σ = {style.fmt_fixed(1.0)}.", "sigma is 1."),
        (f"{style.fmt_percent(0.736)} center", "73.6 percent center"),
        ("at 0 %, 10 %, … 90 %", "at 0 percent, 10 percent, and so on up to 90 percent"),
        ("GPT-2 124M, 1× Chinchilla", "G P T 2, 124 million, 1 times Chinchilla"),
        ("GPT-2 1.6B", "G P T 2, 1.6 billion"),
        ("Llama 3 8B (fp32), bf16", "Llama 3, 8 billion (F P 32), B F 16"),
        ("OLMo 7B; AdamW; an ASSUMPTION", "Olmo 7 billion; Adam W; an assumption"),
        ("x between −2 and 2", "x between minus 2 and 2"),
        ("warm-up 700 steps", "warm-up 700 steps"),
    ],
)
def test_a_written_form_and_what_a_voice_says(written, spoken):
    assert say(written) == spoken
    assert unsayable(say(written)) == ""


def test_what_a_voice_cannot_say_is_named():
    assert unsayable("μ = −0.45 ≈ 1875× → ‖ 4\u2009730") == "".join(sorted("=≈×→‖−μ\u2009"))


def test_a_beat_says_its_note_by_the_rules_unless_the_clip_gives_its_spoken_form(tmp_path):
    assert notes.Beat("σ = 1.00", 0).spoken == "sigma is 1"
    given = notes.Beat("N(0, 1)", 0, said="the standard normal")
    assert given.spoken == "the standard normal"
    line = notes.Timeline("Clip", 15.0, 30, (given,))
    notes.write_sidecar(tmp_path / "x.beats.json", line)
    assert notes.read_sidecar(tmp_path / "x.beats.json").beats[0].spoken == "the standard normal"


@pytest.mark.parametrize(
    ("written", "language", "spoken"),
    [
        ("μ = −0,45", "de", "Mü gleich minus 0,45"),  # the decimal comma kept: the German voice reads it
        ("≈ 54,6 TiB", "de", "etwa 54,6 Tebi-Byte"),
        ("1875× kleiner", "de", "1875-mal kleiner"),
        ("KL(p ‖ q)", "de", "die KL-Divergenz von p zu q"),
        ("46,1 %", "de", "46,1 Prozent"),
        ("Lernrate 6e-4 → 6e-5", "de", "Lernrate 6 mal 10 hoch minus 4, dann 6 mal 10 hoch minus 5"),
        ("1.200.000 Schritte", "de", "1200000 Schritte"),
        ("15 Bio. Tokens, 8 Mrd. Parameter", "de", "15 Billionen Tokens, 8 Milliarden Parameter"),
        ("GPT-2 1.6B, Llama 3 8B", "de", "G P T 2, 1,6 Milliarden, Llama 3, 8 Milliarden"),
        ("behält 0,000100, σ = 1,00", "de", "behält 1 mal 10 hoch minus 4, Sigma gleich 1"),
        ("bei 0 %, 10 %, … 90 %", "de", "bei 0 Prozent, 10 Prozent und so weiter bis 90 Prozent"),
        ("„Niedrig“ – so", "de", "Niedrig, so"),
        ("μ = −0.45，σ = 1.22", "zh-Hans", "缪等于负0点4 5，西格玛等于1点2 2"),
        ("约 ≈ 54.6 TiB", "zh-Hans", "约 约54点6 T i B"),
        ("尾部占 46.1%", "zh-Hans", "尾部占 百分之46点1"),
        ("小 1875×", "zh-Hans", "小 1875倍"),
        ("学习率 6e-4 → 6e-5", "zh-Hans", "学习率 6乘10的负4次方到6乘10的负5次方"),
        ("558,223 步", "zh-Hans", "558223 步"),
        ("在 0%、10%……90% 处", "zh-Hans", "在 百分之0、百分之10，一直到百分之90 处"),
        ("保留 0.0000395", "zh-Hans", "保留 约4乘10的负5次方"),
        ("第 26.8 帧，2.5e-4", "zh-Hans", "第 26点8 帧，2点5乘10的负4次方"),
        ("μ = −0.45", "en-XA", "mu is minus 0.45"),  # the pseudo-locale: English rules
    ],
)
def test_a_written_form_and_what_a_voice_says_in_the_talks_language(written, language, spoken):
    assert say(written, language) == spoken
    assert unsayable(say(written, language), language) == ""


def test_what_a_german_or_chinese_voice_cannot_say_is_named():
    assert unsayable("Größe ≈ 4 %", "de") == "%≈"
    assert unsayable("总计 0.125 奈特，属于“低”。", "zh-Hans") == ""
    assert unsayable("约 ≈ 46%", "zh-Hans") == "%≈"


@pytest.mark.parametrize(
    ("note", "language", "cut"),
    [
        (
            "Use e.g. this one. Then 0.857 of it! Or not? Yes.",
            "en",
            ["Use e.g. this one.", "Then 0.857 of it!", "Or not?", "Yes."],
        ),
        ("GPT-2 1.6B: 0.5 %. Done.", "en", ["GPT-2 1.6B: 0.5 %.", "Done."]),
        (
            "Wir nehmen z. B. das. 15\u00a0Bio. Tokens. Dann 0,857.",
            "de",
            ["Wir nehmen z. B. das.", "15\u00a0Bio. Tokens.", "Dann 0,857."],
        ),
        ("先算一笔账。再看图！“好。”然后呢？", "zh-Hans", ["先算一笔账。", "再看图！", "“好。”", "然后呢？"]),
        ("占 46.1%。 路径 0.101 奈特。", "zh-Hans", ["占 46.1%。", "路径 0.101 奈特。"]),
    ],
)
def test_a_note_is_cut_into_its_sentences(note, language, cut):
    assert sentences(note, language) == cut
    for sentence in cut:  # said, a sentence stays one
        assert sentences(say(sentence, language), language) == [say(sentence, language)]
