"""Reads behind the home, claim and search pages: each a fixed number of queries.

Every function takes the claims the reader may see (claims.visibility) and
never shows a draft, whoever asks: the public pages are the published record.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from claims.api.filters import SEARCH_CONFIG
from claims.extraction.sentences import split_sentences
from claims.models import Author, Claim
from claims.probability import band_for_probability
from claims.visibility import can_read_claims
from claims.wording import day_words, window_in_words
from tracker import scorecards
from tracker.services.scorecard_summary import scorecards_cached

Status = Claim.Status
HOME_ROWS = 8  # claims coming due and recently resolved on the home page
LEADERBOARD_TOP = 5
HISTORY_ROWS = 10


def published(claims: QuerySet) -> QuerySet:
    """Drop drafts: not even editors see them on the public pages."""
    return claims.exclude(status=Status.DRAFT)


def _listed(claims: QuerySet) -> QuerySet:
    return claims.select_related("article__publication", "outcome").prefetch_related("claimants")


def claims_coming_due(*, claims: QuerySet, today: date, limit: int = HOME_ROWS) -> list[Claim]:
    """Return the next open claims to come due, soonest first."""
    upcoming = published(claims).filter(status=Status.OPEN, due_on__gte=today).order_by("due_on", "id")
    return list(_listed(upcoming)[:limit])


def claims_recently_resolved(*, claims: QuerySet, limit: int = HOME_ROWS) -> list[Claim]:
    """Return the latest verdicts, newest first."""
    resolved = published(claims).filter(status=Status.RESOLVED).order_by("-resolved_at", "-id")
    return list(_listed(resolved)[:limit])


def leaderboard_top(*, claims: QuerySet, today: date, limit: int = LEADERBOARD_TOP, user=None) -> list[dict]:
    """Return the best claimants by Brier score among those with enough resolved claims.

    One query when the scorecard summary is fresh, else two (tracker.scorecards); the
    minimum sample is LEADERBOARD_MIN_RESOLVED, the same one the leaderboard page states.
    The columns shown (Brier score, hit rate, resolved) count resolved published claims
    only, the same for every reader who may read claims, so any such ``user`` reads the summary.
    """
    if user is not None and can_read_claims(user) and (cached := scorecards_cached("claimant")):
        rows = cached[0]
    else:
        rows = scorecards.scorecard_rows(
            claims=published(claims), group_by="claimant", today=today, hedges=False
        )
    ranked = [
        row
        for row in rows
        if row["resolved"] >= settings.LEADERBOARD_MIN_RESOLVED and row["brier_score"] is not None
    ]
    return sorted(ranked, key=lambda row: (row["brier_score"], str(row["label"]).lower()))[:limit]


def claim_for_page(*, claims: QuerySet, pk: int) -> Claim | None:
    """Return the claim with everything its page shows loaded (the ClaimReview too), or None."""
    return (
        published(claims)
        .select_related("article__publication", "outcome")
        .prefetch_related("claimants", "tags", "article__authors")
        .filter(pk=pk)
        .first()
    )


def claim_corrections(claim: Claim) -> list[dict]:
    """Return the claim's corrections: who, when, why, and each field's old and new value."""
    rows = []
    for correction in claim.corrections.select_related("corrected_by"):
        who = correction.corrected_by
        changes = [
            {"field": _field_label(name), "old": change.get("old"), "new": change.get("new")}
            for name, change in correction.changes.items()
        ]
        rows.append(
            {
                "by": who.get_full_name() or who.get_username(),
                "at": correction.corrected_at,
                "reason": correction.reason,
                "changes": changes,
            }
        )
    return rows


def claim_revisions(claim: Claim) -> list[dict]:
    """Return the claimant's later statements about the claim, in the order stated (one query)."""
    rows = []
    for revision in claim.revisions.select_related("article__publication"):
        window = None
        if revision.due_on is not None:
            moved = Claim(
                kind=claim.kind,
                window_start=revision.window_start,
                due_on=revision.due_on,
                precision=revision.precision,
            )
            window = window_in_words(moved)
        probability = revision.probability
        rows.append(
            {
                "revision": revision,
                "band": band_for_probability(probability) if probability is not None else None,
                "window": window,
            }
        )
    return rows


