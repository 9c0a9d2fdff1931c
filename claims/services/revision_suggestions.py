"""Suggested revisions: a proposed draft that restates an open claim of the same claimant.

When claims are proposed for a new article, each new draft is compared with
the open and due claims of its claimants made in other, earlier articles. The
most similar one above ``CLAIMS_REVISION_MIN_SIMILARITY`` (the greater of the
statements' and the quotes' similarity) is offered as the claim the draft
revises. The editor confirms it (the draft becomes a ``ClaimRevision`` of that
claim and is withdrawn, so proposing again does not bring it back) or dismisses
it (the draft stays a claim of its own).

PostgreSQL compares with pg_trgm's ``similarity`` (trigram overlap, in the
database). SQLite (``make run``) has no pg_trgm: there difflib's ratio over the
same candidates stands in; the two agree on near-copies but not to the decimal.
"""

from difflib import SequenceMatcher

from django.conf import settings
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.functions import Greatest

from claims.models import Claim, ClaimRevision, RevisionSuggestion
from claims.services.lifecycle import claim_withdraw
from claims.services.revisions import REVISABLE, revision_create, standing_probability

Kind = ClaimRevision.Kind


def _candidates(draft: Claim) -> QuerySet:
    """Open and due claims of the draft's claimants, from other articles published no later."""
    return (
        Claim.objects.filter(status__in=REVISABLE, claimants__in=draft.claimants.all())
        .exclude(article_id=draft.article_id)
        .filter(article__published_on__lte=draft.article.published_on)
        .distinct()
    )


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a.lower(), b.lower()).ratio()


def best_match(draft: Claim) -> tuple[int, float] | None:
    """Return (claim id, similarity) of the open claim the draft most likely restates, or None."""
    threshold = settings.CLAIMS_REVISION_MIN_SIMILARITY
    candidates = _candidates(draft)
    if connection.vendor == "postgresql":
        similarity = Greatest(
            TrigramSimilarity("statement", draft.statement), TrigramSimilarity("quote", draft.quote)
        )
        return (
            candidates.annotate(similarity=similarity)
            .filter(similarity__gte=threshold)
            .order_by("-similarity", "id")
            .values_list("id", "similarity")
            .first()
        )
    scored = [
        (max(_ratio(statement, draft.statement), _ratio(quote, draft.quote)), -pk, pk)
        for pk, statement, quote in candidates.values_list("id", "statement", "quote")
    ]
    similarity, _, pk = max(scored, default=(0.0, 0, None))
    return (pk, similarity) if pk is not None and similarity >= threshold else None


def revision_suggest(*, drafts: list[Claim]) -> list[RevisionSuggestion]:
    """Offer each draft that restates an open claim of its claimant as that claim's revision.

    Idempotent: a draft keeps its first suggestion. Returns the suggestions made now.
    """
    made = []
    for draft in drafts:
        match = best_match(draft)
        if match is None:
            continue
        claim_id, similarity = match
        suggestion, created = RevisionSuggestion.objects.get_or_create(
            draft=draft, defaults={"claim_id": claim_id, "similarity": similarity}
        )
        if created:
            made.append(suggestion)
    return made


def suggested_kind(draft: Claim, claim: Claim) -> str:
    """Return what the draft does to the claim: moves its window, raises, lowers or restates it."""
    if not draft.deadline_inferred and draft.due_on != claim.due_on:
        return Kind.MOVED_WINDOW
    before = standing_probability(claim, on=draft.article.published_on)
    if draft.probability is None or before is None or draft.probability == before:
        return Kind.RESTATED
    return Kind.RAISED if draft.probability > before else Kind.LOWERED


@transaction.atomic
def revision_suggestion_confirm(
    *, suggestion: RevisionSuggestion, by, kind: str | None = None, note: str = ""
) -> ClaimRevision:
    """Make the suggested draft a revision of its claim (editors), and withdraw the draft.

    ``kind`` defaults to ``suggested_kind``. The revision takes the draft's article,
    date, quote, hedge and probability (and its window, when it moves the window).
    """
    suggestion = (
        RevisionSuggestion.objects.select_for_update()
        .select_related("draft__article", "claim")
        .get(pk=suggestion.pk)
    )
    draft, claim = suggestion.draft, suggestion.claim
    if draft.status != Claim.Status.DRAFT:
        raise ValidationError("This proposal is no longer a draft; it cannot become a revision.")
    kind = kind or suggested_kind(draft, claim)
    fields = {
        "article": draft.article,
        "quote": draft.quote,
        "hedge": draft.hedge,
        "probability": None if kind == Kind.WITHDRAWN else draft.probability,
        "note": note or f"Confirmed from the proposed claim {draft.pk}",
    }
    if kind == Kind.MOVED_WINDOW:
        fields |= {
            "time_expression": draft.time_expression,
            "window_start": draft.window_start,
            "due_on": draft.due_on,
            "precision": draft.precision,
        }
    revision = revision_create(claim=claim, by=by, kind=kind, **fields)
    claim_withdraw(claim=draft, by=by, reason=f"Confirmed as revision {revision.pk} of claim {claim.pk}")
    suggestion.delete()
    return revision


def revision_suggestion_dismiss(*, suggestion: RevisionSuggestion) -> None:
    """Drop the suggestion: the draft is a claim of its own, to publish or withdraw as usual."""
    RevisionSuggestion.objects.filter(pk=suggestion.pk).delete()
