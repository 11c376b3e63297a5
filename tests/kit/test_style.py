"""Number formats of scenes/kit/style.py: what the audience reads."""

import pytest

from scenes.kit import style


@pytest.mark.parametrize(
    ("steps", "text"),
    [
        (0, "0"),
        (4730, "4730"),
        (30803, "30.8k"),
        (70500, "70.5k"),
        (100_000, "100k"),
        (200_000, "200k"),
        (615_000, "615k"),
        (1_000_000, "1M"),
        (1_200_000, "1.2M"),
        (100_000_000, "100M"),
    ],
)
def test_step_counts_keep_their_magnitude(steps, text):
    assert style.fmt_steps(steps) == text


@pytest.mark.parametrize(("lr", "text"), [(6e-4, "6e-4"), (8e-7, "8e-7"), (2.5e-4, "2.5e-4")])
def test_learning_rates(lr, text):
    assert style.fmt_lr(lr) == text


@pytest.mark.parametrize(("share", "text"), [(0.2, "20 %"), (0.0523, "5.2 %"), (0.0002, "0.02 %")])
def test_shares_are_never_rounded_to_zero(share, text):
    assert style.fmt_share(share) == text


@pytest.mark.parametrize(
    ("x", "text"),
    [(0.857279, "0.857"), (9.995e-5, "0.000100"), (0.0999951, "0.100"), (999.6, "1000"), (54.569, "54.6")],
)
def test_significant_digits_are_counted_after_rounding(x, text):
    """Rounding up to the next power of ten keeps `digits` significant digits, not one more."""
    assert style.fmt_sig(x) == text
