"""The calendar feeds: who sees which deadlines, the private feed and its reset, fixed query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from claims.models import Claim
from tests.factories import ClaimFactory, UserFactory
from tracker.models import CalendarFeed

pytestmark = pytest.mark.django_db

SITE = "https://tracker.example.org"
Status = Claim.Status


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.API_ANONYMOUS_READ = False


@pytest.fixture
def claims():
    """One claim in each status, each with its own deadline."""
    return {
        status: ClaimFactory(
            status=status, due_on=date(2026, 12, day), window_start=None, statement=f"{status}."
        )
        for day, status in enumerate(Status.values, start=1)
    }


def events(response) -> dict[str, dict]:
    """Parse a feed with icalendar; return its events by SUMMARY."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(b"".join(response.streaming_content))
    found = {}
    for event in calendar.walk("VEVENT"):
        summary = str(event["SUMMARY"])
        assert summary not in found
        found[summary] = event
    return found


def readable_statuses(response) -> set[str]:
    return {summary.rstrip(".") for summary in events(response)}


def test_an_event_is_an_all_day_deadline_linking_to_the_claim_page(client, viewer, claims):
    claim = claims[Status.OPEN]
    client.force_login(viewer)

    event = events(client.get("/calendar.ics"))["open."]

    assert event.decoded("DTSTART") == claim.due_on  # a date, not a datetime: all day
    assert str(event["UID"]) == f"claim-{claim.pk}@tracker.example.org"
    assert str(event["URL"]) == f"{SITE}/claims/{claim.pk}/"
    assert f"{SITE}/claims/{claim.pk}/" in str(event["DESCRIPTION"])


def test_the_uid_stays_when_the_deadline_moves(client, viewer, claims):
    client.force_login(viewer)
    before = events(client.get("/calendar.ics"))["open."]["UID"]
    Claim.objects.filter(pk=claims[Status.OPEN].pk).update(due_on=date(2027, 3, 1))

    after = events(client.get("/calendar.ics"))["open."]

    assert after["UID"] == before and after.decoded("DTSTART") == date(2027, 3, 1)


@pytest.mark.parametrize("persona", ["viewer", "reviewer", "editor"])
def test_readers_see_every_published_deadline_and_never_a_draft(client, claims, persona, request):
    client.force_login(request.getfixturevalue(persona))

    # Editors read drafts elsewhere, but a calendar is shared and synced: no drafts, even for them.
    assert readable_statuses(client.get("/calendar.ics")) == {"open", "due", "resolved"}


def test_anonymous_readers_see_what_the_public_may_read_when_anonymous_read_is_on(client, claims, settings):
    settings.API_ANONYMOUS_READ = True

    assert readable_statuses(client.get("/calendar.ics")) == {"resolved"}  # claims_readable_by's rule


def test_without_anonymous_read_the_feed_needs_a_login(client, claims, outsider):
    response = client.get("/calendar.ics")
    assert response.status_code == 302 and "login" in response["Location"]

    client.force_login(outsider)
    assert client.get("/calendar.ics").status_code == 403


def test_an_outsider_sees_the_public_feed_when_anonymous_read_is_on(client, claims, outsider, settings):
    settings.API_ANONYMOUS_READ = True
    client.force_login(outsider)

    assert readable_statuses(client.get("/calendar.ics")) == {"resolved"}


def private_url(client, user) -> str:
    client.force_login(user)
    assert client.get("/calendar/").status_code == 200
    client.logout()
    return f"/calendar/{CalendarFeed.objects.get(user=user).token}.ics"


def test_the_private_feed_lists_only_the_claims_the_user_reviews_or_watches(client, reviewer, claims):
    other = UserFactory(username="other-reviewer")
    assigned = ClaimFactory(reviewer=reviewer, statement="Assigned to me.")
    watched = ClaimFactory(reviewer=other, statement="Watched by me.")
    watched.watchers.add(reviewer)
    ClaimFactory(reviewer=other, statement="Someone else's.")
    ClaimFactory(reviewer=reviewer, status=Status.DRAFT, statement="My draft.")
    assigned.watchers.add(reviewer)  # reviewer and watcher: still one event

    url = private_url(client, reviewer)
    response = client.get(url)  # no login: calendar apps have none

    assert set(events(response)) == {"Assigned to me.", "Watched by me."}


def test_a_reset_kills_the_old_private_address(client, reviewer):
    ClaimFactory(reviewer=reviewer, statement="Assigned to me.")
    old_url = private_url(client, reviewer)
    assert client.get(old_url).status_code == 200

    client.force_login(reviewer)
    assert client.post("/calendar/").status_code == 302
    client.logout()

    assert client.get(old_url).status_code == 404
    new_url = f"/calendar/{CalendarFeed.objects.get(user=reviewer).token}.ics"
    assert new_url != old_url
    assert set(events(client.get(new_url))) == {"Assigned to me."}


def test_a_private_feed_follows_the_users_rights(client, reviewer):
    ClaimFactory(reviewer=reviewer, statement="Assigned to me.")
    url = private_url(client, reviewer)
    reviewer.groups.clear()  # no longer allowed to read claims

    assert events(client.get(url)) == {}

    reviewer.is_active = False
    reviewer.save()
    assert client.get(url).status_code == 404


def test_unknown_tokens_and_the_settings_page_without_login(client):
    assert client.get(f"/calendar/{'x' * 43}.ics").status_code == 404
    response = client.get("/calendar/")
    assert response.status_code == 302 and "login" in response["Location"]


def feed_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        b"".join(response.streaming_content)  # the claims are read while streaming
    return len(queries)


def test_the_feeds_take_a_fixed_number_of_queries(client, reviewer, viewer):
    client.force_login(viewer)
    private = private_url(client, reviewer)
    client.force_login(viewer)
    for claim in ClaimFactory.create_batch(3, reviewer=reviewer):
        claim.watchers.add(viewer)
    small = (feed_queries(client, "/calendar.ics"), feed_queries(client, private))

    ClaimFactory.create_batch(60, reviewer=reviewer)
    large = (feed_queries(client, "/calendar.ics"), feed_queries(client, private))

    assert small == large
    # public: session, user, permissions (user's, groups'), claims; private: feed+user, permissions, claims
    assert large == (5, 4)
