"""Digests end to end: a real worker on Redis, real SMTP, PostgreSQL.

The guarantee under test (docs/tracking.md): every digest is delivered at
least once; once the SMTP server has accepted it and the row is marked sent,
it is never sent again. Here each recipient must get exactly one.
"""

import re
import time
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from claims.models import Claim
from claims.roles import REVIEWERS
from tests.factories import ClaimFactory, UserFactory
from tests.tracker.factories import NotificationFactory
from tests.tracker.integration.harness import HungBroker, RedisServer, SmtpInbox, wait_until
from tracker.models import Notification
from tracker.services.delivery import failed_notification_count, notifications_sweep
from tracker.services.digests import digests_send
from tracker.tasks import flag_due_claims, send_due_digests

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
Status = Notification.Status


@pytest.fixture
def expected(editor, reviewer, viewer, settings):
    """Claims and people; returns what each address must receive (statements) and must not."""
    settings.DIGEST_ESCALATE_AFTER_DAYS = 30
    settings.NOTIFICATION_SWEEP_GRACE_SECONDS = 0
    today = timezone.localdate()
    second = UserFactory(username="second", groups=[REVIEWERS])
    just_due = ClaimFactory(
        statement="Just due.", due_on=today - timedelta(days=1), window_start=None, reviewer=reviewer
    )
    coming = ClaimFactory(
        statement="Coming due.", due_on=today + timedelta(days=3), window_start=None, reviewer=second
    )
    coming.watchers.add(viewer)
    ClaimFactory(
        statement="Long overdue, nobody's.",
        due_on=today - timedelta(days=40),
        window_start=None,
        status=Claim.Status.DUE,
        reviewer=None,
    )
    ClaimFactory(statement="Resolved.", due_on=today - timedelta(days=2), status=Claim.Status.RESOLVED)
    assert just_due.status == Claim.Status.OPEN
    return {
        "reviewer@example.org": ["Just due.", "Long overdue, nobody's."],
        "second@example.org": ["Coming due.", "Long overdue, nobody's."],
        "viewer@example.org": ["Coming due."],
        "editor@example.org": ["Long overdue, nobody's."],
    }


def assert_one_digest_each(smtp, expected, *, others: dict[str, int] | None = None):
    assert smtp.received() == dict.fromkeys(expected, 1) | (others or {})
    every_statement = {s for statements in expected.values() for s in statements} | {"Resolved."}
    for address, statements in expected.items():
        text, html = smtp.bodies_for(address)
        for statement in every_statement:
            assert (statement in text) == (statement in statements), (address, statement)
        assert all(escape(statement) in html for statement in statements)


def all_sent() -> bool:
    return not Notification.objects.exclude(status=Status.SENT).exists()


def test_due_claims_are_flagged_and_everyone_gets_one_digest_once(
    machine_redis, start_worker, smtp, expected
):
    worker = start_worker(machine_redis)

    flag_due_claims.delay()
    wait_until(
        lambda: Claim.objects.get(statement="Just due.").status == Claim.Status.DUE,
        timeout=30,
        message="the worker flags the claim",
    )
    send_due_digests.delay()
    wait_until(lambda: sum(smtp.received().values()) >= len(expected), timeout=30, message="digests arrive")
    wait_until(all_sent, timeout=10, message="rows are marked sent")
    assert_one_digest_each(smtp, expected)

    send_due_digests.delay()  # the same day again (a re-run, or a second beat)
    runs = wait_until(
        lambda: (
            (found := re.findall(r"send_due_digests\[[^]]+\] succeeded in [\d.]+s: (\d+)", worker.log()))
            and len(found) == 2
            and found
        ),
        timeout=30,
        message="the worker finishes the second digest run",
    )
    assert runs == ["4", "0"]
    assert Notification.objects.count() == len(expected)
    assert_one_digest_each(smtp, expected)


