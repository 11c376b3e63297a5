"""The rules for captions a viewer can read, per language (lecture_scenes/captions.py splits and checks
by them): a line's characters, characters a second, and where a line may break."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


# Captions a viewer can read (issue 25), by the rules of a published guide for the talk's language: Netflix's
# Timed Text Style Guides (partnerhelp.netflixstudios.com), one per language, with its general requirements
# (2 lines at most, on screen 5/6 s to 7 s: we keep 1 s as the least).
@dataclass(frozen=True)
class Rules:
    """How a language's captions read: a line's characters, characters a second, and where lines break.

    `line` and `cps` are the guide's characters. In a language written without spaces (`between_characters`,
    Chinese), a character is a full-width one; a half-width one (a Latin letter, a digit, ASCII punctuation)
    counts half, as Netflix counts them ("punctuation and Latin characters count as 0.5 character",
    backlothelp.netflix.com, "How is reading speed measured?"), and lines break between characters."""

    guide: str  # the guide, by name and page
    line: int  # characters a line
    cps: int  # characters a second, adult programmes
    lines: int = 2
    min_ms: int = 1000
    max_ms: int = 7000
    between_characters: bool = False

    @property
    def scale(self) -> int:
        """Width units a character: 2 where a half-width character counts half, else 1."""
        return 2 if self.between_characters else 1


NETFLIX = "https://partnerhelp.netflixstudios.com/hc/en-us/articles/"
# The line lengths are the guides' "Character Limitation" (the Simplified Chinese guide's 16, as its
# Traditional Chinese one, article 215994807, says). The rates, for adult programmes: English 20, Chinese 9,
# and 17 for most other languages, German among them, as Subtitle Edit's Netflix quality check encodes them
# (SubtitleEdit/subtitleedit, src/libse/NetflixQualityCheck/NetflixQualityController.cs) and Pixelogic's
# Chinese Simplified (PRC) specification states for Chinese (9 characters a second).
ENGLISH = Rules(f"Netflix English Timed Text Style Guide ({NETFLIX}217350977)", line=42, cps=20)
GERMAN = Rules(f"Netflix German Timed Text Style Guide ({NETFLIX}217351587)", line=42, cps=17)
CHINESE = Rules(
    "Netflix Simplified Chinese (PRC) Timed Text Style Guide (partnerhelp.netflixstudios.com)",
    line=16,
    cps=9,
    between_characters=True,
)
#: A language with no guide of its own here: the figures Netflix's guides give most languages written with
#: spaces (42 characters a line, 17 a second; English alone allows 20).
OTHER = Rules(f"Netflix Timed Text Style Guide: General Requirements ({NETFLIX}215758617)", line=42, cps=17)
_BY_LANGUAGE = {"en": ENGLISH, "de": GERMAN, "zh": CHINESE}


def rules(language: str = "en") -> Rules:
    """The caption rules for a BCP 47 tag, by its language subtag: en (en-XA too), de (de-AT...), zh
    (zh-Hans); any other language :data:`OTHER`."""
    return _BY_LANGUAGE.get(language.replace("_", "-").split("-")[0].lower(), OTHER)


# English's rules as names (the splitter's figures for the default language).
MAX_LINE = ENGLISH.line  # characters a line
MAX_LINES = ENGLISH.lines
MIN_MS, MAX_MS = ENGLISH.min_ms, ENGLISH.max_ms  # on screen at least 1 s, at most 7 s
MAX_CPS = ENGLISH.cps  # characters (spaces included, the line break not) a second

# Where a phrase ends or clings, per language written with spaces. A line or a cue may end after a clinging
# word only at a cost ("the | model" reads badly); a new phrase starts at an opening word (a good break);
# a break before a preposition is fair (Netflix: break "before conjunctions, before prepositions"; never
# between an article and its noun).
_CLINGING = {
    "en": frozenset(
        "a an the of to in on at by for from with into onto over under than as and or but nor if so that"
        " which who whose is are was were be its their his her our your my this these those each every no"
        " not".split()
    ),
    "de": frozenset(
        "der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner zu zum zur"
        " im am vom beim ins ans von mit aus bei nach für auf an in über unter um durch gegen ohne bis als"
        " wie und oder aber ist sind war wird werden hat haben sein seine seiner seinen seinem ihre ihrer"
        " ihren ihrem ihr jedes jeder jede jeden diese dieser dieses diesen dem nicht nur noch so".split()
    ),
}
_OPENING = {
    "en": frozenset(
        "and but or so because which who where when while then if that though although since until unless"
        " whereas".split()
    ),
    "de": frozenset(
        "und aber oder denn weil dass wenn als ob obwohl während bis sondern damit sodass also dann wo was"
        " deshalb doch falls".split()
    ),
}
_PREPOSITIONS = {
    "en": frozenset("of to in on at by for from with into over under through between after before".split()),
    "de": frozenset(
        "von mit aus bei nach zu für auf an in über unter um durch gegen ohne zwischen vor hinter"
        " seit".split()
    ),
}
# Chinese: punctuation that ends a sentence or a clause (a break after it is good); punctuation a line must
# not start with (closing) or end with (opening), the CJK line-breaking rules (W3C, "Requirements for Chinese
# Text Layout", 3.1.7); particles that cling to what comes before them.
_ZH_SENTENCE_END = frozenset("。！？")
_ZH_CLAUSE_END = frozenset("，；：、")
_ZH_CLOSING = frozenset("，。、；：！？）」』”’》〉】…—·%")
_ZH_OPENING = frozenset("（「『“‘《〈【")
_ZH_CLINGING_AFTER = frozenset("的了着过们地得吗呢吧")  # "…的 | 模型" is fine, "… | 的模型" is not
_ZH_PHRASE_START = frozenset("和或但而所以因为如果虽然即使然后并且")
_ZH_PREPOSITIONS = frozenset("把被在从对向比用给按以将于跟与")


def _wide(ch: str) -> bool:
    """Whether `ch` is a full-width character (CJK ideographs, kana, full-width punctuation)."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def width(text: str, rule: Rules = ENGLISH) -> int:
    """`text`'s width in the rules' units: characters, or (Chinese) half-characters."""
    if not rule.between_characters:
        return len(text)
    return sum(2 if _wide(ch) else 1 for ch in text)
