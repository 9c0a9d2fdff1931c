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
from collections.abc import Callable

from django.db.models import (
    Case,
    Count,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear, Floor, Greatest, Least, Ln, NullIf, Power
from django.db.models.lookups import GreaterThanOrEqual

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
    mean: float | None,
    sd: float | None,
    n: int,
    z: float = Z_95,
    bounds: tuple[float, float] = (0.0, 1.0),
) -> tuple[float, float] | None:
    """Return the normal 95 % interval of a mean score, or None below two values.

    Used for the mean Brier scores: mean ± z·sd/√n with the sample standard
    deviation, clipped to ``bounds`` (a Brier score cannot leave [0, 1]; the
    log score uses LOG_SCORE_BOUNDS).
    """
    if mean is None or sd is None or n < 2:
        return None
    half = z * sd / math.sqrt(n)
    return max(bounds[0], mean - half), min(bounds[1], mean + half)


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


# --- log score ---------------------------------------------------------------

# Forecasts are clamped to [1 %, 99 %] before the log (ICD 203's outermost band
# edges), so one forecast of 0 or 1 that went wrong costs ln(0.01) = -4.6, not -inf.
LOG_CLAMP = 0.01
LOG_SCORE_BOUNDS = (math.log(LOG_CLAMP), 0.0)


def log_score(probability: float, outcome: float) -> float:
    """Return the log score of one forecast: o·ln p + (1 − o)·ln(1 − p), natural log, p clamped.

    0 is perfect, higher is better; always saying 50 % earns ln 0.5 = -0.693.
    A partly-true verdict (o = 0.5) scores the mean of the two logs.
    """
    p = min(max(probability, LOG_CLAMP), 1 - LOG_CLAMP)
    return outcome * math.log(p) + (1 - outcome) * math.log(1 - p)


def log_score_expression(outcome: Expression, probability_field: str = "probability") -> Expression:
    """SQL for log_score(); NULL when the probability or the outcome is NULL."""
    p = Least(Greatest(F(probability_field), Value(LOG_CLAMP)), Value(1 - LOG_CLAMP))
    # PostgreSQL's GREATEST and LEAST skip NULLs: a claim with no probability would read as 0.01.
    return Case(
        When(**{f"{probability_field}__isnull": True}, then=Value(None)),
        default=outcome * Ln(p) + (Value(1.0) - outcome) * Ln(Value(1.0) - p),
        output_field=FloatField(),
    )


# --- Brier skill score against the base rate ---------------------------------

# The baseline forecast of a claim is the share of *other* scored claims that came
# true (mean o) among those due the same year that share a tag with it, when there
# are at least this many; otherwise 50 %.
BASELINE_MIN_CLAIMS = 5
BASELINE_FALLBACK = 0.5


def brier_skill_score(brier_score: float | None, baseline_brier: float | None) -> float | None:
    """Return 1 − Brier / baseline Brier over the same claims, or None if either is missing or 0.

    1 is perfect, 0 is no better than the baseline, negative is worse than it.
    """
    if brier_score is None or not baseline_brier:
        return None
    return 1 - brier_score / baseline_brier


class _BaseRate(Func):
    """One figure of a (tag, year) group from the base-rate table, passed as a JSON parameter:
    ``table[tag][year][index]`` (index 0: the sum of outcomes, 1: the count), 0 when absent."""

    output_field = FloatField()

    def __init__(self, table: str, tag, year, index: int):
        super().__init__(Value(table), tag, year, Value(index))

    def as_postgresql(self, compiler, connection, **extra_context):
        template = (
            "COALESCE((CAST(%(expressions)s AS jsonb) #>> "
            "ARRAY[CAST(%(tag)s AS text), CAST(%(year)s AS text), CAST(%(index)s AS text)])::float, 0)"
        )
        return self._as_parts(compiler, connection, template)

    def as_sql(self, compiler, connection, **extra_context):  # SQLite and the rest: JSON1
        template = (
            "COALESCE(CAST(json_extract(%(expressions)s, "
            "'$.\"' || %(tag)s || '\".\"' || %(year)s || '\"[' || %(index)s || ']') AS REAL), 0)"
        )
        return self._as_parts(compiler, connection, template)

    def _as_parts(self, compiler, connection, template):
        parts, params = [], []
        for expression in self.get_source_expressions():
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.append(expression_params)
        names = ("expressions", "tag", "year", "index")
        # Each placeholder appears once, in this order, so the parameters follow it.
        return template % dict(zip(names, parts, strict=True)), [p for group in params for p in group]


