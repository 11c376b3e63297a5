"""Figures in a notebook (issue 27's goal), measured in one run in a real Jupyter kernel of this interpreter.

    .venv/bin/python bench/notebook.py [--repeat 5]

A fresh kernel is started (jupyter_client, a kernelspec for this Python in a temporary folder); in it, all
wall-clock seconds, measured by the kernel itself:

- kernel start: from starting the kernel to its first reply;
- imports: ``from lecture_scenes import notebook`` and the modules the first figure needs (Manim, the clips);
- first figure: ``nb.decay_figure(run)`` of a preset run and its display (IPython's display formatter, what a
  cell does with the figure it returns: the inline SVG), right after those imports;
- warm, same run: the decay figure of the run just drawn, again (a new figure object, its SVG drawn again;
  the clip's figures are kept per run and theme);
- warm, another run: the decay figure of each preset run not drawn before (the clip's figures built, then
  drawn).

The goal: a decay figure of a preset run, in a kernel that has drawn one, displays in <= 0.25 s. For
comparison (the issue, measured there): matplotlib draws ten OLMo 7B decay curves as inline SVG in 0.06 s
warm, after a 0.4 s import; matplotlib is not installed here (the project has none).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL = 0.25
KERNEL = "lecture-scenes-bench"

IN_KERNEL = r"""
import json, sys, time
from IPython import get_ipython

def shown(make):
    started = time.perf_counter()
    data, _ = get_ipython().display_formatter.format(make())
    assert "image/svg+xml" in data
    return time.perf_counter() - started, len(data["image/svg+xml"])

started = time.perf_counter()
from lecture_scenes import notebook as nb
module = time.perf_counter() - started
import manim, scenes.talk  # what the first figure imports
imports = time.perf_counter() - started
from mathcore.presets import RUNS
keys = list(RUNS)
first, size = shown(lambda: nb.decay_figure(keys[0]))
same = [shown(lambda: nb.decay_figure(keys[0]))[0] for _ in range(REPEAT)]
other = [shown(lambda k=k: nb.decay_figure(k))[0] for k in keys[1:]]
print(json.dumps({"module": module, "imports": imports, "first": first, "svg_bytes": size, "same": same,
                  "other": other, "runs": keys, "matplotlib": "matplotlib" in sys.modules}))
"""


def measure(repeat: int) -> dict:
    from jupyter_client.manager import start_new_kernel

    with tempfile.TemporaryDirectory() as home:
        spec = Path(home) / "kernels" / KERNEL
        spec.mkdir(parents=True)
        argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        (spec / "kernel.json").write_text(
            json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"})
        )
        os.environ["JUPYTER_PATH"] = home
        started = time.perf_counter()
        # the kernel's own log (a note that it talks over TCP on localhost) is not the benchmark's output
        manager, client = start_new_kernel(kernel_name=KERNEL, cwd=home, stderr=subprocess.DEVNULL)
        start = time.perf_counter() - started
        out: list[str] = []
        try:
            code = IN_KERNEL.replace("REPEAT", str(repeat))

            def hook(msg: dict) -> None:
                if msg["msg_type"] == "stream":
                    out.append(msg["content"]["text"])

            reply = client.execute_interactive(code, timeout=600, output_hook=hook)
            if reply["content"]["status"] != "ok":
                raise SystemExit(f"bench: the kernel failed: {reply['content'].get('evalue')}")
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    result = json.loads("".join(out).strip().splitlines()[-1])
    result["start"] = start
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="redraws of the same run's figure (default 5)")
    args = parser.parse_args(argv)
    r = measure(args.repeat)
    same, other = statistics.median(r["same"]), statistics.median(r["other"])
    rows = [
        ("kernel start (to its first reply)", r["start"], ""),
        ("import lecture_scenes.notebook", r["module"], ""),
        ("imports of the first figure (Manim, the clips)", r["imports"], ""),
        (f"first figure: decay of {r['runs'][0]}, built and shown", r["first"], ""),
        ("first figure with its imports", r["imports"] + r["first"], ""),
        (f"warm, same run again (median of {len(r['same'])})", same, "goal" if same <= GOAL else "MISSED"),
        (
            f"warm, another preset run (median of {len(r['other'])}: {', '.join(r['runs'][1:])})",
            other,
            "goal" if other <= GOAL else "MISSED",
        ),
    ]
    width = max(len(name) for name, _, _ in rows)
    print(f"bench/notebook.py: a decay figure in a fresh Jupyter kernel (goal: warm <= {GOAL} s)")
    for name, seconds, verdict in rows:
        print(f"  {name:<{width}}  {seconds:6.3f} s  {verdict}")
    svg_kb = r["svg_bytes"] / 1000
    print(f"  inline SVG of the first figure: {svg_kb:.0f} kB; matplotlib imported: {r['matplotlib']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
