"""The talk's message template and catalogues, with Babel's own tools: extraction, .po files.

    python -m lecture_scenes.messages           write locale/lecture.pot from the clips and the kit
    python -m lecture_scenes.messages --check   exit 1 if locale/lecture.pot is not what extraction gives

The template holds every message marked with scenes/kit/words.py's ``_()``, ``t()``, ``nt()`` and
``ngettext()`` in the files babel.cfg names (scenes/, scenes/kit/ and the script's lecture_scenes/script.py);
each language's catalogue (locale/<locale>/LC_MESSAGES/lecture.po) is made from it and translated by hand.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from scenes.kit import words

ROOT = words.ROOT
CONFIG = ROOT / "babel.cfg"
#: A fixed date in the template's header: the file changes only when a message does.
EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PROJECT = "lecture-scenes"


def template() -> Catalog:
    """Every marked message of the files babel.cfg names, with where it is used."""
    with open(CONFIG, encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, str(CONFIG))
    catalog = Catalog(
        project=PROJECT,
        version="",
        copyright_holder="the lecture-scenes authors",
        creation_date=EPOCH,
        fuzzy=False,
    )
    found = extract_from_dir(
        str(ROOT), method_map, options_map, keywords=words.KEYWORDS, comment_tags=("TRANSLATORS:",)
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def text(catalog: Catalog) -> str:
    out = io.BytesIO()
    # Locations without line numbers: the template changes when a message does, not when code moves.
    write_po(out, catalog, width=110, sort_by_file=True, include_lineno=False)
    lines = out.getvalue().decode("utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith('"Generated-By:'))  # not Babel's version


def read(path: Path) -> Catalog:
    with open(path, "rb") as f:
        return read_po(f)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m lecture_scenes.messages", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if the template is not up to date")
    args = parser.parse_args(argv)
    catalog = template()
    fresh = text(catalog)
    if args.check:
        current = words.TEMPLATE.read_text(encoding="utf-8") if words.TEMPLATE.is_file() else ""
        if current != fresh:
            print(f"messages: {words.TEMPLATE} is not up to date; run python -m lecture_scenes.messages")
            return 1
        print(f"messages: {words.TEMPLATE} is up to date")
        return 0
    words.TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    words.TEMPLATE.write_text(fresh, encoding="utf-8")
    print(f"messages: {len(catalog)} messages in {words.TEMPLATE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


def init(language: str) -> Path:
    """A new catalogue for `language` made from the template (as ``pybabel init``): every message there,
    none translated. ValueError if the tag is unknown or the catalogue exists already."""
    from babel.messages.catalog import Catalog as _Catalog

    tag = words.tag(language, "LANGUAGE")
    path = words.catalogue_path(tag)
    if path.exists():
        raise ValueError(f"{path} exists already; edit it (or delete it to start again)")
    template = read(words.TEMPLATE)
    catalog = _Catalog(
        locale=words.locale_of(tag),
        project=PROJECT,
        version="",
        copyright_holder="the lecture-scenes authors",
        creation_date=EPOCH,
        fuzzy=False,
    )
    for m in template:
        if m.id:
            catalog.add(m.id, ("",) * catalog.num_plurals if m.pluralizable else "", m.locations,
                        auto_comments=m.auto_comments, flags=m.flags)  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    write_po(out, catalog, width=110, sort_by_file=True, include_lineno=False)
    path.write_bytes(out.getvalue())
    return path


def status(language: str) -> str:
    """One line on `language`'s catalogue: complete, or how many messages stay English and the first few."""
    left, total = words.missing(language)
    if language in (words.SOURCE, words.PSEUDO):
        return f"language {language}: {total} messages (the source language)"
    if not left:
        return f"language {language}: all {total} messages translated ({words.catalogue_path(language)})"
    first = "; ".join(repr(m if len(m) <= 40 else m[:39] + "…") for m in left[:3])
    return (
        f"language {language}: {len(left)} of {total} messages not translated, shown in English"
        f" ({words.catalogue_path(language)}): {first}{' …' if len(left) > 3 else ''}"
    )
