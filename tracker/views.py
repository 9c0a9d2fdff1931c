"""The server-rendered scorecard page: the same selector as the API, with a calibration plot."""

import re

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from claims.api.filters import ClaimFilter
from claims.visibility import can_read_claims, claims_scored_for
from tracker import scorecards
from tracker.api.serializers import GROUP_BY_CHOICES
from tracker.scoring import SCORING_RULE_MARKDOWN

SCORING_RULE_TEXT = re.sub(r"[*`]", "", SCORING_RULE_MARKDOWN)  # the page shows it as plain text
PLOT_SIZE = 160
PLOT_MARGIN = 12


def calibration_points(row: dict, size: int = PLOT_SIZE, margin: int = PLOT_MARGIN) -> list[dict]:
    """Return SVG circles for a row's non-empty bins: x = mean forecast, y = observed frequency,
    area by count."""
    inner = size - 2 * margin
    biggest = max((b["count"] for b in row["calibration"]), default=0) or 1
    return [
        {
            "cx": round(margin + b["mean_forecast"] * inner, 1),
            "cy": round(size - margin - b["observed_frequency"] * inner, 1),
            "r": round(3 + 6 * (b["count"] / biggest) ** 0.5, 1),
            "title": f"{b['lower']:.1f}–{b['upper']:.1f}: {b['count']} claims, "
            f"forecast {b['mean_forecast']:.2f}, observed {b['observed_frequency']:.2f}",
        }
        for b in row["calibration"]
        if b["count"]
    ]


def scorecard_page(request):
    if not can_read_claims(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    group_by = request.GET.get("group_by", "claimant")
    filterset = ClaimFilter(request.GET, queryset=claims_scored_for(request.user), request=request)
    errors = dict(filterset.errors) if not filterset.is_valid() else {}
    if group_by not in GROUP_BY_CHOICES:
        errors["group_by"] = [f"Choose one of {', '.join(GROUP_BY_CHOICES)}."]
    rows = []
    if not errors:
        rows = scorecards.scorecard_rows(claims=filterset.qs, group_by=group_by, today=timezone.localdate())
        for row in rows:
            row["points"] = calibration_points(row)
    context = {
        "rows": rows,
        "group_by": group_by,
        "choices": GROUP_BY_CHOICES,
        "errors": errors,
        "scoring_rule": SCORING_RULE_TEXT,
        "size": PLOT_SIZE,
        "low": PLOT_MARGIN,
        "high": PLOT_SIZE - PLOT_MARGIN,
        "inner": PLOT_SIZE - 2 * PLOT_MARGIN,
    }
    return render(request, "tracker/scorecards.html", context, status=400 if errors else 200)
