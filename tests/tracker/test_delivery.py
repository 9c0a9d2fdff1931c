from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from tests.tracker.factories import NotificationFactory
from tracker.models import Notification
from tracker.services.delivery import (
    DeliveryDeferred,
    notification_deliver,
    notifications_resend,
    notifications_sweep,
    retry_delay,
)

pytestmark = pytest.mark.django_db
Status = Notification.Status
NOON = datetime(2026, 11, 25, 12, 0, tzinfo=ZoneInfo("UTC"))


@pytest.fixture(autouse=True)
def _delivery_settings(settings):
    settings.NOTIFICATION_GIVE_UP_AFTER_SECONDS = 24 * 3600
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 30
    settings.NOTIFICATION_RETRY_MAX_SECONDS = 600
    settings.NOTIFICATION_LEASE_SECONDS = 300
    settings.NOTIFICATION_SWEEP_GRACE_SECONDS = 60


def test_delivery_sends_both_parts_and_marks_the_row_sent():
    row = NotificationFactory()

    assert notification_deliver(notification_id=row.pk) is True

    (message,) = mail.outbox
    assert (message.to, message.subject, message.body) == ([row.to_email], row.subject, "Plain text.")
    assert message.alternatives[0] == ("<p>HTML</p>", "text/html")
    assert message.extra_headers["X-Notification-Id"] == str(row.pk)
    row.refresh_from_db()
    assert (row.status, row.attempts, row.lease_until) == (Status.SENT, 1, None)
    assert row.sent_at is not None


def test_a_duplicate_task_for_a_sent_row_sends_nothing():
    row = NotificationFactory()
    notification_deliver(notification_id=row.pk)

    assert notification_deliver(notification_id=row.pk) is False
    assert len(mail.outbox) == 1


def test_a_row_held_by_another_worker_is_left_alone():
    row = NotificationFactory(status=Status.SENDING, lease_until=NOON + timedelta(minutes=5))

    with time_machine.travel(NOON, tick=False):
        assert notification_deliver(notification_id=row.pk) is False
    assert mail.outbox == []


def test_a_row_whose_worker_died_is_taken_over_after_its_lease():
    row = NotificationFactory(status=Status.SENDING, attempts=1, lease_until=NOON)

    with time_machine.travel(NOON + timedelta(seconds=1), tick=False):
        assert notification_deliver(notification_id=row.pk) is True
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 2)


def test_smtp_errors_back_off_exponentially_then_fail_at_the_give_up_time(closed_smtp):
    row = NotificationFactory(next_attempt_at=NOON, queued_at=NOON)

    with time_machine.travel(NOON, tick=False), pytest.raises(DeliveryDeferred) as deferred:
        notification_deliver(notification_id=row.pk)
    assert deferred.value.countdown == 30
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert row.next_attempt_at == NOON + timedelta(seconds=30)
    assert "ConnectionRefusedError" in row.last_error

    with time_machine.travel(NOON + timedelta(seconds=10), tick=False):  # still backing off
        assert notification_deliver(notification_id=row.pk) is False
    with (
        time_machine.travel(NOON + timedelta(seconds=30), tick=False),
        pytest.raises(DeliveryDeferred) as deferred,
    ):
        notification_deliver(notification_id=row.pk)
    assert deferred.value.countdown == 60

    # Hours into the outage the backoff stays at its cap and the row keeps trying.
    late = NOON + timedelta(hours=23, minutes=59)
    with time_machine.travel(late, tick=False), pytest.raises(DeliveryDeferred) as deferred:
        notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    assert row.status == Status.PENDING
    # The last try is on the give-up time itself, not one full backoff beyond it.
    assert row.next_attempt_at == NOON + timedelta(hours=24)
    assert deferred.value.countdown == 60

    with time_machine.travel(NOON + timedelta(hours=24), tick=False):
        assert notification_deliver(notification_id=row.pk) is False  # failed for good
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.FAILED, 4)
    assert "ConnectionRefusedError" in row.last_error
    assert row.alerted_at is None  # the sweeper tells the admins


def test_an_outage_shorter_than_the_give_up_time_ends_in_a_delivery(closed_smtp, settings):
    row = NotificationFactory(next_attempt_at=NOON, queued_at=NOON)
    for minutes in (0, 1, 2, 60):
        with (
            time_machine.travel(NOON + timedelta(minutes=minutes), tick=False),
            pytest.raises(DeliveryDeferred),
        ):
            notification_deliver(notification_id=row.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the server is back

    with time_machine.travel(NOON + timedelta(hours=23), tick=False):
        assert notification_deliver(notification_id=row.pk) is True
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 5)
    assert len(mail.outbox) == 1


def test_backoff_is_capped_well_below_the_brokers_visibility_timeout(settings):
    assert [retry_delay(n) for n in range(1, 7)] == [30, 60, 120, 240, 480, 600]
    assert (
        settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
        > settings.NOTIFICATION_RETRY_MAX_SECONDS
    )


def test_the_sweeper_delivers_rows_the_broker_lost_and_leaves_fresh_and_held_ones():
    with time_machine.travel(NOON, tick=False):
        lost = NotificationFactory(next_attempt_at=NOON - timedelta(minutes=5))
        killed = NotificationFactory(
            status=Status.SENDING, attempts=1, lease_until=NOON - timedelta(seconds=1)
        )
        fresh = NotificationFactory(next_attempt_at=NOON - timedelta(seconds=10))
        held = NotificationFactory(status=Status.SENDING, attempts=1, lease_until=NOON + timedelta(minutes=4))
        backing_off = NotificationFactory(next_attempt_at=NOON + timedelta(minutes=1))
        failed = NotificationFactory(status=Status.FAILED, next_attempt_at=NOON - timedelta(days=1))

        assert notifications_sweep() == 2  # eager Celery: delivered inline

    assert sorted(m.to[0] for m in mail.outbox) == sorted([lost.to_email, killed.to_email])
    statuses = {n.pk: n.status for n in Notification.objects.all()}
    assert statuses[lost.pk] == statuses[killed.pk] == Status.SENT
    assert statuses[fresh.pk] == statuses[backing_off.pk] == Status.PENDING
    assert (statuses[held.pk], statuses[failed.pk]) == (Status.SENDING, Status.FAILED)


def test_resend_queues_a_failed_row_again_from_scratch(django_capture_on_commit_callbacks):
    row = NotificationFactory(
        status=Status.FAILED,
        attempts=3,
        last_error="SMTPServerDisconnected",
        queued_at=NOON,
        alerted_at=NOON,
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_resend(notification_ids=[row.pk]) == 1

    row.refresh_from_db()
    assert (row.status, row.attempts, row.alerted_at) == (Status.SENT, 1, None)
    assert row.queued_at > NOON  # a fresh give-up clock
    assert len(mail.outbox) == 1
