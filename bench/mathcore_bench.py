"""Time the seed notebook's per-step loops against mathcore, side by side, on the talk's five training runs.

    .venv/bin/python bench/mathcore_bench.py            # everything (the seed side takes a minute or so)
    .venv/bin/python bench/mathcore_bench.py --quick    # the seed side only on the three GPT-2 runs

The work per run is what the decay scenes need: the ten forgetting curves (updates made at 0 %, 10 %, ...,
90 % of training) and the composition of the final weights. The seed side runs the notebook's own loops
(tests/seed_oracle.py: forgetting curves and its mid-step composition); mathcore computes the same curves
and both compositions ("exact" and "seed"), from a cold cache every time. mathcore is timed as the best of
--repeat runs; the seed loops once (they take seconds). Times are CPU times of this process (see Clock).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import mathcore  # noqa: E402
import mathcore.decay  # noqa: E402
from tests import seed_oracle  # noqa: E402

GOAL_SECONDS = 0.1
GOAL_SPEEDUP = 100


def seed_work(run: mathcore.TrainingRun) -> tuple[dict, np.ndarray]:
    """The notebook's loops for one run: ten forgetting curves and the mid-step composition."""
    args = (run.total_steps, run.weight_decay, run.warmup_steps, run.max_lr, run.min_lr)
    get_lr = seed_oracle.schedule_of(run)
    curves = seed_oracle.seed_decay_curves(*args, get_lr=get_lr)
    return curves, seed_oracle.seed_composition(*args, get_lr=get_lr)


def mathcore_work(run: mathcore.TrainingRun) -> tuple[list, np.ndarray, np.ndarray]:
    """The same with mathcore, plus the exact composition."""
    curves = [mathcore.decay_curve(run, s) for s in mathcore.start_steps(run)]
    return curves, mathcore.composition(run, method="exact"), mathcore.composition(run, method="seed")


class Clock:
    """Wall time and this process's CPU time of one block. On a shared machine CPU time is the steadier
    figure (other processes stretch the wall time); on an idle one the two agree (numpy runs on one core)."""

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


def cold(work, repeat: int) -> tuple[float, float]:
    """Best (wall, cpu) seconds of `work()` over `repeat` runs, each from an empty per-run cache."""
    best_wall = best_cpu = float("inf")
    for _ in range(repeat):
        mathcore.decay._arrays.cache_clear()
        with Clock() as clock:
            work()
        best_wall, best_cpu = min(best_wall, clock.wall), min(best_cpu, clock.cpu)
    mathcore.decay._arrays.cache_clear()
    return best_wall, best_cpu


def max_rel_diff(ours: tuple, seeds: tuple) -> float:
    """Largest relative difference between mathcore's curves and seed composition and the seed's."""
    curves, _, shares = ours
    seed_curves, seed_shares = seeds
    diffs = [np.max(np.abs(c / s - 1)) for c, s in zip(curves, seed_curves.values(), strict=True)]
    return float(max(*diffs, np.max(np.abs(shares / seed_shares - 1))))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="run the seed's loops only on the GPT-2 runs")
    parser.add_argument("--repeat", type=int, default=7, help="mathcore timings: best of this many (7)")
    args = parser.parse_args()

    runs = mathcore.RUNS
    seed_keys = [k for k in runs if k.startswith("gpt2")] if args.quick else list(runs)
    print(f"seed loops on: {', '.join(seed_keys)} (the full set takes a minute or more)", flush=True)

    rows = []
    for key, run in runs.items():
        _, ours = cold(lambda run=run: mathcore_work(run), args.repeat)
        seed = diff = None
        if key in seed_keys:
            with Clock() as clock:
                seeds = seed_work(run)
            seed, diff = clock.cpu, max_rel_diff(mathcore_work(run), seeds)
        rows.append((key, run.total_steps, seed, ours, diff))
        print(f"  timed {key}", flush=True)
    all_wall, all_cpu = cold(lambda: [mathcore_work(run) for run in runs.values()], args.repeat)

    print(
        "\nCPU time: ten forgetting curves + composition per run"
        f" (mathcore: best of {args.repeat}, cold cache; rel diff: largest vs the seed's values)"
    )
    print(f"{'run':<16}{'steps':>10}{'seed loops':>13}{'mathcore':>12}{'speed-up':>11}{'rel diff':>15}")
    for key, steps, seed, ours, diff in rows:
        seed_cell = f"{seed:.2f} s" if seed is not None else "-"
        ratio = f"{seed / ours:.0f}x" if seed is not None else "-"
        diff_cell = f"{diff:.1e}" if diff is not None else "-"
        print(f"{key:<16}{steps:>10}{seed_cell:>13}{ours * 1e3:>9.1f} ms{ratio:>11}{diff_cell:>15}")
    timed = [r for r in rows if r[2] is not None]
    seed_total, ours_total = sum(r[2] for r in timed), sum(r[3] for r in timed)
    speedup = seed_total / ours_total
    total_cell = f"{seed_total:.2f} s"
    print(f"{'total':<26}{total_cell:>13}{ours_total * 1e3:>9.1f} ms{speedup:>10.0f}x")

    goal_time = "met" if all_cpu < GOAL_SECONDS else "MISSED"
    goal_speed = "met" if speedup >= GOAL_SPEEDUP else "MISSED"
    print(
        f"\nmathcore, all five runs in one go: {all_cpu * 1e3:.1f} ms CPU, {all_wall * 1e3:.1f} ms wall "
        f"(goal < {GOAL_SECONDS * 1e3:.0f} ms: {goal_time})"
    )
    print(
        f"speed-up over the seed's loops on {len(timed)} runs: {speedup:.0f}x"
        f" (goal >= {GOAL_SPEEDUP}x: {goal_speed})"
    )


if __name__ == "__main__":
    main()
