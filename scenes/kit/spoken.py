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

In the talk's language (``say(note, language)``): German says the symbols in German words ("μ = −0,45" ->
"Mü gleich minus 0,45", "≈ 54,6 TiB" -> "etwa 54,6 Tebi-Byte", "1875×" -> "1875-mal", "%" -> "Prozent",
"KL(p ‖ q)" -> "die KL-Divergenz von p zu q", "6e-4" -> "6 mal 10 hoch minus 4") and keeps the numbers as
the German note writes them, decimal comma and all (espeak-ng's German voice reads "0,45" as "null Komma
vier fünf"; digit groups are joined, "1.200.000" -> "1200000"). Chinese says them in Chinese ("≈" -> "约",
"46.1%" -> "百分之46点1", "1875×" -> "1875倍", "μ" -> "缪", "6e-4" -> "6乘10的负4次方") and leaves the
digits to the voice, which reads them in its language (``espeak-ng -v cmn``), but says the decimal point,
which espeak-ng's Mandarin skips: "0.45" -> "0点4 5" (零点四五). Any other language, and the
pseudo-locale, is said by the English rules. :func:`sentences` cuts a written note into its sentences, which
a voice says one at a time.

No manim here: the tool reads it too.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

# What a voice can say: letters, digits and the punctuation that only sets the pace; German's letters too;
# Chinese characters and Chinese punctuation.
SAYABLE = re.compile(r"[A-Za-z0-9 .,;:?!'()\"-]*")
SAYABLE_IN = {
    "en": SAYABLE,
    "de": re.compile(r"[A-Za-zÄÖÜäöüß0-9 .,;:?!'()\"-]*"),
    "zh": re.compile(r"[A-Za-z0-9 .,;:?!'()\"\-\u3400-\u4dbf\u4e00-\u9fff，。；：、！？（）“”]*"),
}


def base(language: str) -> str:
    """The rules a language tag is said by: its language subtag where it has rules of its own (en, de, zh),
    else English (en-XA, the pseudo-locale, too)."""
    primary = language.replace("_", "-").split("-")[0].lower()
    return primary if primary in SAYABLE_IN else "en"


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
    """The spoken form of `note`, written in `language`: what a voice reads aloud (see the module's table of
    rules)."""
    rules = base(language)
    if rules == "de":
        return _say_german(note)
    if rules == "zh":
        return _say_chinese(note)
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


def unsayable(text: str, language: str = "en") -> str:
    """The characters of `text` a voice of `language` cannot say (empty: all can be said)."""
    sayable = SAYABLE_IN[base(language)]
    return "".join(sorted({ch for ch in text if not sayable.fullmatch(ch)}))


# --- German -----------------------------------------------------------------------------------------------
# μ is "Mü" as German says it (espeak-ng reads "my" as the English word, "mai").
GREEK_DE = {**{k: v.capitalize() for k, v in GREEK.items()}, "μ": "Mü", "ν": "Nü"}
# Hyphenated, so that espeak-ng's German voice says "Byte" as German does (as in English, "bait"); it reads
# "Terabyte" in one word as "Terabüte".
UNITS_DE = {
    "TiB": "Tebi-Byte",
    "GiB": "Gibi-Byte",
    "MiB": "Mebi-Byte",
    "TB": "Tera-Byte",
    "GB": "Giga-Byte",
    "MB": "Mega-Byte",
}
# Babel's short German counts ("15 Bio.", "8 Mrd.") and the English suffixes of the names ("8B" is eight
# Milliarden: an English billion is a German Milliarde).
COUNTS_DE = {"Bio.": "Billionen", "Mrd.": "Milliarden", "Mio.": "Millionen", "Tsd.": "Tausend"}
SUFFIXES_DE = {"T": "Billionen", "B": "Milliarden", "M": "Millionen", "k": "Tausend"}
_NUMBER_DE = r"\d+(?:,\d+)?"