def base_rate_table() -> str:
    """Every (tag, year) group's sum of outcomes and count of scored claims, site-wide: one
    GROUP BY, read once per scorecard (a few thousand groups at a million claims).

    The pool is every resolved claim on the site, whatever the reader filtered, so a
    claim's baseline does not change with the view.
    """
    import json

    from claims.models import Claim

    rows = (
        Claim.tags.through.objects.filter(
            claim__status=Claim.Status.RESOLVED, claim__outcome__verdict__in=SCORED_VERDICTS
        )
        .annotate(year=ExtractYear("claim__due_on"))
        .values("tag_id", "year")
        .annotate(total=Sum(outcome_value_expression("claim__outcome__verdict")), n=Count("claim_id"))
        .order_by()
    )
    table: dict[str, dict[str, list[float]]] = {}
    for row in rows:
        table.setdefault(str(row["tag_id"]), {})[str(row["year"])] = [row["total"], row["n"]]
    return json.dumps(table)


def baseline_expression(outcome: Expression) -> Expression:
    """SQL for a claim's baseline forecast: the base rate of its tag-and-year peers, or 50 %.

    Leave-one-out (the claim's own verdict is not in its baseline, so the naive forecast
    never knows the answer). The groups come from ``base_rate_table`` (one GROUP BY); each
    claim then reads only its own tags' rows, so the cost is linear in the claims. A claim
    with several tags pools its groups: a peer sharing two of them counts in both.
    ``outcome`` is the claim's own outcome value (it is scored, so it is in each group).
    """
    claim_tags = _claim_tags()
    table = base_rate_table()
    year = ExtractYear(OuterRef("due_on"))
    own_tags = claim_tags.filter(claim_id=OuterRef("pk")).order_by().values("claim_id")

    def per_claim(index: int) -> Subquery:
        figure = _BaseRate(table, F("tag_id"), year, index)
        total = own_tags.annotate(total=Sum(figure)).values("total")
        return Coalesce(Subquery(total, output_field=FloatField()), Value(0.0))

    counted = own_tags.annotate(k=Count("pk")).values("k")
    tags = Coalesce(Subquery(counted, output_field=FloatField()), Value(0.0))
    peers = per_claim(1) - tags
    rate = (per_claim(0) - tags * outcome) / NullIf(peers, Value(0.0))
    return Case(
        When(GreaterThanOrEqual(peers, BASELINE_MIN_CLAIMS), then=rate),
        default=Value(BASELINE_FALLBACK),
        output_field=FloatField(),
    )


def _claim_tags():
    from claims.models import Claim

    return Claim.tags.through.objects


def baseline_brier_expression(outcome: Expression, probability_field: str = "probability") -> Expression:
    """SQL for the baseline's Brier term (b − o)², on the claims that have a Brier score only."""
    difference = baseline_expression(outcome) - outcome
    return Case(
        When(**{f"{probability_field}__isnull": False}, then=Power(difference, 2)),
        default=Value(None),
        output_field=FloatField(),
    )


# --- time-averaged Brier -----------------------------------------------------


class DayNumber(Func):
    """Days since 2000-01-01 of a date: date arithmetic that PostgreSQL and SQLite both do."""

    output_field = FloatField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '2000-01-01')")

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "CAST(julianday(%(expressions)s) - julianday('2000-01-01') AS INTEGER)"
        return self.as_sql(compiler, connection, template=template)


def _days(since: Expression, until: Expression) -> Expression:
    return DayNumber(until) - DayNumber(since)


def _forecast_events(claim: Callable[[str], Expression]):
    """A claim's revisions that change its standing forecast: a new number, or a withdrawal.

    ``claim(field)`` refers to the claim (OuterRef, or OuterRef(OuterRef(...)) one level
    deeper). A revision with no number that is not a withdrawal (a restatement in words,
    a moved window) leaves the standing number in place, so it is no event; nor is one
    made on or after the due date, when the claim's life is over.
    """
    from claims.models import ClaimRevision

    return (
        ClaimRevision.objects.filter(claim=claim("pk"), stated_on__lt=claim("due_on"))
        .filter(Q(probability__isnull=False) | Q(kind=ClaimRevision.Kind.WITHDRAWN))
        .order_by()
    )


