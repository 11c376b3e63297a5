"""The notebooks in notebooks/, executed top to bottom in a fresh kernel of this Python (nbclient).

Checked on the outputs: no error and nothing on stderr; every picture is SVG made of paths (no embedded image,
no PNG); the only other rich output is the clip's video; the tables print mathcore's numbers through the style
formatters (recomputed here, cell by cell, by the cells' tags) and, beside them, what the seed printed (the
seed's own code, tests/seed_oracle.py); matplotlib was never imported; the notebook's folder gets no files.
The notebooks are committed with their outputs stripped.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import sys
from dataclasses import fields, replace
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from lecture_scenes.catalogue import ROOT
from mathcore import compression, decay, kl, presets, schedules
from scenes.kit import style
from tests import seed_oracle

FOLDER = ROOT / "notebooks"
NOTEBOOKS = sorted(FOLDER.glob("*.ipynb"))
KERNEL = "lecture-scenes-test"
LAST = "import sys\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))"


def test_there_are_the_two_notebooks():
    assert {p.stem for p in NOTEBOOKS} >= {"seeds_walkthrough", "your_own_run"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            stripped = cell.outputs == [] and cell.execution_count is None
            assert stripped, f"{path.name}: run .venv/bin/python tools/strip_notebooks.py before committing"


def execute(path: Path, home: Path, work: Path):
    """`path` run in a fresh kernel of this interpreter (a kernelspec of our own in `home`), in `work`, with a
    last cell that lists the matplotlib modules imported."""
    spec = home / "kernels" / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"})
    )
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(LAST))
    saved = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(home)
    try:
        NotebookClient(
            notebook, timeout=900, kernel_name=KERNEL, resources={"metadata": {"path": str(work)}}
        ).execute()
    finally:
        if saved is None:
            os.environ.pop("JUPYTER_PATH", None)
        else:
            os.environ["JUPYTER_PATH"] = saved
    return notebook


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> dict:
    """Every notebook, executed; nothing written into the notebooks' folder."""
    before = sorted(FOLDER.rglob("*"))
    home = tmp_path_factory.mktemp("jupyter")
    done = {p.stem: execute(p, home, tmp_path_factory.mktemp(p.stem)) for p in NOTEBOOKS}
    assert sorted(FOLDER.rglob("*")) == before
    return done


def outputs(notebook):
    for cell in notebook.cells:
        if cell.cell_type == "code":
            yield from ((cell, out) for out in cell.outputs)


def printed(notebook, tag: str) -> str:
    (cell,) = [c for c in notebook.cells if tag in c.get("metadata", {}).get("tags", [])]
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


def changed(seed_run, run) -> list[str]:
    """The hyperparameters in which two runs differ (not their names, sources or assumptions)."""
    names = [f.name for f in fields(run) if f.name not in ("name", "source", "assumed")]
    return [n for n in names if getattr(seed_run, n) != getattr(run, n)]


def shown(value) -> str:
    return style.fmt_int(value) if isinstance(value, int) and not isinstance(value, bool) else str(value)