def _said_number_de(text: str) -> str:
    """A German decimal as a speaker says it: trailing zeros after the comma dropped ("1,00" -> "1"); below
    0,001 in scientific form, two significant digits ("0,0000395" -> "etwa 4 mal 10 hoch minus 5")."""
    said = _said_number(text.replace(",", "."))
    said = said.replace("about ", "etwa ").replace(" times 10 to the minus ", " mal 10 hoch minus ")
    return said.replace(".", ",")


def _scientific_de(match: re.Match) -> str:
    mantissa, sign, exponent = match.group(1), match.group(2), match.group(3)
    return f"{_said_number_de(mantissa)} mal 10 hoch {'minus ' if sign else ''}{exponent}"


def _say_german(note: str) -> str:
    """A German note as a German voice says it (the module's rules, in German)."""
    text = re.sub(r"[ \t\r\n]+", " ", note).strip()
    # digit groups: "1.200.000" -> "1200000" (a point before exactly three digits; thin spaces too)
    text = re.sub(r"(?<=\d)[.\u2009\u202f\u00a0](?=\d{3}(?!\d))", "", text)
    text = re.sub(r"[\u2009\u202f\u00a0]", " ", text)
    # a name's English decimal point ("GPT-2 1.6B") as German says it
    text = re.sub(r"(?<=\d)\.(?=\d+[TBMk]\b)", ",", text)
    text = re.sub(r"[„“”‚‘]", "", text)  # quotation marks are not said
    text = re.sub(r"KL\(\s*(\w+)\s*‖\s*(\w+)\s*\)", lambda m: f"die KL-Divergenz von {m[1]} zu {m[2]}", text)
    normal = rf"N\(\s*([{MINUS}-]?{_NUMBER_DE})\s*,\s*({_NUMBER_DE})\s*\)"
    text = re.sub(rf"\s*=\s*{normal}", r", die Normalverteilung mit Mittelwert \1 und Varianz \2,", text)
    text = re.sub(normal, r"die Normalverteilung mit Mittelwert \1 und Varianz \2", text)
    text = re.sub(r",?\s*…\s*", " und so weiter bis ", text)
    text = re.sub(r"\s*→\s*", ", dann ", text)
    text = re.sub(r"\s+[–—]\s+", ", ", text)
    text = re.sub(r"≈\s*", "etwa ", text)
    text = re.sub(r"\s*=\s*", " gleich ", text)
    text = re.sub(rf"({_NUMBER_DE})\s*×", r"\1-mal", text)
    text = re.sub(r"\s*%", " Prozent", text)
    text = re.sub(rf"{MINUS}\s*(?=\d)", "minus ", text)
    text = re.sub(r"(?<![\w.,])-(?=\d)", "minus ", text)
    text = re.sub(rf"\b({_NUMBER_DE})e([-{MINUS}]?)(\d+)\b", _scientific_de, text)
    for unit, words in UNITS_DE.items():
        text = re.sub(rf"(?<=\d) ?{unit}\b", f" {words}", text)
        text = re.sub(rf"\b{unit}\b", words, text)
    for short, words in COUNTS_DE.items():
        text = re.sub(rf"(?<=\d) {re.escape(short)}", f" {words}", text)
    for suffix, words in SUFFIXES_DE.items():
        text = re.sub(rf"(?<=\d) ?{suffix}\b", f" {words}", text)
    for short, letters in SPELLED.items():
        text = re.sub(rf"\b{short}(?=\d)", f"{letters} ", text)
    for name, words in NAMES.items():
        text = re.sub(rf"\b{name}\b", words, text)
    text = re.sub(r"\b([A-Z]{2,4})-(?=\d)", r"\1 ", text)  # GPT-2
    text = re.sub(r"\b[A-Z]{2,4}\b(?!-)", lambda m: " ".join(m[0]), text)  # an acronym: its letters
    for letter, name in GREEK_DE.items():
        text = text.replace(letter, name)
    text = re.sub(rf"(?<![\d,]){_NUMBER_DE}(?!\d|,\d)", lambda m: _said_number_de(m[0]), text)
    text = re.sub(r"(?<=\d) (?=\d)", ", ", text)
    text = re.sub(r",(?=\s*[;:,.!?])", "", text)  # "…Varianz 1,;": the apposition's comma before a pause
    return re.sub(r" {2,}", " ", text).strip()


