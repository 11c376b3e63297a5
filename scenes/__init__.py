"""The clips of the talk: what a lecturer opens to change a clip.

One file per topic (compression, kl_sweep, schedules, forgetting) and talk.py for the scenes made from
talk.toml. Each clip's ``construct`` reads as its script; the pieces they are built from (base scenes,
style, labels, plots, bars, counters, the speed-ups) are in scenes/kit/. Every value a clip shows comes
from mathcore and is formatted by scenes.kit.style. The tool that renders the talk is lecture_scenes/;
no clip imports it.
"""
