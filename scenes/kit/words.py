"""The talk's words in its language: gettext catalogues through Babel, and the locale's way with numbers.

Every user-visible string of the clips, the kit and the notes is a message of the catalogue, marked where
it is written and looked up when the scene is built, in the language in force::

    from scenes.kit.words import _, t, nt
    label(_("center"))
    SCHEDULES = {"cosine": N_("cosine"), ...}; label(_(SCHEDULES[name]))   # marked in a table
    note = t("It stops at {kl} nats, at frame {frame}.", kl=style.fmt_sig(x), frame=style.fmt_fixed(f, 1))
    nt("at frame {frames}", "at frames {frames}", len(shown), frames=...)

Numbers are named placeholders, formatted by scenes/kit/style.py's ``fmt_*`` in the locale in force (Babel's
symbols and patterns: "0,101", "46,0 %" in German), so a translator can move them in the sentence.

The language is chosen like the theme: with the talk (``[talk] language``, ``--language``, ``LANGUAGE=``; the
channel ``LECTURE_LANGUAGE`` of scenes/kit/talk.py) and put in force when a scene is BUILT
(scenes/kit/base.py calls :func:`use`), never when this module is imported.

The catalogues are gettext ``.po`` files in the repository, ``locale/<locale>/LC_MESSAGES/lecture.po``
(``locale/de/...``, ``locale/zh_Hans/...``), made from the template ``locale/lecture.pot`` that Babel's
extractor writes from scenes/ (``babel.cfg``; tools/extract_messages.py). They are read with Babel's
``pofile`` and compiled in memory: no ``.mo`` to build, no network. English is the source language (no
catalogue); ``en-XA`` is a pseudo-locale made here from the English (every string about 40 % longer, with
accented letters, in brackets) to test that every string is marked and that the layout holds.

No manim here: the tool and scenes/kit/style.py use it without loading Manim.
"""

from __future__ import annotations

import gettext
import io
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.lists import format_list
from babel.messages import mofile, pofile
from babel.numbers import format_decimal, format_percent

ROOT = Path(__file__).resolve().parents[2]
LOCALE_DIR = ROOT / "locale"
DOMAIN = "lecture"
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
SOURCE = "en"  # the language the messages are written in
PSEUDO = "en-XA"  # the pseudo-locale: English, longer and accented
#: The marking functions Babel's extractor looks for (babel.cfg and tools/extract_messages.py say the same).
KEYWORDS = {"_": None, "t": (1,), "nt": (1, 2), "ngettext": (1, 2), "N_": None}


class LanguageError(ValueError):
    """A language tag no locale answers to, or a catalogue that cannot be read; one line."""


