"""Delivering outbox rows: claim, send, record; retry with backoff; sweep.

Guarantee: every notification is delivered at least once, and once the SMTP
server has accepted a message and the row is marked sent, it is never sent
again. A copy can be sent twice only if a worker dies in the moment between
the server's "250 OK" and the commit that marks the row sent.

The broker is only a fast path. Deadlines (backoff, leases) live in the row,
so a lost or duplicated broker message, a killed worker or a broker outage is
repaired by ``notifications_sweep``, which beat runs every minute.
"""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tracker.models import Notification

logger = logging.getLogger(__name__)
Status = Notification.Status


class DeliveryDeferred(Exception):
    """Sending failed but will be tried again after ``countdown`` seconds."""

    def __init__(self, countdown: int, error: str):
        super().__init__(error)
        self.countdown = countdown


def retry_delay(attempts: int) -> int:
    """Return the backoff before the next attempt: base * 2^(attempts-1), capped.

    The cap stays far below the Redis visibility timeout: a countdown longer
    than that makes Redis deliver the task again and again.
    """
    return min(
        settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0),
        settings.NOTIFICATION_RETRY_MAX_SECONDS,
    )


def notification_enqueue(*, notification_id: int) -> bool:
    """Queue delivery of one row; return False (and log) if the broker is unreachable.

    Never raises: the caller may be a web request or an on_commit hook, and the
    row is safe in the database either way; the sweeper picks it up.
    """
    from tracker.tasks import deliver_notification

    try:
        deliver_notification.apply_async(args=[notification_id], retry=True)
    except Exception as exc:  # kombu raises several types for an unreachable broker
        logger.warning("Broker unreachable; notification %s left for the sweeper: %r", notification_id, exc)
        return False
    return True


def notification_enqueue_on_commit(*, notification_id: int) -> None:
    """Queue delivery once the row is committed (so the worker can see it)."""
    transaction.on_commit(lambda: notification_enqueue(notification_id=notification_id))


def notification_deliver(*, notification_id: int, now: datetime | None = None) -> bool:
    """Send one outbox row if it is ours to send; return True if this call sent it.

    Raises DeliveryDeferred after a transient failure that will be retried.
    """
    now = now or timezone.now()
    # Claim the row: only one worker can move it to "sending" (a duplicate
    # broker message, the sweeper's re-queue and a retry may all arrive).
    claimed = (
        Notification.objects.deliverable(now)
        .filter(pk=notification_id)
        .update(
            status=Status.SENDING,
            attempts=F("attempts") + 1,
            lease_until=now + timedelta(seconds=settings.NOTIFICATION_LEASE_SECONDS),
        )
    )
    if not claimed:
        return False
    notification = Notification.objects.get(pk=notification_id)
    try:
        _send(notification)
    except Exception as exc:  # SMTP and socket errors; anything else is retried the same way
        _record_failure(notification, error=f"{type(exc).__name__}: {exc}")
        return False
    # Only the lease holder marks it sent. If our lease ran out and another
    # worker took the row over, both may send: at-least-once, not exactly-once.
    Notification.objects.filter(pk=notification_id, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), lease_until=None, last_error=""
    )
    return True


def _send(notification: Notification) -> None:
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        to=[notification.to_email],
        headers={"X-Notification-Id": str(notification.pk)},
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    message.send()


def _record_failure(notification: Notification, *, error: str) -> None:
    if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
            status=Status.FAILED, lease_until=None, last_error=error
        )
        logger.error("Notification %s failed for good: %s", notification.pk, error)
        return
    delay = retry_delay(notification.attempts)
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.PENDING,
        lease_until=None,
        last_error=error,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
    )
    raise DeliveryDeferred(delay, error)


def notifications_sweep(*, now: datetime | None = None) -> int:
    """Re-queue rows nobody is delivering; return how many were queued.

    Catches what the broker lost: a pending row whose task never ran (publish
    failed, Redis restarted empty) and a row whose worker was killed while
    sending (lease expired). A row queued a moment ago is left to its own task.
    """
    now = now or timezone.now()
    grace = timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE_SECONDS)
    ids = list(
        Notification.objects.deliverable(now)
        .exclude(status=Status.PENDING, next_attempt_at__gt=now - grace)
        .values_list("pk", flat=True)[:1000]
    )
    queued = sum(notification_enqueue(notification_id=pk) for pk in ids)
    if ids:
        logger.info("Sweeper re-queued %d of %d undelivered notification(s)", queued, len(ids))
    return queued


@transaction.atomic
def notifications_resend(*, notification_ids: Iterable[int], now: datetime | None = None) -> int:
    """Put rows back in the queue from scratch (the admin's resend action)."""
    now = now or timezone.now()
    ids = list(
        Notification.objects.filter(pk__in=list(notification_ids))
        .exclude(status=Status.SENDING)
        .values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=ids).update(
        status=Status.PENDING, attempts=0, next_attempt_at=now, lease_until=None, sent_at=None
    )
    for pk in ids:
        notification_enqueue_on_commit(notification_id=pk)
    return len(ids)
