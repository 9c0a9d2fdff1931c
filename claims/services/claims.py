"""Creating claims with the domain's defaults filled in."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
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
