"""Flagging open claims whose due date has passed."""

from datetime import datetime
from functools import cache

from django.db import connection, transaction
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
    the rows simple-history would: the claim's values after the change, no
    user, FLAGGED_REASON, type "~", dated ``now``; and per m2m field
    (claimants, tags) a copy of the claim's current links under that row.
    Our claims are exactly those carrying our timestamp: a concurrent
    flagger's rows (if any) have its own ``now``, and its uncommitted changes
    are invisible to us anyway.

    INSERT ... SELECT, one statement per table, whatever the number of claims:
    reading the rows back into Python to build them took twice as long as the
    UPDATE itself at a million claims (docs/tracking.md). Column lists come
    from the models, so a new claim field is copied without touching this.
    """
    stamp = connection.ops.adapt_datetimefield_value(now)  # as the ORM stored it (SQLite: text)
    params = {"due": Claim.Status.DUE, "now": stamp, "reason": FLAGGED_REASON}
    with connection.cursor() as cursor:
        for sql in _history_sql():
            cursor.execute(sql, params)


@cache
def _history_sql() -> list[str]:
    qn = connection.ops.quote_name
    history = Claim.history.model
    columns = ", ".join(qn(field.column) for field in history.tracked_fields)
    statements = [
        f"""INSERT INTO {qn(history._meta.db_table)}
                ({columns}, "history_date", "history_change_reason", "history_type", "history_user_id")
            SELECT {columns}, %(now)s, %(reason)s, '~', NULL FROM {qn(Claim._meta.db_table)}
            WHERE "status" = %(due)s AND "flagged_due_at" = %(now)s"""
    ]
    for field in history._history_m2m_fields:
        m2m_history = getattr(history, field.name).model._meta.db_table
        through = field.remote_field.through._meta.db_table
        target = qn(f"{field.m2m_reverse_field_name()}_id")
        statements.append(
            f"""INSERT INTO {qn(m2m_history)} ("id", "claim_id", {target}, "history_id")
                SELECT link."id", link."claim_id", link.{target}, row."history_id"
                FROM {qn(history._meta.db_table)} row
                JOIN {qn(through)} link ON link."claim_id" = row."id"
                WHERE row."history_date" = %(now)s AND row."history_change_reason" = %(reason)s"""
        )
    return statements
