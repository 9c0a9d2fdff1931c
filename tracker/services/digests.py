"""The daily digest: who must look at which claims, written to the outbox.

Each person gets one email listing the claims they review or watch that are
due, overdue (and by how long) or coming due within ``DIGEST_LEAD_DAYS``,
grouped by article, each section capped at ``DIGEST_SECTION_MAX_ROWS`` with a
link to the rest in the admin. Claims with no reviewer are one shared, capped
"Unassigned" section in every Reviewer's mail; claims overdue by more than
``DIGEST_ESCALATE_AFTER_DAYS`` also go to the Editors.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim
from claims.roles import EDITORS, REVIEWERS
from tracker.models import Notification
from tracker.services.delivery import notifications_enqueue_on_commit
from tracker.services.flagging import claims_flag_due

logger = logging.getLogger(__name__)
User = get_user_model()


class Section:
    """One section of a digest: the first ``DIGEST_SECTION_MAX_ROWS`` claims, and how many there are.

    Claims arrive most urgent first (by due date), so the capped list keeps
    the ones that matter most; the mail says "and N more" and links the queue.
    While the digests are built a section holds claim ids; ``digests_build``
    swaps in the claims, loaded once for every mail.
    """

    def __init__(self):
        self.claims: list = []
        self.total = 0

    def add(self, claim_id: int) -> None:
        self.total += 1
        if len(self.claims) < settings.DIGEST_SECTION_MAX_ROWS:
            self.claims.append(claim_id)

    def __len__(self) -> int:
        return self.total


@dataclass
class Digest:
    """One person's digest for one day, in the sections the email shows.

    ``unassigned`` is one Section shared by every reviewer's digest: claims
    nobody reviews are kept (and capped) once, not copied into each mail.
    """

    recipient: object
    period: str
    due: Section = field(default_factory=Section)
    overdue: Section = field(default_factory=Section)
    coming_due: Section = field(default_factory=Section)
    escalated: Section = field(default_factory=Section)
    unassigned: Section = field(default_factory=Section)

    @property
    def sections(self) -> list[Section]:
        return [self.due, self.overdue, self.coming_due, self.escalated, self.unassigned]

    @property
    def claims(self) -> list[Claim]:
        """The claims the mail lists (capped), each once."""
        seen = {}
        for section in self.sections:
            for claim in section.claims:
                seen.setdefault(claim.pk, claim)
        return list(seen.values())

    @property
    def total(self) -> int:
        return sum(section.total for section in self.sections)

    def __bool__(self) -> bool:
        return self.total > 0


def _active_members(group_name: str) -> list:
    return list(
        User.objects.filter(groups__name=group_name, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .distinct()
    )


def digests_build(*, today: date, only=None) -> list[Digest]:
    """Return the digests for ``today``: one per person with something to review (``only``: that user's).

    Streams: the claims are read as (id, due date, reviewer) tuples through a
    server-side cursor and only counted into sections; the few each mail
    lists (capped per section) are loaded afterwards in one query. Memory
    and time follow the number of people and the cap, not the number of
    claims (docs/tracking.md).
    """
    lead_until = today + timedelta(days=settings.DIGEST_LEAD_DAYS)
    # Open claims already past their date count too: flagging may lag (and
    # --dry-run does not flag), but the digest should not.
    claims = Claim.objects.filter(
        Q(status=Claim.Status.DUE) | Q(status=Claim.Status.OPEN, due_on__lte=lead_until)
    )
    people = {user.pk: user for user in User.objects.filter(is_active=True).exclude(email="")}
    if only is not None:
        people = {pk: user for pk, user in people.items() if pk == only.pk}
    reviewers_group = [user for user in _active_members(REVIEWERS) if user.pk in people]
    editors = [user for user in _active_members(EDITORS) if user.pk in people]
    watchers: dict[int, list[int]] = {}
    links = Claim.watchers.through.objects.filter(claim__in=claims).values_list("claim_id", "user_id")
    for claim_id, user_id in _read_all(links):
        if user_id in people:
            watchers.setdefault(claim_id, []).append(user_id)

    unassigned = Section()
    digests: dict[int, Digest] = {
        user.pk: Digest(recipient=user, period=today.isoformat(), unassigned=unassigned)
        for user in reviewers_group
    }

    def digest_for(pk: int) -> Digest:
        if pk not in digests:
            digests[pk] = Digest(recipient=people[pk], period=today.isoformat())
        return digests[pk]

    rows = claims.order_by("due_on", "id").values_list("id", "due_on", "reviewer_id")
    for claim_id, due_on, reviewer_id in _read_all(rows):
        section = _section(due_on, today)
        # The claim's own people: its watchers and its reviewer (unassigned claims go to the shared section).
        own = set(watchers.get(claim_id, ()))
        if reviewer_id in people:
            own.add(reviewer_id)
        if reviewer_id is None and reviewers_group:
            unassigned.add(claim_id)
        for pk in own:
            getattr(digest_for(pk), section).add(claim_id)
        if (today - due_on).days > settings.DIGEST_ESCALATE_AFTER_DAYS:
            # An editor who already has the claim (as its reviewer or a watcher) gets it once.
            for editor in editors:
                if editor.pk not in own:
                    digest_for(editor.pk).escalated.add(claim_id)
    built = [digest for digest in digests.values() if digest]
    _load_listed_claims(built)
    return built


def _read_all(rows) -> Iterator[tuple]:
    """Stream ``rows`` through a server-side cursor planned for reading every row.

    PostgreSQL plans a cursor for its first 10% of rows (cursor_tuple_fraction),
    so it walked the (due_on, id) index over every claim to skip a sort of the
    few due ones: 9 s instead of 0.7 s at a million claims. We read them all.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL cursor_tuple_fraction = 1.0")
        yield from rows.iterator(chunk_size=5000)


def _load_listed_claims(digests: list[Digest]) -> None:
    """Swap the ids each section lists for the claims, loaded in one query for every mail."""
    sections = {id(section): section for digest in digests for section in digest.sections}.values()
    ids = {claim_id for section in sections for claim_id in section.claims}
    loaded = Claim.objects.select_related("article__publication", "reviewer").in_bulk(ids)
    for section in sections:
        section.claims = [loaded[claim_id] for claim_id in section.claims if claim_id in loaded]


def _section(due_on: date, today: date) -> str:
    if due_on >= today:
        return "coming_due"
    # A claim is flagged the day after its due date; from the second day on it is overdue.
    return "due" if (today - due_on).days <= 1 else "overdue"


def _queue_url(name: str, **filters) -> str:
    """An admin list on the site's real address, filtered like its own sidebar filters would."""
    url = settings.SITE_URL + reverse(name)
    return f"{url}?{urlencode(filters)}" if filters else url


def digest_render(digest: Digest) -> dict[str, str]:
    """Return the subject, plain-text and HTML bodies (templates tracker/emails/digest-*)."""
    today = date.fromisoformat(digest.period)
    user_id = digest.recipient.pk
    due_queue = "admin:claims_claimdueforreview_changelist"
    claim_list = "admin:claims_claim_changelist"
    sections = [
        (
            "Due for review",
            digest.due,
            "your claims due for review",
            _queue_url(due_queue, reviewer__id__exact=user_id),
        ),
        (
            "Overdue",
            digest.overdue,
            "your claims due for review",
            _queue_url(due_queue, reviewer__id__exact=user_id),
        ),
        (
            f"Coming due in the next {settings.DIGEST_LEAD_DAYS} days",
            digest.coming_due,
            "your open claims",
            _queue_url(claim_list, status__exact=Claim.Status.OPEN, reviewer__id__exact=user_id),
        ),
        (
            f"Overdue over {settings.DIGEST_ESCALATE_AFTER_DAYS} days (escalated)",
            digest.escalated,
            "the queue, most overdue first",
            _queue_url(due_queue),
        ),
        (
            f"Unassigned ({digest.unassigned.total}): nobody reviews these yet",
            digest.unassigned,
            "the unassigned claims due for review",
            _queue_url(due_queue, reviewer__isnull="True"),
        ),
    ]
    context = {
        "sections": [
            {
                "title": title,
                "articles": _by_article(section.claims, today),
                "more": section.total - len(section.claims),
                "more_label": more_label,
                "more_url": more_url,
            }
            for title, section, more_label, more_url in sections
            if section.total
        ],
        "digest": digest,
        "total": digest.total,
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


def _by_article(claims: list[Claim], today: date) -> list[dict]:
    """Group a section's claims under their article, articles in order of their most urgent claim."""
    groups: dict[int, dict] = {}
    for claim in claims:
        group = groups.setdefault(claim.article_id, {"article": claim.article, "rows": []})
        group["rows"].append(_row(claim, today))
    return list(groups.values())


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


def digest_send_test(*, user, now: datetime | None = None) -> bool:
    """Mail ``user`` their digest as it would read today, now; return False if they have none.

    For trying the layout: it goes straight to the user's own address, not
    through the outbox, so today's real digest (and its exactly-once row) is
    left as it was; it flags nothing and writes nothing.
    """
    today = timezone.localdate(now or timezone.now())
    digests = digests_build(today=today, only=user)
    if not digests or not user.email:
        return False
    rendered = digest_render(digests[0])
    message = EmailMultiAlternatives(
        subject=f"[Test] {rendered['subject']}", body=rendered["body_text"], to=[user.email]
    )
    message.attach_alternative(rendered["body_html"], "text/html")
    message.send()
    return True
