"""What happens over time: the notification outbox, job runs, private calendar feeds."""

import secrets

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone


class NotificationQuerySet(models.QuerySet):
    def deliverable(self, now):
        """Rows a worker may claim now: pending and not backing off, or held past their lease.

        A row stuck in "sending" means its worker died (or lost the database)
        mid-delivery; taking it back is what makes delivery at-least-once.
        """
        return self.filter(
            Q(status=Notification.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=Notification.Status.SENDING, lease_until__lt=now)
        )


class Notification(models.Model):
    """An outbox row: one message to one person, written before it is sent.

    Unique per recipient, kind and period, so building a digest twice (two
    beats, a re-run, a retry) cannot queue a second copy.
    """

    class Kind(models.TextChoices):
        DIGEST = "digest", "Due-claims digest"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DIGEST)
    period = models.CharField(max_length=20, help_text="The digest's local date (TIME_ZONE).")
    to_email = models.EmailField()
    subject = models.CharField(max_length=300)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    claim_ids = models.JSONField(default=list, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(help_text="A pending row is not tried before this.")
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="A sending row is held by its worker until."
    )
    last_error = models.TextField(blank=True)
    queued_at = models.DateTimeField(
        default=timezone.now,
        help_text="When delivery (re)started; it is given up NOTIFICATION_GIVE_UP_AFTER_SECONDS later.",
    )
    alerted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the site admins were told this row failed."
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("resend_notification", "Can queue a notification to be sent again")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "period"], name="notification_unique_recipient_kind_period"
            )
        ]
        indexes = [
            # notifications_sweep: the few rows not yet sent or failed.
            models.Index(
                fields=["status", "next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="notification_unsent_idx",
            ),
            # failed_notification_count (admin dashboard, /healthz) and the
            # sweeper's alert: the failed rows only, however large the outbox grows.
            models.Index(fields=["alerted_at"], condition=Q(status="failed"), name="notification_failed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.to_email} ({self.period})"


class JobRun(models.Model):
    """When a periodic job last finished: /healthz reads it to tell that beat or the workers stopped."""

    name = models.CharField(max_length=100, primary_key=True)
    finished_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.finished_at:%Y-%m-%d %H:%M:%S}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's private calendar address: the token is the only key, so resetting it kills the old URL.

    Calendar apps cannot log in; whoever holds the URL reads the feed, as the user would.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    reset_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"


class ScorecardSnapshot(models.Model):
    """The finished rows of one grouping's public scorecard (tracker.services.scorecard_summary).

    One row per grouping holding every group's row as JSON: a read is one
    primary-key lookup, and the rows are exactly what tracker.scorecards
    computed (no second copy of any formula). ``invalidated_at`` is set by the
    services that change what scores; a snapshot computed before it is stale.
    """

    grouping = models.CharField(max_length=20, primary_key=True)
    computed_at = models.DateTimeField(help_text="When the refresh that wrote these rows started reading.")
    invalidated_at = models.DateTimeField(
        null=True, blank=True, help_text="When a scoring change last made these rows stale."
    )
    rows = models.JSONField(default=list, encoder=DjangoJSONEncoder)

    def __str__(self) -> str:
        return f"{self.grouping} scorecards at {self.computed_at:%Y-%m-%d %H:%M:%S}"
