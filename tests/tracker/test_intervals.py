"""The 95 % intervals the pages print: Wilson for proportions, normal for the mean Brier score."""

import math

import pytest

from tracker import scoring


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), Stat Med 17:857, table I, method 3 (Wilson score, no continuity correction).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        # Symmetric and edge cases, checked by hand: 0/10 has upper z²/(n+z²).
        (5, 10, 0.2366, 0.7634),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
    ],
)
def test_wilson_interval_matches_published_values(successes, n, low, high):
    lower, upper = scoring.wilson_interval(successes, n)
    assert lower == pytest.approx(low, abs=5e-5)
    assert upper == pytest.approx(high, abs=5e-5)


def test_wilson_interval_of_nothing_is_none():
    assert scoring.wilson_interval(0, 0) is None


def test_wilson_interval_takes_half_hits():
    lower, upper = scoring.wilson_interval(2.5, 5)  # a partly-true verdict is half a success
    assert lower < 0.5 < upper
    assert (lower + upper) / 2 == pytest.approx(0.5)


def test_mean_interval_is_mean_plus_minus_z_standard_errors():
    lower, upper = scoring.mean_interval(0.2, 0.1, 25)
    half = scoring.Z_95 * 0.1 / math.sqrt(25)
    assert (lower, upper) == pytest.approx((0.2 - half, 0.2 + half))


def test_mean_interval_stays_inside_zero_one_and_needs_two_values():
    assert scoring.mean_interval(0.01, 0.3, 4)[0] == 0.0
    assert scoring.mean_interval(0.99, 0.3, 4)[1] == 1.0
    assert scoring.mean_interval(0.2, None, 1) is None
    assert scoring.mean_interval(None, None, 0) is None


def test_calibration_gap_weights_bins_by_count():
    bins = [
        {"count": 3, "mean_forecast": 0.9, "observed_frequency": 0.6},
        {"count": 1, "mean_forecast": 0.2, "observed_frequency": 0.2},
        {"count": 0, "mean_forecast": None, "observed_frequency": None},
    ]
    assert scoring.calibration_gap(bins) == pytest.approx(3 * 0.3 / 4)
    assert scoring.calibration_gap(bins[2:]) is None


def test_sample_sd_from_sql_moments_matches_statistics():
    import statistics

    values = [0.01, 0.04, 0.81, 0.1056, 0.25]
    mean = sum(values) / len(values)
    mean_square = sum(v * v for v in values) / len(values)
    assert scoring.sample_sd(mean, mean_square, len(values)) == pytest.approx(statistics.stdev(values))
    assert scoring.sample_sd(0.2, 0.04, 1) is None