# --- Chinese ----------------------------------------------------------------------------------------------
GREEK_ZH = {
    "α": "阿尔法",
    "β": "贝塔",
    "γ": "伽马",
    "δ": "德尔塔",
    "ε": "艾普西隆",
    "η": "伊塔",
    "θ": "西塔",
    "λ": "兰姆达",
    "μ": "缪",
    "π": "派",
    "ρ": "柔",
    "σ": "西格玛",
    "τ": "陶",
    "Σ": "西格玛",
}
UNITS_ZH = {"TiB": "T i B", "GiB": "G i B", "MiB": "M i B"}  # TB, GB: their letters, as said in Chinese
_NOT_LATIN_BEFORE, _NOT_LATIN_AFTER = r"(?<![A-Za-z])", r"(?![A-Za-z])"


def _said_number_zh(text: str) -> str:
    """A decimal as a Chinese speaker says it: trailing zeros dropped; below 0.001 in scientific form, two
    significant digits ("0.0000395" -> "约4乘10的负5次方")."""
    said = _said_number(text)
    if "times 10" not in said:
        return said
    about = "约" if said.startswith("about ") else ""
    mantissa, _, exponent = said.removeprefix("about ").partition(" times 10 to the minus ")
    return f"{about}{mantissa}乘10的负{exponent}次方"


def _scientific_zh(match: re.Match) -> str:
    mantissa, sign, exponent = match.group(1), match.group(2), match.group(3)
    return f"{_said_number_zh(mantissa)}乘10的{'负' if sign else ''}{exponent}次方"


def _say_chinese(note: str) -> str:
    """A Chinese note as a Chinese voice says it (the module's rules, in Chinese)."""
    text = re.sub(r"[ \t\r\n]+", " ", note).strip()
    text = re.sub(r"(?<=\d)[,\u2009\u202f\u00a0](?=\d{3}(?!\d))", "", text)  # "4,730" -> "4730"
    text = re.sub(r"[\u2009\u202f\u00a0]", " ", text)
    text = re.sub(r"KL\(\s*(\w+)\s*‖\s*(\w+)\s*\)", lambda m: f"{m[1]} 相对于 {m[2]} 的 KL 散度", text)
    normal = rf"N\(\s*([{MINUS}-]?{_NUMBER})\s*,\s*({_NUMBER})\s*\)"
    text = re.sub(rf"\s*=\s*{normal}", r"，即均值为\1、方差为\2的正态分布", text)
    text = re.sub(normal, r"均值为\1、方差为\2的正态分布", text)
    text = re.sub(r"\s*(?:……|…)\s*", "，一直到", text)
    text = re.sub(r"\s*→\s*", "到", text)
    text = re.sub(r"\s*(?:——|—|–)\s*", "，", text)
    text = re.sub(r"≈\s*", "约", text)
    text = re.sub(r"\s*=\s*", "等于", text)
    text = re.sub(rf"({_NUMBER})\s*×", r"\1倍", text)
    text = re.sub(rf"([{MINUS}-]?{_NUMBER})\s*%", r"百分之\1", text)
    text = re.sub(rf"{MINUS}\s*(?=\d)", "负", text)
    text = re.sub(r"(?<![A-Za-z0-9.])-(?=\d)", "负", text)
    text = re.sub(rf"(?<![A-Za-z0-9.])({_NUMBER})e([-{MINUS}]?)(\d+)(?!\d)", _scientific_zh, text)
    for unit, letters in UNITS_ZH.items():
        text = re.sub(rf"{_NOT_LATIN_BEFORE}{unit}{_NOT_LATIN_AFTER}", letters, text)
    text = re.sub(r"(?<=\d)([TBMk])(?![A-Za-z])", r" \1", text)  # "124M": "124 M", as said in Chinese
    for short, letters in SPELLED.items():
        text = re.sub(rf"{_NOT_LATIN_BEFORE}{short}(?=\d)", f"{letters} ", text)
    for name, words in NAMES.items():
        text = re.sub(rf"{_NOT_LATIN_BEFORE}{name}{_NOT_LATIN_AFTER}", words, text)
    text = re.sub(r"(?<![A-Za-z])([A-Z]{2,4})-(?=\d)", r"\1 ", text)  # GPT-2
    text = re.sub(rf"{_NOT_LATIN_BEFORE}[A-Z]{{2,4}}{_NOT_LATIN_AFTER}", lambda m: " ".join(m[0]), text)
    for letter, name in GREEK_ZH.items():
        text = text.replace(letter, name)
    text = re.sub(rf"(?<![\d.]){_NUMBER}(?!\d|\.\d)", lambda m: _said_number_zh(m[0]), text)
    text = re.sub(r"(?<=\d) (?=\d)", ", ", text)
    # the decimal point said: espeak-ng's Mandarin skips "." ("1.22" as 一二二); "1点2 2" is 一点二二
    text = re.sub(r"(\d+)\.(\d+)", lambda m: f"{m[1]}点{' '.join(m[2])}", text)
    return re.sub(r" {2,}", " ", text).strip()


