"""The daily digest: who must look at which claims, written to the outbox.

Each person gets one email listing the claims they review or watch that are
due, overdue (and by how long) or coming due within ``DIGEST_LEAD_DAYS``.
Claims with no reviewer go to everyone in the Reviewers group; claims overdue
by more than ``DIGEST_ESCALATE_AFTER_DAYS`` also go to the Editors.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from claims.models import Claim
from claims.roles import EDITORS, REVIEWERS
from tracker.models import Notification
from tracker.services.delivery import notifications_enqueue_on_commit
from tracker.services.flagging import claims_flag_due

logger = logging.getLogger(__name__)
User = get_user_model()


@dataclass
class Digest:
    """One person's digest for one day, in the sections the email shows."""

    recipient: object
    period: str
    due: list[Claim] = field(default_factory=list)
    overdue: list[Claim] = field(default_factory=list)
    coming_due: list[Claim] = field(default_factory=list)
    escalated: list[Claim] = field(default_factory=list)

    @property
    def claims(self) -> list[Claim]:
        return [*self.due, *self.overdue, *self.coming_due, *self.escalated]

    def __bool__(self) -> bool:
        return bool(self.claims)


def _active_members(group_name: str) -> list:
    return list(
        User.objects.filter(groups__name=group_name, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .distinct()
    )


def _people_for(claim: Claim, reviewers_group: list) -> set:
    people = {user for user in claim.watchers.all() if user.is_active and user.email}
    if claim.reviewer_id is None:
        people.update(reviewers_group)
    elif claim.reviewer.is_active and claim.reviewer.email:
        people.add(claim.reviewer)
    return people


def digests_build(*, today: date) -> list[Digest]:
    """Return the digests for ``today``: one per person with something to review."""
    lead_until = today + timedelta(days=settings.DIGEST_LEAD_DAYS)
    # Open claims already past their date count too: flagging may lag (and
    # --dry-run does not flag), but the digest should not.
    claims = (
        Claim.objects.filter(Q(status=Claim.Status.DUE) | Q(status=Claim.Status.OPEN, due_on__lte=lead_until))
        .select_related("article__publication", "reviewer")
        .prefetch_related("watchers")
        .order_by("due_on", "id")
    )
    reviewers_group = _active_members(REVIEWERS)
    editors = _active_members(EDITORS)

    digests: dict[int, Digest] = {}

    def digest_for(user) -> Digest:
        if user.pk not in digests:
            digests[user.pk] = Digest(recipient=user, period=today.isoformat())
        return digests[user.pk]

    for claim in claims:
        section = _section(claim, today)
        people = _people_for(claim, reviewers_group)
        for person in people:
            getattr(digest_for(person), section).append(claim)
        if claim.days_overdue(today) > settings.DIGEST_ESCALATE_AFTER_DAYS:
            # An editor who already has the claim (as its reviewer or a watcher) gets it once.
            for editor in editors:
                if editor not in people:
                    digest_for(editor).escalated.append(claim)
    return [digest for digest in digests.values() if digest]


def _section(claim: Claim, today: date) -> str:
    if claim.due_on >= today:
        return "coming_due"
    # A claim is flagged the day after its due date; from the second day on it is overdue.
    return "due" if claim.days_overdue(today) <= 1 else "overdue"


def digest_render(digest: Digest) -> dict[str, str]:
    """Return the subject, plain-text and HTML bodies (templates tracker/emails/digest-*)."""
    today = date.fromisoformat(digest.period)
    context = {
        "sections": [
            {"title": title, "rows": [_row(claim, today) for claim in claims]}
            for title, claims in (
                ("Due for review", digest.due),
                ("Overdue", digest.overdue),
                (f"Coming due in the next {settings.DIGEST_LEAD_DAYS} days", digest.coming_due),
                (
                    f"Overdue over {settings.DIGEST_ESCALATE_AFTER_DAYS} days (escalated)",
                    digest.escalated,
                ),
            )
            if claims
        ],
        "digest": digest,
        "recipient": digest.recipient,
        "today": today,
        "site_url": settings.SITE_URL,
        "escalate_after_days": settings.DIGEST_ESCALATE_AFTER_DAYS,
        "lead_days": settings.DIGEST_LEAD_DAYS,
    }
    return {
        "subject": " ".join(render_to_string("tracker/emails/digest-subject.txt", context).split()),
        "body_text": render_to_string("tracker/emails/digest-body-text.txt", context),
        "body_html": render_to_string("tracker/emails/digest-body-html.html", context),
    }


def _row(claim: Claim, today: date) -> dict:
    return {
        "claim": claim,
        "article": claim.article,
        "days_overdue": claim.days_overdue(today),
        "days_left": (claim.due_on - today).days,
        "admin_url": settings.SITE_URL + claim.get_record_outcome_url(),
    }


def digests_send(*, now: datetime | None = None, dry_run: bool = False) -> list[Digest]:
    """Write today's digests to the outbox and queue them; return the ones written.

    Flags due claims first so a claim that passed its date minutes ago is not
    left out. A person who already has today's digest is skipped, so a second
    run (or a second beat) the same day sends nothing.
    """
    now = now or timezone.now()
    if dry_run:
        return digests_build(today=timezone.localdate(now))
    claims_flag_due(now=now)
    today = timezone.localdate(now)
    written, queue = [], []
    for digest in digests_build(today=today):
        if notification := _digest_write(digest, now=now):
            written.append(digest)
            queue.append(notification.pk)
    # One batch after the rows are committed: a dead broker costs one timeout.
    notifications_enqueue_on_commit(queue)
    logger.info("Wrote %d digest(s) for %s", len(written), today)
    return written


@transaction.atomic
def _digest_write(digest: Digest, *, now: datetime) -> Notification | None:
    key = {"recipient": digest.recipient, "kind": Notification.Kind.DIGEST, "period": digest.period}
    if Notification.objects.filter(**key).exists():
        return None
    # get_or_create inserts under the unique constraint: if another process
    # inserted the same row meanwhile, ours fails, it fetches theirs, and only
    # the process that created the row queues it (after the loop).
    notification, created = Notification.objects.get_or_create(
        **key,
        defaults={
            "to_email": digest.recipient.email,
            "claim_ids": [claim.pk for claim in digest.claims],
            "next_attempt_at": now,
            **digest_render(digest),
        },
    )
    return notification if created else None
