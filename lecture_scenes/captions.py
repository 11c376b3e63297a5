"""Text alternatives for the clips (WCAG 2.1 SC 1.2.1) as WebVTT: description tracks, chapters, captions.

- ``<Scene>.descriptions.vtt`` beside each silent clip: one cue per beat, from the beat's first frame to the
  next beat's (the last to the end of the clip), its text the beat's note: what the clip shows, for a
  ``<track kind="descriptions">`` (and the talk's script). Not captions: the notes are some 13 minutes of
  speech for 3 minutes of video (a cue of 190 characters for 0.47 s), which no viewer can read.
- ``talk_reel.chapters.vtt``: one cue per scene of the talk reel (``<track kind="chapters">``), and
  ``talk_reel.descriptions.vtt``: every beat of the reel, as the clips' description tracks.
- Captions a viewer can read (:func:`split_cues`, :func:`write_cues`): a beat's note cut into cues by the
  rules of the talk's language (:func:`rules`, from Netflix's Timed Text Style Guide for it): English at most
  2 lines of 42 characters, on screen 1 to 7 s, at most 20 characters a second; German 42 and 17; Simplified
  Chinese 16 and 9 (a half-width character counting half), broken between characters, never inside a number
  or a Latin word. Lines break where a phrase ends; cues are timed by characters. They need a beat as long
  as its note takes to say (a narrated clip's); the splitter refuses a beat too short (:class:`TooShort`)
  rather than break a rule.

Written and read back with webvtt-py: :func:`problems` checks a description track against the beats,
:func:`readable_problems` a caption track against the rules.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import webvtt

from lecture_scenes.caption_rules import (  # noqa: F401 (the rules are also read as captions.<NAME>)
    _BY_LANGUAGE,
    _CLINGING,
    _OPENING,
    _PREPOSITIONS,
    _ZH_CLAUSE_END,
    _ZH_CLINGING_AFTER,
    _ZH_CLOSING,
    _ZH_OPENING,
    _ZH_PHRASE_START,
    _ZH_PREPOSITIONS,
    _ZH_SENTENCE_END,
    CHINESE,
    ENGLISH,
    GERMAN,
    MAX_CPS,
    MAX_LINE,
    MAX_LINES,
    MAX_MS,
    MIN_MS,
    NETFLIX,
    OTHER,
    Rules,
    _wide,
    rules,
    width,
)
from scenes.kit import spoken
from scenes.kit.notes import Timeline


def milliseconds(seconds: float) -> int:
    """`seconds` up to the next whole millisecond: a cue at frame k's time k / fps starts while frame k is on
    screen (rounded down, it would start during frame k - 1, as 13.566 s does for frame 407 at 30 fps)."""
    return math.ceil(round(seconds * 1000, 6))


def timestamp(seconds: float) -> str:
    """WebVTT's hh:mm:ss.ttt, to the millisecond (:func:`milliseconds`)."""
    ms = milliseconds(seconds)
    hours, ms = divmod(ms, 3_600_000)
    minutes, ms = divmod(ms, 60_000)
    secs, ms = divmod(ms, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{ms:03d}"


def cue_text(text: str) -> str:
    """`text` as WebVTT cue text: &, < and > escaped (the cue text may hold tags), one line."""
    return html.escape(" ".join(text.split("\n")), quote=False)


def read_text(caption: webvtt.Caption) -> str:
    """A cue's text as it was given to :func:`cue_text`."""
    return html.unescape(caption.text)


def track(cues: Sequence[tuple[float, float, str, str]]) -> webvtt.WebVTT:
    """A WebVTT file of (start s, end s, identifier, text) cues."""
    vtt = webvtt.WebVTT()
    for start, end, ident, text in cues:
        vtt.captions.append(
            webvtt.Caption(start=timestamp(start), end=timestamp(end), text=cue_text(text), identifier=ident)
        )
    return vtt


def beat_cues(line: Timeline, offset: float = 0.0, prefix: str = "") -> list[tuple[float, float, str, str]]:
    """One cue per beat of `line`, shifted by `offset` seconds."""
    return [
        (offset + line.start(k), offset + line.end(k), f"{prefix}beat-{k + 1}", beat.note)
        for k, beat in enumerate(line.beats)
    ]


DESCRIPTIONS = ".descriptions.vtt"  # <Scene>.descriptions.vtt, talk_reel.descriptions.vtt


def write_descriptions(line: Timeline, path: Path) -> Path:
    """The clip's description track at `path`: one cue per beat, its note."""
    track(beat_cues(line)).save(str(path))
    return path


def write_reel_tracks(
    scenes: Sequence[tuple[str, float, Timeline | None]], chapters: Path, descriptions: Path
) -> list[Path]:
    """The reel's chapters (one cue per scene: (title, clip length, beats)) and its descriptions (every
    beat's note)."""
    chapter_cues, caption_cues, start = [], [], 0.0
    for i, (title, seconds, line) in enumerate(scenes, 1):
        chapter_cues.append((start, start + seconds, f"chapter-{i}", title))
        if line is not None:
            caption_cues += beat_cues(line, start, f"scene-{i}-")
        start += seconds
    track(chapter_cues).save(str(chapters))
    track(caption_cues).save(str(descriptions))
    return [chapters, descriptions]


def problems(path: Path, line: Timeline, seconds: float) -> list[str]:
    """What is wrong with the description track at `path` for the beats `line` of a clip `seconds` long: each
    cue must start while its beat's first frame is on screen, and end by the end of the clip."""
    try:
        cues = webvtt.read(str(path)).captions
    except (webvtt.errors.MalformedFileError, OSError) as err:
        return [f"{path.name} does not parse as WebVTT: {err}"]
    found = []
    if len(cues) != len(line.beats):
        found.append(f"{path.name}: {len(cues)} cues for {len(line.beats)} beats")
    last = 0
    for k, (cue, beat) in enumerate(zip(cues, line.beats, strict=False), 1):
        start, end = cue.start_time.in_milliseconds(), cue.end_time.in_milliseconds()
        if not last <= start < end <= milliseconds(seconds):
            found.append(f"{path.name}: cue {k} ({cue.start} --> {cue.end}) is out of order or past the clip")
        elif beat.frame is not None and math.floor(start * line.fps / 1000) != beat.frame:
            found.append(f"{path.name}: cue {k} starts at {cue.start}, not in beat {k}'s first frame")
        if read_text(cue) != beat.note:
            found.append(f"{path.name}: cue {k} is not beat {k}'s note")
        last = end
    return found


class TooShort(ValueError):
    """A beat too short for its note: read at the language's characters a second, or shown 1 s, it needs more
    time."""


@dataclass(frozen=True)
class Cue:
    """One caption: from `start` to `end` (milliseconds), its lines."""

    start: int
    end: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def _shown(lines: Sequence[str], rule: Rules) -> str:
    """A cue's characters as the reading rate counts them: a space between lines where words have spaces,
    nothing where the language breaks between characters (the line break does not count)."""
    return ("" if rule.between_characters else " ").join(lines)


def _count(units: float) -> str:
    return f"{units:g}"


def cue_problems(cue: Cue, language: str = "en") -> list[str]:
    """How `cue` breaks the rules for readable captions in `language` (none: an empty list)."""
    rule = rules(language)
    found = []
    if not 1 <= len(cue.lines) <= rule.lines or any(not line for line in cue.lines):
        found.append(f"{len(cue.lines)} lines, 1 to {rule.lines} allowed")
    if long := [line for line in cue.lines if width(line, rule) > rule.line * rule.scale]:
        found.append(f"a line of {_count(width(long[0], rule) / rule.scale)} characters, at most {rule.line}")
    ms = cue.end - cue.start
    units = width(_shown(cue.lines, rule), rule)
    if not rule.min_ms <= ms <= rule.max_ms:
        found.append(f"on screen {ms / 1000:g} s, {rule.min_ms // 1000} to {rule.max_ms // 1000} s allowed")
    elif units * 1000 >= rule.cps * rule.scale * (ms + 1):  # to the millisecond: times are whole ones
        found.append(f"{units * 1000 / rule.scale / ms:.1f} characters a second, at most {rule.cps}")
    return found


def _tokens(text: str, rule: Rules = ENGLISH) -> list[tuple[str, str]]:
    """`text` as (what comes before it, token) pairs, no token wider than a line.

    Words (split at spaces, tabs and newlines only: the thin spaces inside numbers, "4 730", stay), each with
    a space before it. Where the language breaks between characters, each full-width character is a token of
    its own and a run of half-width ones ("0.101", "GPT-2", "KL(p") one token, with nothing before it unless
    the note had a space there: a number or a Latin word is never broken."""
    limit = rule.line * rule.scale
    out: list[tuple[str, str]] = []
    for word in re.split(r"[ \t\r\n]+", text.strip()):
        if not word:
            continue
        if rule.between_characters:
            pieces = _runs(word)
        else:
            pieces = [word]
        for k, piece in enumerate(pieces):
            gap = " " if k == 0 else ""
            cut, at = [], 0
            while at < len(piece):  # a piece wider than a line: cut in pieces of a line
                end = at + 1
                while end < len(piece) and width(piece[at : end + 1], rule) <= limit:
                    end += 1
                cut.append(piece[at:end])
                at = end
            for m, part in enumerate(cut):
                # between the pieces of a cut word: a space where words have spaces, as the cut was made
                out.append((gap if m == 0 else ("" if rule.between_characters else " "), part))
    if out:
        out[0] = ("", out[0][1])
    return out


def _runs(word: str) -> list[str]:
    """A space-free run of Chinese text in tokens: each full-width character alone, half-width ones
    together."""
    out: list[str] = []
    for ch in word:
        if _wide(ch) or not out or _wide(out[-1][-1]):
            out.append(ch)
        else:
            out[-1] += ch
    return out


def _joined(tokens: Sequence[tuple[str, str]]) -> str:
    """Tokens as one line: each after what came before it in the note, none before the first."""
    return "".join(gap + tok if k else tok for k, (gap, tok) in enumerate(tokens))


def _words(text: str) -> list[str]:
    """The words of `text`, none longer than a line (English)."""
    return [tok for _, tok in _tokens(text)]


def characters(note: str, language: str = "en") -> float:
    """The characters `note` shows as captions (what the reading rate counts): its words joined by single
    spaces, a word longer than a line cut in pieces of a line, a space between them; in Chinese a half-width
    character counts half."""
    rule = rules(language)
    return width(_joined(_tokens(note, rule)), rule) / rule.scale if note.strip() else 0


def _break_cost(before: str, after: str, rule: Rules = ENGLISH, language: str = "en") -> int:
    """What a line or cue break between the tokens `before` and `after` costs: 0 at the end of a sentence,
    little after a comma or before a new phrase, much inside one (after "the", between a number and its
    unit); where the language breaks between characters, a break that puts closing punctuation at a line's
    start or opening punctuation at its end costs most. A notation in brackets stays whole ("N(0, 1)",
    "KL(p ‖ q)")."""
    if before.count("(") > before.count(")") or after.count(")") > after.count("("):
        return 20
    if rule.between_characters:
        if after[0] in _ZH_CLOSING or before[-1] in _ZH_OPENING:
            return 40
        if before[-1] in _ZH_SENTENCE_END or before[-1] in ".!?":
            return 0
        if before[-1] in _ZH_CLAUSE_END or before[-1] in ",;:":
            return 1
        if after[0] in _ZH_CLINGING_AFTER or before == "第":
            return 12
        if any(c.isdigit() for c in before) and not _wide(after[0]) and len(after) <= 5:
            return 10  # "60 | TB"
        if after[0] in _ZH_PHRASE_START:
            return 2
        if after[0] in _ZH_PREPOSITIONS or before[-1] == "的":
            return 4  # "不可能 | 把训练文本", "…的 | 权重": a phrase's edge more likely than not
        if _wide(before[-1]) != _wide(after[0]):
            return 4  # between Chinese and a number or a Latin word
        return 7  # inside a run of Chinese: maybe inside a word
    lang = language if language in _CLINGING else "en"
    bare_before, bare_after = before.lower().strip("\"'(“‘„"), after.lower().strip("\"'(“‘„),.;:")
    if before[-1] in "!?…" or before.endswith((".”", ".'", '."', ".“")):
        return 0
    if before[-1] == ".":  # a sentence's end, not an abbreviation's ("e.g.", "z. B.", "15 Bio. Tokens")
        return 0 if spoken.ends_sentence(before, after, language) else 12
    if before[-1] in ",;:" or after in {"—", "–", "-"} or before in {"—", "–"}:
        return 1
    if bare_before.rstrip(",.;:") in _CLINGING[lang]:
        return 12
    if any(c.isdigit() for c in before) and not any(c.isdigit() for c in after) and len(bare_after) <= 5:
        return 10  # "0.857 | of", "60 | TB": keep a number with its unit
    if bare_after in _OPENING[lang]:
        return 2
    if bare_after in _PREPOSITIONS[lang]:
        return 3
    return 6


def _lines(
    tokens: Sequence[tuple[str, str]], rule: Rules = ENGLISH, language: str = "en"
) -> tuple[tuple[str, ...], int] | None:
    """`tokens` laid out as one line, or as two broken where it reads best; with the cost of the break. None
    when they do not fit in two lines."""
    limit = rule.line * rule.scale
    text = _joined(tokens)
    if width(text, rule) <= limit:
        return (text,), 0
    best = None
    for k in range(1, len(tokens)):
        top, bottom = _joined(tokens[:k]), _joined(tokens[k:])
        wide_top, wide_bottom = width(top, rule), width(bottom, rule)
        if wide_top > limit or wide_bottom > limit:
            continue
        # the top line no longer than the bottom one reads better (a pyramid), but the phrase comes first
        cost = 3 * _break_cost(tokens[k - 1][1], tokens[k][1], rule, language)
        cost += abs(wide_top - wide_bottom) // (8 * rule.scale)
        if best is None or cost < best[1]:
            best = (top, bottom), cost
    return best


def _ends_sentence(token: str, rule: Rules) -> bool:
    return token[-1] in ".!?" or (rule.between_characters and token[-1] in _ZH_SENTENCE_END)


def split_cues(note: str, start: float, end: float, language: str = "en") -> list[Cue]:
    """`note` as readable captions for a beat from `start` to `end` seconds, by the rules of `language`'s
    guide (:func:`rules`; English: cues of at most 2 lines of 42 characters, on screen 1 to 7 s, at most 20
    characters a second), broken where a phrase ends; in Chinese between characters, never inside a number
    or a Latin word, best after Chinese punctuation.

    The beat's time is spread over its characters (the speaker's pace, where no voice says when each word is
    spoken), so a cue starts when its first word would be said; a cue that would stay longer than 7 s leaves
    the screen at 7 s until the next. TooShort when the beat is too short for its note: its characters at the
    language's rate, or less than 1 s in all.
    """
    rule = rules(language)
    tokens = _tokens(note, rule)
    first, last = milliseconds(start), milliseconds(end)
    span = last - first
    if not tokens:
        raise ValueError("a caption needs a note with words")
    units = width(_joined(tokens), rule)  # the note's width: characters (Chinese: half-characters)
    rate = rule.cps * rule.scale  # units a second
    if units * 1000 > rate * span or span < rule.min_ms:
        need = max(units * 1000 / rate, rule.min_ms) / 1000
        raise TooShort(
            f"a beat of {span / 1000:g} s is too short for its note: its {_count(units / rule.scale)}"
            f" characters need {need:g} s at {rule.cps} characters a second"
        )
    # Cheapest split into cues (dynamic programming over the tokens): each cue fits in two lines and holds
    # enough characters to stay 1 s at the beat's pace (its units times span / units >= 1000 ms).
    n, limit = len(tokens), rule.lines * rule.line * rule.scale + 1
    best: list[tuple[int, int, tuple[str, ...]] | None] = [None] * (n + 1)  # (cost, previous cut, lines)
    best[0] = (0, -1, ())
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            size = width(_joined(tokens[i:j]), rule)
            if size > limit:
                break
            if best[i] is None or size * span < rule.min_ms * units:
                continue
            laid = _lines(tokens[i:j], rule, language)
            if laid is None:
                continue
            lines, cost = laid
            # a cue ending mid-sentence costs more than a line break there; every cue costs a little
            after = 4 * _break_cost(tokens[j - 1][1], tokens[j][1], rule, language) if j < n else 0
            cost += best[i][0] + 5 + after
            if len(lines) == 1:
                cost += 8 * sum(1 for _, tok in tokens[i : j - 1] if _ends_sentence(tok, rule))
            if best[j] is None or cost < best[j][0]:
                best[j] = (cost, i, lines)
    if best[n] is None:
        raise TooShort(f"a beat of {span / 1000:g} s: its note cannot be cut into cues of 1 s or more")
    cuts, j = [], n
    while j > 0:
        _, i, lines = best[j]
        cuts.append((i, j, lines))
        j = i
    cuts.reverse()
    # Each cue's time: its characters' share of the beat, in whole milliseconds (floor: the shares add up to
    # at most the span, and each is >= 1000 ms and >= the reading time of its characters, because span >=
    # units / rate). A cue's share counts what comes before its first token (the space after the cue before).
    cues, done = [], 0
    for i, j, lines in cuts:
        size = width(_joined(tokens[i:j]), rule)
        at = first + done * span // units
        share = size * span // units
        cues.append(Cue(at, at + min(share, rule.max_ms), lines))
        done += size + (width(tokens[j][0], rule) if j < n else 0)
    return cues


def write_cues(cues: Sequence[Cue], path: Path) -> Path:
    """Readable captions (:func:`split_cues`) as a WebVTT file at `path`, a line break between lines."""
    vtt = webvtt.WebVTT()
    for k, cue in enumerate(cues, 1):
        text = "\n".join(cue_text(line) for line in cue.lines)
        vtt.captions.append(
            webvtt.Caption(
                start=timestamp(cue.start / 1000), end=timestamp(cue.end / 1000), text=text, identifier=str(k)
            )
        )
    vtt.save(str(path))
    return path


def readable_problems(path: Path, language: str = "en") -> list[str]:
    """How the caption file at `path` breaks the rules for readable captions in `language`, a line per cue
    that does, and cues out of order."""
    try:
        read = webvtt.read(str(path)).captions
    except (webvtt.errors.MalformedFileError, OSError) as err:
        return [f"{path.name} does not parse as WebVTT: {err}"]
    found, last = [], 0
    for k, caption in enumerate(read, 1):
        start, end = caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds()
        lines = tuple(html.unescape(line) for line in caption.text.split("\n"))
        where = f"{path.name}: cue {k} ({caption.start} --> {caption.end})"
        found += [f"{where}: {problem}" for problem in cue_problems(Cue(start, end, lines), language)]
        if start < last:
            found.append(f"{where}: starts before the cue before it ends")
        last = end
    return found