# --- sentences --------------------------------------------------------------------------------------------
#: Words that end with a point but not a sentence, by language (German: Babel's short counts among them).
ABBREVIATIONS = {
    "en": frozenset("e.g. i.e. etc. vs. cf. approx. fig. no. dr. mr. mrs. ms. al.".split()),
    "de": frozenset(
        "z. bzw. ca. nr. usw. vgl. etc. evtl. ggf. inkl. max. min. sog. bio. mrd. mio. tsd. abb. dr."
        " prof.".split()
    ),
}


def ends_sentence(word: str, following: str, language: str = "en") -> bool:
    """Whether a sentence ends after `word` when `following` comes next (English and German): a word ending
    in ". ! ?" (or one of them and a closing quotation mark or bracket) that is no abbreviation, before a word
    that does not start in lower case."""
    bare = re.split(r"\s", word.rstrip("\"'”“)»"))[-1]  # "15\u00a0Bio.": Babel's no-break space
    if not bare or bare[-1] not in ".!?" or (following[:1].islower()):
        return False
    if bare[-1] == ".":
        abbreviations = ABBREVIATIONS.get(base(language), ABBREVIATIONS["en"])
        if bare.lower() in abbreviations or re.fullmatch(r"(?:\w\.){2,}", bare):  # "e.g.", "z.B."
            return False
    return True


def sentences(note: str, language: str = "en") -> list[str]:
    """The written `note` cut into its sentences, in order: English and German after ". ! ?" where a
    sentence ends (:func:`ends_sentence`: not inside a number, "0.857", nor after an abbreviation, "e.g.",
    "z. B.", "8 Mrd."); Chinese after 。！？ (and a closing quotation mark after one). Whitespace is made
    single spaces; joined by spaces (Chinese: as they were), the sentences are the note."""
    text = re.sub(r"[ \t\r\n]+", " ", note).strip()
    if not text:
        return []
    if base(language) == "zh":
        ends = r"(?<=[。！？])(?![”’」』）。！？])\s*|(?<=[。！？][”’」』）])\s*|(?<=[!?])\s+"
        parts = re.split(ends, text)
        return [p.strip() for p in parts if p.strip()]
    words, out, current = text.split(" "), [], []
    for k, word in enumerate(words):
        current.append(word)
        following = words[k + 1] if k + 1 < len(words) else ""
        if not following or ends_sentence(word, following, language):
            out.append(" ".join(current))
            current = []
    return out
