"""The README's stills: the last frame of some clips in every theme, 1280x720, into docs/img/<theme>/.

    .venv/bin/python tools/readme_stills.py                # the README's five, both themes
    .venv/bin/python tools/readme_stills.py KLSweep        # one of them

Also docs/img/light_on_white_slide.png: the light theme's transparent KLSweep laid over a plain white slide
with a title, as a lecturer would place it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
STILLS = {  # scene -> file name
    "CompressionCircle": "compression_circle",
    "KLSweep": "kl_sweep",
    "KLLandscape": "kl_landscape",
    "ForgettingOLMo7B": "forgetting_olmo7b",
    "ForgettingAcrossRuns": "forgetting_across_runs",
}
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def scene_file(scene: str) -> str:
    for path in sorted((ROOT / "scenes").glob("*.py")):
        if f"class {scene}(" in path.read_text():
            return str(path.relative_to(ROOT))
    raise SystemExit(f"readme_stills: no clip called {scene}")


def manim(scene: str, theme: str, media: Path, *flags: str) -> None:
    env = dict(os.environ, LECTURE_THEME=theme)
    cmd = [
        sys.executable,
        "-m",
        "manim",
        "render",
        "-qm",
        "--media_dir",
        str(media),
        "--progress_bar",
        "none",
    ]
    subprocess.run(
        [*cmd, *flags, scene_file(scene), scene], cwd=ROOT, env=env, check=True, capture_output=True
    )


def still(scene: str, theme: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as media:
        manim(scene, theme, Path(media), "-s")
        (png,) = Path(media).rglob(f"{scene}*.png")
        Image.open(png).convert("RGB").quantize(256).save(out, optimize=True)


def light_on_white_slide(out: Path) -> None:
    """KLSweep's light transparent clip, its frame at 15 s, on a white 16:9 slide under a slide title."""
    with tempfile.TemporaryDirectory() as media:
        manim("KLSweep", "light", Path(media), "-t", "--format", "mov")
        (mov,) = Path(media).rglob("KLSweep.mov")
        words = "Lecture 7 \u00b7 Why the loss cares about the center"
        title = f"drawtext=fontfile={FONT}:text='{words}':x=60:y=40:fontsize=40:fontcolor=0x1B1F24"
        graph = (
            "color=white:s=1280x720,format=rgba[slide];[0:v]scale=1040:-1[clip];"
            f"[slide][clip]overlay=120:110:shortest=1,{title}"
        )
        cmd = ["ffmpeg", "-v", "error", "-y", "-ss", "15", "-i", str(mov), "-filter_complex", graph]
        subprocess.run([*cmd, "-frames:v", "1", str(out)], check=True)


def main() -> int:
    scenes = sys.argv[1:] or list(STILLS)
    for theme in ("dark", "light"):
        folder = ROOT / "docs" / "img" / theme
        folder.mkdir(parents=True, exist_ok=True)
        for scene in scenes:
            still(scene, theme, folder / f"{STILLS.get(scene, scene)}.png")
            print(f"readme_stills: {theme}/{STILLS.get(scene, scene)}.png")
    light_on_white_slide(ROOT / "docs" / "img" / "light_on_white_slide.png")
    print("readme_stills: light_on_white_slide.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