def streams(notebook, tag: str) -> list[str]:
    """What the cell tagged `tag` printed, one text per stretch between its pictures."""
    (cell,) = [c for c in notebook.cells if tag in c.get("metadata", {}).get("tags", [])]
    return [o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout"]


def rows(text: str) -> list[list[str]]:
    """The rows of a table nb.table printed (after its rule), cells split where two spaces or more are."""
    lines = text.splitlines()
    rule = next(i for i, line in enumerate(lines) if line and set(line) <= {"-", " "})
    return [re.split(r"\s{2,}", line.strip()) for line in lines[rule + 1 :] if line.strip()]


def test_runs_without_error_or_warning(executed):
    for notebook in executed.values():
        for _, out in outputs(notebook):
            assert out.output_type != "error", out
            assert not (out.output_type == "stream" and out.name == "stderr"), out.text


def test_every_picture_is_svg_of_paths(executed):
    for name, notebook in executed.items():
        pictures = videos = 0
        for _, out in outputs(notebook):
            data = out.get("data", {})
            assert not {"image/png", "image/jpeg"} & set(data), name
            if "image/svg+xml" in data:
                svg = data["image/svg+xml"]
                assert "<path" in svg and "<image" not in svg and "<text" not in svg, name
                pictures += 1
            if "text/html" in data:  # the clip, and nothing else
                html = data["text/html"].lstrip()
                assert html.startswith("<video") and "data:video/mp4;base64," in html, name
                videos += 1
        # the walk-through: 14 figures and stills, and two per seed run that differs from the run as trained
        differ = sum(bool(changed(presets.SEED_RUNS[k], presets.RUNS[k])) for k in presets.RUNS)
        expected = {"seeds_walkthrough": (14 + 2 * differ, 0), "your_own_run": (3, 1)}[name]
        assert (pictures, videos) == expected, name


def test_matplotlib_never_imported(executed):
    for notebook in executed.values():
        last = notebook.cells[-1]
        assert last.source == LAST
        assert [o.text for o in last.outputs if o.output_type == "stream"] == ["[]\n"]


def test_walkthrough_prints_mathcores_numbers_and_the_seeds(executed):
    notebook = executed["seeds_walkthrough"]
    seed_out = io.StringIO()
    with contextlib.redirect_stdout(seed_out):
        seed_oracle.calculate_compression_rate()
    seed_tb = re.search(r"or ([\d.]+ TB)", seed_out.getvalue())[1]
    seed_gb = re.search(r"approximately ([\d.]+ GB)", seed_out.getvalue())[1]
    seed_rate = re.search(r"rate is approximately ([\d.]+)", seed_out.getvalue())[1]

    s = compression.compression_stats(15e12, 8e9, 4, 4)
    *table, last = rows(printed(notebook, "compression"))
    assert table == [
        ["training text", style.fmt_size(s.data_tb, "TB"), f"{style.fmt_fixed(s.data_tib, 2)} TiB", seed_tb],
        [
            "weights, fp32",
            style.fmt_size(s.model_gb, "GB"),
            f"{style.fmt_fixed(s.model_gib, 2)} GiB",
            seed_gb,
        ],
        ["compression rate", style.fmt_rate(s.rate), style.fmt_rate(s.rate), seed_rate],
    ]
    assert seed_tb == "54.57 TB" and seed_gb == "29.80 GB" and seed_rate == "1875.00"  # the seed's printout
    bf16 = compression.compression_stats(15e12, 8e9, 4, 2)
    assert last == [
        f"Llama 3 8B ships in bf16 (2 bytes per parameter): the rate is {style.fmt_rate(bf16.rate)}"
    ]

    large, small = compression.circle_radii(s.rate, 1.0)
    assert rows(printed(notebook, "circle")) == [
        ["radius ratio", style.fmt_fixed(large / small, 1), style.fmt_fixed(math.sqrt(math.sqrt(1875)), 2)],
        ["area ratio", style.fmt_rate(s.rate), style.fmt_rate(math.sqrt(1875))],
    ]

    nats, seed_units = kl.sweep(100), kl.sweep(100, seed_units=True)
    seed_frame, seed_value = seed_oracle.seed_min_kl_frame()
    i = nats.min_index
    assert rows(printed(notebook, "kl-minimum")) == [
        ["frame", str(nats.min_frame), str(seed_frame)],
        ["total KL, nats", style.fmt_sig(nats.total[i], 3)],
        ["total KL, the seed's units (no dx)", style.fmt_sig(seed_units.total[i], 3)],
    ]
    assert seed_frame == 27 and math.isclose(seed_units.total[i], seed_value, rel_tol=1e-9)
    frames = [*range(0, 89, 10), 88]
    assert rows(printed(notebook, "kl-table")) == [
        [
            str(f),
            style.fmt_fixed(nats.mu[f], 2),
            style.fmt_fixed(nats.sigma[f], 2),
            style.fmt_sig(nats.total[f], 3),
            style.fmt_percent(nats.center_share[f]),
            style.fmt_percent(nats.tail_share[f]),
            style.fmt_sig(seed_units.total[f], 3),
        ]
        for f in frames
    ]

    total = 47683
    steps = [0, 350, 700, total // 4, total // 2, 3 * total // 4, total]
    expected = []
    for t in steps:
        lrs = [seed_oracle.cosine_lr_schedule(t, total), seed_oracle.linear_lr_schedule(t, total)]
        ours = [schedules.cosine_lr(t, total), schedules.linear_lr(t, total)]
        assert all(math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-18) for a, b in zip(lrs, ours, strict=True))
        expected.append([style.fmt_int(t), *(style.fmt_lr(v) if t else "0" for v in ours)])
    assert rows(printed(notebook, "schedules")) == expected

    assert rows(printed(notebook, "decay")) == [
        [key, style.fmt_steps(run.total_steps), *(style.fmt_sig(v, 3) for v in decay.final_decay(run))]
        for key, run in presets.SEED_RUNS.items()
    ]
    assert rows(printed(notebook, "composition")) == [
        [key, method, *(style.fmt_share(v) for v in decay.composition(run, method=method))]
        for key, run in presets.SEED_RUNS.items()
        for method in ("exact", "seed")
    ]

    # the seed's runs beside the runs as trained: one table (and two pictures) per run that differs
    expected = []
    for key, seed_run in presets.SEED_RUNS.items():
        run = presets.RUNS[key]
        differ = changed(seed_run, run)
        if not differ:
            expected.append(f"{key}: the seed's run is the run as trained\n")
            continue
        a, b = decay.composition(seed_run), decay.composition(run)
        expected.append(
            [[n, *(shown(getattr(r, n)) for r in (seed_run, run))] for n in differ]
            + [
                ["first tenth's share", style.fmt_share(a[0]), style.fmt_share(b[0])],
                ["last tenth's share", style.fmt_share(a[-1]), style.fmt_share(b[-1])],
            ]
        )
    printed_texts = streams(notebook, "seed-runs")
    assert len(printed_texts) == len(expected)
    got = [t if isinstance(w, str) else rows(t) for t, w in zip(printed_texts, expected, strict=True)]
    assert got == expected


def test_own_run_prints_mathcores_numbers(executed):
    notebook = executed["your_own_run"]
    base = presets.RUNS["olmo-7b"]
    mine = replace(base, weight_decay=0.05)
    assert rows(printed(notebook, "own-numbers")) == [
        [f"weight decay {style.fmt_g(r.weight_decay)}", *(style.fmt_share(v) for v in decay.composition(r))]
        for r in (base, mine)
    ]
    assert printed(notebook, "mistake") == "run: [runs.bad] weight_decay = -0.05: must be >= 0 and finite\n"
