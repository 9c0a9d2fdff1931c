"""The admin index as a reviewer's and editor's "what is mine today".

Each tile is a count that links to the admin list it counts, so a click shows
exactly those claims. All claim counts come from one aggregate query; the
failed-notification count is one more, and only for people who may see the outbox.
"""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from tracker.services.delivery import failed_notification_count

Status = Claim.Status
LIVE = (Status.OPEN, Status.DUE)


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    count: int
    url: str
    alert: bool = False  # drawn in the error colour when non-zero


def _link(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def dashboard_tiles(user, *, today: date | None = None) -> list[Tile]:
    """Return the tiles ``user`` may see, in the order a working day reads them."""
    today = today or timezone.localdate()
    may_review = user.has_perm("claims.record_outcome")
    is_editor = user.has_perm("claims.edit_claim_text")
    counts = {}
    if user.has_perm("claims.view_claim") or user.has_perm("claims.change_claim"):
        wanted = {
            "due_today": Count("pk", filter=Q(status__in=LIVE, due_on=today)),
            "overdue": Count("pk", filter=Q(status=Status.DUE, due_on__lt=today)),
        }
        if may_review:
            wanted["mine"] = Count("pk", filter=Q(status=Status.DUE, reviewer=user))
        if is_editor:
            wanted["drafts"] = Count("pk", filter=Q(status=Status.DRAFT))
        counts = Claim.objects.visible_to(user).aggregate(**wanted)

    claims_list = "admin:claims_claim_changelist"
    tiles = []
    if "due_today" in counts:
        tiles += [
            Tile(
                "due_today",
                "Due today",
                counts["due_today"],
                _link(claims_list, due_on=today.isoformat(), status__in="open,due"),
            ),
            Tile(
                "overdue",
                "Overdue",
                counts["overdue"],
                _link(claims_list, status__exact=Status.DUE, due_on__lt=today.isoformat()),
                alert=True,
            ),
        ]
    if "mine" in counts:
        tiles.append(
            Tile(
                "mine",
                "Due and assigned to me",
                counts["mine"],
                _link("admin:claims_claimdueforreview_changelist", reviewer__id__exact=user.pk),
            )
        )
    if "drafts" in counts:
        tiles.append(
            Tile(
                "drafts",
                "Drafts awaiting publication",
                counts["drafts"],
                _link(claims_list, status__exact=Status.DRAFT),
            )
        )
    if user.has_perm("tracker.view_notification"):
        tiles.append(
            Tile(
                "failed",
                "Failed notifications",
                failed_notification_count(),
                _link("admin:tracker_notification_changelist", status__exact="failed"),
                alert=True,
            )
        )
    return tiles
