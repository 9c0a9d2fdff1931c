"""The scoring rule: the one place that says how a verdict and a forecast become a score.

A resolved claim *scores* when its verdict says whether the statement held:

    true = 1, partly_true = 0.5, false = 0

``annulled`` (a conditional claim whose condition was not met) and
``unresolvable`` are left out of every score, as are claims that are not
resolved (a reopened claim stops scoring even though its outcome row stays).

- **Hit rate** is the share of scored claims the forecaster called right: a
  claim forecast at ``p > 0.5`` (or with no probability: asserted outright)
  hits when it came true, one at ``p < 0.5`` ("unlikely") when it did not;
  partly true is half a hit either way. ``p = 0.5`` ("may", "could") calls
  nothing and is left out of the hit rate (it still has a Brier score).
- **Brier score** is the mean of ``(p - o)**2`` over scored claims that carry a
  probability ``p``; claims with no probability count in the hit rate only.
  0 is perfect, 0.25 is what always saying 50% earns, 1 is worst.
- **Calibration**: ten bins by forecast probability, ``[0, 0.1), ... [0.9, 1)``;
  per bin the count, the mean forecast and the observed frequency (mean ``o``).

The verdict is about the claim's statement as written, so every kind scores
the same way: a ``not_before`` claim ("no referendum before late 2026") is true
if the thing did *not* happen before the date; a ``conditional`` claim whose
condition was met is scored on its statement, and one whose condition was not
met is annulled and does not score.

The scorecard selectors compute these in the database with the expressions
below, built from the same constants as the Python functions, which the tests
use to check the SQL against hand-computed values.
"""

import math

from django.db.models import Case, Expression, F, FloatField, IntegerField, Value, When
from django.db.models.functions import Cast, Floor, Least

VERDICT_SCORES: dict[str, float] = {"true": 1.0, "partly_true": 0.5, "false": 0.0}
SCORED_VERDICTS = tuple(VERDICT_SCORES)
EXCLUDED_VERDICTS = ("annulled", "unresolvable")
CALIBRATION_BINS = 10

SCORING_RULE_MARKDOWN = """\
**Scoring rule.** Only resolved claims score. Verdicts score as
`true` = 1, `partly_true` = 0.5, `false` = 0; `annulled` (condition not met) and
`unresolvable` are excluded. *Hit rate* = share of scored claims called right:
o for a claim forecast above 50% or with no probability (asserted), 1 − o for one
below 50% ("unlikely"); claims at exactly 50% call nothing and are left out of
the hit rate (`hit_rate_claims` counts the rest). *Brier score* = mean of (p − o)² over scored claims
that have a probability p (0 best, 0.25 = always saying 50%, 1 worst); claims
with no probability count in the hit rate only. *Calibration*: ten bins by
probability ([0, 0.1) … [0.9, 1)), each with its count, mean forecast and
observed frequency. A `not_before` claim scores on its statement ("X does not
happen before D" is true if X did not happen before D); a conditional claim
whose condition was met scores on its statement, one whose condition was not
met is annulled. Rates and means of empty sets are `null`, never 0.
"""


# Two-sided 95 %: the z of the normal distribution's 97.5th percentile.
Z_95 = 1.959963984540054


def wilson_interval(successes: float, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """Return the Wilson score interval of a proportion, or None when n is 0.

    Wilson rather than the normal (Wald) interval: it stays inside [0, 1] and
    is sensible for the small counts and extreme rates a forecaster's record
    has. ``successes`` may be fractional (a partly-true verdict counts 0.5).
    """
    if n <= 0:
        return None
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_interval(
    mean: float | None, sd: float | None, n: int, z: float = Z_95
) -> tuple[float, float] | None:
    """Return the normal 95 % interval of a mean score in [0, 1], or None below two values.

    Used for the mean Brier score: mean ± z·sd/√n with the sample standard
    deviation, clipped to [0, 1] (a Brier score cannot leave it).
    """
    if mean is None or sd is None or n < 2:
        return None
    half = z * sd / math.sqrt(n)
    return max(0.0, mean - half), min(1.0, mean + half)


def sample_sd(mean: float | None, mean_square: float | None, n: int) -> float | None:
    """Return the sample standard deviation from the mean and the mean of squares (both from SQL)."""
    if mean is None or mean_square is None or n < 2:
        return None
    return math.sqrt(max(mean_square - mean * mean, 0.0) * n / (n - 1))


def calibration_gap(bins: list[dict]) -> float | None:
    """Return the count-weighted mean |observed − forecast| over the calibration bins.

    One number for "how far from the diagonal" (the expected calibration error):
    0 is perfectly calibrated; None when no bin has a claim.
    """
    n = sum(b["count"] for b in bins)
    if not n:
        return None
    return sum(b["count"] * abs(b["observed_frequency"] - b["mean_forecast"]) for b in bins if b["count"]) / n


def outcome_value(verdict: str) -> float | None:
    """Return o for a verdict, or None if the verdict does not score."""
    return VERDICT_SCORES.get(verdict)


def hit_value(probability: float | None, outcome: float) -> float | None:
    """Return how far a forecast was a hit (1, 0.5 or 0), or None for a 50% forecast."""
    if probability is None or probability > 0.5:
        return outcome
    if probability < 0.5:
        return 1 - outcome
    return None


def brier(probability: float, outcome: float) -> float:
    """Return the Brier score of one forecast: (p - o)**2."""
    return (probability - outcome) ** 2


def calibration_bin(probability: float) -> int:
    """Return the bin index 0..9 of a probability (1.0 would fall in the top bin)."""
    return min(math.floor(probability * CALIBRATION_BINS), CALIBRATION_BINS - 1)


def bin_bounds(index: int) -> tuple[float, float]:
    return index / CALIBRATION_BINS, (index + 1) / CALIBRATION_BINS


def outcome_value_expression(verdict_field: str = "outcome__verdict", scored_when=None) -> Expression:
    """SQL for outcome_value(); NULL for verdicts that do not score.

    ``scored_when`` is an extra Q a row must meet to score (e.g. resolved status).
    """
    whens = []
    for verdict, value in VERDICT_SCORES.items():
        condition = {verdict_field: verdict}
        whens.append(
            When(scored_when, **condition, then=Value(value))
            if scored_when is not None
            else When(**condition, then=Value(value))
        )
    return Case(*whens, default=Value(None), output_field=FloatField())


def hit_expression(outcome: Expression, probability_field: str = "probability") -> Expression:
    """SQL for hit_value(); NULL when the outcome does not score or p is exactly 0.5."""
    return Case(
        When(**{f"{probability_field}__isnull": True}, then=outcome),
        When(**{f"{probability_field}__gt": 0.5}, then=outcome),
        When(**{f"{probability_field}__lt": 0.5}, then=Value(1.0) - outcome),
        default=Value(None),
        output_field=FloatField(),
    )


def brier_expression(outcome: Expression, probability_field: str = "probability") -> Expression:
    """SQL for brier(); NULL when the probability or the outcome is NULL."""
    difference = F(probability_field) - outcome
    return difference * difference


def calibration_bin_expression(probability_field: str = "probability") -> Expression:
    """SQL for calibration_bin()."""
    return Cast(
        Least(Floor(F(probability_field) * Value(float(CALIBRATION_BINS))), Value(CALIBRATION_BINS - 1)),
        IntegerField(),
    )