def test_smtp_down_then_back_every_digest_arrives_once(machine_redis, start_worker, smtp, expected):
    smtp.stop()
    start_worker(machine_redis)

    assert len(digests_send()) == len(expected)
    wait_until(
        lambda: all(
            row.status == Status.PENDING and row.attempts >= 2 and "Connection refused" in row.last_error
            for row in Notification.objects.all()
        ),
        timeout=30,
        message="every delivery has failed at least twice and is backing off",
    )
    smtp.start()

    wait_until(all_sent, timeout=30, message="every row is sent once the SMTP server is back")
    notifications_sweep()  # nothing left for the sweeper
    assert_one_digest_each(smtp, expected)


# The retry budget before issue 10, on the worker's scaled clock: 6 attempts.
OLD_MAX_ATTEMPTS = 6


def test_smtp_down_longer_than_the_old_retry_budget_then_back_every_digest_arrives_once_with_no_click(
    machine_redis, start_worker, smtp, expected
):
    """Scaled clocks: backoff 1-2 s, give up after 600 s. The old budget ended at 6 attempts."""
    smtp.stop()
    start_worker(machine_redis)
    started = time.monotonic()

    assert len(digests_send()) == len(expected)
    wait_until(
        lambda: all(
            row.status == Status.PENDING and row.attempts > OLD_MAX_ATTEMPTS
            for row in Notification.objects.all()
        ),
        timeout=60,
        interval=0.5,
        message="every delivery has failed more often than the old budget allowed, and keeps trying",
    )
    outage = time.monotonic() - started
    smtp.start()

    wait_until(all_sent, timeout=30, message="every row is sent once the SMTP server is back")
    attempts = sorted(Notification.objects.values_list("attempts", flat=True))
    print(f"SMTP down {outage:.1f} s; {len(attempts)} digests delivered after {attempts} attempts")
    assert_one_digest_each(smtp, expected)
    assert failed_notification_count() == 0


def test_smtp_down_past_the_give_up_time_fails_the_rows_and_mails_the_admins_elsewhere(
    machine_redis, start_worker, smtp, expected, settings
):
    alert_server = SmtpInbox()
    alert_server.start()
    settings.ADMINS = [("Ops", "ops@example.org")]
    settings.ALERT_EMAIL_HOST, settings.ALERT_EMAIL_PORT = "127.0.0.1", alert_server.port
    try:
        smtp.stop()
        start_worker(machine_redis, NOTIFICATION_GIVE_UP_AFTER_SECONDS="4")

        assert len(digests_send()) == len(expected)
        wait_until(
            lambda: failed_notification_count() == len(expected),
            timeout=30,
            message="every row is given up",
        )
        notifications_sweep()  # beat's sweeper reports them

        (alert,) = alert_server.messages
        assert alert["To"] == "ops@example.org"
        (body,) = alert_server.bodies_for("ops@example.org")
        assert all(address in body for address in expected)
        notifications_sweep()
        assert len(alert_server.messages) == 1  # each failure is reported once
    finally:
        alert_server.stop()


def test_worker_killed_mid_delivery_then_restarted_every_digest_arrives_once(
    machine_redis, start_worker, smtp, expected
):
    smtp.stall_from_rcpt = 2  # the first digest goes through; the second stalls before it is accepted
    worker = start_worker(machine_redis)
    assert len(digests_send()) == len(expected)

    in_flight = wait_until(
        lambda: smtp.rcpts_started == 2 and Notification.objects.filter(status=Status.SENDING).first(),
        timeout=30,
        message="the worker is in the middle of the second SMTP conversation",
    )
    worker.kill()  # SIGKILL to the whole group: no ack, no cleanup, the row stays "sending"

    (accepted,) = smtp.received()
    assert Notification.objects.get(to_email=accepted).status == Status.SENT
    in_flight.refresh_from_db()
    assert (in_flight.status, in_flight.attempts) == (Status.SENDING, 1)
    smtp.stall_from_rcpt = None
    worker.start()

    # Beat runs the sweeper every minute; here we run it until the lease lapses
    # and the killed worker's row is taken back.
    wait_until(
        lambda: notifications_sweep() is not None and all_sent(),
        timeout=60,
        interval=1,
        message="the sweeper re-queues the killed delivery and everything is sent",
    )
    in_flight.refresh_from_db()
    assert in_flight.attempts == 2
    assert_one_digest_each(smtp, expected)

    # At most once where the server accepted it: nothing sent is sent again.
    assert notifications_sweep() == 0
    assert digests_send() == []
    assert_one_digest_each(smtp, expected)


