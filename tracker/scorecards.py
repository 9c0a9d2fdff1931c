"""Scorecards: per claimant, publication, tag or year, computed in the database.

Three queries whatever the number of claims, revisions or groups: one GROUP BY
group for the counts and scores, one GROUP BY (group, calibration bin) for the
bins, one GROUP BY (group, hedge as written) for the hedge-word calibration.
The formulas come from tracker.scoring; nothing here decides how a verdict scores.

A claim with two claimants (or tags) counts once in each one's row. The year
of a claim is the year it comes due (``due_on``): the year the forecast is
judged, not the year it was made.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

from django.db.models import Avg, Count, Expression, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear, Lower, Power, Trim

from claims.models import Claim, Outcome, Tag
from claims.probability import deciding_hedge, hedge_probabilities
from tracker import scoring

Status = Claim.Status


@dataclass(frozen=True)
class Grouping:
    key: F | Expression  # the group's id: author, publication or tag id, or the year
    label: Callable[[dict], str]  # the group's name, from a row of the totals query
    label_fields: tuple[str, ...] = ()  # fields the label needs, grouped by alongside the key


GROUPINGS: dict[str, Grouping] = {
    "claimant": Grouping(F("claimants__id"), itemgetter("claimants__name"), ("claimants__name",)),
    "publication": Grouping(
        F("article__publication_id"),
        itemgetter("article__publication__name"),
        ("article__publication__name",),
    ),
    "tag": Grouping(
        F("tags__id"),
        lambda row: f"{Tag.Kind(row['tags__kind']).label}: {row['tags__name']}",
        ("tags__kind", "tags__name"),
    ),
    "year": Grouping(ExtractYear("due_on"), lambda row: str(row["group_key"])),
}

_SCORED = Q(status=Status.RESOLVED, outcome__verdict__in=scoring.SCORED_VERDICTS)


def _per_claim() -> dict:
    """Each claim's outcome and its costlier scores, annotated once and aggregated by name below."""
    o = scoring.outcome_value_expression(scored_when=Q(status=Status.RESOLVED))
    return {
        "o": o,
        "time_averaged": scoring.time_averaged_brier_expression("o"),
        "baseline_sq": scoring.baseline_brier_expression(F("o")),
    }


def _counts(today: date) -> dict:
    o = F("o")
    resolved = Q(status=Status.RESOLVED)
    counts = {
        "n_claims": Count("pk"),
        "n_draft": Count("pk", filter=Q(status=Status.DRAFT)),
        "n_open": Count("pk", filter=Q(status=Status.OPEN)),
        "n_due": Count("pk", filter=Q(status=Status.DUE)),
        "n_resolved": Count("pk", filter=resolved),
        "n_overdue": Count("pk", filter=Q(status__in=[Status.OPEN, Status.DUE], due_on__lt=today)),
        "n_scored": Count("pk", filter=_SCORED),
        "n_brier": Count("pk", filter=_SCORED & Q(probability__isnull=False)),
        "n_hit": Count("pk", filter=_SCORED & (Q(probability__isnull=True) | ~Q(probability=0.5))),
        "hit_rate": Avg(scoring.hit_expression(o)),
        "brier_score": Avg(scoring.brier_expression(o)),
        # Mean of the squared Brier terms, for the standard deviation (StdDev fails on SQLite below 2 rows).
        "brier_mean_square": Avg(scoring.brier_expression(o) * scoring.brier_expression(o)),
        "log_score": Avg(scoring.log_score_expression(o)),
        "log_mean_square": Avg(scoring.log_score_expression(o) * scoring.log_score_expression(o)),
        "baseline_brier": Avg("baseline_sq"),
        "n_time_averaged": Count("time_averaged"),
        "time_averaged_brier": Avg("time_averaged"),
        "time_averaged_mean_square": Avg(Power("time_averaged", 2)),
        "n_no_time_bound": Count("pk", filter=Q(deadline_inferred=True)),
    }
    for verdict in Outcome.Verdict.values:
        counts[f"v_{verdict}"] = Count("pk", filter=resolved & Q(outcome__verdict=verdict))
    return counts


def _empty_bins() -> list[dict]:
    bins = []
    for index in range(scoring.CALIBRATION_BINS):
        lower, upper = scoring.bin_bounds(index)
        bins.append(
            {
                "bin": index,
                "lower": lower,
                "upper": upper,
                "count": 0,
                "mean_forecast": None,
                "observed_frequency": None,
                "interval": None,
            }
        )
    return bins


