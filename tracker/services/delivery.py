"""Delivering outbox rows: claim, send, record; retry with backoff; sweep.

Guarantee: every notification is delivered at least once, and once the SMTP
server has accepted a message and the row is marked sent, it is never sent
again. A copy can be sent twice only if a worker dies in the moment between
the server's "250 OK" and the commit that marks the row sent.

The broker is only a fast path. Deadlines (backoff, leases, giving up) live
in the row, so a lost or duplicated broker message, a killed worker or a
broker outage is repaired by ``notifications_sweep``, which beat runs every
minute. An SMTP outage is waited out for NOTIFICATION_GIVE_UP_AFTER_SECONDS
(three days by default); only then is a row failed, and the sweeper tells
the site admins.
"""

import logging
import math
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection, mail_admins
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


def notifications_enqueue(notification_ids: Iterable[int]) -> int:
    """Queue delivery of rows; return how many were queued. Never raises, never hangs.

    The caller may be a web request or an on_commit hook, and the rows are safe
    in the database either way: the sweeper queues whatever this leaves. So
    each publish waits at most CELERY_PUBLISH_TIMEOUT_SECONDS and is not
    retried, and the first failure ends the batch, so a broker that accepts
    connections and never answers costs one timeout, not one per row.
    """
    from config.celery import publisher_connection
    from tracker.tasks import deliver_notification

    ids = list(notification_ids)
    queued = 0
    if not ids:
        return 0
    try:
        with publisher_connection() as connection:
            for pk in ids:
                deliver_notification.apply_async(args=[pk], connection=connection, retry=False)
                queued += 1
    except Exception as exc:  # kombu and redis-py raise several types for a dead or hung broker
        logger.warning(
            "Broker unreachable; %d notification(s) left for the sweeper: %r", len(ids) - queued, exc
        )
    return queued


def notifications_enqueue_on_commit(notification_ids: Iterable[int]) -> None:
    """Queue delivery once the rows are committed (so the worker can see them)."""
    ids = list(notification_ids)
    if ids:
        transaction.on_commit(lambda: notifications_enqueue(ids))


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


def give_up_at(notification: Notification) -> datetime:
    return notification.queued_at + timedelta(seconds=settings.NOTIFICATION_GIVE_UP_AFTER_SECONDS)


def _record_failure(notification: Notification, *, error: str) -> None:
    now = timezone.now()
    deadline = give_up_at(notification)
    if now >= deadline:
        Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
            status=Status.FAILED, lease_until=None, last_error=error
        )
        logger.error(
            "Notification %s failed for good after %d attempt(s): %s",
            notification.pk,
            notification.attempts,
            error,
        )
        return
    # The last try falls on the deadline itself, so an outage just shorter
    # than the give-up time still ends in a delivery.
    next_attempt_at = min(now + timedelta(seconds=retry_delay(notification.attempts)), deadline)
    Notification.objects.filter(pk=notification.pk, status=Status.SENDING).update(
        status=Status.PENDING,
        lease_until=None,
        last_error=error,
        next_attempt_at=next_attempt_at,
    )
    raise DeliveryDeferred(math.ceil((next_attempt_at - now).total_seconds()), error)


def notifications_sweep(*, now: datetime | None = None) -> int:
    """Re-queue rows nobody is delivering and report failed ones; return how many were queued.

    Catches what the broker lost: a pending row whose task never ran (publish
    failed, Redis restarted empty), a row whose backoff ran out while its retry
    message was lost, and a row whose worker was killed while sending (lease
    expired). A row queued a moment ago is left to its own task.
    """
    now = now or timezone.now()
    grace = timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE_SECONDS)
    ids = list(
        Notification.objects.deliverable(now)
        .exclude(status=Status.PENDING, next_attempt_at__gt=now - grace)
        .values_list("pk", flat=True)[:1000]
    )
    queued = notifications_enqueue(ids)
    if ids:
        logger.info("Sweeper re-queued %d of %d undelivered notification(s)", queued, len(ids))
    failed_notifications_alert(now=now)
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
        status=Status.PENDING,
        attempts=0,
        next_attempt_at=now,
        queued_at=now,
        lease_until=None,
        sent_at=None,
        alerted_at=None,
    )
    notifications_enqueue_on_commit(ids)
    return len(ids)


def failed_notification_count() -> int:
    """Return how many notifications failed for good (the admin dashboard and /healthz).

    One count over the partial index ``notification_failed_idx``.
    """
    return Notification.objects.filter(status=Status.FAILED).count()


ALERT_BATCH = 100


def failed_notifications_alert(*, now: datetime | None = None) -> int:
    """Mail the site admins about rows that failed since the last alert; return how many.

    Each failed row is reported once: the rows are claimed (``alerted_at``)
    under a row lock that a concurrent sweeper skips. The mail goes through
    the ALERT_EMAIL_* server when one is set, since the usual reason for a
    failure is that the digest server is down; if the alert cannot be sent
    either, it is logged at ERROR and the count stays on the admin dashboard.
    """
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(status=Status.FAILED, alerted_at__isnull=True)
            .order_by("pk")
            .only("pk", "to_email", "period", "attempts", "last_error")[:ALERT_BATCH]
        )
        if not rows:
            return 0
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(alerted_at=now)
    lines = [
        f"- #{row.pk} to {row.to_email} ({row.period}), {row.attempts} attempt(s): {row.last_error[:200]}"
        for row in rows
    ]
    message = (
        f"{len(rows)} notification(s) could not be delivered and were given up after "
        f"{settings.NOTIFICATION_GIVE_UP_AFTER_SECONDS / 3600:g} hour(s):\n\n"
        + "\n".join(lines)
        + f"\n\nResend them from {settings.SITE_URL}/admin/tracker/notification/?status__exact=failed"
        " once mail works again.\n"
    )
    if not settings.ADMINS:
        logger.error("No ADMINS to tell about failed notifications (set ADMINS):\n%s", message)
        return len(rows)
    try:
        mail_admins(f"{len(rows)} notification(s) failed", message, connection=_alert_connection())
    except Exception as exc:  # the alert path is down too: the log is what is left
        logger.error("Could not mail the admins about failed notifications (%r):\n%s", exc, message)
    return len(rows)


def _alert_connection():
    """The mail connection for alerts: the ALERT_EMAIL_* server if set, else the default one."""
    if not settings.ALERT_EMAIL_HOST:
        return get_connection()
    return get_connection(
        "django.core.mail.backends.smtp.EmailBackend",
        host=settings.ALERT_EMAIL_HOST,
        port=settings.ALERT_EMAIL_PORT,
        username=settings.ALERT_EMAIL_HOST_USER,
        password=settings.ALERT_EMAIL_HOST_PASSWORD,
        use_tls=settings.ALERT_EMAIL_USE_TLS,
        use_ssl=settings.ALERT_EMAIL_USE_SSL,
        timeout=settings.EMAIL_TIMEOUT,
    )
