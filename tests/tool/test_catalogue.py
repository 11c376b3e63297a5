"""Every catalogue scene renders for real, writes its video, and plays as long as the catalogue says."""

from __future__ import annotations

import pytest

from lecture_scenes.catalogue import ROOT, scene
from tests.the_talk import CATALOGUE, TALK


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.name for e in CATALOGUE])
def test_scene_renders_its_video(entry, rendered):
    assert (ROOT / entry.file).is_file()
    result = rendered(entry.load())
    assert result.movie.is_file() and result.movie.stat().st_size > 10_000
    assert result.seconds == pytest.approx(entry.seconds, rel=0.15, abs=1.0)


def test_catalogue_names_are_unique():
    names = [e.name for e in CATALOGUE]
    assert len(names) == len(set(names))


def test_unknown_scene_names_the_choices():
    with pytest.raises(ValueError, match="scene must be one of .*; got 'NoSuchScene'"):
        scene(TALK, "NoSuchScene")