def test_with_redis_stopped_the_site_keeps_working_and_the_work_is_done_when_it_returns(
    tmp_path, publish_to, start_worker, smtp, expected, client, editor
):
    redis = RedisServer(tmp_path)
    redis.start()
    try:
        publish_to(redis.url)
        start_worker(redis.url)
        old = NotificationFactory(
            recipient=UserFactory(username="old"), period="2026-01-01", status=Status.FAILED, attempts=30
        )
        redis.stop()

        started = time.monotonic()
        client.force_login(editor)
        assert client.get(reverse("admin:index")).status_code == 200
        # The digest job writes its outbox rows; queueing them fails, quietly.
        assert len(digests_send()) == len(expected)
        # A web request that queues work (the admin's resend) does not fail either.
        changelist = reverse("admin:tracker_notification_changelist")
        response = client.post(changelist, {"action": "resend", "_selected_action": [old.pk]}, follow=True)
        assert response.status_code == 200
        assert "Queued 1 notification(s) for delivery." in response.text
        assert client.get(changelist).status_code == 200
        assert time.monotonic() - started < 30, "requests hung on the missing broker"
        assert Notification.objects.filter(status=Status.PENDING, attempts=0).count() == len(expected) + 1
        assert smtp.received() == {}

        redis.start()  # back, and empty: whatever was published before is gone
        # Beat runs the sweeper every minute; the worker reconnects on its own.
        wait_until(
            lambda: notifications_sweep() is not None and all_sent(),
            timeout=90,
            interval=2,
            message="the sweeper re-queues the missed deliveries and the worker sends them",
        )
        assert_one_digest_each(smtp, expected, others={"old@example.org": 1})
    finally:
        redis.stop()


def test_with_a_hung_broker_resend_answers_within_2s_and_the_sweeper_delivers_later(
    publish_to, machine_redis_url, start_worker, smtp, client, editor, settings
):
    """A broker that accepts connections and never answers used to hold Resend 10 s a row."""
    settings.NOTIFICATION_SWEEP_GRACE_SECONDS = 0
    rows = [
        NotificationFactory(recipient=UserFactory(username=f"failed{n}"), status=Status.FAILED, attempts=30)
        for n in range(4)
    ]
    hung = HungBroker()
    hung.start()
    try:
        publish_to(hung.url)  # the web side publishes to the hung broker
        client.force_login(editor)
        changelist = reverse("admin:tracker_notification_changelist")
        started = time.monotonic()
        response = client.post(
            changelist, {"action": "resend", "_selected_action": [row.pk for row in rows]}, follow=True
        )
        elapsed = time.monotonic() - started
        print(f"Resend of {len(rows)} rows with a hung broker answered in {elapsed:.2f} s")
        assert response.status_code == 200
        assert "Queued 4 notification(s) for delivery." in response.text
        assert elapsed < 2, f"Resend took {elapsed:.1f} s with a hung broker"
        assert Notification.objects.filter(status=Status.PENDING, attempts=0).count() == 4
    finally:
        hung.stop()

    # The broker is back (here: the machine's Redis); the worker and the sweeper use it.
    publish_to(machine_redis_url)
    start_worker(machine_redis_url)
    assert notifications_sweep() == 4
    wait_until(all_sent, timeout=30, message="the swept rows are delivered")
    assert smtp.received() == {row.to_email: 1 for row in rows}
