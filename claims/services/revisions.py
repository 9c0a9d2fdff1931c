"""Revisions: a claimant restating, raising, lowering, re-timing or withdrawing a published forecast.

A revision is not a correction. The claim keeps its published fields; the
revision is a new row with its own date, quote and probability, and the
time-averaged scores weigh each forecast by how long it stood.

What a revision does to the claim itself, through the lifecycle rules:

- restated, raised, lowered: nothing; the claim is checked on its due date as before.
- moved_window to a LATER check date: the claim's deadline is extended to it
  (``claim_extend_deadline``), so it is flagged due then, and a claim already
  flagged due is open again if the new date is ahead. A moved window to an
  EARLIER date leaves the due date alone: the original window is still on the
  record and is checked when it closes; the revision records the narrower one.
- withdrawn: nothing either. The claimant stops standing behind the forecast, but the
  forecast was published: the claim is still checked on its due date and scored, the
  time-averaged Brier counting it only for the days it stood (docs/scoring.md). Letting
  a withdrawal withdraw the claim would let an author escape a forecast about to fail.
  (An editor's ``claim_withdraw`` is for claims that should never have been tracked.)

Only editors write revisions, and only on open or due claims. Every revision's
history row says who and why; the claim's own history has the extension it caused,
with the same reason.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from claims.extraction.time import window_for_expression
from claims.models import Article, Claim, ClaimRevision
from claims.probability import probability_for_hedge
from claims.roles import EDIT_TEXT
from claims.services.lifecycle import (
    ClaimPermissionError,
    ClaimTransitionError,
    claim_extend_deadline,
)
from tracker.services.scorecard_summary import scorecards_invalidate

Kind = ClaimRevision.Kind
Status = Claim.Status
REVISABLE = (Status.OPEN, Status.DUE)


def standing_probability(claim: Claim, *, on: date) -> float | None:
    """Return the probability the claimant stood by on ``on``: the latest revision's number, else the
    published one. A restatement without a number leaves the earlier number standing."""
    latest = (
        claim.revisions.filter(stated_on__lte=on, probability__isnull=False)
        .order_by("-stated_on", "-created_at", "-id")
        .values_list("probability", flat=True)
        .first()
    )
    return claim.probability if latest is None else latest


def _stated_on(claim: Claim, article: Article | None, stated_on: date | None) -> date:
    if stated_on is None and article is None:
        raise ValidationError({"stated_on": "Give the date the claimant said it, or the article."})
    stated_on = stated_on or article.published_on
    errors = {}
    if stated_on > timezone.localdate():
        errors["stated_on"] = "A revision cannot be stated in the future."
    elif stated_on < claim.article.published_on:
        published_on = claim.article.published_on
        errors["stated_on"] = f"A revision comes after the claim was published ({published_on})."
    if article is not None and article.pk == claim.article_id:
        errors["article"] = "This is the claim's own article; a revision is a later statement."
    elif article is not None and article.published_on > stated_on:
        errors["article"] = f"The article was published on {article.published_on}, after the stated date."
    if errors:
        raise ValidationError(errors)
    return stated_on


def _check_kind(revision: ClaimRevision, before: float | None) -> None:
    """The kind must say what the numbers say: raised is higher than the standing probability."""
    kind, now = revision.kind, revision.probability
    if kind in (Kind.RAISED, Kind.LOWERED):
        if now is None:
            raise ValidationError({"probability": "Give the new probability, or a hedge that carries one."})
        if before is None:
            raise ValidationError({"kind": "The forecast stood without a number; record this as restated."})
        if (kind == Kind.RAISED) != (now > before) or now == before:
            word = "higher" if kind == Kind.RAISED else "lower"
            message = f"{now:g} is not {word} than the standing probability {before:g}."
            raise ValidationError({"kind": message})
    elif kind == Kind.RESTATED and now is not None and before is not None and now != before:
        word = "raised" if now > before else "lowered"
        raise ValidationError({"kind": f"{now:g} differs from the standing {before:g}: record it as {word}."})


def _fill_window(revision: ClaimRevision, claim: Claim) -> None:
    """A moved window comes from the dates given, or from the time expression read as of ``stated_on``."""
    if revision.kind != Kind.MOVED_WINDOW:
        if revision.due_on or revision.window_start or revision.time_expression:
            raise ValidationError({"due_on": "Only a moved window has a new window."})
        return
    if revision.due_on is None and revision.time_expression:
        window = window_for_expression(revision.time_expression, revision.stated_on)
        if window is None or window.due_on is None:
            raise ValidationError({"time_expression": "No deadline could be read from this; give the dates."})
        revision.window_start, revision.due_on = window.window_start, window.due_on
        revision.precision = revision.precision or window.precision
    if revision.due_on is None:
        raise ValidationError({"due_on": "Give the new due date (or a time expression) of the moved window."})
    revision.precision = revision.precision or Claim.Precision.DAY
    if check_on(revision, claim) == claim.due_on:
        raise ValidationError({"due_on": f"The claim is already checked on {claim.due_on}."})


def check_on(revision: ClaimRevision, claim: Claim) -> date:
    """Return the date a moved window is checked: its end, or its start for a not_before claim."""
    if claim.kind == Claim.Kind.NOT_BEFORE and revision.window_start:
        return revision.window_start
    return revision.due_on


def revision_build(
    *,
    claim: Claim,
    by,
    kind: str,
    article: Article | None = None,
    stated_on: date | None = None,
    quote: str = "",
    hedge: str = "",
    probability: float | None = None,
    time_expression: str = "",
    window_start: date | None = None,
    due_on: date | None = None,
    precision: str = "",
    note: str = "",
) -> ClaimRevision:
    """Return a new, unsaved revision with the rules applied and checked (see ``revision_create``)."""
    if by is None or not by.has_perm(EDIT_TEXT):
        raise ClaimPermissionError("Only editors can record a revision.")
    if claim.status not in REVISABLE:
        raise ClaimTransitionError(
            f"Only an open or due claim can be revised; this one is {claim.get_status_display().lower()}."
        )
    if kind not in Kind.values:
        raise ValidationError({"kind": f"Unknown kind {kind!r}."})
    stated_on = _stated_on(claim, article, stated_on)
    if kind == Kind.WITHDRAWN:
        if probability is not None:
            raise ValidationError({"probability": "A withdrawal states no probability."})
    elif probability is None:
        probability = probability_for_hedge(hedge)
    revision = ClaimRevision(
        claim=claim,
        article=article,
        stated_on=stated_on,
        kind=kind,
        quote=(quote or "").strip(),
        hedge=(hedge or "").strip(),
        probability=probability,
        time_expression=(time_expression or "").strip(),
        window_start=window_start,
        due_on=due_on,
        precision=precision or "",
        note=(note or "").strip(),
        created_by=by,
    )
    _fill_window(revision, claim)
    _check_kind(revision, standing_probability(claim, on=stated_on))
    revision.full_clean()
    return revision


def _reason(revision: ClaimRevision) -> str:
    source = f" in “{revision.article.title}”" if revision.article_id else ""
    note = f": {revision.note}" if revision.note else ""
    kind = revision.get_kind_display().lower()
    return f"Revision {revision.pk} ({kind}), stated on {revision.stated_on}{source}{note}"


@transaction.atomic
def revision_create(*, claim: Claim, by, kind: str, **fields) -> ClaimRevision:
    """Record a later statement by the claimant about a published (open or due) claim; editors only.

    ``fields``: article (the later article), stated_on (defaults to the article's
    date), quote, hedge, probability (from the hedge on the estimative scale unless
    given; none for a withdrawal), time_expression / window_start / due_on /
    precision (moved_window only), note (why). The claim's published forecast is
    left as it is; a later window extends its deadline (see the module docstring).
    Raises ``ValidationError`` with field messages.
    """
    claim = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
    revision = revision_build(claim=claim, by=by, kind=kind, **fields)
    revision._history_user = by
    revision._change_reason = revision.note or f"Recorded as {revision.get_kind_display().lower()}"
    revision.save()
    if revision.kind == Kind.MOVED_WINDOW and check_on(revision, claim) > claim.due_on:
        claim_extend_deadline(claim=claim, due_on=check_on(revision, claim), reason=_reason(revision), by=by)
    scorecards_invalidate()  # time-averaged Brier scores read the revisions
    return revision