def _field_label(name: str) -> str:
    try:
        return str(Claim._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # a field renamed since the correction was recorded
        return name


def claim_status_history(claim: Claim, limit: int = HISTORY_ROWS) -> list[dict]:
    """Return the claim's status moves and deadline changes with their reasons, newest first.

    Reads django-simple-history directly in one query. When the audit trail's
    history selector lands (branch ``audit``), this is the one function to swap.
    """
    rows = claim.history.order_by("history_date", "history_id").values(
        "status", "due_on", "history_date", "history_change_reason"
    )
    moves, previous = [], None
    for row in rows:
        status_moved = previous is None or row["status"] != previous["status"]
        deadline_moved = previous is not None and row["due_on"] != previous["due_on"]
        if status_moved or deadline_moved:
            status, reason = Status(row["status"]).label, row["history_change_reason"] or ""
            text = status if status_moved else f"Deadline moved to {day_words(row['due_on'])}"
            # The services' reasons often say it already: "Resolved as true", "Deadline extended from ...".
            if reason and text.split()[0].lower() in reason.split(":")[0].lower():
                text = reason
            elif reason:
                text = f"{text}: {reason}"
            moves.append({"at": row["history_date"], "text": text})
        previous = row
    return moves[::-1][:limit]


@dataclass(frozen=True)
class Passage:
    """The article text around a quote: (text, is_quote) pieces, and whether the quote was found."""

    pieces: list[tuple[str, bool]]
    found: bool


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def quote_in_context(*, body: str, quote: str, around: int = 1) -> Passage:
    """Return the sentences around ``quote`` in ``body`` with the quote marked.

    Sentences come from the project's splitter (claims.extraction.sentences);
    whitespace is evened out first, since quotes are often pasted with other
    line breaks than the stored article. A quote not in the text is shown alone.
    """
    needle = _squash(quote)
    sentences = [_squash(s.text) for s in split_sentences(body or "")]
    text = " ".join(sentences)
    at = text.find(needle) if needle else -1
    if at < 0:
        return Passage([(needle, True)], found=False)
    # Sentence i spans [starts[i], starts[i] + len); find those the quote touches, then widen.
    starts, offset = [], 0
    for sentence in sentences:
        starts.append(offset)
        offset += len(sentence) + 1
    end = at + len(needle)
    first = max(i for i, start in enumerate(starts) if start <= at)
    last = max(i for i, start in enumerate(starts) if start < end)
    lo, hi = max(first - around, 0), min(last + around, len(sentences) - 1)
    window_start, window_end = starts[lo], starts[hi] + len(sentences[hi])
    pieces = [(text[window_start:at], False), (needle, True), (text[end:window_end], False)]
    return Passage([(piece, marked) for piece, marked in pieces if piece], found=True)


def claims_matching(*, claims: QuerySet, query: str) -> QuerySet:
    """Return published ``claims`` whose statement, quote or a claimant's name match ``query``.

    PostgreSQL: full-text search (web-search syntax) on the expression the GIN
    index of migration claims 0005 covers, or a claimant name matching the
    words; ranked. SQLite: every word in the statement, quote or a claimant name.
    """
    claims = published(claims)
    through = Claim.claimants.through
    if connection.vendor == "postgresql":
        words = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
        names = SearchQuery(query, search_type="websearch", config="simple")
        named = Author.objects.annotate(vector=SearchVector("name", config="simple")).filter(vector=names)
        by_claimant = Exists(through.objects.filter(claim_id=OuterRef("pk"), author__in=named))
        vector = SearchVector("statement", "quote", config=SEARCH_CONFIG)
        return (
            claims.annotate(search_vector=vector, rank=SearchRank(vector, words))
            .filter(Q(search_vector=words) | by_claimant)
            .order_by("-rank", "-due_on", "id")
        )
    for word in query.split():
        by_claimant = Exists(through.objects.filter(claim_id=OuterRef("pk"), author__name__icontains=word))
        claims = claims.filter(Q(statement__icontains=word) | Q(quote__icontains=word) | by_claimant)
    return claims.order_by("-due_on", "id")


def search_page_claims(claims: QuerySet) -> QuerySet:
    return _listed(claims)
