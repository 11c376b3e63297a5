"""The limits of mathcore, of the scenes and of the file system, as rules of the talk file
(scenes/kit/talkfile.py). No manim here."""

from __future__ import annotations

from mathcore.decay import DEFAULT_START_FRACTIONS

#: A scene's name names its files (<Scene>.mp4, <Scene>.webm, Manim's <Scene>_ManimCE_v0.21.0.png, ...);
#: file systems take 255 bytes per name, and a class name of this length reads as a name.
MAX_SCENE_NAME = 64
#: A forgetting scene draws a curve from each tenth of training to the end: the last tenth must hold at
#: least two steps for its curve to be a line.
MIN_TOTAL_STEPS = 2 * len(DEFAULT_START_FRACTIONS)
#: Counts of tokens and parameters: from one up to 10^18 (100 000x the largest runs published).
COUNT_RANGE = (1.0, 1e18)
#: Bytes per token and per parameter: from 0.01 (a heavily quantised weight) to 64.
BYTES_RANGE = (0.01, 64.0)
#: The compression scene shrinks the text's circle into the weights' circle (a rate of at least 1) and
#: counts the rate up on screen: up to 10^6, 250x the largest published (Llama 3 8B in bf16: 3750).
RATE_RANGE = (1.0, 1e6)
#: The weight format's name sits in the derivation's column beside the circles: longer names squeeze the
#: circles out of the frame (at about 40 wide characters the layout has no room left for them at all).
MAX_WEIGHT_FORMAT = 10
