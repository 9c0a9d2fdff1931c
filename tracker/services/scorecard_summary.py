"""The public scorecards, kept as a summary table the worker refreshes every minute.

Why a table the services mark stale, not a materialised view or counters kept
by each write: the rows are whatever tracker.scorecards computes (one definition
of every score, intervals and calibration included), so the summary stores its
finished output per grouping; a counter table would copy the formulas, and a
materialised view could not hold the Python-side parts (intervals, hedge reading).

A reader gets the summary only when it is the scorecard they would see anyway:
no filter, and not an editor (editors' scorecards count drafts). Everyone else
computes live. A summary is served while younger than
SCORECARD_SUMMARY_MAX_AGE_SECONDS and not older than the last change that
scores (outcome recorded, reopened, revision, correction, publish, withdraw):
those services call scorecards_invalidate(), so no reader sees a score older
than the change; until the next refresh, readers compute live.
"""

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from claims.models import Claim
from claims.roles import EDIT_TEXT
from claims.visibility import can_read_claims
from tracker.models import ScorecardSnapshot
from tracker.scorecards import GROUPINGS, scorecard_rows

REFRESH_LOCK = 0x5C0_4EC4  # pg advisory lock key: "scorecard refresh"
NEVER = datetime(2000, 1, 1, tzinfo=UTC)  # a placeholder row's time: any refresh replaces it


def summary_claims() -> QuerySet:
    """Return the claims every non-editor's unfiltered scorecard counts (claims_scored_for)."""
    return Claim.objects.visible_to(None).exclude(status=Claim.Status.WITHDRAWN)


def summary_serves(user) -> bool:
    """Return True if ``user``'s unfiltered scorecard is the shared one the summary holds."""
    return can_read_claims(user) and not user.has_perm(EDIT_TEXT)


@contextmanager
def _only_one_refresh():
    """Yield False if another refresh holds the lock (PostgreSQL session advisory lock).

    Beat fires every minute; a refresh slower than that must not start a second
    one beside it, doubling the load for rows no fresher. Correctness does not
    rest on the lock (see scorecards_refresh), only the load does.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [REFRESH_LOCK])
        got = cursor.fetchone()[0]
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [REFRESH_LOCK])


def scorecards_refresh() -> datetime | None:
    """Recompute every grouping's rows and store them; return when the reading started.

    Returns None, doing nothing, while another refresh runs. Even without that
    lock two refreshes are harmless: a row is replaced only by rows read later than its own.
    """
    with _only_one_refresh() as alone:
        return _refresh() if alone else None


def _refresh() -> datetime:
    for group_by in GROUPINGS:
        started = timezone.now()
        rows = scorecard_rows(claims=summary_claims(), group_by=group_by, today=timezone.localdate(started))
        with transaction.atomic():
            ScorecardSnapshot.objects.bulk_create(
                [ScorecardSnapshot(grouping=group_by, computed_at=NEVER)], ignore_conflicts=True
            )
            ScorecardSnapshot.objects.filter(grouping=group_by, computed_at__lt=started).update(
                rows=rows, computed_at=started
            )
    return started


def scorecards_cached(group_by: str) -> tuple[list[dict], datetime] | None:
    """Return the stored rows and when they were read, or None if missing, stale or too old. One query."""
    oldest = timezone.now() - timedelta(seconds=settings.SCORECARD_SUMMARY_MAX_AGE_SECONDS)
    snapshot = (
        ScorecardSnapshot.objects.filter(grouping=group_by, computed_at__gte=oldest)
        .filter(Q(invalidated_at__isnull=True) | Q(invalidated_at__lt=F("computed_at")))
        .first()
    )
    return None if snapshot is None else (snapshot.rows, snapshot.computed_at)


def scorecards_invalidate() -> None:
    """Mark every stored grouping stale once the current transaction commits (if it does)."""
    transaction.on_commit(lambda: ScorecardSnapshot.objects.update(invalidated_at=timezone.now()))


def scorecard_rows_for(
    *, user, claims: QuerySet, group_by: str, today, filtered: bool, hedges: bool = True
) -> tuple[list[dict], datetime | None]:
    """Return a reader's scorecard rows and when they were computed (None: just now, live).

    ``claims`` is what the reader's live scorecard counts; it is used unless
    the summary serves this reader unfiltered and is fresh.
    """
    if not filtered and summary_serves(user) and (cached := scorecards_cached(group_by)) is not None:
        return cached
    return scorecard_rows(claims=claims, group_by=group_by, today=today, hedges=hedges), None
