"""The beat schedule, as rows the admin can edit (django-celery-beat).

Each entry expires just under its period: if beat or the workers were down,
stale runs are dropped instead of piling up, and the next run does the work
(every job catches up on its own: it looks at the database, not at the tick).
Created by tracker/migrations/0002_periodic_tasks.py (the intake's two by
claims/migrations/0010_intake_schedules.py); after that the admin owns them.
"""

from django.conf import settings

DAY = 24 * 60 * 60


def create_default_schedules(apps) -> None:
    """Create (or reset) the three periodic tasks from the settings."""
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")

    def every(seconds):
        return IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")[0]

    flag_every = settings.FLAG_DUE_EVERY_SECONDS
    sweep_every = settings.SWEEP_EVERY_SECONDS
    PeriodicTask.objects.update_or_create(
        name="Flag due claims",
        defaults={
            "task": "tracker.tasks.flag_due_claims",
            "interval": every(flag_every),
            "expire_seconds": max(flag_every - 10, 1),
            "description": "Open claims whose due date has passed become due.",
        },
    )
    PeriodicTask.objects.update_or_create(
        name="Re-queue undelivered notifications",
        defaults={
            "task": "tracker.tasks.sweep_notifications",
            "interval": every(sweep_every),
            "expire_seconds": max(sweep_every - 5, 1),
            "description": "Outbox sweeper: re-queues rows a lost message or a killed worker left behind.",
        },
    )
    daily, _ = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour=str(settings.DIGEST_HOUR),
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=settings.TIME_ZONE,
    )
    PeriodicTask.objects.update_or_create(
        name="Send due-claim digests",
        defaults={
            "task": "tracker.tasks.send_due_digests",
            "crontab": daily,
            "expire_seconds": DAY - 15 * 60,
            "description": "One email per person: their due, overdue and upcoming claims (site time zone).",
        },
    )


def create_scorecard_schedule(apps) -> None:
    """Create (or reset) the refresh of the scorecard summary (tracker/services/scorecard_summary.py)."""
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every = settings.SCORECARD_SUMMARY_EVERY_SECONDS
    PeriodicTask.objects.update_or_create(
        name="Refresh the scorecard summary",
        defaults={
            "task": "tracker.tasks.refresh_scorecards",
            "interval": IntervalSchedule.objects.get_or_create(every=every, period="seconds")[0],
            "expire_seconds": max(every - 5, 1),
            "description": "Recomputes the public scorecards the API and pages read; "
            "a stale or old summary is not served.",
        },
    )


def create_intake_schedules(apps) -> None:
    """Create (or reset) the intake's periodic tasks: poll the feeds, re-read quoted articles."""
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    poll_every = settings.FEED_POLL_EVERY_SECONDS
    PeriodicTask.objects.update_or_create(
        name="Poll publication feeds",
        defaults={
            "task": "claims.tasks.poll_feeds",
            "interval": IntervalSchedule.objects.get_or_create(every=poll_every, period="seconds")[0],
            "expire_seconds": max(poll_every - 60, 1),
            "description": "Conditional GET of every active feed; each new item is imported once.",
        },
    )
    # Daily, and each article is re-read only when INTAKE_RECHECK_DAYS have passed since its last
    # check: the load is spread over the week instead of every page fetched on one night.
    PeriodicTask.objects.update_or_create(
        name="Re-read quoted articles",
        defaults={
            "task": "claims.tasks.recheck_quoted_articles",
            "interval": IntervalSchedule.objects.get_or_create(every=DAY, period="seconds")[0],
            "expire_seconds": DAY - 15 * 60,
            "description": "Articles with open claims, re-read weekly: a quote no longer on the page "
            "is recorded on the claim and told to the editors.",
        },
    )