def tag(value: object, what: str = "language") -> str:
    """`value` as a checked BCP 47 tag ('de', 'zh-Hans', 'en-XA'): one that Babel's CLDR data knows (parsed
    with ``sep="-"``), or the pseudo-locale; LanguageError naming `what` otherwise."""
    allowed = "a BCP 47 language tag with locale data, e.g. en, de, zh-Hans (or en-XA, the pseudo-locale)"
    if not isinstance(value, str) or not value.strip():
        raise LanguageError(f"{what} must be {allowed}; got {value!r}")
    if value.replace("_", "-").lower() == PSEUDO.lower():
        return PSEUDO
    try:
        locale = Locale.parse(value.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        raise LanguageError(f"{what} must be {allowed}; got {value!r}") from None
    return str(locale).replace("_", "-")


def locale_of(language: str) -> Locale:
    """The Babel locale whose numbers and plural rules `language` uses (the pseudo-locale: English's)."""
    return Locale.parse(SOURCE if language == PSEUDO else language, sep="-")


def catalogue_path(language: str) -> Path:
    """Where `language`'s catalogue is: locale/<Babel's identifier>/LC_MESSAGES/lecture.po."""
    return LOCALE_DIR / str(locale_of(language)) / "LC_MESSAGES" / f"{DOMAIN}.po"


def catalogue_files(language: str) -> list[Path]:
    """The files `language`'s words come from (for the render's stamps): its catalogue, if it has one."""
    if language in (SOURCE, PSEUDO):
        return []
    path = catalogue_path(language)
    return [path] if path.is_file() else []


def read_catalogue(path: Path, language: str):
    """The catalogue at `path` (babel.messages.catalog.Catalog); LanguageError naming the file and line."""
    try:
        with open(path, "rb") as f:
            return pofile.read_po(f, locale=locale_of(language), domain=DOMAIN, abort_invalid=True)
    except pofile.PoFileError as err:  # "<what> on <line index>", the index counted from 0
        what = re.sub(r" on \d+$", "", str(err))
        raise LanguageError(f"{path}:{err.lineno + 1}: the catalogue does not parse: {what}") from None
    except (OSError, UnicodeDecodeError) as err:
        raise LanguageError(f"{path}: the catalogue cannot be read: {err}") from None


@lru_cache(maxsize=16)
def translations(language: str) -> gettext.NullTranslations:
    """The messages of `language`: its catalogue compiled in memory (English and a language without a
    catalogue: the messages as written; the pseudo-locale: made from them)."""
    if language == SOURCE:
        return gettext.NullTranslations()
    if language == PSEUDO:
        return _Pseudo()
    path = catalogue_path(language)
    if not path.is_file():
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    mofile.write_mo(buffer, read_catalogue(path, language))  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def missing(language: str) -> tuple[list[str], int]:
    """The template's messages `language`'s catalogue does not translate (empty or fuzzy: they stay
    English), and how many messages the template has; LanguageError if the catalogue does not parse."""
    with open(TEMPLATE, "rb") as f:
        ids = [m.id for m in pofile.read_po(f) if m.id]
    if language in (SOURCE, PSEUDO):
        return [], len(ids)
    path = catalogue_path(language)
    done = set()
    if path.is_file():
        for m in read_catalogue(path, language):
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            if m.id and not m.fuzzy and all(strings):
                done.add(m.id)
    return [i[0] if isinstance(i, tuple) else i for i in ids if i not in done], len(ids)


# --- the words in force ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Words:
    language: str
    locale: Locale
    messages: gettext.NullTranslations

    @property
    def plain_numbers(self) -> bool:
        """Numbers written as the English clips always wrote them (thin spaces, '.', '45.7 %')."""
        return self.locale.language == SOURCE and self.locale.territory is None


def words_of(language: str) -> Words:
    return Words(language, locale_of(language), translations(language))


_in_force: Words | None = None


def in_force() -> Words:
    global _in_force
    if _in_force is None:
        _in_force = words_of(SOURCE)
    return _in_force


class use:  # noqa: N801 (a function to call, that also works as a context manager)
    """Speak `language` from now on (called when a scene is built); as ``with words.use(tag):``, only inside
    the block."""

    def __init__(self, language: str):
        global _in_force
        self.previous, _in_force = _in_force, words_of(language)

    def __enter__(self) -> Words:
        return _in_force

    def __exit__(self, *exc) -> None:
        global _in_force
        _in_force = self.previous


def language() -> str:
    """The tag of the language in force."""
    return in_force().language


def _(message: str) -> str:
    """`message` in the language in force."""
    return in_force().messages.gettext(message)


def N_(message: str) -> str:  # noqa: N802 (gettext's name for it)
    """`message` marked for the catalogue, not translated here: a word kept in a table (a schedule's name) and
    translated where it is shown, with :func:`_`."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` for `n` in the language in force (its plural rules)."""
    return in_force().messages.ngettext(singular, plural, n)


def t(message: str, /, **values: object) -> str:
    """`message` in the language in force, its named placeholders ({kl}) filled with `values` (numbers as
    the fmt_* strings of scenes/kit/style.py)."""
    text = _(message)
    return text.format(**values) if values else text


def listing(items: list[str]) -> str:
    """'1, 2 and 3' in the language in force (Babel's list patterns: '1、2和3' in Chinese)."""
    if in_force().plain_numbers or len(items) < 2:  # English as the clips always wrote it (no serial comma)
        return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)
    return format_list(items, locale=in_force().locale)


def nt(singular: str, plural: str, n: int, /, **values: object) -> str:
    """:func:`ngettext` with named placeholders filled with `values` (`n` itself is not a placeholder)."""
    return ngettext(singular, plural, n).format(**values)


# --- numbers in the locale ------------------------------------------------------------------------------
def number(text: str, *, group: bool = False) -> str:
    """A number written the English way by a fmt_* formatter ('0.101', '−0.45', '1 200') in the locale in
    force, with the same digits (Babel's symbols: '0,101' in German); `group`: with thousands separators."""
    words = in_force()
    if words.plain_numbers:
        return text
    true_minus = "\u2212" in text
    plain = text.replace("\u2009", "").replace("\u2212", "-")
    decimals = len(plain.split(".", 1)[1]) if "." in plain else 0
    pattern = ("#,##0" if group else "0") + ("." + "0" * decimals if decimals else "")
    out = format_decimal(Decimal(plain), format=pattern, locale=words.locale)
    return out.replace("-", "\u2212") if true_minus else out


