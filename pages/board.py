"""The leaderboard and the claimant, publication and tag pages.

Scores come from the scorecard selectors (tracker.scorecards: a fixed number
of GROUP BY queries whatever the number of claims) and their intervals from
tracker.scoring; this module only ranks, sorts, paginates and lays them out.
Scores count claims_scored_for(reader); the claim lists show
claims_readable_by(reader); drafts never appear to anyone but editors.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Model, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from claims.api.filters import ClaimFilter
from claims.models import Author, Claim, Outcome, Publication, Tag
from claims.visibility import can_read_claims, claims_readable_by, claims_scored_for
from pages import plots
from tracker import scorecards
from tracker.scoring import SCORING_RULE_MARKDOWN
from tracker.services.scorecard_summary import scorecard_rows_for

SCORING_RULE_TEXT = re.sub(r"[*`]", "", SCORING_RULE_MARKDOWN)  # shown as plain text
LEADERBOARD_PAGE_SIZE = 25
TIMELINE_PAGE_SIZE = 50


@dataclass(frozen=True)
class GroupPage:
    model: type[Model]
    claim_lookup: str  # how a claim reaches the group, for Claim.objects.filter(<lookup>=pk)
    noun: str
    plural: str


GROUP_PAGES = {
    "claimant": GroupPage(Author, "claimants", "claimant", "claimants"),
    "publication": GroupPage(Publication, "article__publication", "publication", "publications"),
    "tag": GroupPage(Tag, "tags", "tag", "tags"),
}


def group_url(group: str, key) -> str:
    return f"/{GROUP_PAGES[group].plural}/{key}/"


def _refuse(request):
    """Return the answer for a reader who may not read claims, or None if they may."""
    if can_read_claims(request.user):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


# --- the leaderboard -------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: object  # row -> sortable value, or None (always sorted last)
    descending_first: bool = False  # the first click sorts high to low (counts, hit rate)


def _verdict(verdict):
    return lambda row: row["verdicts"][verdict]


COLUMNS = [
    Column("rank", "Rank", lambda row: row["rank"]),
    Column("name", "Name", lambda row: str(row["label"]).lower()),
    Column("claims", "Claims", lambda row: row["claims"], True),
    Column("resolved", "Resolved", lambda row: row["resolved"], True),
    Column("hit_rate", "Hit rate", lambda row: row["hit_rate"], True),
    Column("brier", "Brier", lambda row: row["brier_score"]),
    Column("calibration_gap", "Calibration gap", lambda row: row["calibration_gap"]),
    Column("open", "Open", lambda row: row["open"], True),
    Column("due", "Due", lambda row: row["due"], True),
    Column("overdue", "Overdue", lambda row: row["overdue_unreviewed"], True),
    *(
        Column(verdict, label, _verdict(verdict), True)
        for verdict, label in [
            ("true", "True"),
            ("partly_true", "Partly true"),
            ("false", "False"),
            ("annulled", "Annulled"),
            ("unresolvable", "Unresolvable"),
        ]
    ),
]
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
LEADERBOARD_GROUPS = ["claimant", "publication", "tag"]


def _sorted(rows: list[dict], column: Column, descending: bool) -> list[dict]:
    """Sort by a column with empty values last whichever the direction."""
    present = [row for row in rows if column.value(row) is not None]
    missing = [row for row in rows if column.value(row) is None]
    present.sort(key=lambda row: (column.value(row), str(row["label"]).lower()), reverse=descending)
    return present + sorted(missing, key=lambda row: str(row["label"]).lower())


def rank_rows(rows: list[dict], *, min_resolved: int) -> None:
    """Number the rows with at least ``min_resolved`` resolved claims: best Brier first.

    Ties on Brier (or none: claims without probabilities) go to the higher
    hit rate, then the name. The rest get rank None: shown, not ranked.
    """
    eligible = [row for row in rows if row["resolved"] >= min_resolved]
    eligible.sort(
        key=lambda row: (
            row["brier_score"] is None,
            row["brier_score"] or 0,
            -(row["hit_rate"] or 0),
            str(row["label"]).lower(),
        )
    )
    for row in rows:
        row["rank"] = None
    for position, row in enumerate(eligible, start=1):
        row["rank"] = position


def leaderboard(request):
    if (refusal := _refuse(request)) is not None:
        return refusal
    group_by = request.GET.get("group_by", "claimant")
    sort = request.GET.get("sort", "rank")
    filterset = ClaimFilter(request.GET, queryset=claims_scored_for(request.user), request=request)
    errors = dict(filterset.errors) if not filterset.is_valid() else {}
    if group_by not in LEADERBOARD_GROUPS:
        errors["group_by"] = [f"Choose one of {', '.join(LEADERBOARD_GROUPS)}."]
    if sort.removeprefix("-") not in COLUMNS_BY_KEY:
        errors["sort"] = [f"Choose one of {', '.join(COLUMNS_BY_KEY)}, with - for the reverse order."]
    min_resolved = settings.LEADERBOARD_MIN_RESOLVED
    rows: list[dict] = []
    if not errors:
        filtered = bool({k for k, v in request.GET.items() if v} - {"group_by", "sort", "page"})
        rows, _ = scorecard_rows_for(
            user=request.user,
            claims=filterset.qs,
            group_by=group_by,
            today=timezone.localdate(),
            filtered=filtered,
            hedges=False,
        )
        rank_rows(rows, min_resolved=min_resolved)
        column = COLUMNS_BY_KEY[sort.removeprefix("-")]
        descending = sort.startswith("-")
        ranked = _sorted([r for r in rows if r["rank"] is not None], column, descending)
        unranked = _sorted([r for r in rows if r["rank"] is None], column, descending)
        rows = ranked + unranked
    page = Paginator(rows, LEADERBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    for row in page.object_list:
        row["url"] = group_url(group_by, row["key"])
        row["plot"] = plots.calibration_plot(row["calibration"], frame=plots.SMALL_FRAME)
        row["plot_id"] = f"calibration-{row['key']}"
        row["plot_title"] = (
            f"Calibration of {row['label']}: share that came true against forecast probability"
        )
    kept = {k: v for k, v in request.GET.items() if k not in ("sort", "page") and v}
    context = {
        "rows": page.object_list,
        "page": page,
        "group_by": group_by,
        "groups": [
            {"key": g, "label": GROUP_PAGES[g].plural.capitalize(), "href": "?" + urlencode({"group_by": g})}
            for g in LEADERBOARD_GROUPS
        ],
        "columns": _column_links(kept, sort),
        "sort": sort,
        "kept_query": urlencode({**kept, "sort": sort}),
        "errors": errors,
        "min_resolved": min_resolved,
        "scoring_rule": SCORING_RULE_TEXT,
    }
    return render(request, "pages/leaderboard.html", context, status=400 if errors else 200)


def _column_links(kept: dict, sort: str) -> list[dict]:
    links = []
    for column in COLUMNS:
        first = f"-{column.key}" if column.descending_first else column.key
        if sort.removeprefix("-") == column.key:
            target = column.key if sort.startswith("-") else f"-{column.key}"
            state = "descending" if sort.startswith("-") else "ascending"
        else:
            target, state = first, "none"
        links.append(
            {
                "key": column.key,
                "label": column.label,
                "href": "?" + urlencode({**kept, "sort": target}),
                "aria_sort": state,
            }
        )
    return links


# --- claimant, publication and tag pages ----------------------------------


def group_page(request, *, group: str, pk: int):
    """One page per claimant, publication or tag: scores with intervals, plots, the claims."""
    if (refusal := _refuse(request)) is not None:
        return refusal
    spec = GROUP_PAGES[group]
    subject = get_object_or_404(spec.model, pk=pk)
    in_group = Q(**{spec.claim_lookup: pk})
    today = timezone.localdate()
    scored = claims_scored_for(request.user).filter(in_group)
    row = next(
        (r for r in scorecards.scorecard_rows(claims=scored, group_by=group, today=today) if r["key"] == pk),
        None,
    )
    if row is None:  # nothing this reader may see: no page (a drafts-only claimant stays unknown)
        raise Http404
    periods = scorecards.scorecard_rows(claims=scored, group_by="year", today=today, hedges=False)
    periods.sort(key=lambda period: period["key"])
    timeline = (
        claims_readable_by(request.user)
        .filter(in_group)
        .select_related("article", "outcome")
        .prefetch_related("claimants")
        .order_by("-due_on", "-pk")
    )
    page = Paginator(timeline, TIMELINE_PAGE_SIZE).get_page(request.GET.get("page"))
    verdicts = [
        {"key": verdict, "label": label, "count": row["verdicts"][verdict]}
        for verdict, label in Outcome.Verdict.choices
    ]
    context = {
        "group": group,
        "spec": spec,
        "subject": subject,
        "title": str(row["label"]),
        "row": row,
        "calibration": plots.calibration_plot(row["calibration"]),
        "brier_over_time": plots.brier_over_time_plot(periods),
        "periods": [p for p in periods if p["brier_score"] is not None],
        "verdicts": verdicts,
        "page": page,
        "timeline": [_timeline_entry(claim) for claim in page.object_list],
        "scoring_rule": SCORING_RULE_TEXT,
    }
    return render(request, "pages/group.html", context)


def _timeline_entry(claim: Claim) -> dict:
    """Return a claim's three dates: made (its article's date), due, resolved (outcome known)."""
    outcome = getattr(claim, "outcome", None) if claim.status == Claim.Status.RESOLVED else None
    return {
        "claim": claim,
        "url": reverse("claim-page", args=[claim.pk]),
        "made": claim.article.published_on,
        "due": claim.due_on,
        "resolved": outcome.known_on if outcome else None,
        "verdict": outcome.get_verdict_display() if outcome else None,
        "verdict_key": outcome.verdict if outcome else None,
        "status": claim.get_status_display(),
    }
