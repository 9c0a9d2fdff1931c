"""Who may read which claims through the API, exports and scorecards.

Drafts are for editors only (ClaimQuerySet.visible_to). Readers with the
view permission see every published claim. Anyone else, including anonymous
visitors, sees resolved claims only, and only when API_ANONYMOUS_READ is on.
"""

from django.conf import settings
from django.db.models import QuerySet

from claims.models import Claim


def can_read_claims(user) -> bool:
    """Return True if ``user`` may read published claims and scorecards at all."""
    return user.has_perm("claims.view_claim") or settings.API_ANONYMOUS_READ


def claims_readable_by(user) -> QuerySet:
    """Return the claims ``user`` may list, open, filter and export."""
    claims = Claim.objects.visible_to(user)
    if user.has_perm("claims.view_claim"):
        return claims
    if settings.API_ANONYMOUS_READ:
        return claims.filter(status=Claim.Status.RESOLVED)
    return claims.none()


def claims_scored_for(user) -> QuerySet:
    """Return the claims a scorecard counts for ``user``: not withdrawn, no drafts unless an editor.

    Public scorecards (API_ANONYMOUS_READ) count open claims too: a scorecard
    publishes how many claims are still pending, not their text.
    """
    if not can_read_claims(user):
        return Claim.objects.none()
    return Claim.objects.visible_to(user).exclude(status=Claim.Status.WITHDRAWN)
