"""The voices' speed: seconds of speech made per second of wall time, joe (Piper) and espeak-ng side by side.

    .venv/bin/python bench/voice.py
    .venv/bin/python bench/voice.py --runs gpt2-124m-1x olmo-7b --voices joe espeak-en

Every beat's spoken text of the forgetting clips of the given runs (the notes the clips say, from mathcore
through scenes/kit/forgetting.py's note functions, in their spoken form by scenes/kit/spoken.py), split
into sentences, is said by each voice into a fresh cache (scenes/kit/voice.py ``speak``); the voices take
turns beat by beat, so that other load on the machine hits them alike. Prints, per voice: seconds of
speech, wall seconds (the engine's part and the rest: trimming, joining, normalising with ffmpeg), and
their ratio, "x real time". Then the same beats again from the cache: nothing may be synthesised, and its
time is printed. Piper's model is loaded before the clock starts (its load time is printed on its own).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mathcore.presets import RUNS  # noqa: E402
from scenes.forgetting import bar_note, run_note, sweep_note  # noqa: E402
from scenes.kit import spoken, voice  # noqa: E402
from scenes.kit.decayplot import forgetting_data  # noqa: E402

SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def beats(runs: list[str]) -> list[tuple[str, list[str]]]:
    """(label, sentences) of every beat of the forgetting clip of each run: its note, said."""
    found = []
    for name in runs:
        data = forgetting_data(RUNS[name])
        for k, note in enumerate((run_note(data), sweep_note(data), bar_note(data)), start=1):
            found.append((f"{name} beat {k}", SENTENCE_END.split(spoken.say(note))))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", nargs="+", default=["gpt2-124m-1x", "gpt2-1.6b-1x", "olmo-7b"])
    parser.add_argument("--voices", nargs="+", default=["joe", "espeak-en"])
    args = parser.parse_args()
    voices = [voice.named(name, "en") for name in args.voices]
    todo = beats(args.runs)
    sentences = sum(len(s) for _, s in todo)
    characters = sum(len(x) for _, s in todo for x in s)
    print(
        f"voice: {len(todo)} beats of {len(args.runs)} clips, {sentences} sentences, {characters} characters"
    )
    if any(v.engine == "piper" for v in voices):
        start = time.perf_counter()
        voice._piper_voice()
        print(
            f"voice: Piper's joe model loaded (and its sha256 checked) in {time.perf_counter() - start:.2f} s"
        )

    engine = defaultdict(float)  # wall seconds inside the engine, by voice
    synthesise = voice._synthesise

    def timed(v, text):
        start = time.perf_counter()
        try:
            return synthesise(v, text)
        finally:
            engine[v.name] += time.perf_counter() - start

    voice._synthesise = timed
    speech, wall = defaultdict(float), defaultdict(float)
    with tempfile.TemporaryDirectory(prefix="bench-voice-") as cache:
        for _, said in todo:
            for v in voices:
                start = time.perf_counter()
                s = voice.speak(said, v, Path(cache))
                wall[v.name] += time.perf_counter() - start
                speech[v.name] += s.seconds
        heads = ("speech s", 9), ("wall s", 7), ("engine s", 9), ("rest s", 7), ("x real time", 12)
        print(f"{'voice':10s} " + " ".join(f"{h:>{w}s}" for h, w in heads))
        for v in voices:
            n = v.name
            print(
                f"{n:10s} {speech[n]:9.1f} {wall[n]:7.2f} {engine[n]:9.2f} {wall[n] - engine[n]:7.2f}"
                f" {speech[n] / wall[n]:12.1f}"
            )
        if len(voices) == 2:
            a, b = (v.name for v in voices)
            ratio = (speech[a] / wall[a]) / (speech[b] / wall[b])
            print(f"voice: {a} makes speech {ratio:.2f}x as fast as {b} (real-time factors' ratio)")
        calls = sum(voice.ENGINE_CALLS.values())
        start = time.perf_counter()
        for _, said in todo:
            for v in voices:
                voice.speak(said, v, Path(cache))
        again = time.perf_counter() - start
        made = sum(voice.ENGINE_CALLS.values()) - calls
        print(
            f"voice: again from the cache: {again * 1000:.1f} ms for all {len(todo) * len(voices)} speeches,"
        )
        print(f"       {made} sentences synthesised")
        if made:
            print("voice: FAILED: the cached run synthesised again", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
