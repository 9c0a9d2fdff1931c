"""Scorecards: per claimant, publication, tag or year, computed in the database.

Two queries whatever the number of claims or groups: one GROUP BY group for the
counts and scores, one GROUP BY (group, calibration bin) for the bins. The
formula comes from tracker.scoring; nothing here decides how a verdict scores.

A claim with two claimants (or tags) counts once in each one's row. The year
of a claim is the year it comes due (``due_on``): the year the forecast is
judged, not the year it was made.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from operator import itemgetter

from django.db.models import Avg, Count, Expression, F, Q, QuerySet
from django.db.models.functions import ExtractYear

from claims.models import Claim, Outcome, Tag
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


def _counts(today: date) -> dict:
    o = scoring.outcome_value_expression(scored_when=Q(status=Status.RESOLVED))
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
    }


def scorecard_rows(*, claims: QuerySet, group_by: str, today: date) -> list[dict]:
    """Return one scorecard row per group that has claims among ``claims``, by label.

    ``claims`` is already narrowed to what the reader may see and asked for;
    withdrawn claims should be left out by the caller. Claims with no group
    (no tag, say) are not in any row.
    """
    grouping = GROUPINGS[group_by]
    # A subquery, so filters that joined many-valued relations cannot duplicate rows here.
    base = Claim.objects.filter(pk__in=claims.values("pk")).order_by()

    totals = (
        base.values(*grouping.label_fields, group_key=grouping.key)
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
    for row in rows.values():
        row["calibration_gap"] = scoring.calibration_gap(row["calibration"])
    return sorted(rows.values(), key=lambda row: (str(row["label"]).lower(), row["key"]))
