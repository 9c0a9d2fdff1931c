"""Flagging open claims whose due date has passed."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from claims.models import Claim
from tracker.services.job_runs import job_run_record

FLAGGED_REASON = "Flagged due"
FLAG_JOB = "flag_due_claims"


@transaction.atomic
def claims_flag_due(*, now: datetime | None = None) -> int:
    """Mark open claims past their due date as due; return how many this call flagged.

    One conditional UPDATE does the work. If two processes run at once, the
    database serialises them on each row and re-checks ``status = open`` after
    the first commits, so the second skips that row: every claim is flagged
    exactly once, whichever beat or command got there first.
    """
    now = now or timezone.now()
    flagged = Claim.objects.past_due_on(timezone.localdate(now)).update(
        status=Claim.Status.DUE, flagged_due_at=now, updated_at=now
    )
    if flagged:
        _record_history(now)
    job_run_record(name=FLAG_JOB, finished_at=timezone.now())
    return flagged


def _record_history(now: datetime) -> None:
    # The bulk UPDATE bypasses django-simple-history's save() signal, so write
    # the audit rows here. Our rows are exactly those carrying our timestamp:
    # a concurrent flagger's rows (if any) have its own `now`, and its
    # uncommitted changes are invisible to us anyway.
    claims = list(Claim.objects.filter(status=Claim.Status.DUE, flagged_due_at=now))
    Claim.history.bulk_history_create(
        claims, update=True, default_change_reason=FLAGGED_REASON, default_date=now
    )