def empty_row(key, label: str) -> dict:
    """Return the row of a group with no claims: zero counts, null rates."""
    return {
        "key": key,
        "label": label,
        "claims": 0,
        "draft": 0,
        "open": 0,
        "due": 0,
        "overdue_unreviewed": 0,
        "resolved": 0,
        "verdicts": dict.fromkeys(Outcome.Verdict.values, 0),
        "scored": 0,
        "hit_rate_claims": 0,
        "hit_rate": None,
        "hit_rate_interval": None,
        "brier_claims": 0,
        "brier_score": None,
        "brier_sd": None,
        "brier_interval": None,
        "calibration_gap": None,
        "calibration": _empty_bins(),
        "log_score": None,
        "log_score_interval": None,
        "baseline_brier": None,
        "brier_skill_score": None,
        "time_averaged_brier_claims": 0,
        "time_averaged_brier": None,
        "time_averaged_brier_interval": None,
        "unresolvable_share": None,
        "unresolvable_share_interval": None,
        "no_time_bound": 0,
        "no_time_bound_share": None,
        "no_time_bound_share_interval": None,
        "hedges": [],
    }


def _share(count: int, n: int) -> tuple[float | None, tuple[float, float] | None]:
    """Return a share and its Wilson interval, or (None, None) for an empty set."""
    return (count / n, scoring.wilson_interval(count, n)) if n else (None, None)


def _mean(mean, mean_square, n: int, bounds=(0.0, 1.0)) -> tuple[float | None, tuple | None]:
    """Return a mean score (from SQL) and its normal interval."""
    sd = scoring.sample_sd(mean, mean_square, n)
    return mean, scoring.mean_interval(mean, sd, n, bounds=bounds)


def _hedge_entry(phrase: str, scale: float | None) -> dict:
    return {
        "hedge": phrase,
        "scale_probability": scale,
        "claims": 0,
        "true": 0,
        "partly_true": 0,
        "came_true": 0.0,
    }


def _finish_hedge(entry: dict) -> dict:
    entry["share"], entry["interval"] = _share(entry["came_true"], entry["claims"])
    return entry


def hedge_calibration(*, claims: QuerySet, group_by: str | None = None) -> dict[object, list[dict]]:
    """Return per group (None: site-wide) how each hedge phrase on the scale turned out.

    One query: the scored claims counted GROUP BY (group, the hedge as written,
    lower-cased); each distinct hedge text is then read once by the estimative
    scale (claims.probability.deciding_hedge: "will likely" and "is likely to"
    are both *likely*) and the counts of texts that share a phrase are added.
    A claim counts under the phrase whose number it took; claims whose hedge
    carries no number (asserted, or "vows to") are not in the table.
    Partly true counts half in ``came_true``, as it does in every score.
    """
    base = Claim.objects.filter(pk__in=claims.values("pk")).order_by()
    keys = {"group_key": GROUPINGS[group_by].key} if group_by else {}
    counted = (
        base.filter(_SCORED)
        .exclude(hedge="")
        .values(**keys, hedge_text=Lower(Trim("hedge")))
        .annotate(
            n=Count("pk"),
            came_true=Sum(scoring.outcome_value_expression()),
            n_true=Count("pk", filter=Q(outcome__verdict="true")),
            n_partly=Count("pk", filter=Q(outcome__verdict="partly_true")),
        )
    )
    scale = hedge_probabilities()
    read: dict[str, tuple[str, float] | None] = {}
    tables: dict[object, dict[str, dict]] = {}
    for row in counted:
        text = row["hedge_text"]
        if text not in read:
            read[text] = deciding_hedge(text)
        if read[text] is None:
            continue
        phrase = read[text][0]
        table = tables.setdefault(row.get("group_key"), {})
        entry = table.setdefault(phrase, _hedge_entry(phrase, scale.get(phrase)))
        entry["claims"] += row["n"]
        entry["true"] += row["n_true"]
        entry["partly_true"] += row["n_partly"]
        entry["came_true"] += row["came_true"]
    return {
        key: [_finish_hedge(entry) for entry in sorted(table.values(), key=_hedge_order)]
        for key, table in tables.items()
    }


def _hedge_order(entry: dict) -> tuple:
    """Most used first, then by the scale's number (hedges with none last), then by name."""
    scale = entry["scale_probability"]
    return (-entry["claims"], scale is None, -(scale or 0), entry["hedge"])


