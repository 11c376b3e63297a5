"""The last frame of every built-in clip in the theme of $LECTURE_THEME, as PNG files in a folder.

    LECTURE_THEME=light python -m tests.theme_posters OUT_DIR

One process per theme: the theme is read when the kit is first imported.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lecture_scenes.catalogue import BUILTIN
from tests.conftest import render_scene

if __name__ == "__main__":
    out = Path(sys.argv[1])
    for entry in BUILTIN:
        scene = render_scene(entry.load(), out / ".media" / entry.name, save_last_frame=True).scene
        scene.camera.get_image().save(out / f"{entry.name}.png")
