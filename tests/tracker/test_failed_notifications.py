"""Giving up: failed rows are counted cheaply, shown on the admin, and mailed to the admins once."""

import logging

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from tests.tracker.factories import NotificationFactory
from tests.tracker.integration.harness import SmtpInbox
from tracker.models import Notification
from tracker.services.delivery import failed_notification_count, notifications_sweep

pytestmark = pytest.mark.django_db
Status = Notification.Status


@pytest.fixture
def failed_rows():
    NotificationFactory(status=Status.SENT)
    NotificationFactory(status=Status.PENDING)
    return [
        NotificationFactory(status=Status.FAILED, attempts=400, last_error="ConnectionRefusedError: no"),
        NotificationFactory(status=Status.FAILED, attempts=400, last_error="SMTPServerDisconnected"),
    ]


@pytest.fixture
def alert_server(settings):
    """A second SMTP server for alerts (aiosmtpd), while digests go to a dead one."""
    inbox = SmtpInbox()
    inbox.start()
    settings.ADMINS = [("Ops", "ops@example.org")]
    settings.ALERT_EMAIL_HOST, settings.ALERT_EMAIL_PORT = "127.0.0.1", inbox.port
    yield inbox
    inbox.stop()


def test_failed_count_is_one_query_over_the_failed_rows_index(failed_rows, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert failed_notification_count() == 2
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            failed = Notification.objects.filter(status=Status.FAILED).values("pk")
            sql, params = failed.query.sql_with_params()
            cursor.execute(f"EXPLAIN SELECT count(*) FROM ({sql}) AS failed", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "notification_failed_idx" in plan


def test_the_sweeper_mails_the_admins_once_through_the_alert_server(closed_smtp, alert_server, failed_rows):
    notifications_sweep()

    (alert,) = alert_server.messages
    assert alert["To"] == "ops@example.org"
    assert alert["Subject"].endswith("2 notification(s) failed")
    (body,) = alert_server.bodies_for("ops@example.org")
    assert all(f"#{row.pk} to {row.to_email}" in body for row in failed_rows)
    assert "?status__exact=failed" in body
    assert not Notification.objects.filter(status=Status.FAILED, alerted_at__isnull=True).exists()

    notifications_sweep()  # already reported: nothing more
    assert len(alert_server.messages) == 1
    assert failed_notification_count() == 2  # still failed until someone resends them


def test_with_no_alert_server_the_admins_get_the_alert_by_the_usual_mail(settings, failed_rows):
    settings.ADMINS = [("Ops", "ops@example.org")]

    notifications_sweep()

    (alert,) = mail.outbox
    assert alert.to == ["ops@example.org"]


def test_when_the_alert_cannot_be_mailed_either_it_is_logged_as_an_error(
    closed_smtp, settings, failed_rows, caplog
):
    settings.ADMINS = [("Ops", "ops@example.org")]

    with caplog.at_level(logging.ERROR, logger="tracker.services.delivery"):
        notifications_sweep()

    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "ConnectionRefusedError" in record.getMessage()
    assert all(f"#{row.pk} to {row.to_email}" in record.getMessage() for row in failed_rows)


def test_the_admin_dashboard_and_outbox_show_the_failed_count(client, editor, viewer, failed_rows):
    client.force_login(editor)
    index = client.get(reverse("admin:index")).text
    assert "2 notifications failed</a>" in index
    assert "/admin/tracker/notification/?status__exact=failed" in index
    changelist = client.get(reverse("admin:tracker_notification_changelist")).text
    assert "2 notification(s) failed for good" in changelist

    client.force_login(viewer)  # may not see the outbox: no count
    assert "notifications failed" not in client.get(reverse("admin:index")).text
    client.force_login(editor)
    Notification.objects.update(status=Status.SENT)
    assert "notifications failed" not in client.get(reverse("admin:index")).text
