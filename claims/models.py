"""What a claim is: who said what, where, by when, how confidently, and what happened."""

import hashlib
from datetime import date

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import MD5
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Bounds on what a person can type; beyond them the input is refused with a message, never a 500.
# A quote is a sentence or two as published; a statement is one checkable outcome.
MAX_QUOTE_CHARS = 4000
MAX_STATEMENT_CHARS = 1000
MAX_NOTE_CHARS = 4000
# Dates the calendar arithmetic (default horizon, windows) can always take.
EARLIEST_PUBLICATION = date(1900, 1, 1)
LATEST_PUBLICATION = date(2199, 12, 31)


def bounded_text(max_chars: int, **kwargs) -> models.TextField:
    """A TextField whose length is checked wherever it is written (full_clean, forms, serializers)."""
    return models.TextField(max_length=max_chars, validators=[MaxLengthValidator(max_chars)], **kwargs)


class AuditedHistory(HistoricalRecords):
    """django-simple-history that lets a service write exactly one row per change.

    Setting claimants or tags fires one history row per m2m call; the claim
    services set them with history off and then record the whole change once.
    """

    def contribute_to_class(self, cls, name):
        super().contribute_to_class(cls, name)
        cls.history_recorder = self

    def record(self, instance, *, created: bool = False) -> None:
        self.create_historical_record(instance, "+" if created else "~")


class Publication(models.Model):
    name = models.CharField(max_length=200, unique=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Author(models.Model):
    """A person or body that makes claims: an article's author or someone it quotes."""

    name = models.CharField(max_length=200, unique=True)
    bio = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", "Region"
        TOPIC = "topic", "Topic"
        ACTOR = "actor", "Actor"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="tag_unique_kind_name")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class Article(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(
        validators=[MinValueValidator(EARLIEST_PUBLICATION), MaxValueValidator(LATEST_PUBLICATION)]
    )
    published_on_estimated = models.BooleanField(
        default=False, help_text="The publication date is an estimate, not read off the page."
    )
    authors = models.ManyToManyField(Author, related_name="articles")
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "title", "published_on"], name="article_unique_per_publication"
            )
        ]

    def __str__(self) -> str:
        return self.title


class ClaimQuerySet(models.QuerySet):
    def due_for_review(self):
        """Claims a reviewer should look at now: flagged due and not yet resolved."""
        return self.filter(status=Claim.Status.DUE)

    def past_due_on(self, today: date):
        """Open claims whose review date has passed (the flagging job's work)."""
        return self.filter(status=Claim.Status.OPEN, due_on__lt=today)

    def visible_to(self, user):
        """Drafts are for editors only; everyone else sees published claims.

        A draft withdrawn before it was published is still unpublished text (reopening
        makes it a draft again), so it stays hidden too: its history has no published row.
        """
        if user is not None and user.is_authenticated and user.has_perm("claims.edit_claim_text"):
            return self
        Status = Claim.Status
        published_once = Claim.history.model.objects.filter(id=OuterRef("pk")).exclude(
            status__in=[Status.DRAFT, Status.WITHDRAWN]
        )
        return self.exclude(status=Status.DRAFT).exclude(Q(status=Status.WITHDRAWN) & ~Exists(published_once))


