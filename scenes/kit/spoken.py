"""A note as a voice says it: symbols, units and number formats in words, the numbers still mathcore's.

The notes are written for reading: "p = N(0, 1)", "μ = −0.45", "KL(p ‖ q)", "≈ 54.6 TiB", "1875×", "6e-4",
"0.0000395", "4 730" (a thin space between digit groups). A voice given them as they are reads symbols
aloud, skips them, or says "4 730" as two numbers. :func:`say` turns a note into its spoken form by rules on
the formatted text (the formats are few and all in scenes/kit/style.py):

====================  ==============================================  ==================================
written               spoken                                          rule
====================  ==============================================  ==================================
``4 730``             ``4730``                                        digit groups joined
``μ = −0.45``         ``mu is minus 0.45``                            Greek letters named, = is "is"
``≈ 54.6 TiB``        ``about 54.6 tebibytes``                        units named
``15 T tokens``       ``15 trillion tokens``                          count suffixes named (T, B, M, k)
``1875×``             ``1875 times``
``6e-4 → 6e-5``       ``6 times 10 to the minus 4, then 6 times ...``  scientific notation said
``0.0000395``         ``about 4 times 10 to the minus 5``             below 0.001: scientific, 2 digits
``σ = 1.00``          ``sigma is 1``                                  trailing zeros dropped
``73.6 %``            ``73.6 percent``
``N(0, 1)``           ``the normal distribution with mean 0 and variance 1``
``KL(p ‖ q)``         ``the K L divergence of q from p``
``GPT-2 124M``        ``G P T 2, 124 million``                        acronyms spelled, names' sizes said
``0 %, 10 %, … 90 %`` ``0 percent, 10 percent, and so on up to 90 percent``
====================  ==============================================  ==================================

Every number of the spoken form is the written one (a number rounded for the ear, only below 0.001, says
"about"), in the same order: tests/clips/test_notes.py checks it for every note of every scene, and that
the spoken form holds only what a voice can say (:data:`SAYABLE`). Where a rule cannot know, a beat carries
its spoken form itself: ``self.beat(note, said=...)`` (scenes/kit/base.py).

No manim here: the tool reads it too.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

# What a voice can say: letters, digits and the punctuation that only sets the pace.
SAYABLE = re.compile(r"[A-Za-z0-9 .,;:?!'()\"-]*")

GREEK = {
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "δ": "delta",
    "ε": "epsilon",
    "η": "eta",
    "θ": "theta",
    "λ": "lambda",
    "μ": "mu",
    "π": "pi",
    "ρ": "rho",
    "σ": "sigma",
    "τ": "tau",
    "Σ": "sigma",
}
UNITS = {  # a unit after a number, or on its own
    "TiB": "tebibytes",
    "GiB": "gibibytes",
    "MiB": "mebibytes",
    "TB": "terabytes",
    "GB": "gigabytes",
    "MB": "megabytes",
}
COUNTS = {"T": "trillion", "B": "billion", "M": "million", "k": "thousand"}  # style.fmt_count's suffixes
SPELLED = {"fp": "F P", "bf": "B F"}  # number formats: fp32, bf16
NAMES = {"OLMo": "Olmo", "AdamW": "Adam W"}
MINUS = "\u2212"
_NUMBER = r"\d+(?:\.\d+)?"


def _said_number(text: str) -> str:
    """A decimal as a speaker says it: trailing zeros after the point dropped ("1.00" -> "1", "0.50" ->
    "0.5"); below 0.001, in scientific form to two significant digits ("0.0000395" -> "about 4 times 10 to
    the minus 5")."""
    if "." not in text:
        return text
    value = Decimal(text)
    if 0 < value < Decimal("0.001"):
        exponent = value.adjusted()  # 3.95e-5 -> -5
        mantissa = value.scaleb(-exponent).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if mantissa >= 10:
            mantissa, exponent = (mantissa / 10).quantize(Decimal("0.1"), ROUND_HALF_UP), exponent + 1
        shown = _trimmed(str(mantissa))
        about = "" if Decimal(shown).scaleb(exponent) == value else "about "
        return f"{about}{shown} times 10 to the minus {-exponent}"
    return _trimmed(text)


def _trimmed(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def _scientific(match: re.Match) -> str:
    mantissa, sign, exponent = match.group(1), match.group(2), match.group(3)
    power = f"to the minus {exponent}" if sign else f"to the {exponent}"
    return f"{_said_number(mantissa)} times 10 {power}"


def say(note: str, language: str = "en") -> str:
    """The spoken form of `note`: what a voice reads aloud (see the module's table of rules)."""
    text = re.sub(r"[ \t\r\n]+", " ", note).strip()
    # digit groups: "1 200 000" -> "1200000" (thin or narrow no-break spaces between groups of three)
    text = re.sub(r"(?<=\d)[\u2009\u202f\u00a0](?=\d{3}(?!\d))", "", text)
    text = re.sub(r"[\u2009\u202f\u00a0]", " ", text)
    # notations first, while their symbols still mark them
    text = re.sub(
        r"KL\(\s*(\w+)\s*‖\s*(\w+)\s*\)", lambda m: f"the KL divergence of {m[2]} from {m[1]}", text
    )
    text = re.sub(
        rf"N\(\s*([{MINUS}-]?{_NUMBER})\s*,\s*({_NUMBER})\s*\)",
        r"the normal distribution with mean \1 and variance \2",
        text,
    )
    text = re.sub(r",?\s*…\s*", ", and so on up to ", text)
    text = re.sub(r"\s*→\s*", ", then ", text)
    text = re.sub(r"≈\s*", "about ", text)
    text = re.sub(r"\s*=\s*", " is ", text)
    text = re.sub(rf"({_NUMBER})\s*×", r"\1 times", text)
    text = re.sub(r"\s*%", " percent", text)
    # minus signs: the true one always, a hyphen where it starts a number
    text = re.sub(rf"{MINUS}\s*(?=\d)", "minus ", text)
    text = re.sub(r"(?<![\w.])-(?=\d)", "minus ", text)
    # scientific notation: "6e-4"
    text = re.sub(rf"\b({_NUMBER})e([-{MINUS}]?)(\d+)\b", _scientific, text)
    # units and count suffixes after a number ("60 TB", "15 T tokens", "124M", "1.6B")
    for unit, words in UNITS.items():
        text = re.sub(rf"(?<=\d) ?{unit}\b", f" {words}", text)
        text = re.sub(rf"\b{unit}\b", words, text)
    for suffix, words in COUNTS.items():
        text = re.sub(rf"(?<=\d) ?{suffix}\b", f" {words}", text)
    # number formats and names: "fp32" -> "F P 32", "GPT-2" -> "G P T 2"
    for short, letters in SPELLED.items():
        text = re.sub(rf"\b{short}(?=\d)", f"{letters} ", text)
    for name, words in NAMES.items():
        text = re.sub(rf"\b{name}\b", words, text)
    text = re.sub(r"\b([A-Z]{2,4})-(?=\d)", r"\1 ", text)  # GPT-2
    text = re.sub(r"\b[A-Z]{5,}\b", lambda m: m[0].lower(), text)  # a word in capitals for emphasis
    text = re.sub(r"\b[A-Z]{2,4}\b", lambda m: " ".join(m[0]), text)  # an acronym: its letters
    for letter, name in GREEK.items():
        text = text.replace(letter, f"{name}")
    # numbers as a speaker says them; two numbers in a row get a pause ("Llama 3, 8 billion")
    text = re.sub(rf"(?<![\d.]){_NUMBER}(?!\d|\.\d)", lambda m: _said_number(m[0]), text)
    text = re.sub(r"(?<=\d) (?=\d)", ", ", text)
    return re.sub(r" {2,}", " ", text).strip()


def unsayable(text: str) -> str:
    """The characters of `text` a voice cannot say (empty: all can be said)."""
    return "".join(sorted({ch for ch in text if not SAYABLE.fullmatch(ch)}))


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9\u00c0-\u024f])|(?<=[。！？])")


def sentences(note: str, language: str = "en") -> list[str]:
    """The written sentences of `note`, in order: cut after . ! ? (and Chinese 。！？) where the next one
    starts; a decimal point ("0.45") never ends one."""
    text = re.sub(r"[ \t\r\n]+", " ", note).strip()
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]
