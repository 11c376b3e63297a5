"""The seed's printed outputs, reproduced from `SEED_RUNS`: the composition cells of the paper's own notebook
(tml-tuebingen/forgetting-contamination cumulative_weight_decay.ipynb, which the seed copies), each tenth's
"Step a - Step b,  lr_sum, mid-decay" line (printed to 3 decimals) and the normalised shares (8 digits)."""

from __future__ import annotations

import numpy as np
import pytest

from mathcore import SEED_RUNS, composition, final_decay

PRINTED = {
    "gpt2-124m-1x": (
        [(0.096, 0.859), (0.261, 0.876), (0.274, 0.901), (0.249, 0.925), (0.212, 0.947)]
        + [(0.167, 0.965), (0.121, 0.979), (0.079, 0.989), (0.048, 0.995), (0.031, 0.999)],
        [0.05761272, 0.16032443, 0.1730981, 0.16169204, 0.14075412]
        + [0.11314971, 0.08300219, 0.05499053, 0.03350158, 0.02187457],
    ),
    "gpt2-124m-15x": (
        [(3.996, 0.118), (4.038, 0.179), (3.698, 0.264), (3.221, 0.374), (2.655, 0.502)]
        + [(2.057, 0.636), (1.485, 0.758), (0.997, 0.857), (0.642, 0.929), (0.455, 0.979)],
        [0.05231677, 0.08001025, 0.10809865, 0.13328447, 0.14750948]
        + [0.14459928, 0.12451969, 0.09451456, 0.06591135, 0.0492355],
    ),
    "gpt2-1.6b-1x": (
        [(0.544, 0.730), (0.592, 0.776), (0.544, 0.822), (0.476, 0.865), (0.393, 0.903)]
        + [(0.305, 0.935), (0.220, 0.960), (0.147, 0.978), (0.094, 0.989), (0.066, 0.997)],
        [0.13837293, 0.16009216, 0.15586018, 0.14338905, 0.12367952]
        + [0.09929697, 0.07358006, 0.05016757, 0.03250184, 0.02305971],
    ),
}


@pytest.mark.parametrize("key", list(PRINTED))
def test_the_printed_lr_sums_and_mid_decays(key):
    run = SEED_RUNS[key]
    total = run.total_steps
    bounds = [int(i / 100 * total) for i in range(0, 101, 10)]
    lr = run.lr(np.arange(total))
    mids = [int((a + b) / 2) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    sums = [lr[a:b].sum() for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    mid_decays = final_decay(run, [m / total for m in mids])
    assert [int(f * total) for f in [m / total for m in mids]] == mids  # the fractions hit the mid steps
    for (lr_sum, decay), s, d in zip(PRINTED[key][0], sums, mid_decays, strict=True):
        assert f"{s:.3f}, {d:.3f}" == f"{lr_sum:.3f}, {decay:.3f}"


@pytest.mark.parametrize("key", list(PRINTED))
def test_the_printed_shares(key):
    np.testing.assert_allclose(composition(SEED_RUNS[key], method="seed"), PRINTED[key][1], rtol=0, atol=5e-9)