def site_hedge_table(*, claims: QuerySet) -> list[dict]:
    """Return the site-wide hedge table, each phrase with the number the evidence proposes (or None)."""
    rows = hedge_calibration(claims=claims).get(None, [])
    for row in rows:
        row["proposed_probability"] = scoring.proposed_probability(
            row["came_true"], row["claims"], row["scale_probability"]
        )
    return rows


def scorecard_rows(*, claims: QuerySet, group_by: str, today: date, hedges: bool = True) -> list[dict]:
    """Return one scorecard row per group that has claims among ``claims``, by label.

    ``claims`` is already narrowed to what the reader may see and asked for;
    withdrawn claims should be left out by the caller. Claims with no group
    (no tag, say) are not in any row.
    """
    grouping = GROUPINGS[group_by]
    # A subquery, so filters that joined many-valued relations cannot duplicate rows here.
    base = Claim.objects.filter(pk__in=claims.values("pk")).order_by()

    totals = (
        base.annotate(**_per_claim())
        .values(*grouping.label_fields, group_key=grouping.key)
        .annotate(**_counts(today))
        .order_by("group_key")
    )
    bins = (
        base.filter(_SCORED, probability__isnull=False)
        .values(group_key=grouping.key, bin=scoring.calibration_bin_expression())
        .annotate(
            n=Count("pk"),
            mean_forecast=Avg("probability"),
            observed=Avg(scoring.outcome_value_expression()),
        )
        .order_by("group_key", "bin")
    )

    rows: dict[object, dict] = {}
    for total in totals:
        key = total["group_key"]
        if key is None:
            continue
        row = empty_row(key, grouping.label(total))
        row.update(
            claims=total["n_claims"],
            draft=total["n_draft"],
            open=total["n_open"],
            due=total["n_due"],
            overdue_unreviewed=total["n_overdue"],
            resolved=total["n_resolved"],
            verdicts={v: total[f"v_{v}"] for v in Outcome.Verdict.values},
            scored=total["n_scored"],
            hit_rate_claims=total["n_hit"],
            hit_rate=total["hit_rate"],
            brier_claims=total["n_brier"],
            brier_score=total["brier_score"],
            brier_sd=scoring.sample_sd(total["brier_score"], total["brier_mean_square"], total["n_brier"]),
        )
        n_hit, n_brier = total["n_hit"], total["n_brier"]
        if total["hit_rate"] is not None:
            row["hit_rate_interval"] = scoring.wilson_interval(total["hit_rate"] * n_hit, n_hit)
        row["brier_interval"] = scoring.mean_interval(total["brier_score"], row["brier_sd"], n_brier)
        row["log_score"], row["log_score_interval"] = _mean(
            total["log_score"], total["log_mean_square"], n_brier, bounds=scoring.LOG_SCORE_BOUNDS
        )
        row["baseline_brier"] = total["baseline_brier"]
        row["brier_skill_score"] = scoring.brier_skill_score(total["brier_score"], total["baseline_brier"])
        row["time_averaged_brier_claims"] = total["n_time_averaged"]
        row["time_averaged_brier"], row["time_averaged_brier_interval"] = _mean(
            total["time_averaged_brier"], total["time_averaged_mean_square"], total["n_time_averaged"]
        )
        row["unresolvable_share"], row["unresolvable_share_interval"] = _share(
            total["v_unresolvable"], total["n_resolved"]
        )
        row["no_time_bound"] = total["n_no_time_bound"]
        row["no_time_bound_share"], row["no_time_bound_share_interval"] = _share(
            total["n_no_time_bound"], total["n_claims"]
        )
        rows[key] = row
    for calibration in bins:
        row = rows.get(calibration["group_key"])
        if row is None:
            continue
        row["calibration"][calibration["bin"]].update(
            count=calibration["n"],
            mean_forecast=calibration["mean_forecast"],
            observed_frequency=calibration["observed"],
            interval=scoring.wilson_interval(calibration["observed"] * calibration["n"], calibration["n"]),
        )
    if hedges:  # the third query; lists that show no hedge table (leaderboard, years) skip it
        for key, table in hedge_calibration(claims=base, group_by=group_by).items():
            if key in rows:
                rows[key]["hedges"] = table
    for row in rows.values():
        row["calibration_gap"] = scoring.calibration_gap(row["calibration"])
    return sorted(rows.values(), key=lambda row: (str(row["label"]).lower(), row["key"]))
