import pytest
from django.core import mail
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from tests.tracker.factories import NotificationFactory
from tracker.models import Notification

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:tracker_notification_changelist")


def test_reviewers_can_see_the_outbox_but_not_resend(client, reviewer):
    NotificationFactory(status=Notification.Status.FAILED, last_error="SMTPRecipientsRefused: bad address")
    client.force_login(reviewer)

    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert "SMTPRecipientsRefused: bad address" in response.text
    assert "Resend selected notifications" not in response.text


def test_editors_resend_failed_notifications_from_the_admin(
    client, editor, django_capture_on_commit_callbacks
):
    row = NotificationFactory(status=Notification.Status.FAILED, attempts=6)
    client.force_login(editor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {"action": "resend", "_selected_action": [row.pk]}, follow=True)

    assert "Queued 1 notification(s) for delivery." in response.text
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert len(mail.outbox) == 1


def test_outsiders_cannot_see_the_outbox(client, outsider):
    client.force_login(outsider)
    assert client.get(CHANGELIST).status_code in (302, 403)


def test_periodic_jobs_are_in_the_database_and_expire_before_their_next_run():
    tasks = {task.task: task for task in PeriodicTask.objects.filter(task__startswith="tracker.tasks.")}

    assert set(tasks) == {
        "tracker.tasks.flag_due_claims",
        "tracker.tasks.sweep_notifications",
        "tracker.tasks.send_due_digests",
        "tracker.tasks.refresh_scorecards",
    }
    for name in (
        "tracker.tasks.flag_due_claims",
        "tracker.tasks.sweep_notifications",
        "tracker.tasks.refresh_scorecards",
    ):
        period = tasks[name].interval.schedule.run_every.total_seconds()
        assert 0 < tasks[name].expire_seconds < period
    digests = tasks["tracker.tasks.send_due_digests"]
    assert (digests.crontab.minute, digests.crontab.hour) == ("0", "7")
    assert 0 < digests.expire_seconds < 24 * 60 * 60
