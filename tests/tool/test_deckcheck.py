"""The deck check's guarantees that tests/tool/test_slides.py does not reach with a real deck.

A stand-in for reveal.js (one slide, no video) keeps these pages tiny: each test adds one fault and checks
that the check names it. Needs Debian's chromium and Playwright, as test_slides.py does.
"""

from __future__ import annotations

import os
import threading
import uuid
from pathlib import Path

import pytest

from lecture_scenes.deckcheck import DeckError, check_deck, main

FAKE_REVEAL = """<!doctype html><html><body><section></section>
<script>
window.Reveal = {
  isReady: () => true, getCurrentSlide: () => document.querySelector("section"),
  getIndices: () => ({h: 0}), getTotalSlides: () => 1, isLastSlide: () => true, next() {},
};
</script>
%s
</body></html>
"""
JS_ERROR = "<script>setTimeout(() => { throw new Error('deck bug') }, 0)</script>"
# reveal.js's own calls hang: Chromium answers nothing more for this page.
HANG = "<script>Reveal.getCurrentSlide = () => { while (true) {} }</script>"


def page(tmp_path: Path, extra: str = "") -> Path:
    html = tmp_path / "deck" / "index.html"
    html.parent.mkdir(exist_ok=True)
    html.write_text(FAKE_REVEAL % extra)
    return html


def test_a_clean_page_passes(tmp_path):
    report = check_deck(page(tmp_path), tmp_path / "shots", video_timeout=0.2)
    assert report.problems == []
    assert [s["index"] for s in report.slides] == [0]
    assert [p.name for p in report.screenshots] == ["slide-000.png"] and report.screenshots[0].is_file()


NOTED = """<!doctype html><html><body><div class="slides"><section>%s</section><section></section></div>
<script>
let at = 0;
const slides = document.querySelectorAll("section");
window.Reveal = {
  isReady: () => true, getCurrentSlide: () => slides[at], getIndices: () => ({h: at}),
  getTotalSlides: () => 2, isLastSlide: () => at === 1, next() { at += 1; }, hasPlugin: () => false,
  getSlideNotes: s => (s.querySelector("aside.notes") || {}).innerHTML,
};
</script></body></html>
"""


def test_a_deck_with_notes_needs_one_on_every_slide_and_the_notes_plugin(tmp_path):
    html = tmp_path / "deck" / "index.html"
    html.parent.mkdir()
    html.write_text(NOTED % '<aside class="notes">Say <em>this</em>.</aside>')
    report = check_deck(html, video_timeout=0.2)
    assert report.has_notes and [s["notes"] for s in report.slides] == ["Say this.", ""]
    assert report.problems == [
        "the deck has speaker notes, but reveal.js's notes plugin did not load",
        "slide 1: no speaker note",
    ]
    html.write_text(NOTED % "")  # no notes at all: nothing to show in a speaker view
    assert check_deck(html, video_timeout=0.2).problems == []


def test_a_javascript_error_fails_the_check(tmp_path):
    problems = check_deck(page(tmp_path, JS_ERROR), video_timeout=0.2).problems
    assert len(problems) == 1 and problems[0].startswith("JavaScript error: Error: deck bug")


def test_a_console_error_fails_the_check(tmp_path):
    problems = check_deck(page(tmp_path, "<script>console.error('deck warns')</script>"), video_timeout=0.2)
    assert [p for p in problems.problems if "deck warns" in p] == [
        f"console error: deck warns ({(tmp_path / 'deck' / 'index.html').as_uri()})"
    ]


def test_files_outside_the_deck_and_ip_addresses_are_outside_requests(tmp_path):
    (tmp_path / "logo.png").write_bytes(b"")
    html = page(tmp_path, '<img src="../logo.png"><img src="http://127.0.0.1:8000/x.png">')
    report = check_deck(html, video_timeout=0.2)
    assert sorted(report.requests) == sorted(
        ["http://127.0.0.1:8000/x.png", (tmp_path / "logo.png").as_uri()]
    )
    # Offline holds for an address as for a name: nothing is resolved, so nothing is sent.
    assert "failed to load http://127.0.0.1:8000/x.png: net::ERR_NAME_NOT_RESOLVED" in report.problems


def test_a_slide_whose_video_is_missing_fails_the_command_line(tmp_path, capsys):
    video = '<script>document.querySelector("section").slideBackgroundContentElement = Object.assign(\
document.createElement("div"), {innerHTML: \'<video><source src="gone.mp4"></video>\'})</script>'
    assert main([str(page(tmp_path, video))]) == 1
    err = capsys.readouterr().err
    assert "deck/gone.mp4 did not load (no playable source)" in err
    assert "gone.mp4: net::ERR_FILE_NOT_FOUND" in err
    assert main([str(tmp_path / "none.html")]) == 2


def marked_processes(mark: str) -> list[str]:
    """Names of the processes (but this one) started with DECKCHECK_TEST_MARK=mark in their environment."""
    names = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            if int(pid) != os.getpid() and f"DECKCHECK_TEST_MARK={mark}".encode() in env:
                names.append(Path(f"/proc/{pid}/comm").read_text().strip())
        except OSError:  # it ended meanwhile, or is not ours to read
            pass
    return names


@pytest.mark.parametrize("fault", ["none", "js error", "hang"])
def test_chromium_is_not_left_running(tmp_path, monkeypatch, fault):
    # Every process the check starts (Playwright's driver, Chromium and its helpers) inherits the mark:
    # that finds ours and not those of another check running beside this one.
    mark = uuid.uuid4().hex
    monkeypatch.setenv("DECKCHECK_TEST_MARK", mark)
    html = page(tmp_path, {"none": "", "js error": JS_ERROR, "hang": HANG}[fault])
    seen: set[str] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.update(marked_processes(mark))
            done.wait(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        if fault == "hang":
            with pytest.raises(DeckError, match="did not answer"):
                check_deck(html, video_timeout=0.2, timeout=3)
        else:
            check_deck(html, video_timeout=0.2)
    finally:
        done.set()
        watcher.join()
    assert "chromium" in seen  # the watch did see the browser while the check ran
    assert marked_processes(mark) == []
