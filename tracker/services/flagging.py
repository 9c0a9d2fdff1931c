"""Flagging open claims whose due date has passed."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from claims.models import Claim
from tracker.services.job_runs import job_run_record

# The flagger is the system, not a person: its history rows have no user and say so here.
FLAGGED_REASON = "Flagged due by the tracker"
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
    """Write one audit row per flagged claim, with its claimants and tags as they are.

    The bulk UPDATE bypasses django-simple-history's save() signal, so write
    the audit rows here. Our rows are exactly those carrying our timestamp:
    a concurrent flagger's rows (if any) have its own `now`, and its
    uncommitted changes are invisible to us anyway.

    bulk_history_create writes the claim rows only; without their m2m rows a
    history row reads as "claimants and tags became []". So copy each m2m
    field's current links into its history table too: one SELECT and one
    bulk INSERT per field, whatever the number of claims.
    """
    claims = Claim.objects.filter(status=Claim.Status.DUE, flagged_due_at=now)
    flagged = list(claims)
    for claim in flagged:
        claim._history_user = None  # the system, even if a request's user is at hand
    rows = Claim.history.bulk_history_create(
        flagged, update=True, default_change_reason=FLAGGED_REASON, default_date=now
    )
    history_id_of = {row.id: row.history_id for row in rows}
    history_model = Claim.history.model
    for field in history_model._history_m2m_fields:
        m2m_history_model = getattr(history_model, field.name).model
        target = f"{field.m2m_reverse_field_name()}_id"
        links = field.remote_field.through.objects.filter(claim__in=claims)
        m2m_history_model.objects.bulk_create(
            m2m_history_model(id=link, claim_id=claim, history_id=history_id_of[claim], **{target: to})
            for link, claim, to in links.values_list("id", "claim_id", target)
        )
