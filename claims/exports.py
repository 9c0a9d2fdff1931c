"""Claims as CSV rows and as schema.org ClaimReview documents (what fact-checkers publish).

The API serves these; they take claims loaded with ``export_queryset`` so a
whole export costs a fixed number of queries per chunk of claims.

Whole exports stream: ``export_claims`` reads the claims through a
server-side cursor ``EXPORT_CHUNK_SIZE`` at a time, each chunk's claimants,
tags and authors prefetched for that chunk only, and the views write each
row as it comes. Memory stays flat whatever the number of claims.
"""

import json
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.db.models import QuerySet

from claims.models import Claim, Outcome
from claims.wording import claim_page_path

CSV_COLUMNS = [
    "id",
    "status",
    "kind",
    "statement",
    "quote",
    "condition",
    "resolution_criteria",
    "time_expression",
    "window_start",
    "due_on",
    "precision",
    "hedge",
    "probability",
    "claimants",
    "tags",
    "article_title",
    "article_url",
    "published_on",
    "publication",
    "verdict",
    "known_on",
    "evidence_links",
]

# ClaimReview ratings on a 1-5 scale; verdicts without a truth value get no number,
# only their name (schema.org allows alternateName alone).
CLAIM_REVIEW_RATINGS: dict[str, int | None] = {
    Outcome.Verdict.TRUE: 5,
    Outcome.Verdict.PARTLY_TRUE: 3,
    Outcome.Verdict.FALSE: 1,
    Outcome.Verdict.ANNULLED: None,
    Outcome.Verdict.UNRESOLVABLE: None,
}


# Claims per round trip of a streamed export: big enough that the prefetch queries
# are few, small enough that a chunk's objects are a few MB.
EXPORT_CHUNK_SIZE = 2000


def export_queryset(claims: QuerySet) -> QuerySet:
    """Load everything a CSV row or a ClaimReview needs, without N+1 queries."""
    return (
        claims.select_related("article__publication", "outcome")
        .prefetch_related(None)
        .prefetch_related("claimants", "tags", "article__authors")
    )


def export_claims(claims: QuerySet) -> Iterator[Claim]:
    """Yield ``claims`` for an export, one chunk in memory at a time (prefetched per chunk)."""
    return export_queryset(claims).iterator(chunk_size=EXPORT_CHUNK_SIZE)


def csv_rows(claims: QuerySet) -> Iterator[list]:
    """Yield the CSV header, then one row per claim, streamed."""
    yield CSV_COLUMNS
    for claim in export_claims(claims):
        yield claim_csv_row(claim)


def _outcome(claim: Claim) -> Outcome | None:
    """Return the claim's current outcome; a reopened claim's old outcome does not count."""
    if claim.status != Claim.Status.RESOLVED:
        return None
    return getattr(claim, "outcome", None)


def claim_csv_row(claim: Claim) -> list:
    outcome = _outcome(claim)
    return [
        claim.pk,
        claim.status,
        claim.kind,
        claim.statement,
        claim.quote,
        claim.condition,
        claim.resolution_criteria,
        claim.time_expression,
        claim.window_start or "",
        claim.due_on,
        claim.precision,
        claim.hedge,
        "" if claim.probability is None else claim.probability,
        "; ".join(author.name for author in claim.claimants.all()),
        "; ".join(str(tag) for tag in claim.tags.all()),
        claim.article.title,
        claim.article.url,
        claim.article.published_on,
        claim.article.publication.name,
        outcome.verdict if outcome else "",
        outcome.known_on if outcome else "",
        " ".join(outcome.evidence_links) if outcome else "",
    ]


def claim_review_url(claim: Claim) -> str:
    """The claim's public page: what a search engine shows for the review."""
    return f"{settings.SITE_URL}{claim_page_path(claim)}"


def claim_review(claim: Claim) -> dict:
    """Return the ClaimReview JSON-LD of a resolved claim (without @context)."""
    outcome = _outcome(claim)
    if outcome is None:
        raise ValueError("Only a resolved claim has a ClaimReview.")
    article = claim.article
    rating = {
        "@type": "Rating",
        "alternateName": outcome.get_verdict_display(),
        "bestRating": 5,
        "worstRating": 1,
    }
    if (value := CLAIM_REVIEW_RATINGS[outcome.verdict]) is not None:
        rating["ratingValue"] = value
    appearance = {
        "@type": "Article",
        "headline": article.title,
        "datePublished": article.published_on.isoformat(),
        "publisher": {"@type": "Organization", "name": article.publication.name},
        "author": [{"@type": "Person", "name": a.name} for a in article.authors.all()],
    }
    if article.url:
        appearance["url"] = article.url
    return {
        "@type": "ClaimReview",
        "url": claim_review_url(claim),
        "datePublished": outcome.known_on.isoformat(),
        "author": {"@type": "Organization", "name": settings.CLAIM_REVIEW_PUBLISHER},
        "claimReviewed": claim.statement,
        "reviewBody": outcome.rationale,
        "citation": list(outcome.evidence_links),
        "itemReviewed": {
            "@type": "Claim",
            "text": claim.quote,
            "author": [{"@type": "Person", "name": a.name} for a in claim.claimants.all()],
            "datePublished": article.published_on.isoformat(),
            "appearance": appearance,
        },
        "reviewRating": rating,
    }


def claim_review_document(claim: Claim) -> dict:
    return {"@context": "https://schema.org", **claim_review(claim)}


def claim_review_feed(claims: QuerySet, dumps: Callable[[object], str] = json.dumps) -> Iterable[str]:
    """Yield a schema.org DataFeed of the ClaimReviews of resolved ``claims`` as JSON text, streamed.

    The feed is one JSON object; its elements are written as each chunk of
    claims is read, so it is never whole in memory. ``dumps`` serialises one
    value (the view passes the renderer's, with its escaping).
    """
    head = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{settings.CLAIM_REVIEW_PUBLISHER}: forecast reviews",
    }
    yield dumps(head)[:-1] + ',"dataFeedElement":['
    separator = ""
    for claim in export_claims(claims):
        if _outcome(claim):
            yield separator + dumps(claim_review(claim))
            separator = ","
    yield "]}"
