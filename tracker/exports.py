"""Scorecards and the hedge-word tables as CSV rows: the API's JSON, flattened.

Every interval becomes two columns (``_low``, ``_high``) beside its value and
its n, so a spreadsheet shows the same numbers as the API and the pages.
"""

from claims.models import Outcome

# (column, key in the scorecard row; "a.b" for row["a"]["b"]); an "interval" key becomes
# <column>_low and <column>_high.
SCORECARD_FIELDS: list[tuple[str, str]] = [
    ("key", "key"),
    ("label", "label"),
    ("claims", "claims"),
    ("draft", "draft"),
    ("open", "open"),
    ("due", "due"),
    ("overdue_unreviewed", "overdue_unreviewed"),
    ("resolved", "resolved"),
    *((f"verdict_{verdict}", f"verdicts.{verdict}") for verdict in Outcome.Verdict.values),
    ("scored", "scored"),
    ("hit_rate_claims", "hit_rate_claims"),
    ("hit_rate", "hit_rate"),
    ("hit_rate", "hit_rate_interval"),
    ("brier_claims", "brier_claims"),
    ("brier_score", "brier_score"),
    ("brier_score", "brier_interval"),
    ("log_score", "log_score"),
    ("log_score", "log_score_interval"),
    ("baseline_brier", "baseline_brier"),
    ("brier_skill_score", "brier_skill_score"),
    ("time_averaged_brier_claims", "time_averaged_brier_claims"),
    ("time_averaged_brier", "time_averaged_brier"),
    ("time_averaged_brier", "time_averaged_brier_interval"),
    ("calibration_gap", "calibration_gap"),
    ("unresolvable_share", "unresolvable_share"),
    ("unresolvable_share", "unresolvable_share_interval"),
    ("no_time_bound", "no_time_bound"),
    ("no_time_bound_share", "no_time_bound_share"),
    ("no_time_bound_share", "no_time_bound_share_interval"),
]
HEDGE_FIELDS: list[tuple[str, str]] = [
    ("hedge", "hedge"),
    ("scale_probability", "scale_probability"),
    ("claims", "claims"),
    ("true", "true"),
    ("partly_true", "partly_true"),
    ("came_true", "came_true"),
    ("share", "share"),
    ("share", "interval"),
]


def _header(fields: list[tuple[str, str]]) -> list[str]:
    header = []
    for column, key in fields:
        header += [f"{column}_low", f"{column}_high"] if key.endswith("interval") else [column]
    return header


def _cells(row: dict, fields: list[tuple[str, str]]) -> list:
    cells = []
    for _, key in fields:
        value = row
        for part in key.split("."):
            value = value[part]
        cells += list(value or (None, None)) if key.endswith("interval") else [value]
    return cells


def scorecard_csv(rows: list[dict]) -> list[list]:
    """Return the header and one line per scorecard row (bins and hedges have their own files)."""
    return [_header(SCORECARD_FIELDS), *(_cells(row, SCORECARD_FIELDS) for row in rows)]


def hedge_csv(rows: list[dict], *, group_by: str | None) -> list[list]:
    """Return the header and one line per (group, hedge), or per hedge site-wide with the proposals.

    ``rows`` are scorecard rows (each with its ``hedges``) when grouped, else the site-wide table.
    """
    if group_by is None:
        fields = [*HEDGE_FIELDS, ("proposed_probability", "proposed_probability")]
        return [_header(fields), *(_cells(row, fields) for row in rows)]
    header = [f"{group_by}_key", f"{group_by}_label", *_header(HEDGE_FIELDS)]
    lines = [
        [row["key"], row["label"], *_cells(hedge, HEDGE_FIELDS)] for row in rows for hedge in row["hedges"]
    ]
    return [header, *lines]
