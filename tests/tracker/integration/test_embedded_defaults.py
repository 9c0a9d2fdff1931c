"""What `make run` starts, with no Redis and no settings: a worker and beat on the
filesystem broker. A claim whose deadline passes is flagged with nobody touching it."""

import os
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from claims.models import Claim
from tests.factories import ClaimFactory
from tests.tracker.integration.harness import Beat, Worker, wait_until
from tracker.schedules import create_default_schedules

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_worker_and_beat_on_the_embedded_broker_flag_claims_by_themselves(database_url, tmp_path):
    # A transactional test starts from a flushed database: put back what the migration made.
    create_default_schedules(django_apps)
    # The admin's way of making the schedule short enough for a test.
    flagging = PeriodicTask.objects.get(task="tracker.tasks.flag_due_claims")
    flagging.interval = IntervalSchedule.objects.create(every=2, period=IntervalSchedule.SECONDS)
    flagging.expire_seconds = 1
    flagging.save()
    yesterday = timezone.localdate() - timedelta(days=1)
    first = ClaimFactory(due_on=yesterday, window_start=None)

    env = {k: v for k, v in os.environ.items() if k not in {"CELERY_BROKER_URL", "REDIS_URL"}}
    env |= {"DATABASE_URL": database_url, "VAR_DIR": str(tmp_path / "var")}
    worker, beat = Worker(env, tmp_path), Beat(env, tmp_path)
    worker.start()
    try:
        assert "filesystem://" in worker.log()
        beat.start()

        def flagged(claim):
            return lambda: Claim.objects.get(pk=claim.pk).status == Claim.Status.DUE

        wait_until(flagged(first), timeout=30, message="beat and the worker flag the first claim")
        later = ClaimFactory(due_on=yesterday, window_start=None)  # passes its date while everything runs
        wait_until(flagged(later), timeout=30, message="a later tick flags the next claim")
    finally:
        beat.stop()
        worker.stop()
        print(worker.log()[-3000:], beat.log()[-3000:])
