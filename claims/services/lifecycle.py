"""Claim lifecycle: draft -> open -> due -> resolved, plus withdrawn.

Every status change goes through a function here. Each locks the claim row,
checks the move is legal, and saves with a change reason so the audit history
(django-simple-history) says who did what and why.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from claims.models import MAX_NOTE_CHARS, Claim, Outcome
from claims.roles import EDIT_TEXT, RECORD_OUTCOME, may_review
from tracker.services.scorecard_summary import scorecards_invalidate

Status = Claim.Status


class ClaimTransitionError(ValidationError):
    """An illegal lifecycle move; its message is shown to the user as is."""


class ClaimPermissionError(PermissionDenied):
    """The move is legal but not for this user (the API answers 403; the admin shows it)."""

    @property
    def messages(self) -> list[str]:
        return [str(self)]


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


def _require(claim: Claim, allowed: set[str], action: str) -> None:
    if claim.status not in allowed:
        allowed_labels = ", ".join(sorted(Status(s).label.lower() for s in allowed))
        raise ClaimTransitionError(
            f"Cannot {action} a claim that is {claim.get_status_display().lower()}; "
            f"only a claim that is {allowed_labels} can be."
        )


def _require_reason(reason: str, action: str) -> str:
    if not reason or not reason.strip():
        raise ClaimTransitionError(f"A reason is required to {action} a claim.")
    if len(reason) > MAX_NOTE_CHARS:
        raise ClaimTransitionError(f"Keep the reason under {MAX_NOTE_CHARS} characters.")
    return reason.strip()


def _save(claim: Claim, *, by, reason: str) -> Claim:
    claim._change_reason = reason
    claim._history_user = by  # None only for the system's own moves; never the request's user by chance
    claim.save()
    return claim


def _status_for_due_on(due_on: date) -> str:
    return Status.DUE if due_on < timezone.localdate() else Status.OPEN


@transaction.atomic
def claim_publish(*, claim: Claim, by) -> Claim:
    """Move a draft to open: it now counts and will be flagged when due."""
    claim = _locked(claim)
    _require(claim, {Status.DRAFT}, "publish")
    claim.status = Status.OPEN
    scorecards_invalidate()
    return _save(claim, by=by, reason="Published")


@transaction.atomic
def claim_withdraw(*, claim: Claim, by, reason: str) -> Claim:
    """Take a claim out of tracking (mis-extracted, duplicate, retracted)."""
    reason = _require_reason(reason, "withdraw")
    claim = _locked(claim)
    _require(claim, {Status.DRAFT, Status.OPEN, Status.DUE}, "withdraw")
    claim.status = Status.WITHDRAWN
    scorecards_invalidate()
    return _save(claim, by=by, reason=f"Withdrawn: {reason}")


def _check_assign(claim: Claim, reviewer, by) -> None:
    """Editors assign anyone who may review; a reviewer takes an unassigned claim or releases their own."""
    if not by.has_perm(EDIT_TEXT):
        if reviewer is None and claim.reviewer_id != by.pk:
            raise ClaimPermissionError("Only an editor can release a claim assigned to someone else.")
        if reviewer is not None and reviewer.pk != by.pk:
            raise ClaimPermissionError("Only an editor can assign a claim to someone else.")
        if reviewer is not None and not by.has_perm(RECORD_OUTCOME):
            raise ClaimPermissionError("Only reviewers can take claims.")
        if reviewer is not None and claim.reviewer_id not in (None, by.pk):
            raise ClaimPermissionError(
                f"This claim is assigned to {claim.reviewer.get_username()}; only an editor can reassign it."
            )
    if reviewer is not None and not may_review(reviewer):
        raise ValidationError({"reviewer": f"{reviewer.get_username()} cannot record outcomes."})


@transaction.atomic
def claim_assign(*, claim: Claim, reviewer, by) -> Claim:
    """Make ``reviewer`` responsible for recording the claim's outcome; ``None`` releases it.

    Who may do this is decided here, so the admin and the API apply the same rule.
    """
    claim = _locked(claim)
    _require(claim, {Status.DRAFT, Status.OPEN, Status.DUE}, "assign" if reviewer else "release")
    if reviewer is None and claim.reviewer_id is None:
        raise ClaimTransitionError("This claim is not assigned to anyone.")
    _check_assign(claim, reviewer, by)
    if reviewer is None:
        reason = f"Released from {claim.reviewer.get_username()}"
    else:
        reason = f"Assigned to {reviewer.get_username()}"
    claim.reviewer = reviewer
    return _save(claim, by=by, reason=reason)


@transaction.atomic
def claim_extend_deadline(*, claim: Claim, due_on: date, reason: str, by) -> Claim:
    """Move the due date later; the claim is open again if the new date is ahead (editors only)."""
    if not by.has_perm(EDIT_TEXT):
        raise ClaimPermissionError("Only an editor can extend a deadline.")
    reason = _require_reason(reason, "extend the deadline of")
    claim = _locked(claim)
    _require(claim, {Status.DRAFT, Status.OPEN, Status.DUE}, "extend the deadline of")
    if due_on <= claim.due_on:
        raise ClaimTransitionError(
            f"The new due date ({due_on}) must be after the current one ({claim.due_on})."
        )
    old_due_on = claim.due_on
    claim.due_on = due_on
    claim.deadline_inferred = False
    if claim.status != Status.DRAFT:
        claim.status = _status_for_due_on(due_on)
        claim.flagged_due_at = claim.flagged_due_at if claim.status == Status.DUE else None
    return _save(claim, by=by, reason=f"Deadline extended from {old_due_on} to {due_on}: {reason}")


def _clean_evidence(links: list[str] | str) -> list[str]:
    if isinstance(links, str):
        links = links.split()
    links = [link.strip() for link in links if link and link.strip()]
    validate = URLValidator(schemes=["http", "https"])
    for link in links:
        try:
            validate(link)
        except ValidationError as exc:
            raise ValidationError({"evidence_links": f"Not a valid link: {link}"}) from exc
    return links


@transaction.atomic
def outcome_record(
    *,
    claim: Claim,
    reviewer,
    verdict: str,
    rationale: str,
    known_on: date,
    evidence_links: list[str] | str = (),
) -> Outcome:
    """Record what happened and resolve the claim.

    Evidence is required for true, partly-true and false verdicts; "annulled"
    (condition not met) applies to conditional claims only.
    """
    claim = _locked(claim)
    _require(claim, {Status.OPEN, Status.DUE}, "record an outcome for")
    links = _clean_evidence(evidence_links)
    errors: dict[str, str] = {}
    if verdict not in Outcome.Verdict.values:
        errors["verdict"] = f"Unknown verdict {verdict!r}."
    elif verdict == Outcome.Verdict.ANNULLED and claim.kind != Claim.Kind.CONDITIONAL:
        errors["verdict"] = "Only a conditional claim can be annulled (its condition was not met)."
    elif verdict in (Outcome.Verdict.TRUE, Outcome.Verdict.PARTLY_TRUE, Outcome.Verdict.FALSE) and not links:
        errors["evidence_links"] = "Give at least one evidence link for this verdict."
    if not rationale or not rationale.strip():
        errors["rationale"] = "Explain the verdict."
    if known_on is None:
        errors["known_on"] = "Give the date the outcome became known."
    elif known_on > timezone.localdate():
        errors["known_on"] = "The outcome cannot be known on a future date."
    elif known_on < claim.article.published_on:
        errors["known_on"] = "The outcome cannot be known before the article was published."
    if errors:
        raise ValidationError(errors)

    outcome = Outcome.objects.filter(claim=claim).first() or Outcome(claim=claim)
    outcome.verdict = verdict
    outcome.rationale = rationale.strip()
    outcome.known_on = known_on
    outcome.evidence_links = links
    outcome.reviewer = reviewer
    outcome._history_user = reviewer
    outcome._change_reason = f"Verdict: {verdict}"
    outcome.save()

    claim.status = Status.RESOLVED
    claim.resolved_at = timezone.now()
    if claim.reviewer_id is None:
        claim.reviewer = reviewer
    _save(claim, by=reviewer, reason=f"Resolved as {outcome.get_verdict_display().lower()}")
    scorecards_invalidate()
    return outcome


def _status_before(claim: Claim, status: str) -> str | None:
    """Return the status the claim had before it last entered ``status``, from its history."""
    return claim.history.exclude(status=status).values_list("status", flat=True).first()


@transaction.atomic
def claim_reopen(*, claim: Claim, reason: str, by) -> Claim:
    """Reopen a resolved or withdrawn claim; the reason is kept in its history.

    The outcome row stays (and its history); recording a new outcome updates it.
    Scorecards count only resolved claims, so a reopened claim stops scoring.
    A draft that was withdrawn comes back as a draft: reopening must not publish it.
    """
    reason = _require_reason(reason, "reopen")
    claim = _locked(claim)
    _require(claim, {Status.RESOLVED, Status.WITHDRAWN}, "reopen")
    if claim.status == Status.WITHDRAWN and _status_before(claim, Status.WITHDRAWN) == Status.DRAFT:
        claim.status = Status.DRAFT
    else:
        claim.status = _status_for_due_on(claim.due_on)
    claim.resolved_at = None
    scorecards_invalidate()
    return _save(claim, by=by, reason=f"Reopened: {reason}")
