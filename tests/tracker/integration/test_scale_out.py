"""Scale-out: two workers and one beat on Redis; one worker SIGKILLed mid-run.

2,000 claims come due across 50 reviewers. Beat alone drives the run (flag,
digest, sweep); nobody clicks anything. Every reviewer gets exactly one
digest listing their 40 claims.
"""

import time
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from claims.models import Claim
from claims.roles import REVIEWERS
from tests.factories import ArticleFactory, UserFactory
from tests.tracker.integration.harness import Beat, wait_until
from tracker.models import Notification
from tracker.schedules import create_default_schedules

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
REVIEWER_COUNT, CLAIMS_EACH = 50, 40


def every_two_seconds(task: str) -> None:
    """The admin's way of making a schedule short enough for a test."""
    entry = PeriodicTask.objects.get(task=task)
    entry.interval = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)[0]
    entry.crontab = None
    entry.expire_seconds = 10  # workers busy delivering must not drop every run
    entry.save()


@pytest.fixture
def due_claims():
    """2,000 open claims that passed their date yesterday, 40 per reviewer."""
    yesterday = timezone.localdate() - timedelta(days=1)
    reviewers = [UserFactory(username=f"rev{n:02}", groups=[REVIEWERS]) for n in range(REVIEWER_COUNT)]
    articles = [ArticleFactory() for _ in range(10)]
    Claim.objects.bulk_create(
        Claim(
            article=articles[n % len(articles)],
            reviewer=reviewers[n % REVIEWER_COUNT],
            quote=f"Event {n} will likely happen by yesterday.",
            statement=f"Event {n} happens.",
            kind=Claim.Kind.OCCURS_BY,
            time_expression="yesterday",
            due_on=yesterday,
            precision=Claim.Precision.DAY,
            hedge="likely",
            probability=0.675,
            status=Claim.Status.OPEN,
        )
        for n in range(REVIEWER_COUNT * CLAIMS_EACH)
    )
    total = REVIEWER_COUNT * CLAIMS_EACH
    return {
        reviewer.email: [f"Event {n} happens." for n in range(i, total, REVIEWER_COUNT)]
        for i, reviewer in enumerate(reviewers)
    }


def test_two_workers_and_beat_deliver_every_digest_once_with_a_worker_killed_mid_run(
    machine_redis, start_worker, worker_env, smtp, tmp_path, due_claims
):
    create_default_schedules(django_apps)
    for task in ("tracker.tasks.send_due_digests", "tracker.tasks.sweep_notifications"):
        every_two_seconds(task)
    started = time.monotonic()
    # A lease well above the moments both workers are held: no row is taken over meanwhile
    # (that would be a second copy once released); the killed worker's row comes back after it.
    # Every claim in its mail, uncapped: this test is about exactly-once delivery, not the caps.
    uncapped = {"NOTIFICATION_LEASE_SECONDS": "10", "DIGEST_SECTION_MAX_ROWS": str(CLAIMS_EACH)}
    first = start_worker(machine_redis, name="first", **uncapped)
    second = start_worker(machine_redis, name="second", **uncapped)
    # Mid-run both workers are held in an SMTP conversation, before the server accepts anything.
    smtp.stall_from_rcpt = 20
    beat = Beat(worker_env(machine_redis), tmp_path)
    beat.start()
    try:
        wait_until(
            lambda: (
                smtp.rcpts_started >= 21
                and Notification.objects.filter(status=Notification.Status.SENDING).count() == 2
            ),
            timeout=60,
            message="both workers are in the middle of a delivery",
        )
        assert sum(smtp.received().values()) == 19
        first.kill()  # SIGKILL, no cleanup: its row stays "sending" until the lease lapses
        smtp.release()

        wait_until(
            lambda: (
                not Notification.objects.exclude(status=Notification.Status.SENT).exists()
                and Notification.objects.count() == REVIEWER_COUNT
            ),
            timeout=240,  # generous: a loaded 2-core CI machine; a fast run takes about 30 s
            interval=0.5,
            message="beat's sweeper and the surviving worker deliver everything",
        )
        print(f"Scale-out run: {REVIEWER_COUNT} digests in {time.monotonic() - started:.1f} s")
    finally:
        beat.stop()
        print(beat.log()[-2000:])

    assert smtp.received() == dict.fromkeys(due_claims, 1)
    for address, statements in due_claims.items():
        text, _html = smtp.bodies_for(address)
        assert len(statements) == CLAIMS_EACH
        assert all(f"* {statement}" in text for statement in statements), address
    assert Claim.objects.filter(status=Claim.Status.DUE).count() == REVIEWER_COUNT * CLAIMS_EACH
    assert "deliver_notification" in second.log()
