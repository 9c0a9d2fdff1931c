"""Where the plots put things (the pages' tests check what they show)."""

from pages import plots
from tracker import scoring


def _bin(index, count, mean_forecast=None, observed=None):
    lower, upper = scoring.bin_bounds(index)
    interval = scoring.wilson_interval(observed * count, count) if count else None
    return {
        "bin": index,
        "lower": lower,
        "upper": upper,
        "count": count,
        "mean_forecast": mean_forecast,
        "observed_frequency": observed,
        "interval": interval,
    }


def test_calibration_plot_places_a_bin_and_its_band_inside_the_frame():
    frame = plots.CALIBRATION_FRAME
    (point,) = plots.calibration_plot([_bin(9, 4, 0.9, 1.0), _bin(0, 0)])["points"]
    assert point["cx"] == round(frame.left + 0.9 * frame.inner_width, 1)
    assert point["cy"] == frame.top  # observed 1.0 is the top edge
    low, high = scoring.wilson_interval(4, 4)
    assert point["band_y"] == frame.y(high) == frame.top
    assert point["band_y"] + point["band_height"] == frame.y(low)
    assert frame.x(0.9) < point["band_x"] < point["band_x"] + point["band_width"] < frame.x(1.0)


def test_brier_plot_skips_years_without_a_probability_and_whiskers_need_two_forecasts():
    periods = [
        {"label": "2024", "brier_score": None, "brier_claims": 0, "brier_interval": None},
        {"label": "2025", "brier_score": 0.1, "brier_claims": 1, "brier_interval": None},
        {"label": "2026", "brier_score": 0.3, "brier_claims": 5, "brier_interval": (0.1, 0.5)},
    ]
    plot = plots.brier_over_time_plot(periods)
    assert [p["label"] for p in plot["points"]] == ["2025", "2026"]
    assert plot["points"][0]["whisker_top"] is None
    assert plot["points"][1]["whisker_top"] == plots.TIMELINE_FRAME.y(0.5)
    assert plot["path"].startswith("M") and " L" in plot["path"]
