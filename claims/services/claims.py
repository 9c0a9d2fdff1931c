"""Creating, editing and correcting claims: one set of rules whatever the door.

The admin form, the API, the seed loader and the proposer call these, so the
same rules fill the same fields everywhere: the time expression is read by the
one time grammar, a ``not_before`` claim falls due when its window opens, a
claim with no time bound gets the default horizon, and the hedge gives the
probability on the estimative scale.

Once published, a forecast is locked: ``claim_update`` refuses to change it,
and only ``claim_correct`` (editors, before the verdict, with a reason) fixes
a transcription error, leaving a ``ClaimCorrection`` on the record.
"""

import copy
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from claims.extraction.time import window_for_expression
from claims.models import FORECAST_FIELDS, Article, Author, Claim, ClaimCorrection, Tag
from claims.probability import probability_for_hedge
from tracker.services.scorecard_summary import scorecards_invalidate

Status = Claim.Status
EDIT_TEXT = "claims.edit_claim_text"
WINDOW_FIELDS = ("window_start", "due_on")
# Statuses in which a published forecast may still be corrected: there is no verdict yet.
CORRECTABLE = (Status.OPEN, Status.DUE)

LOCKED_MESSAGE = (
    "This forecast is published and locked. To fix a transcription error, make a correction "
    "(editors, with a reason); to move the deadline, use extend deadline."
)
VERDICT_MESSAGE = "This claim has a verdict; an editor must reopen it before its record can change."


def default_due_on(published_on: date) -> date:
    """Return the review date of a claim with no time bound (the default horizon)."""
    try:
        return published_on + timedelta(days=settings.CLAIMS_DEFAULT_HORIZON_DAYS)
    except OverflowError as exc:
        raise ValidationError({"due_on": "The default horizon falls past the calendar's end."}) from exc


def _fill_window(claim: Claim, *, read_expression: bool) -> None:
    """Fill the deadline: from the time expression, the not_before rule, or the default horizon."""
    if read_expression and claim.time_expression and not claim.deadline_inferred:
        window = window_for_expression(claim.time_expression, claim.article.published_on)
        if window is None:
            raise ValidationError(
                {
                    "time_expression": "No deadline could be read from this; give the window dates, "
                    "or mark the claim as having no time bound."
                }
            )
        if not window.sure:
            raise ValidationError(
                {
                    "time_expression": f"Read as {window.window_start} to {window.due_on} by a general "
                    "date parser, which may be wrong: give the window dates to confirm them, or use "
                    "an expression such as 'by the end of March 2026'."
                }
            )
        claim.window_start, claim.due_on = window.window_start, window.due_on
        claim.precision, claim.deadline_inferred = window.precision, window.deadline_inferred
        if window.kind_hint == Claim.Kind.NOT_BEFORE and claim.kind != Claim.Kind.CONDITIONAL:
            claim.kind = Claim.Kind.NOT_BEFORE
    if claim.kind == Claim.Kind.NOT_BEFORE:
        # Checked when the window opens: did the event happen before it?
        claim.window_start = claim.window_start or claim.due_on
        claim.due_on = claim.window_start
    if claim.due_on is None or claim.deadline_inferred:
        claim.window_start = None
        claim.due_on = default_due_on(claim.article.published_on)
        claim.deadline_inferred = True
        claim.precision = Claim.Precision.INFERRED
    elif claim.precision == Claim.Precision.INFERRED and not claim.deadline_inferred:
        claim.precision = Claim.Precision.DAY
    if claim.due_on < claim.article.published_on:
        published_on = claim.article.published_on
        raise ValidationError({"due_on": f"A claim cannot fall due before its article ({published_on})."})


def _fill_probability(claim: Claim, *, rederive: bool) -> None:
    """Take the probability from the hedge unless one was set by hand."""
    from_hedge = probability_for_hedge(claim.hedge)
    if claim.probability is None or rederive:
        claim.probability = from_hedge
        claim.probability_source = Claim.ProbabilitySource.HEDGE
    elif claim.probability != from_hedge:
        claim.probability_source = Claim.ProbabilitySource.MANUAL
    else:
        claim.probability_source = Claim.ProbabilitySource.HEDGE


