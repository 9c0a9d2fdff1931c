from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from claims.roles import REVIEWERS
from tests.factories import ArticleFactory, ClaimFactory, UserFactory
from tracker.models import Notification
from tracker.services.digests import digests_build, digests_send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_nov_25")]

TODAY = date(2026, 11, 25)


@pytest.fixture
def _nov_25(settings):
    settings.DIGEST_LEAD_DAYS = 14
    settings.DIGEST_ESCALATE_AFTER_DAYS = 30
    settings.SITE_URL = "https://tracker.example.org"
    with time_machine.travel(datetime(2026, 11, 25, 7, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        yield


def due(days_ago: int, **kwargs) -> Claim:
    """A claim whose due date was ``days_ago`` days before today (negative: still ahead)."""
    due_on = date.fromordinal(TODAY.toordinal() - days_ago)
    kwargs.setdefault("status", Claim.Status.DUE if days_ago > 0 else Claim.Status.OPEN)
    return ClaimFactory(due_on=due_on, window_start=None, **kwargs)


def send(django_capture_on_commit_callbacks) -> dict[str, mail.EmailMessage]:
    """Run the digest job, deliver what it queued, and return the mail by recipient."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        digests_send()
    by_recipient = {}
    for message in mail.outbox:
        (to,) = message.to
        assert to not in by_recipient, f"{to} got more than one digest"
        by_recipient[to] = message
    return by_recipient


def test_reviewer_gets_one_digest_with_due_overdue_and_coming_claims(
    reviewer, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Kazakhstan's Energy Pivot", url="https://example.org/pivot")
    just_due = due(
        1, reviewer=reviewer, article=article, statement="A pipeline opens.", time_expression="late 2026"
    )
    overdue = due(10, reviewer=reviewer, statement="A referendum is held.")
    coming = due(-5, reviewer=reviewer, statement="Exports double.")
    due(-30, reviewer=reviewer, statement="Too far ahead.")
    due(3, reviewer=reviewer, statement="Already resolved.", status=Claim.Status.RESOLVED)

    inbox = send(django_capture_on_commit_callbacks)

    assert list(inbox) == ["reviewer@example.org"]
    message = inbox["reviewer@example.org"]
    assert message.subject == "3 claims to review, some overdue (25 Nov 2026)"
    text = message.body
    for claim in (just_due, overdue, coming):
        assert claim.statement in text
        assert f"https://tracker.example.org/admin/claims/claim/{claim.pk}/record-outcome/" in text
    assert "Too far ahead." not in text and "Already resolved." not in text
    assert text.index("== Due for review ==") < text.index("A pipeline opens.") < text.index("== Overdue ==")
    assert "-- Kazakhstan's Energy Pivot (" in text and "https://example.org/pivot" in text
    assert 'Deadline: 24 Nov 2026 ("late 2026"), overdue by 1 day' in text
    assert "overdue by 10 days" in text
    assert 'Deadline: 30 Nov 2026 ("late 2026"), in 5 days' in text
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<strong>A pipeline opens.</strong>" in html
    assert f'href="https://tracker.example.org/admin/claims/claim/{overdue.pk}/record-outcome/"' in html


def test_watchers_get_the_claims_they_watch(reviewer, viewer, django_capture_on_commit_callbacks):
    watched = due(2, reviewer=reviewer, statement="Watched claim.")
    watched.watchers.add(viewer)
    due(2, reviewer=reviewer, statement="Not watched.")

    inbox = send(django_capture_on_commit_callbacks)

    assert set(inbox) == {"reviewer@example.org", "viewer@example.org"}
    assert "Watched claim." in inbox["viewer@example.org"].body
    assert "Not watched." not in inbox["viewer@example.org"].body
    assert "Not watched." in inbox["reviewer@example.org"].body


def test_unassigned_claims_go_to_everyone_in_the_reviewers_group(
    reviewer, django_capture_on_commit_callbacks
):
    other = UserFactory(username="second-reviewer", groups=[REVIEWERS])
    UserFactory(username="retired-reviewer", groups=[REVIEWERS], is_active=False)
    due(2, reviewer=None, statement="Nobody's claim.")
    due(2, reviewer=other, statement="Taken claim.")

    inbox = send(django_capture_on_commit_callbacks)

    assert set(inbox) == {"reviewer@example.org", "second-reviewer@example.org"}
    assert "Taken claim." not in inbox["reviewer@example.org"].body
    assert "Nobody's claim." in inbox["second-reviewer@example.org"].body
    assert "Taken claim." in inbox["second-reviewer@example.org"].body


def test_claims_overdue_beyond_the_limit_are_escalated_to_editors(
    editor, reviewer, django_capture_on_commit_callbacks
):
    due(31, reviewer=reviewer, statement="Long forgotten.")
    due(30, reviewer=reviewer, statement="Just within the limit.")

    inbox = send(django_capture_on_commit_callbacks)

    editor_mail = inbox["editor@example.org"].body
    assert "Overdue over 30 days (escalated)" in editor_mail
    assert "Long forgotten." in editor_mail
    assert "Just within the limit." not in editor_mail
    assert "Just within the limit." in inbox["reviewer@example.org"].body


def test_a_person_with_nothing_to_review_gets_no_email(
    editor, reviewer, viewer, django_capture_on_commit_callbacks
):
    due(-60, reviewer=reviewer)  # beyond the lead time
    due(5, reviewer=reviewer, status=Claim.Status.WITHDRAWN)

    assert send(django_capture_on_commit_callbacks) == {}
    assert not Notification.objects.exists()


def test_the_digest_includes_claims_that_passed_their_date_since_the_last_flagging(
    reviewer, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(due_on=date(2026, 11, 24), window_start=None, reviewer=reviewer)  # still open

    inbox = send(django_capture_on_commit_callbacks)

    assert claim.statement in inbox["reviewer@example.org"].body
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DUE


def test_a_second_run_the_same_day_sends_nothing(reviewer, django_capture_on_commit_callbacks):
    due(2, reviewer=reviewer)
    assert len(send(django_capture_on_commit_callbacks)) == 1

    due(3, reviewer=reviewer)  # even with new work: one digest per person per day
    assert send(django_capture_on_commit_callbacks) == {}

    with time_machine.travel(datetime(2026, 11, 26, 7, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        assert len(send(django_capture_on_commit_callbacks)) == 1
    assert Notification.objects.filter(recipient=reviewer).count() == 2


def test_the_outbox_row_records_the_digest_and_its_delivery(reviewer, django_capture_on_commit_callbacks):
    claim = due(2, reviewer=reviewer)

    send(django_capture_on_commit_callbacks)

    row = Notification.objects.get()
    assert (row.recipient, row.kind, row.period) == (reviewer, Notification.Kind.DIGEST, "2026-11-25")
    assert row.claim_ids == [claim.pk]
    assert (row.status, row.attempts, row.last_error) == (Notification.Status.SENT, 1, "")


def test_send_digests_dry_run_lists_recipients_and_writes_nothing(reviewer):
    due(2, reviewer=reviewer)
    due(-3, reviewer=reviewer)
    out = StringIO()

    call_command("send_digests", "--dry-run", stdout=out)

    assert out.getvalue().splitlines() == [
        "reviewer@example.org: 0 due, 1 overdue, 1 coming due, 0 escalated",
        "Would send 1 digest(s).",
    ]
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_send_digests_writes_and_queues(reviewer, django_capture_on_commit_callbacks):
    due(2, reviewer=reviewer)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", stdout=out)

    assert out.getvalue().splitlines()[-1] == "Queued 1 digest(s)."
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]


def test_building_the_digests_costs_the_same_queries_for_3_claims_or_60(reviewer, editor, settings):
    """The claims are streamed and counted; only the listed ones are loaded, in one query."""
    settings.DIGEST_SECTION_MAX_ROWS = 5
    watcher = UserFactory(username="watcher")
    for days_ago in (1, 10, 40):
        due(days_ago, reviewer=reviewer).watchers.add(watcher)
    with CaptureQueriesContext(connection) as few:
        digests_build(today=TODAY)
    for days_ago in range(1, 58):
        due(days_ago, reviewer=reviewer if days_ago % 2 else None).watchers.add(watcher)
    with CaptureQueriesContext(connection) as many:
        digests = {d.recipient.username: d for d in digests_build(today=TODAY)}

    assert len(many.captured_queries) == len(few.captured_queries)
    assert digests["watcher"].total == 60
    assert all(len(section.claims) <= 5 for d in digests.values() for section in d.sections)
    assert digests["reviewer"].unassigned.total == 28
