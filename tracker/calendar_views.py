"""The calendar feeds: ``/calendar.ics``, ``/calendar/<token>.ics`` per user, and the page to reset it."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from claims.visibility import can_read_claims
from tracker.models import CalendarFeed
from tracker.services.calendar import (
    calendar_claims,
    calendar_claims_of,
    calendar_feed_for,
    calendar_feed_reset,
    calendar_stream,
)


def _ics(chunks, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request):
    """Every claim the requester may read, on its due date (public when API_ANONYMOUS_READ is on)."""
    if not can_read_claims(request.user):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    return _ics(calendar_stream(calendar_claims(request.user), name="Claim deadlines"), "claims.ics")


def calendar_private_feed(request, token: str):
    """The claims one user reviews or watches; the token is the key, so no login (calendar apps have none)."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404("No such calendar.")
    claims = calendar_claims_of(feed.user)
    return _ics(calendar_stream(claims, name="My claims to review"), "my-claims.ics")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request):
    """Show the user's feed addresses; POST gives the private one a new address."""
    if request.method == "POST":
        calendar_feed_reset(user=request.user)
        return redirect("calendar-settings")
    feed = calendar_feed_for(user=request.user)
    context = {
        "public_url": request.build_absolute_uri(reverse("calendar-feed")),
        "private_url": request.build_absolute_uri(reverse("calendar-private-feed", args=[feed.token])),
        "feed": feed,
        "can_read": can_read_claims(request.user),
    }
    return render(request, "tracker/calendar.html", context)
