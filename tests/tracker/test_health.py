"""/healthz: 200 when the database, cache, broker, flag job and notifications are fine, 503 when not."""

import socket
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.tracker.factories import NotificationFactory
from tracker.models import Notification
from tracker.services.flagging import FLAG_JOB, claims_flag_due
from tracker.services.job_runs import job_run_record

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def checks(response) -> dict[str, str]:
    """Check name (without its arguments) -> "OK" or the failure."""
    return {name.split("(")[0]: result for name, result in response.json().items()}


@pytest.fixture(autouse=True)
def _health_settings(settings):
    settings.HEALTH_FLAG_RUN_MAX_AGE_SECONDS = 900
    settings.HEALTH_FAILED_NOTIFICATIONS_MAX = 0
    settings.HEALTH_BROKER_TIMEOUT_SECONDS = 1


@pytest.fixture
def flagged_just_now():
    claims_flag_due()  # what beat runs; it records its run


def test_healthy_system_answers_200_with_two_queries(client, flagged_just_now, django_assert_num_queries):
    # The job-run row and the failed count; the database probe runs on its own connection.
    with django_assert_num_queries(2):
        response = client.get("/healthz", **JSON)
    assert response.status_code == 200, response.content
    assert checks(response) == dict.fromkeys(
        ["Database", "Cache", "Broker", "FlagRunAge", "FailedNotifications"], "OK"
    )
    assert "no-cache" in response["Cache-Control"]


def test_a_flag_job_that_never_ran_is_unhealthy(client):
    response = client.get("/healthz", **JSON)
    assert response.status_code == 503
    assert checks(response)["FlagRunAge"] == "Unavailable: The flag job has never run"


def test_a_flag_run_older_than_the_threshold_is_unhealthy(client, settings):
    job_run_record(name=FLAG_JOB, finished_at=timezone.now() - timedelta(seconds=1000))
    response = client.get("/healthz", **JSON)
    assert response.status_code == 503
    assert checks(response)["FlagRunAge"].startswith("Unavailable: The flag job last ran 1000 s ago")

    settings.HEALTH_FLAG_RUN_MAX_AGE_SECONDS = 1200  # configurable
    assert client.get("/healthz", **JSON).status_code == 200


def test_failed_notifications_are_unhealthy_above_the_threshold(client, settings, flagged_just_now):
    NotificationFactory(status=Notification.Status.FAILED)
    NotificationFactory(status=Notification.Status.SENT, period="2026-11-26")
    NotificationFactory(status=Notification.Status.FAILED, period="2026-11-27")

    response = client.get("/healthz", **JSON)
    assert response.status_code == 503
    assert checks(response)["FailedNotifications"] == "Unavailable: 2 notification(s) failed"

    settings.HEALTH_FAILED_NOTIFICATIONS_MAX = 2
    assert client.get("/healthz", **JSON).status_code == 200


def test_an_unreachable_broker_is_unhealthy(client, settings, flagged_just_now):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{port}/0"
    response = client.get("/healthz", **JSON)
    assert response.status_code == 503
    assert checks(response)["Broker"] == "Unavailable: Broker unreachable: OperationalError"


def test_a_hung_broker_fails_the_probe_within_two_seconds(client, settings, flagged_just_now):
    """A broker that accepts connections and never answers must not hold the probe."""
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen()  # the kernel completes the handshake; nobody ever reads or replies
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{hung.getsockname()[1]}/0"
        started = time.monotonic()
        response = client.get("/healthz", **JSON)
        elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert checks(response)["Broker"].startswith("Unavailable: ")
    assert elapsed < 2


def test_the_web_probe_checks_only_what_this_process_needs(client):
    # The flag job never ran, yet a load balancer keeps this web process in rotation.
    response = client.get("/healthz/web", **JSON)
    assert response.status_code == 200
    assert checks(response) == {"Database": "OK", "Cache": "OK"}


def test_healthz_is_exempt_from_the_https_redirect(client, settings, flagged_just_now):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", **JSON).status_code == 200
    assert client.get("/scorecards/").status_code == 301
