"""Compression rate: the seed's printed numbers, honest units, and circles whose area ratio is the rate."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathcore import BYTES_PER_PARAM, circle_radii, compression_stats
from tests import seed_oracle


def test_seed_printed_values_are_reproduced(capsys):
    seed_oracle.calculate_compression_rate()
    printed = capsys.readouterr().out
    stats = compression_stats()
    assert f"{stats.rate:.2f}" == "1875.00"
    assert f"{stats.data_tib:.2f}" == "54.57"
    assert f"{stats.model_gib:.2f}" == "29.80"
    assert f"or {stats.data_tib:.2f} TB" in printed
    assert f"approximately {stats.model_gib:.2f} GB" in printed
    assert f"approximately {stats.rate:.2f}" in printed


def test_seed_tb_and_gb_are_binary_units():
    stats = compression_stats()
    assert stats.data_bytes == 6.0e13  # bytes, not the comment's "bits"
    assert stats.data_tb == pytest.approx(60.0)
    assert stats.model_gb == pytest.approx(32.0)
    assert stats.data_tib == pytest.approx(6.0e13 / 1024**4)
    assert stats.model_gib == pytest.approx(3.2e10 / 1024**3)


def test_bf16_weights_double_the_rate():
    stats = compression_stats(bytes_per_param=BYTES_PER_PARAM["bf16"])
    assert stats.rate == pytest.approx(3750.0)
    assert stats.model_gb == pytest.approx(16.0)


def test_rate_is_data_bytes_over_model_bytes():
    stats = compression_stats(num_tokens=2e12, num_params=7e9, bytes_per_token=3.5, bytes_per_param=1)
    assert stats.rate == pytest.approx(2e12 * 3.5 / 7e9)
    assert (stats.num_tokens, stats.num_params, stats.bytes_per_token, stats.bytes_per_param) == (
        2e12,
        7e9,
        3.5,
        1.0,
    )


def test_circle_area_ratio_is_the_rate_not_its_square_root():
    large, small = circle_radii(compression_stats().rate, 1.0)
    assert small == 1.0
    assert large == pytest.approx(math.sqrt(1875))  # radius ratio 43.3
    assert (large / small) ** 2 == pytest.approx(1875)  # the seed drew area ratio 43.3


@settings(max_examples=40, deadline=None)
@given(
    rate=st.floats(min_value=1e-3, max_value=1e6),
    small=st.floats(min_value=1e-3, max_value=10),
)
def test_circle_areas_differ_by_the_rate(rate, small):
    large, small_out = circle_radii(rate, small)
    assert small_out == small
    assert (large / small_out) ** 2 == pytest.approx(rate, rel=1e-12)