def _outer(field: str) -> OuterRef:
    """The claim, one subquery level up."""
    return OuterRef(field)


def _outer2(field: str) -> OuterRef:
    """The claim, two subquery levels up."""
    return OuterRef(OuterRef(field))


def _revision_sum(value: Expression) -> Subquery:
    """SQL for the sum, over a claim's forecast events, of ``value`` (which may use ``days``).

    An event stands from its date (or publication, if said before) until the next
    event (ties on a date: the later entry wins) or the due date.
    """
    published_on = _outer("article__published_on")
    later = (
        _forecast_events(_outer2)
        .filter(
            Q(stated_on__gt=OuterRef("stated_on")) | Q(stated_on=OuterRef("stated_on"), pk__gt=OuterRef("pk"))
        )
        .order_by("stated_on", "pk")
        .values("stated_on")[:1]
    )
    until = Greatest(Coalesce(Subquery(later), _outer("due_on")), published_on)
    events = _forecast_events(_outer).annotate(days=_days(Greatest(F("stated_on"), published_on), until))
    total = events.values("claim").annotate(total=Sum(value)).values("total")
    return Coalesce(Subquery(total, output_field=FloatField()), Value(0.0))


def time_averaged_brier_expression(outcome: str = "o", probability_field: str = "probability") -> Expression:
    """SQL for a claim's time-averaged Brier score; NULL when it does not score.

    ``outcome`` names an annotation holding the claim's o (outcome_value_expression),
    which the revision subqueries read from the claim's row. Each forecast (the
    published one from publication, then each revision with a number from its
    ``stated_on``) stands until the next one or the due date, and its (p − o)²
    counts by the days it stood. Days after a withdrawal (until a new number)
    carry no forecast and count for nothing, as on Metaculus: the mean is over
    the days a forecast stood. A claim with no such day (due the day it was
    published, or withdrawn at once) scores its published forecast, if it had one.
    """
    first_event = (
        _forecast_events(_outer)
        .annotate(begins=Greatest(F("stated_on"), _outer("article__published_on")))
        .order_by("stated_on", "pk")
        .values("begins")[:1]
    )
    published_until = Coalesce(Subquery(first_event), F("due_on"))
    published_days = Greatest(_days(F("article__published_on"), published_until), Value(0.0))
    p0, o = F(probability_field), F(outcome)
    published_sq = Coalesce((p0 - o) * (p0 - o) * published_days, Value(0.0))
    published_cover = Case(
        When(**{f"{probability_field}__isnull": False}, then=published_days),
        default=Value(0.0),
        output_field=FloatField(),
    )
    error = F("probability") - OuterRef(outcome)
    revised_sq = _revision_sum(error * error * F("days"))
    covered = published_cover + _revision_sum(
        Case(When(probability__isnull=False, then=F("days")), default=Value(0.0), output_field=FloatField())
    )
    return Case(
        When(**{f"{outcome}__isnull": True}, then=Value(None)),
        default=Coalesce((published_sq + revised_sq) / NullIf(covered, Value(0.0)), (p0 - o) * (p0 - o)),
        output_field=FloatField(),
    )


# --- hedge-word calibration --------------------------------------------------

# The site-wide hedge table proposes a new number for a phrase only on this much
# evidence, and only when the scale's number lies outside the 95 % interval of
# what happened: otherwise the scale's number stands.
HEDGE_PROPOSAL_MIN_CLAIMS = 10


def proposed_probability(came_true: float, n: int, scale: float | None) -> float | None:
    """Return the number the evidence proposes for a hedge phrase, or None to keep the scale's.

    The observed share, rounded to 0.01 and kept inside [0.01, 0.99] (the scale
    refuses 0 and 1), when n ≥ HEDGE_PROPOSAL_MIN_CLAIMS and the scale's number
    (if any) is outside the share's Wilson interval.
    """
    interval = wilson_interval(came_true, n)
    if interval is None or n < HEDGE_PROPOSAL_MIN_CLAIMS:
        return None
    if scale is not None and interval[0] <= scale <= interval[1]:
        return None
    return round(min(max(came_true / n, LOG_CLAMP), 1 - LOG_CLAMP), 2)
