"""Draft claims proposed from an article's text: the admin action and the API call this."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.extraction import ProposedClaim, propose_claims
from claims.models import Article, Author, Claim
from claims.services.claims import claim_create

logger = logging.getLogger(__name__)

CHANGE_REASON = "Proposed from the article text"


def _claimants(article: Article, proposal: ProposedClaim) -> list[Author] | None:
    """The attributed source as an Author, or None for the article's own authors."""
    if not proposal.attributed:
        return None
    author, _ = Author.objects.get_or_create(name=proposal.claimant[:200])
    return [author]


@transaction.atomic
def article_propose_claims(*, article: Article, by=None) -> list[Claim]:
    """Create draft claims for the forecasts in an article's body; return the new ones.

    Idempotent: a proposal whose statement or sentence the article already has
    is skipped, so running it twice (or after an editor has reworded a draft)
    creates nothing new.
    """
    authors = [a.name for a in article.authors.all()]
    proposals = propose_claims(article.body, article.published_on, authors)
    existing = article.claims.values_list("statement", "quote", "source_key")
    seen_statements = {statement for statement, _, _ in existing}
    seen_quotes = {quote for _, quote, _ in existing}
    seen_sources = {key for _, _, key in existing}  # what claims were made from, before corrections
    created: list[Claim] = []
    for proposal in proposals:
        if (
            proposal.claim in seen_statements
            or proposal.sentence in seen_quotes
            or Claim.make_source_key(proposal.sentence, proposal.claim) in seen_sources
        ):
            continue
        try:
            with transaction.atomic():
                claim = claim_create(
                    by=by,
                    reason=CHANGE_REASON,
                    article=article,
                    quote=proposal.sentence,
                    statement=proposal.claim,
                    claimants=_claimants(article, proposal),
                    kind=proposal.kind,
                    condition=proposal.condition,
                    time_expression=proposal.time_expression[:200],
                    window_start=proposal.window_start,
                    due_on=proposal.due_on,
                    precision=proposal.precision,
                    deadline_inferred=proposal.deadline_inferred,
                    hedge=proposal.hedge[:200],
                    probability=proposal.probability,
                )
        except ValidationError as error:
            logger.warning("Skipped proposed claim %r: %s", proposal.sentence[:80], error)
            continue
        seen_statements.add(proposal.claim)
        seen_quotes.add(proposal.sentence)
        created.append(claim)
    return created
