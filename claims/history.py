"""A claim's audit trail as events: what happened, when, who did it and why.

Read from django-simple-history's tables (the claim's rows with their
claimants and tags, its outcome's rows, its revisions' rows) in a fixed number of queries,
whatever the number of events. Each event is classified from what changed,
not from the wording of its reason, so a reworded reason cannot hide a move.

Rows recorded while the claim was a draft are for editors only: they may hold
wording that was never published. The row that published it is shown; its
text is the published text.
"""

from dataclasses import dataclass, field
from datetime import datetime

from claims.models import Claim, ClaimRevision, Outcome, QuoteChange
from claims.roles import EDIT_TEXT

SYSTEM = "system"
CORRECTION_PREFIX = "Corrected"

# Bookkeeping every save touches; not a change a reader needs.
_SKIPPED = {"id", "updated_at", "created_at", "recorded_at"}
_M2M = ("claimants", "tags")

Status = Claim.Status


class Event:
    CREATED = "created"
    EDITED = "edited"
    CORRECTED = "corrected"
    PUBLISHED = "published"
    ASSIGNED = "assigned"
    RELEASED = "released"
    DEADLINE_EXTENDED = "deadline_extended"
    FLAGGED_DUE = "flagged_due"
    OUTCOME_RECORDED = "outcome_recorded"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"
    REOPENED = "reopened"
    # Not a change to the claim: its quoted sentence changed on the publisher's page (rechecks.py).
    QUOTE_CHANGED_AT_SOURCE = "quote_changed_at_source"
    REVISED = "revised"

    ALL = (
        CREATED,
        EDITED,
        CORRECTED,
        PUBLISHED,
        ASSIGNED,
        RELEASED,
        DEADLINE_EXTENDED,
        FLAGGED_DUE,
        OUTCOME_RECORDED,
        RESOLVED,
        WITHDRAWN,
        REOPENED,
        QUOTE_CHANGED_AT_SOURCE,
        REVISED,
    )


@dataclass
class ClaimEvent:
    at: datetime
    by: str
    event: str
    reason: str
    changes: list[dict] = field(default_factory=list)


def _who(row) -> str:
    return row.history_user.get_username() if row.history_user_id else SYSTEM


def _values(row, fields, m2m: dict) -> dict:
    values = {}
    for f in fields:
        if f.name == "reviewer":
            values["reviewer"] = row.reviewer.get_username() if row.reviewer_id else None
        else:
            values[f.name] = getattr(row, f.attname)  # a foreign key as its id
    for name, by_row in m2m.items():
        values[name] = sorted(by_row.get(row.history_id, []))
    return values


def _changes(old: dict | None, new: dict) -> list[dict]:
    return [
        {"field": name, "old": None if old is None else old[name], "new": value}
        for name, value in new.items()
        if old is None or old[name] != value
    ]


def _claim_event_type(row, prev, changed: set[str]) -> str:
    if row.history_type == "+":
        return Event.CREATED
    if (row.history_change_reason or "").startswith(CORRECTION_PREFIX):
        return Event.CORRECTED
    if "status" in changed:
        if prev.status in (Status.RESOLVED, Status.WITHDRAWN):
            return Event.REOPENED
        if row.status == Status.OPEN and prev.status == Status.DRAFT:
            return Event.PUBLISHED
        if row.status in (Status.RESOLVED, Status.WITHDRAWN):
            return Event.RESOLVED if row.status == Status.RESOLVED else Event.WITHDRAWN
        if "due_on" not in changed and row.status == Status.DUE:
            return Event.FLAGGED_DUE
    if "due_on" in changed:
        return Event.DEADLINE_EXTENDED
    if "reviewer" in changed:
        return Event.RELEASED if row.reviewer_id is None else Event.ASSIGNED
    return Event.EDITED


def _m2m_names(claim: Claim) -> dict[str, dict[int, list[str]]]:
    """Return, per m2m field, each history row's related names: one query per field."""
    history_model = Claim.history.model
    result = {}
    for name, label in (("claimants", "author__name"), ("tags", "tag__name")):
        rows = getattr(history_model, name).model.objects.filter(history__id=claim.pk)
        by_row: dict[int, list[str]] = {}
        for history_id, value in rows.values_list("history_id", label):
            by_row.setdefault(history_id, []).append(value)
        result[name] = by_row
    return result


def _claim_events(claim: Claim, show_drafts: bool) -> list[ClaimEvent]:
    rows = claim.history.select_related("history_user", "reviewer").order_by("history_date", "history_id")
    fields = [f for f in Claim.history.model.tracked_fields if f.name not in _SKIPPED]
    m2m = _m2m_names(claim)
    events, prev, prev_values = [], None, None
    for row in rows:
        values = _values(row, fields, m2m)
        changes = _changes(prev_values, values) if prev is not None else []
        kind = _claim_event_type(row, prev, {c["field"] for c in changes})
        if show_drafts or row.status != Status.DRAFT:
            reason = row.history_change_reason or ""
            events.append(ClaimEvent(row.history_date, _who(row), kind, reason, changes))
        prev, prev_values = row, values
    return events


def _outcome_events(claim: Claim) -> list[ClaimEvent]:
    rows = (
        Outcome.history.filter(claim_id=claim.pk)
        .select_related("history_user", "reviewer")
        .order_by("history_date", "history_id")
    )
    fields = [f for f in Outcome.history.model.tracked_fields if f.name not in _SKIPPED | {"claim"}]
    events, prev_values = [], None
    for row in rows:
        values = _values(row, fields, {})
        reason = row.history_change_reason or ""
        changes = _changes(prev_values, values)
        events.append(ClaimEvent(row.history_date, _who(row), Event.OUTCOME_RECORDED, reason, changes))
        prev_values = values
    return events


def _quote_change_events(claim: Claim) -> list[ClaimEvent]:
    """The re-reads that found the quote changed (or gone) on the page: old and new text."""
    return [
        ClaimEvent(
            change.detected_at,
            SYSTEM,
            Event.QUOTE_CHANGED_AT_SOURCE,
            "The quoted sentence changed on the publisher's page"
            if change.new_text
            else "The quoted sentence is no longer on the publisher's page",
            [{"field": "quote", "old": change.old_text, "new": change.new_text}],
        )
        for change in QuoteChange.objects.filter(claim_id=claim.pk).order_by("detected_at", "pk")
    ]


def _revision_events(claim: Claim) -> list[ClaimEvent]:
    """The claimant's revisions as they were recorded (claims.services.revisions): one query."""
    rows = (
        ClaimRevision.history.filter(claim_id=claim.pk, history_type="+")
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    model = ClaimRevision.history.model
    fields = [
        model._meta.get_field(name) for name in ("stated_on", "kind", "probability", "due_on", "article")
    ]
    return [
        ClaimEvent(
            row.history_date,
            _who(row),
            Event.REVISED,
            row.history_change_reason or "",
            _changes(None, _values(row, fields, {})),
        )
        for row in rows
    ]


def claim_events(*, claim: Claim, user) -> list[ClaimEvent]:
    """Return the claim's events, oldest first, as ``user`` may see them."""
    show_drafts = user is not None and user.has_perm(EDIT_TEXT)
    # An outcome's row is written just before the claim's "resolved" row, and a revision's just
    # before the extension or withdrawal it causes, in the same transaction: on equal times the
    # stable sort keeps that order.
    events = _outcome_events(claim) + _revision_events(claim) + _claim_events(claim, show_drafts)
    events += _quote_change_events(claim)
    return sorted(events, key=lambda e: e.at)