def percent(text: str) -> str:
    """A percentage written the English way ('45.7' of '45.7 %') with the locale's percent pattern and the
    same digits: '45,7 %' in German, '45.7%' in Chinese."""
    words = in_force()
    if words.plain_numbers:
        return f"{text} %"
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    pattern = words.locale.percent_formats[None].pattern
    head, zero, tail = pattern.rpartition("0")
    pattern = head + zero + ("." + "0" * decimals if decimals else "") + tail
    return format_percent(Decimal(text) / 100, format=pattern, locale=words.locale)


def compact(n: float, significant) -> str | None:
    """`n` in the locale's short compact form ('8,03 Mrd.' in German, '80.3亿' in Chinese) with the digits
    `significant(mantissa)` writes; None for English (the caller's own form) and where the locale does not
    shorten `n`."""
    words = in_force()
    if words.plain_numbers:
        return None
    forms = words.locale.compact_decimal_formats.get("short", {})  # plural form -> magnitude -> pattern
    formats = forms.get("other") or {}
    scales = sorted((int(k) for k in formats if abs(n) >= int(k)), reverse=True)
    if not scales:
        return None
    pattern = formats[str(scales[0])]
    zeros = pattern.pattern.count("0")
    if pattern.pattern.strip("0") == "":  # '0': not shortened at this size
        return None
    divisor = scales[0] // 10 ** (zeros - 1)
    prefix, suffix = (_unquoted(part[0]) for part in (pattern.prefix, pattern.suffix))
    return prefix + number(significant(n / divisor)) + suffix


def _unquoted(affix: str) -> str:
    """A CLDR pattern's literal text: 'Mrd'.'' -> 'Mrd.' ('' is a quote)."""
    return re.sub(r"'([^']*)'", lambda m: m.group(1) or "'", affix)


def parse_number(text: str) -> float:
    """A number as :func:`number` writes it, read back (scenes/kit/style.py's relation, the tests)."""
    words = in_force()
    plain = text.replace("\u2009", "").replace("\u00a0", "").replace("\u202f", "").replace("\u2212", "-")
    if not words.plain_numbers:
        symbols = words.locale.number_symbols["latn"]
        plain = plain.replace(symbols["group"], "").replace(symbols["decimal"], ".")
    return float(plain)


def number_chars() -> str:
    """The characters a number may hold in the locale in force, besides digits."""
    words = in_force()
    extra = ".-\u2212\u2009"
    if not words.plain_numbers:
        symbols = words.locale.number_symbols["latn"]
        extra += symbols["decimal"] + symbols["group"] + "\u00a0\u202f"
    return extra


# --- the pseudo-locale ----------------------------------------------------------------------------------
_ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "áƀçđéƒĝĥíĵķĺɱñóƥqŕšţúṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĹṀÑÖƤQŔŠŢÛṼŴẊÝŽ",
        strict=True,
    )
)
_PLACEHOLDER = re.compile(r"(\{[^{}]*\})")
PSEUDO_OPEN, PSEUDO_CLOSE = "[", "]"


def pseudo(message: str) -> str:
    """`message` in the pseudo-locale: letters accented, about 40 % longer, in brackets (so a clipped end
    shows); placeholders ({kl}) kept as they are."""
    if not message.strip():
        return message
    parts = _PLACEHOLDER.split(message)
    out = []
    length = 0
    for i, part in enumerate(parts):
        if i % 2:  # a placeholder
            out.append(part)
            continue
        length += len(part)
        out.append("".join(_ACCENTED.get(ch, ch) for ch in part))
    padding = "·" * max(1, math.ceil(0.4 * length))  # with the brackets: 40 % and more
    return PSEUDO_OPEN + "".join(out) + padding + PSEUDO_CLOSE


def is_pseudo(text: str) -> bool:
    """Whether `text` (or a line of it) came out of :func:`pseudo`."""
    return PSEUDO_OPEN in text and PSEUDO_CLOSE in text and "·" in text


class _Pseudo(gettext.NullTranslations):
    """The pseudo-locale of the messages in the template (locale/lecture.pot): a message the extractor did not
    find stays English, so the test that builds every scene in en-XA names it."""

    def __init__(self):
        super().__init__()
        with open(TEMPLATE, "rb") as f:
            template = pofile.read_po(f)
        self.known = {m.id[0] if isinstance(m.id, tuple) else m.id for m in template if m.id}

    def gettext(self, message: str) -> str:
        return pseudo(message) if message in self.known else message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        if msgid1 not in self.known:
            return msgid1 if n == 1 else msgid2
        return pseudo(msgid1 if n == 1 else msgid2)
