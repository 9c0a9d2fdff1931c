"""Coordinates for the server-rendered SVG plots (calibration, Brier over time).

The templates in pages/templates/pages/plots/ draw what these return; the
numbers come from the scorecard rows (tracker.scorecards), the intervals from
tracker.scoring. No JavaScript: the SVG is part of the page, with a <title>,
axis labels and a table of the same numbers as its text alternative.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Frame:
    """A plot area inside an SVG viewBox: margins leave room for the axis labels."""

    width: int = 360
    height: int = 300
    left: int = 52
    right: int = 14
    top: int = 14
    bottom: int = 46

    @property
    def inner_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def inner_height(self) -> int:
        return self.height - self.top - self.bottom

    @property
    def x_end(self) -> int:
        return self.left + self.inner_width

    @property
    def y_end(self) -> int:
        return self.top + self.inner_height

    def x(self, fraction: float) -> float:
        return round(self.left + fraction * self.inner_width, 1)

    def y(self, fraction: float) -> float:
        return round(self.top + (1 - fraction) * self.inner_height, 1)


CALIBRATION_FRAME = Frame()
SMALL_FRAME = Frame(width=150, height=150, left=10, right=6, top=6, bottom=10)
TIMELINE_FRAME = Frame(width=420, height=260, bottom=46)


def _percent_ticks(frame: Frame) -> list[dict]:
    return [{"value": f"{step * 20}%", "x": frame.x(step / 5), "y": frame.y(step / 5)} for step in range(6)]


def calibration_plot(bins: list[dict], *, frame: Frame = CALIBRATION_FRAME) -> dict:
    """Return the calibration plot: one point per non-empty bin, sized by count, with its Wilson band.

    x is the bin's mean forecast, y its observed frequency; the band spans the
    bin's width and the 95 % interval of the observed frequency.
    """
    biggest = max((b["count"] for b in bins), default=0) or 1
    points = []
    for b in bins:
        if not b["count"]:
            continue
        low, high = b["interval"]
        points.append(
            {
                "count": b["count"],
                "cx": frame.x(b["mean_forecast"]),
                "cy": frame.y(b["observed_frequency"]),
                "r": round(3 + 5 * (b["count"] / biggest) ** 0.5, 1),
                "band_x": frame.x(b["lower"]) + 1,
                "band_width": round(frame.x(b["upper"]) - frame.x(b["lower"]) - 2, 1),
                "band_y": frame.y(high),
                "band_height": round(frame.y(low) - frame.y(high), 1),
                "low": low,
                "high": high,
                "bin": b,
            }
        )
    return {
        "frame": frame,
        "points": points,
        "ticks": _percent_ticks(frame),
        "diagonal": (frame.x(0), frame.y(0), frame.x(1), frame.y(1)),
    }


def brier_over_time_plot(periods: list[dict], *, frame: Frame = TIMELINE_FRAME) -> dict:
    """Return the Brier-by-year plot: one point per year with a scored probability, a 95 % whisker.

    ``periods`` are scorecard rows grouped by year (the year a claim comes due).
    The y axis runs from 0 (perfect) to 1 (worst); a dashed line marks 0.25,
    what always saying 50 % earns.
    """
    scored = [p for p in periods if p["brier_score"] is not None]
    step = frame.inner_width / max(len(scored), 1)
    points = []
    for index, period in enumerate(scored):
        interval = period["brier_interval"]
        points.append(
            {
                "label": period["label"],
                "n": period["brier_claims"],
                "score": period["brier_score"],
                "interval": interval,
                "cx": round(frame.left + step * (index + 0.5), 1),
                "cy": frame.y(period["brier_score"]),
                "whisker_top": frame.y(interval[1]) if interval else None,
                "whisker_bottom": frame.y(interval[0]) if interval else None,
            }
        )
    return {
        "frame": frame,
        "points": points,
        "path": " ".join(f"{'M' if i == 0 else 'L'}{p['cx']},{p['cy']}" for i, p in enumerate(points)),
        "ticks": [{"value": f"{v:.2f}", "y": frame.y(v)} for v in (0, 0.25, 0.5, 0.75, 1)],
        "reference_y": frame.y(0.25),
    }
