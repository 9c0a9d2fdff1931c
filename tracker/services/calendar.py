"""iCalendar feeds of claim deadlines: the public one and each user's private one.

One all-day event per claim on its due date. A feed is streamed: the claims
are read with a server-side cursor (``iterator``) and each event is written as
it comes, so a feed of 100,000 claims holds one chunk in memory and costs one
query. Drafts never appear, not even to editors (a calendar is shared and
synced to phones; a draft is not yet a forecast anyone made), and neither do
withdrawn claims (nobody will check them).
"""

from collections.abc import Iterator
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from claims.models import Claim
from claims.visibility import claims_readable_by
from tracker.models import CalendarFeed, new_calendar_token

CHUNK_SIZE = 2000
FIELDS = ("pk", "statement", "due_on", "updated_at")
_END = b"END:VCALENDAR\r\n"


def claim_page_url(claim_id: int) -> str:
    """The claim's public page (pages app, ``/claims/<id>/``) on the site's real address."""
    return settings.SITE_URL + reverse("claim-page", args=[claim_id])


def calendar_claims(user) -> QuerySet:
    """Return the claims of the public feed for ``user``: readable, published, not withdrawn."""
    return (
        claims_readable_by(user)
        .exclude(status__in=(Claim.Status.DRAFT, Claim.Status.WITHDRAWN))
        .order_by("due_on", "pk")
    )


def calendar_claims_of(user) -> QuerySet:
    """Return the claims of ``user``'s private feed: those they review or watch, and may read."""
    watched = Claim.watchers.through.objects.filter(user_id=user.pk).values("claim_id")
    return calendar_claims(user).filter(Q(reviewer_id=user.pk) | Q(pk__in=watched))


def calendar_stream(claims: QuerySet, *, name: str) -> Iterator[bytes]:
    """Yield the feed as iCalendar bytes, one event per claim, reading the claims in chunks."""
    calendar = Calendar()
    calendar.add("prodid", "-//Claim tracker//claim deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    head = calendar.to_ical()
    yield head[: -len(_END)]
    stamp = timezone.now()
    host = settings.SITE_URL.split("://", 1)[-1]
    for pk, statement, due_on, updated_at in claims.values_list(*FIELDS).iterator(chunk_size=CHUNK_SIZE):
        yield _event(pk, statement, due_on, updated_at, stamp=stamp, host=host).to_ical()
    yield _END


def _event(pk: int, statement: str, due_on, updated_at: datetime, *, stamp: datetime, host: str) -> Event:
    url = claim_page_url(pk)
    event = Event()
    # Stable per claim and site: a moved deadline updates the event instead of adding one.
    event.add("uid", f"claim-{pk}@{host}")
    event.add("dtstamp", stamp)
    event.add("last-modified", updated_at)
    event.add("dtstart", due_on)  # a date: an all-day event
    event.add("summary", statement)
    event.add("description", f"{statement}\n\nThe claim, its window and its verdict: {url}")
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_feed_for(*, user) -> CalendarFeed:
    """Return ``user``'s private feed, making one on first use."""
    feed, _ = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_reset(*, user) -> CalendarFeed:
    """Give ``user``'s private feed a new secret address; the old one answers 404 from now on."""
    feed = calendar_feed_for(user=user)
    feed.token = new_calendar_token()
    feed.reset_at = timezone.now()
    feed.save(update_fields=["token", "reset_at"])
    return feed