def _save(claim: Claim, *, by, reason: str, created: bool = False, claimants=None, tags=None) -> Claim:
    """Save the claim and its claimants and tags, then write one history row for the whole change."""
    claim.skip_history_when_saving = True
    try:
        claim.save()
        if claimants is not None:
            claim.claimants.set(claimants)
        if tags is not None:
            claim.tags.set(tags)
    finally:
        del claim.skip_history_when_saving
    claim._change_reason = reason
    if by is not None:
        claim._history_user = by
    Claim.history_recorder.record(claim, created=created)
    return claim


def _given(fields: dict) -> dict:
    """Drop the fields a caller left empty (None): the rules fill those in."""
    return {name: value for name, value in fields.items() if value is not None}


def claim_build(
    *, article: Article, quote: str, statement: str, status: str = Status.DRAFT, **fields
) -> Claim:
    """Return a new, unsaved claim with the rules applied and checked (see ``claim_create``).

    The admin form calls this to show the service's errors on the form.
    """
    if status not in (Status.DRAFT, Status.OPEN):
        raise ValueError("A new claim starts as a draft or open.")
    fields = _given(fields)
    fields.pop("probability_source", None)  # derived, never given
    claim = Claim(article=article, quote=quote, statement=statement, status=status, **fields)
    claim.source_key = Claim.make_source_key(quote or "", statement or "")
    _fill_window(claim, read_expression=not any(name in fields for name in WINDOW_FIELDS))
    _fill_probability(claim, rederive=False)
    claim.full_clean()
    return claim


@transaction.atomic
def claim_create(
    *,
    claimants: Iterable[Author] | None = None,
    tags: Iterable[Tag] = (),
    by=None,
    reason: str = "Created",
    **fields,
) -> Claim:
    """Create a claim (a draft unless ``status`` is open); claimants default to the article's authors.

    ``fields`` are the article, quote, statement and further Claim fields (kind,
    condition, time_expression, window_start, due_on, precision,
    deadline_inferred, hedge, probability, resolution_criteria); None means
    "not given: apply the rule". With no window given, the time expression is
    read by the time grammar. Raises ``ValidationError`` with field messages.
    """
    claim = claim_build(**fields)
    claimants = list(claimants) if claimants else list(claim.article.authors.all())
    return _save(claim, by=by, reason=reason, created=True, claimants=claimants, tags=list(tags))


def _changes(claim: Claim, fields: dict, claimants, tags) -> dict:
    """Return the fields whose value the caller actually changes (name -> new value)."""
    changed = {name: value for name, value in fields.items() if getattr(claim, name) != value}
    if claimants is not None and {a.pk for a in claimants} != {a.pk for a in claim.claimants.all()}:
        changed["claimants"] = list(claimants)
    if tags is not None and {t.pk for t in tags} != {t.pk for t in claim.tags.all()}:
        changed["tags"] = list(tags)
    return changed


# Changing any of these re-applies the window rules; the hedge and probability re-apply the scale.
_WINDOW_INPUTS = ("time_expression", *WINDOW_FIELDS, "kind", "precision", "deadline_inferred")


def _apply(claim: Claim, changes: dict) -> None:
    """Set the changed fields and re-apply the rules the change touches, and only those."""
    for name, value in changes.items():
        if name not in ("claimants", "tags"):
            setattr(claim, name, value)
    if any(name in changes for name in _WINDOW_INPUTS):
        if "deadline_inferred" not in changes:
            claim.deadline_inferred = False  # a new expression or date is a time bound
        read = "time_expression" in changes and not any(name in changes for name in WINDOW_FIELDS)
        _fill_window(claim, read_expression=read)
    if "hedge" in changes or "probability" in changes:
        rederive = "probability" not in changes and (
            claim.probability_source == Claim.ProbabilitySource.HEDGE
        )
        _fill_probability(claim, rederive=rederive)
    claim.full_clean()


def claim_preview_update(*, claim: Claim, claimants=None, tags=None, **fields) -> tuple[Claim, dict]:
    """Return a copy of ``claim`` with the edit applied and checked, and the changed fields.

    Raises ``ValidationError`` as ``claim_update`` would; nothing is saved.
    """
    claim = copy.copy(claim)
    fields.pop("probability_source", None)
    changes = _changes(claim, fields, claimants, tags)
    _refuse_locked(claim, changes)
    _apply(claim, changes)
    return claim, changes


