"""The talk's script: every scene in talk order, a still of each beat and what to say, the numbers' sources.

    <media>/talk_script.md     Markdown: rehearsal text, handout and transcript in one
    <media>/talk_script.html   the same as one HTML page that opens offline (the stills beside it, in
                               <media>/<Scene>/beat<k>.png)

Made from what `make render` leaves beside each clip: the beats the clip wrote (``<Scene>.beats.json``, its
notes with their first frames and the sources of its numbers, scenes/kit/notes.py) and the still of each
beat's last frame. The notes are the clips' own, so every number in the script is the one on screen.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lecture_scenes.catalogue import Entry
from scenes.kit import notes, style, words
from scenes.kit.talkfile import DEFAULT_TITLE
from scenes.kit.words import _, nt, t

MARKDOWN = "talk_script.md"
HTML = "talk_script.html"
STYLE = """
body { font: 17px/1.5 "DejaVu Sans", sans-serif; max-width: 54em; margin: 2em auto; padding: 0 1em;
       color: #1B1F24; background: #FFFFFF; }
h1 { font-size: 1.7em; } h2 { margin-top: 2.2em; border-top: 1px solid #D5D9DF; padding-top: 1em; }
h3 { font-size: 1em; color: #5B6470; margin-bottom: 0.3em; }
img { width: 100%; max-width: 854px; height: auto; border: 1px solid #D5D9DF; }
em { color: #5B6470; }
@media print { h2 { break-before: page; } img { break-inside: avoid; } }
"""


@dataclass
class Script:
    """The written script: status "ok" or "skipped" (with the reason), its files."""

    status: str
    files: list[Path]
    reason: str = ""
    beats: int = 0


def clock(seconds: float) -> str:
    """m:ss.s, the way a video player shows a time."""
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes)}:{secs:04.1f}"


def escaped(text: str) -> str:
    """`text` as Markdown that shows exactly `text` (no emphasis, links, tables or HTML)."""
    text = re.sub(r"([\\`*\[\]<>|#~])", r"\\\1", text)
    return re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", text)  # compression_stats stays as it is


def heading(title: str) -> str:
    """The script's title, in the language in force."""
    return t("{title}: the talk's script", title=title)


def markdown(lines: Sequence[notes.Timeline], title: str) -> str:
    """The script as Markdown, in the language in force (its notes are already in it: the clips wrote them);
    stills are linked relative to the media folder."""
    total = sum(line.seconds for line in lines)
    beats = sum(len(line.beats) for line in lines)
    intro = _(
        "{scenes}, {beats}, {length} of video. Every scene in talk order; for each beat, its last frame and"
        " what to say while it plays. The notes are the clips' own, written where each beat is marked, with"
        " the numbers computed by mathcore and formatted as on screen. The same text is each slide's speaker"
        " note in the deck and each clip's description track ({tracks})."
    )
    out = [
        f"# {escaped(heading(title))}",
        "",
        escaped(intro).format(
            scenes=nt("{count} scene", "{count} scenes", len(lines), count=style.fmt_int(len(lines))),
            beats=nt("{count} beat", "{count} beats", beats, count=style.fmt_int(beats)),
            length=clock(total),
            tracks="`<Scene>.descriptions.vtt`",
        ),
    ]
    sources = _("Sources of the numbers")
    start = 0.0
    for i, line in enumerate(lines, 1):
        out += ["", f"## {i}. {line.scene}", ""]
        meta = t("{length} long, at {start} in the talk reel", length=clock(line.seconds), start=clock(start))
        out.append(f"*{escaped(line.description)}* ({meta})." if line.description else f"*{meta}.*")
        for k, beat in enumerate(line.beats):
            span = f"{clock(line.start(k))}–{clock(line.end(k))}"
            shown = t("Beat {k} of {n}", k=style.fmt_int(k + 1), n=style.fmt_int(len(line.beats)))
            if beat.voiced is not None:  # narrated: how long its voice speaks
                span += " · " + t("spoken for {length}", length=clock(beat.voiced))
            out += ["", f"### {escaped(shown)} · {span}", ""]
            alt = t("{scene}, the end of beat {k}", scene=line.scene, k=style.fmt_int(k + 1))
            out += [f"![{escaped(alt)}]({line.scene}/beat{k + 1}.png)", "", escaped(beat.note)]
        if line.sources:
            out += ["", f"**{escaped(sources)}**", ""]
            out += [f"- {escaped(source)}" for source in line.sources]
        start += line.seconds
    return "\n".join(out) + "\n"


def to_html(text: str, title: str, language: str = "en") -> str:
    """The Markdown script as one self-contained HTML page (its stills linked relative to it), in the talk's
    `language` (a BCP 47 tag: the page's lang, for hyphenation, fonts and screen readers)."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark").render(text)
    with words.use(language):
        shown = heading(title)
    return (
        f'<!DOCTYPE html>\n<html lang="{html.escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(shown)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


def build_script(
    entries: Sequence[Entry], media_dir: Path, title: str = DEFAULT_TITLE, language: str = "en"
) -> Script:
    """Write `media_dir`/talk_script.md and .html for `entries`, from their beats and stills.

    Skipped, leaving the last script, when a scene has no beats or stills yet (not rendered).
    """
    media_dir = Path(media_dir).resolve()
    lines, missing = [], []
    for e in entries:
        sidecar = media_dir / e.name / f"{e.name}{notes.SIDECAR_SUFFIX}"
        if not sidecar.is_file():
            missing.append(e.name)
            continue
        line = notes.read_sidecar(sidecar)
        if not all((media_dir / e.name / f"beat{k}.png").is_file() for k in range(1, len(line.beats) + 1)):
            missing.append(e.name)
        lines.append(line)
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        return Script("skipped", [], f"needs every scene rendered; missing {shown}")
    with words.use(language):  # the headings and fixed texts in the talk's language, as its notes are
        text = markdown(lines, title)
        page = to_html(text, title, language)
    files = []
    for name, content in ((MARKDOWN, text), (HTML, page)):
        path = media_dir / name
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, path)
        files.append(path)
    return Script("ok", files, beats=sum(len(line.beats) for line in lines))
