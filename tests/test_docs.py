"""The manual holds together: the README is a front page, every page of docs/ is linked from it, and every
relative link and image of the README and docs/*.md leads to a file that exists (and an #anchor to a heading
of that page, by GitHub's rules for heading anchors)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [README, *DOCS]
FRONT_PAGE_WORDS = 2000  # a front page a newcomer reads to the end; the rest belongs in docs/

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
# [text](target) and ![alt](target), with an optional "title"; the text may hold code spans (already blanked)
LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^(#{1,6})[ \t]+(?P<text>.+?)[ \t]*#*[ \t]*$", re.M)


def prose(text: str) -> str:
    """`text` without fenced code blocks, code spans and HTML comments (links there are not links)."""
    text = FENCE.sub("", text)
    text = COMMENT.sub("", text)
    return CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)


def links(page: Path) -> list[str]:
    """Every link and image target of `page`, as written."""
    return [m.group("target") for m in LINK.finditer(prose(page.read_text(encoding="utf-8")))]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: its text as rendered (code spans, links and emphasis reduced to their
    text), lower case, every character that is not a letter, digit, space, hyphen or underscore dropped,
    spaces turned into hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # [text](url) -> text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML tags
    text = text.replace("`", "")
    text = re.sub(r"(\*+|_+)(\S(?:.*?\S)?)\1", r"\2", text)  # *em*, **strong**, _em_
    text = text.strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every heading anchor of `page`; a repeated heading gets -1, -2, ... as on GitHub."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    out = set()
    for m in HEADING.finditer(text):
        base = slug(m.group("text"))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.add(base if n == 0 else f"{base}-{n}")
    return out


def is_external(target: str) -> bool:
    return re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) is not None  # https:, mailto:, ...


def test_the_slugs_follow_githubs_rules():
    assert slug("Speaker notes, captions and the talk's script") == (
        "speaker-notes-captions-and-the-talks-script"
    )
    assert slug("make render with a fork server (issue 18)") == "make-render-with-a-fork-server-issue-18"
    assert slug("The seeds' mistakes and what `mathcore` does instead") == (
        "the-seeds-mistakes-and-what-mathcore-does-instead"
    )
    assert slug("mathcore/compression.py") == "mathcorecompressionpy"
    assert slug("**Bold** and [a link](x.md) — 0.21 & 0.22") == "bold-and-a-link--021--022"


def test_the_link_finder_skips_code():
    text = "a [page](a.md), ![img](img/b.png)\n`[no](c.md)`\n```md\n[no](d.md)\n```\n<!-- [no](e.md) -->\n"
    found = [m.group("target") for m in LINK.finditer(prose(text))]
    assert found == ["a.md", "img/b.png"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_link_and_image_resolves(page):
    problems = []
    for target in links(page):
        if is_external(target):
            continue
        path_part, _, anchor = target.partition("#")
        dest = (page.parent / unquote(path_part)).resolve() if path_part else page
        where = f"{page.relative_to(ROOT)}: ({target})"
        if not dest.is_relative_to(ROOT):
            problems.append(f"{where} leaves the repository")
        elif not dest.exists():
            problems.append(f"{where}: no file {dest.relative_to(ROOT)}")
        elif anchor:
            if dest.suffix != ".md" or not dest.is_file():
                problems.append(f"{where}: an anchor into something that is not a Markdown page")
            elif unquote(anchor) not in anchors(dest):
                problems.append(f"{where}: no heading #{anchor} in {dest.relative_to(ROOT)}")
    assert not problems, "\n".join(problems)


def test_every_docs_page_is_linked_from_the_front_page():
    linked = {
        (README.parent / unquote(t.partition("#")[0])).resolve()
        for t in links(README)
        if not is_external(t) and t.partition("#")[0]
    }
    assert DOCS, "docs/ holds no pages"
    missing = [str(p.relative_to(ROOT)) for p in DOCS if p.resolve() not in linked]
    assert not missing, f"pages of docs/ the README's map does not link: {missing}"


def test_the_readme_stays_a_front_page():
    words = len(README.read_text(encoding="utf-8").split())
    assert words <= FRONT_PAGE_WORDS, f"README.md has {words} words; move detail into a page of docs/"