def _refuse_locked(claim: Claim, changes: dict) -> None:
    if not claim.is_published:
        return
    message = VERDICT_MESSAGE if claim.has_verdict else LOCKED_MESSAGE
    locked = [name for name in changes if name in FORECAST_FIELDS]
    if claim.has_verdict:
        locked += [name for name in changes if name == "resolution_criteria"]
    if locked:
        raise ValidationError({name: message for name in locked})


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    by=None,
    claimants: Iterable[Author] | None = None,
    tags: Iterable[Tag] | None = None,
    **fields,
) -> Claim:
    """Edit a claim: a draft freely; a published claim only its tags and resolution criteria.

    Status moves are the lifecycle's job; a published forecast changes only by
    ``claim_correct``. Changing the hedge without a probability re-derives it;
    changing the time expression without the dates re-reads the window.
    Raises ``django.core.exceptions.ValidationError`` with field messages.
    """
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    claim, changes = claim_preview_update(claim=claim, claimants=claimants, tags=tags, **fields)
    if not changes:
        return claim
    verb = "Edited" if not claim.is_published else "Edited after publishing"
    reason = f"{verb}: {', '.join(name.replace('_', ' ') for name in changes)}"
    return _save(claim, by=by, reason=reason, claimants=changes.get("claimants"), tags=changes.get("tags"))


def _as_record(name: str, value):
    """Return a field's value as it is kept in a correction (JSON)."""
    if name == "claimants":
        return sorted(author.name for author in value)
    if name == "article":
        return value.pk
    if isinstance(value, date):
        return value.isoformat()
    return value


@transaction.atomic
def claim_correct(
    *, claim: Claim, by, reason: str, claimants: Iterable[Author] | None = None, **fields
) -> ClaimCorrection:
    """Fix a transcription error in a published forecast, on the record.

    Editors only, before the verdict, with a reason. The same rules as on
    creation fill what the change implies (a new hedge gives a new
    probability, a new time expression a new window). Returns the correction,
    which lists each changed field's old and new value.
    """
    if by is None or not by.has_perm(EDIT_TEXT):
        raise PermissionDenied("Only editors can correct a claim.")
    if not reason or not reason.strip():
        raise ValidationError({"reason": "Say what was wrong: a correction needs a reason."})
    claim = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
    if claim.status not in CORRECTABLE:
        raise ValidationError(
            VERDICT_MESSAGE
            if claim.has_verdict
            else f"A {claim.get_status_display().lower()} claim "
            "is not corrected: drafts are edited, withdrawn claims are reopened first."
        )
    unknown = set(fields) - set(FORECAST_FIELDS)
    if unknown:
        raise ValidationError({name: "Not part of the forecast; edit it instead." for name in unknown})
    fields.pop("probability_source", None)
    changes = _changes(claim, fields, claimants, None)
    if not changes:
        raise ValidationError("Nothing to correct: every field is as recorded.")
    before = {name: _as_record(name, getattr(claim, name)) for name in FORECAST_FIELDS if name != "claimants"}
    before["claimants"] = _as_record("claimants", claim.claimants.all())
    _apply(claim, changes)
    if claim.status == Status.DUE and claim.due_on >= timezone.localdate():
        # Corrected to a later date: open again (a past date is left to the flag job).
        claim.status, claim.flagged_due_at = Status.OPEN, None
    after = {name: _as_record(name, getattr(claim, name)) for name in FORECAST_FIELDS if name != "claimants"}
    after["claimants"] = _as_record("claimants", changes.get("claimants", claim.claimants.all()))
    record = {
        name: {"old": before[name], "new": after[name]}
        for name in FORECAST_FIELDS
        if before[name] != after[name]
    }
    reason = reason.strip()
    _save(claim, by=by, reason=f"Corrected: {reason}", claimants=changes.get("claimants"))
    scorecards_invalidate()
    return ClaimCorrection.objects.create(claim=claim, corrected_by=by, reason=reason, changes=record)
