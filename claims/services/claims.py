"""Creating claims with the domain's defaults filled in."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Article, Author, Claim, Tag
from claims.probability import probability_for_hedge


def default_due_on(published_on: date) -> date:
    """Return the review date of a claim with no time bound (the default horizon)."""
    return published_on + timedelta(days=settings.CLAIMS_DEFAULT_HORIZON_DAYS)


def apply_claim_defaults(claim: Claim) -> None:
    """Fill an inferred due date and a hedge-derived probability where none was given."""
    if claim.due_on is None:
        claim.due_on = default_due_on(claim.article.published_on)
        claim.deadline_inferred = True
        claim.precision = Claim.Precision.INFERRED
    if claim.probability is None:
        claim.probability = probability_for_hedge(claim.hedge)
        claim.probability_source = Claim.ProbabilitySource.HEDGE
    elif claim.probability_source == Claim.ProbabilitySource.HEDGE and claim.probability != (
        probability_for_hedge(claim.hedge)
    ):
        claim.probability_source = Claim.ProbabilitySource.MANUAL


@transaction.atomic
def claim_create(
    *,
    article: Article,
    quote: str,
    statement: str,
    claimants: Iterable[Author] | None = None,
    tags: Iterable[Tag] = (),
    status: str = Claim.Status.DRAFT,
    **fields,
) -> Claim:
    """Create a claim; claimants default to the article's authors.

    ``fields`` are further Claim fields (kind, condition, time_expression,
    window_start, due_on, precision, hedge, probability, resolution_criteria).
    Raises ``django.core.exceptions.ValidationError`` with field messages.
    """
    if status not in (Claim.Status.DRAFT, Claim.Status.OPEN):
        raise ValueError("A new claim starts as a draft or open.")
    claim = Claim(article=article, quote=quote, statement=statement, status=status, **fields)
    apply_claim_defaults(claim)
    claim.full_clean()
    claim.save()
    claim.claimants.set(list(claimants) if claimants else article.authors.all())
    claim.tags.set(tags)
    return claim


# Once a claim is published its window moves only by claim_extend_deadline, which records why.
_FIXED_AFTER_PUBLISHING = ("due_on", "window_start")


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    by=None,
    claimants: Iterable[Author] | None = None,
    tags: Iterable[Tag] | None = None,
    **fields,
) -> Claim:
    """Edit a claim's text and metadata (not its status: that is the lifecycle's job).

    Changing the hedge without a probability re-derives the probability from it.
    Raises ``django.core.exceptions.ValidationError`` with field messages.
    """
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != Claim.Status.DRAFT:
        errors = {
            name: "A published claim's deadline is moved with 'extend deadline', which records why."
            for name in _FIXED_AFTER_PUBLISHING
            if name in fields and fields[name] != getattr(claim, name)
        }
        if errors:
            raise ValidationError(errors)
    for name, value in fields.items():
        setattr(claim, name, value)
    if "hedge" in fields and "probability" not in fields and claim.probability_source == "hedge":
        claim.probability = None
    apply_claim_defaults(claim)
    claim.full_clean()
    claim._change_reason = "Edited"
    if by is not None:
        claim._history_user = by
    claim.save()
    if claimants is not None:
        claim.claimants.set(claimants)
    if tags is not None:
        claim.tags.set(tags)
    return claim
