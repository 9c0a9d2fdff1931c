"""Draft claims proposed from an article's text: the admin action and the API call this."""

import logging
from collections import Counter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.extraction import ProposedClaim, propose_claims
from claims.models import Article, Author, Claim
from claims.services.claims import claim_create
from claims.services.proposal_guards import guard_text
from claims.services.revision_suggestions import revision_suggest

logger = logging.getLogger(__name__)

CHANGE_REASON = "Proposed from the article text"


def _claimants(article: Article, proposal: ProposedClaim) -> list[Author] | None:
    """The attributed source as an Author, or None for the article's own authors."""
    if not proposal.attributed:
        return None
    author, _ = Author.objects.get_or_create(name=proposal.claimant[:200])
    return [author]


class ProposalsNotQueued(Exception):
    """The broker did not take the background run; nothing was proposed."""


def article_proposal_text_check(*, article: Article) -> None:
    """Refuse texts over PROPOSALS_MAX_TEXT_CHARS: reading them would take minutes and
    propose thousands of drafts (5 MB took 28 s and made 15,972)."""
    limit = settings.PROPOSALS_MAX_TEXT_CHARS
    if len(article.body) > limit:
        raise ValidationError(
            {
                "body": f"The article text is {len(article.body):,} characters; claims are proposed "
                f"from texts of at most {limit:,}. Shorten the text or split the article."
            }
        )


def article_request_proposals(*, article: Article, by=None) -> list[Claim] | None:
    """Propose claims now for a short text and return the new drafts; for a long one queue
    the same service for the worker and return None.

    Raises ValidationError for a text over the cap, ProposalsNotQueued if the
    broker does not answer (within CELERY_PUBLISH_TIMEOUT_SECONDS).
    """
    article_proposal_text_check(article=article)
    if len(article.body) <= settings.PROPOSALS_SYNC_MAX_CHARS:
        return article_propose_claims(article=article, by=by)
    from claims.tasks import propose_article_claims
    from config.celery import publisher_connection

    try:
        with publisher_connection() as connection:
            propose_article_claims.apply_async(
                args=[article.pk, getattr(by, "pk", None)], connection=connection, retry=False
            )
    except Exception as exc:  # kombu and redis-py raise several types for a dead or hung broker
        logger.warning("Could not queue proposals for article %s: %r", article.pk, exc)
        raise ProposalsNotQueued("The task queue is not answering; try again in a few minutes.") from exc
    return None


def article_proposals_enqueue(*, article: Article, by=None) -> None:
    """Queue the worker's proposals for an imported or edited article, once the save commits.

    The request only enqueues; the run is idempotent, so a second edit (or a
    redelivered message) proposes nothing twice. A dead broker is logged, not
    raised: the editor's save stands, and "Propose claims" is there to retry.
    """
    from claims.tasks import propose_article_claims
    from config.celery import publisher_connection

    args = [article.pk, getattr(by, "pk", None)]

    def send():
        try:
            with publisher_connection() as connection:
                propose_article_claims.apply_async(args=args, connection=connection, retry=False)
        except Exception as exc:  # kombu and redis-py raise several types for a dead or hung broker
            logger.warning("Could not queue proposals for article %s: %r", args[0], exc)

    transaction.on_commit(send)


@transaction.atomic
def article_propose_claims(*, article: Article, by=None) -> list[Claim]:
    """Create draft claims for the forecasts in an article's body; return the new ones.

    Idempotent: a proposal whose statement or sentence the article already has
    is skipped, so running it twice (or after an editor has reworded a draft)
    creates nothing new. The text is guarded first (proposal_guards.py: markup,
    length, repeats); what the guards left out is noted on the article.
    """
    guarded = guard_text(article.body)
    if guarded.notes != article.proposal_notes.splitlines():
        article.proposal_notes = "\n".join(guarded.notes)
        Article.objects.filter(pk=article.pk).update(proposal_notes=article.proposal_notes)
    authors = [a.name for a in article.authors.all()]
    proposals = propose_claims(guarded.text, article.published_on, authors)
    existing = article.claims.values_list("statement", "quote", "source_key")
    seen_statements = {statement for statement, _, _ in existing}
    # A sentence with two dated claims gives two proposals: the article has "seen" as many of a
    # sentence's proposals as it has claims quoting it (whatever an editor has since reworded).
    seen_quotes = Counter(quote for _, quote, _ in existing)
    proposed_quotes: Counter[str] = Counter()
    seen_sources = {key for _, _, key in existing}  # what claims were made from, before corrections
    created: list[Claim] = []
    for proposal in proposals:
        proposed_quotes[proposal.sentence] += 1
        if (
            proposal.claim in seen_statements
            or proposed_quotes[proposal.sentence] <= seen_quotes[proposal.sentence]
            or Claim.make_source_key(proposal.sentence, proposal.claim) in seen_sources
        ):
            continue
        try:
            with transaction.atomic():
                claim = claim_create(
                    by=by,
                    # "check the window: taken from the heading ...": shown in the claim's history
                    reason=f"{CHANGE_REASON}; {proposal.window_note}"
                    if proposal.window_note
                    else CHANGE_REASON,
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
        created.append(claim)
    revision_suggest(drafts=created)  # restatements of open claims are offered as revisions
    return created