class Claim(models.Model):
    class Kind(models.TextChoices):
        OCCURS_BY = "occurs_by", "Occurs by deadline"
        NOT_BEFORE = "not_before", "Not before date"
        TREND = "trend", "Trend"
        CONDITIONAL = "conditional", "Conditional"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        DUE = "due", "Due for review"
        RESOLVED = "resolved", "Resolved"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        QUARTER = "quarter", "Quarter"
        PART_OF_YEAR = "part_of_year", "Early / mid / late year"
        HALF = "half", "Half year"
        YEAR = "year", "Year"
        RELATIVE = "relative", "Relative to publication (next N months)"
        DECADE = "decade", "Decade"
        INFERRED = "inferred", "Inferred (no time bound; default horizon)"

    class ProbabilitySource(models.TextChoices):
        HEDGE = "hedge", "From the hedge, via the estimative scale"
        MANUAL = "manual", "Set by hand"

    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="claims")
    claimants = models.ManyToManyField(
        Author,
        related_name="claims",
        help_text="Who makes the claim: the article's authors unless it is attributed to someone else.",
    )
    quote = bounded_text(MAX_QUOTE_CHARS, help_text="The sentence as published, verbatim.")
    statement = bounded_text(
        MAX_STATEMENT_CHARS, help_text="One checkable outcome, with the hedge taken out."
    )
    resolution_criteria = bounded_text(MAX_NOTE_CHARS, blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER)
    condition = bounded_text(
        MAX_STATEMENT_CHARS, blank=True, help_text="For conditional claims: the 'if' part."
    )
    time_expression = models.CharField(max_length=200, blank=True, help_text="Verbatim, e.g. 'late 2026'.")
    window_start = models.DateField(null=True, blank=True)
    due_on = models.DateField(help_text="When the claim is checked: the end of its window.")
    precision = models.CharField(max_length=14, choices=Precision.choices, default=Precision.INFERRED)
    deadline_inferred = models.BooleanField(
        default=False, help_text="No time bound in the text; due_on is the default horizon."
    )
    hedge = models.CharField(max_length=200, blank=True, help_text="Verbatim hedge words, ';'-separated.")
    probability = models.FloatField(null=True, blank=True)
    probability_source = models.CharField(
        max_length=6, choices=ProbabilitySource.choices, default=ProbabilitySource.HEDGE
    )
    tags = models.ManyToManyField(Tag, related_name="claims", blank=True)
    # Indexed as the first column of claim_status_due_on_id_idx, not on its own (see Meta.indexes).
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    source_key = models.CharField(
        max_length=64,
        editable=False,
        blank=True,
        default="",
        help_text="Digest of the quote and statement the claim was created with; corrections keep it, "
        "so the seed loader and the proposer never make a second copy of a corrected claim.",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims_to_review",
    )
    watchers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="watched_claims", blank=True)
    flagged_due_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = AuditedHistory(m2m_fields=[claimants, tags])
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        permissions = [
            ("edit_claim_text", "Can write and edit claim text (editors)"),
            ("record_outcome", "Can record claim outcomes (reviewers)"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(probability__isnull=True) | (Q(probability__gt=0) & Q(probability__lt=1)),
                name="claim_probability_strictly_between_0_and_1",
                violation_error_message="Probability must be strictly between 0 and 1.",
            ),
            models.CheckConstraint(
                condition=Q(window_start__isnull=True) | Q(window_start__lte=models.F("due_on")),
                name="claim_window_start_not_after_due_on",
                violation_error_message="The window cannot start after the due date.",
            ),
            # A hash, not the text: PostgreSQL's btree cannot index long text values.
            models.UniqueConstraint(
                F("article"),
                MD5("statement"),
                name="claim_unique_statement_per_article",
                violation_error_message="This article already has a claim with this statement.",
            ),
            # load_seed and the claim proposer create claims idempotently on this key.
            models.UniqueConstraint(
                fields=["article", "source_key"],
                condition=~Q(source_key=""),  # rows bulk-loaded without one (benchmarks) are exempt
                name="claim_unique_source_per_article",
                violation_error_message="This article already has a claim from this quote and statement.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="conditional") | ~Q(condition=""),
                name="claim_conditional_has_condition",
                violation_error_message="A conditional claim needs its condition.",
            ),
        ]
        # Every index is written by every status change (flagging touches thousands of rows
        # at once), so each one here serves a hot read; see docs/tracking.md "Indexes".
        indexes = [
            # The default order everywhere (API, admin list, exports): a page is an index range.
            models.Index(fields=["due_on", "id"], name="claim_due_on_id_idx"),
            # One status in that order: the API's ?status=, the admin status filter, the
            # reviewers' due queue, flag_due_claims (open and due_on < today) and the digests.
            models.Index(fields=["status", "due_on", "id"], name="claim_status_due_on_id_idx"),
        ]

    def __str__(self) -> str:
        return self.statement[:80]

    def save(self, *args, **kwargs):
        if not self.source_key:
            self.source_key = self.make_source_key(self.quote, self.statement)
        super().save(*args, **kwargs)

    @staticmethod
    def make_source_key(quote: str, statement: str) -> str:
        """Return the digest of the text a claim is made from (the seed's and proposer's key)."""
        return hashlib.sha256(f"{quote}\x1f{statement}".encode()).hexdigest()

    def get_admin_url(self) -> str:
        return reverse("admin:claims_claim_change", args=[self.pk])

    def get_record_outcome_url(self) -> str:
        """The admin page where a reviewer records this claim's verdict (linked from digests)."""
        return reverse("admin:claims_claim_record_outcome", args=[self.pk])

    def days_overdue(self, today: date | None = None) -> int:
        today = today or timezone.localdate()
        return max((today - self.due_on).days, 0)

    @property
    def is_published(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def has_verdict(self) -> bool:
        return self.status == self.Status.RESOLVED


# The forecast as published. Once a claim is published these change only by a correction
# (editors, before the verdict, with a reason); the deadline also moves by "extend deadline".
FORECAST_FIELDS = (
    "article",
    "claimants",
    "quote",
    "statement",
    "kind",
    "condition",
    "time_expression",
    "window_start",
    "due_on",
    "precision",
    "deadline_inferred",
    "hedge",
    "probability",
    "probability_source",
)
# Editable by editors after publishing (audited), and tags even after the verdict.
AFTER_PUBLISHING_FIELDS = ("resolution_criteria", "tags")

# What was claimed: only editors may write it (the admin form, the API's claim shape).
CLAIM_TEXT_FIELDS = (*FORECAST_FIELDS, *AFTER_PUBLISHING_FIELDS)


class Outcome(models.Model):
    class Verdict(models.TextChoices):
        TRUE = "true", "True"
        PARTLY_TRUE = "partly_true", "Partly true"
        FALSE = "false", "False"
        ANNULLED = "annulled", "Annulled (condition not met)"
        UNRESOLVABLE = "unresolvable", "Unresolvable"

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="outcome")
    verdict = models.CharField(max_length=12, choices=Verdict.choices)
    evidence_links = models.JSONField(default=list, blank=True, help_text="URLs, one per line.")
    rationale = bounded_text(MAX_NOTE_CHARS)
    known_on = models.DateField(help_text="The date the outcome became known.")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="outcomes")
    recorded_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-known_on", "id"]
        # The admin's outcome list and the API's /outcomes/ page through this order.
        indexes = [models.Index(F("known_on").desc(), "id", name="outcome_known_on_id_idx")]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()}: {self.claim}"


class ClaimCorrection(models.Model):
    """A published forecast fixed for a transcription error, kept on the record.

    Misquoted sentence, hedge or window read wrongly: the claim is corrected in
    place, and this row says who, when, why, and each field's old and new value,
    as newspapers print corrections. The claim's history has the same change.
    """

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="corrections")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claim_corrections"
    )
    corrected_at = models.DateTimeField(default=timezone.now)
    reason = bounded_text(MAX_NOTE_CHARS)
    changes = models.JSONField(help_text='Each corrected field: {"field": {"old": ..., "new": ...}}.')

    class Meta:
        ordering = ["corrected_at", "id"]

    def __str__(self) -> str:
        return f"Correction to claim {self.claim_id}: {', '.join(self.changes)}"


class ClaimDueForReview(Claim):
    """Claims flagged due, as their own admin page: the reviewers' work queue."""

    class Meta:
        proxy = True
        verbose_name = "claim due for review"
        verbose_name_plural = "claims due for review"
