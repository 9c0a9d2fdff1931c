"""Celery tasks: thin wrappers that take ids and call one service each.

Beat runs the periodic ones from rows in the database (django-celery-beat,
created by tracker/migrations/0002_periodic_tasks.py); each entry expires
just before its next run, so a backlog after an outage does not pile up.
"""

from celery import shared_task

from tracker.services.delivery import DeliveryDeferred, notification_deliver, notifications_sweep
from tracker.services.digests import digests_send
from tracker.services.flagging import claims_flag_due
from tracker.services.scorecard_summary import scorecards_refresh


@shared_task
def flag_due_claims() -> int:
    return claims_flag_due()


@shared_task
def send_due_digests() -> int:
    return len(digests_send())


@shared_task(bind=True, max_retries=None)
def deliver_notification(self, notification_id: int) -> bool:
    try:
        return notification_deliver(notification_id=notification_id)
    except DeliveryDeferred as exc:
        # The row already records when to try next; this retry is the fast
        # path, the sweeper the safety net if the broker loses it.
        raise self.retry(countdown=exc.countdown, exc=exc) from None


@shared_task
def sweep_notifications() -> int:
    return notifications_sweep()


@shared_task
def refresh_scorecards() -> str | None:
    started = scorecards_refresh()
    return started and started.isoformat()
