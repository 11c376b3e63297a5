"""The talk's words (scenes/kit/words.py): catalogues read with Babel, plural forms, the pseudo-locale, the
locale's numbers through the style formatters, and the template that extraction writes."""

from __future__ import annotations

import string
from decimal import Decimal

import pytest
from babel.numbers import parse_decimal

from lecture_scenes import messages
from scenes.kit import style, words

GERMAN_PO = r"""
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

msgid "lowest total KL {kl}"
msgstr "niedrigste Gesamt-KL {kl}"

msgid "{n} frame"
msgid_plural "{n} frames"
msgstr[0] "{n} Bild"
msgstr[1] "{n} Bilder"

#, fuzzy
msgid "center"
msgstr "Mitte?"
"""


@pytest.fixture
def german(tmp_path, monkeypatch):
    """A German catalogue in a locale folder of its own."""
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "lecture.po").write_text(GERMAN_PO, encoding="utf-8")
    monkeypatch.setattr(words, "LOCALE_DIR", tmp_path)
    words.translations.cache_clear()
    yield folder / "lecture.po"
    words.translations.cache_clear()


def test_a_catalogue_is_read_with_babel_and_compiled_in_memory(german):
    with words.use("de"):
        assert words.t("lowest total KL {kl}", kl=style.fmt_sig(0.10123)) == "niedrigste Gesamt-KL 0,101"
        assert words.nt("{n} frame", "{n} frames", 1, n=1) == "1 Bild"
        assert words.nt("{n} frame", "{n} frames", 3, n=3) == "3 Bilder"
        assert words._("center") == "center"  # a fuzzy entry is not used, as msgfmt does
        assert words._("not in the catalogue") == "not in the catalogue"
    assert words.t("lowest total KL {kl}", kl="0.101") == "lowest total KL 0.101"  # English again
    assert words.catalogue_files("de") == [german]


def test_a_catalogue_that_does_not_parse_is_one_line_naming_the_file_and_line(german):
    text = GERMAN_PO + '\nmsgid "broken\n'
    german.write_text(text, encoding="utf-8")
    line = text.splitlines().index('msgid "broken') + 1
    with pytest.raises(words.LanguageError) as err:
        words.translations("de")
    assert str(err.value).startswith(f"{german}:{line}: the catalogue does not parse: missing msgstr")
    assert "\n" not in str(err.value)


def test_english_numbers_are_as_they_always_were():
    assert words.language() == "en"
    assert style.fmt_int(1_200_000) == "1\u2009200\u2009000"
    assert style.fmt_percent(0.4601) == "46.0 %"
    assert style.fmt_count(8.03e9) == "8.03 B"
    assert style.fmt_fixed(-0.4477) == "\u22120.45"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", ["0,101", "1.200.000", "46,0\xa0%", "0,02\xa0%", "1875×", "3,5×", "8,03\xa0Mrd.", "15\xa0Bio.",
                "\u22120,45", "2,5e-4", "70,5k", "60 TB"]),
        ("zh-Hans", ["0.101", "1,200,000", "46.0%", "0.02%", "1875×", "3.5×", "80.3亿", "15万亿",
                     "\u22120.45", "2.5e-4", "70.5k", "60 TB"]),
    ],
)  # fmt: skip
def test_numbers_are_written_as_the_locale_writes_them(language, expected):
    with words.use(language):
        shown = [
            style.fmt_sig(0.10123),
            style.fmt_int(1_200_000),
            style.fmt_percent(0.4601),
            style.fmt_share(0.0002),
            style.fmt_rate(1875.0),
            style.fmt_rate(3.45),
            style.fmt_count(8.03e9),
            style.fmt_count(15e12),
            style.fmt_fixed(-0.4477),
            style.fmt_lr(2.5e-4),
            style.fmt_steps(70_500),
            style.fmt_size(60.0, "TB"),
        ]
    assert shown == expected


@pytest.mark.parametrize("x", [0.10123, 12.5, 1875.0, 0.000123, 4.0])
def test_a_german_number_read_back_with_babel_is_the_english_one(x):
    english = style.fmt_sig(x)
    with words.use("de"):
        german = style.fmt_sig(x)
        assert style.relation(float(english), german + " nats") == "="
        assert style.relation(x * 1.0001, german) == "≈"
    assert parse_decimal(german, locale="de") == Decimal(english)


def test_the_pseudo_locale_lengthens_and_accents_but_keeps_placeholders():
    with words.use("en-XA"):
        out = words.t("frame {frame}:  μ = {mu},  σ = {sigma}", frame="26.8", mu="0.50", sigma="1.00")
        assert "26.8" in out and "0.50" in out and words.is_pseudo(out)
        assert "ƒŕáɱé" in out
        plain = "frame 26.8:  μ = 0.50,  σ = 1.00"
        assert len(out) >= 1.3 * len(plain)
        assert style.fmt_percent(0.46) == "46.0 %"  # English numbers
        assert words._("a message the extractor never saw") == "a message the extractor never saw"
    assert not words.is_pseudo(words._("lowest total KL"))


def test_the_template_is_what_extraction_gives():
    """Every marked message is in locale/lecture.pot and every message there is used (no stale msgid)."""
    assert words.TEMPLATE.read_text(encoding="utf-8") == messages.text(messages.template())


def test_every_placeholder_is_a_name():
    """Numbers are named placeholders a translator can move: no f-string and no positional {} in a msgid."""
    for message in messages.template():
        if not message.id:
            continue
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
            assert all(f.isidentifier() for f in fields), (text, message.locations)


def test_the_words_of_mathcores_readings_are_in_the_catalogue():
    """mathcore holds a messy run's reading in English; the kit marks each of its phrases for translation."""
    from mathcore.presets import READINGS
    from scenes.kit.assumptions import READING_WORDS

    for reading in READINGS.values():
        assert {reading.measured, reading.assumed, reading.configured} <= set(READING_WORDS)


def test_every_character_of_the_chinese_catalogue_has_a_font():
    """fonts-noto-cjk (tools/setup.sh) draws every character the Chinese talk shows: no empty boxes."""
    from scenes.kit import glyphs

    catalogue = words.read_catalogue(words.catalogue_path("zh-Hans"), "zh-Hans")
    text = "".join(
        s for m in catalogue if m.id for s in (m.string if isinstance(m.string, tuple) else (m.string,))
    )
    assert len(text) > 1000  # the whole talk, translated
    assert glyphs.undrawable(text) == []


@pytest.mark.parametrize("language", ["de", "zh-Hans"])
def test_every_message_is_translated(language):
    catalogue = words.read_catalogue(words.catalogue_path(language), language)
    template = messages.read(words.TEMPLATE)
    ids = {m.id for m in template if m.id}
    translated = {
        m.id for m in catalogue if m.id and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    assert ids - translated == set()


def test_no_module_that_marks_messages_assigns_the_name_underscore():
    """`x, _ = ...` in a module that imports gettext's `_` makes `_` a local of that function, and its
    messages break (a TypeError, or an UnboundLocalError) only when that function runs."""
    import ast

    for path in sorted(words.ROOT.glob("scenes/**/*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = any(
            isinstance(node, ast.ImportFrom) and any(a.name == "_" for a in node.names)
            for node in ast.walk(tree)
        )
        stored = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store)
        ]
        assert not (imports and stored), f"{path}: lines {stored} assign _"
