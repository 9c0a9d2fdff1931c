"""Proposing claims for a later article offers restatements of open claims as revisions."""

from datetime import date

import pytest
import time_machine

from claims.models import Claim, ClaimRevision, RevisionSuggestion
from claims.services import (
    article_propose_claims,
    claim_publish,
    revision_suggestion_confirm,
    revision_suggestion_dismiss,
)
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

FIRST = (
    "Trade along the Middle Corridor will likely intensify.\n"
    "Kazakhstan's oil exports are expected to grow by 2027."
)
LATER = (
    "Trade along the Middle Corridor will almost certainly intensify.\n"
    "Uzbekistan may join the Eurasian Economic Union by 2027."
)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2026, 1, 10), tick=False):
        yield


@pytest.fixture
def ann():
    return AuthorFactory(name="Ann Analyst")


@pytest.fixture
def open_claims(ann, editor):
    """Ann's two published forecasts from February 2025."""
    article = ArticleFactory(body=FIRST, published_on=date(2025, 2, 1), authors=[ann])
    return [claim_publish(claim=draft, by=editor) for draft in article_propose_claims(article=article)]


def propose_later(author, editor) -> list[Claim]:
    article = ArticleFactory(body=LATER, published_on=date(2025, 9, 1), authors=[author])
    return article_propose_claims(article=article, by=editor)


def test_a_later_article_by_the_same_claimant_suggests_a_revision(open_claims, ann, editor):
    corridor = next(c for c in open_claims if "Corridor" in c.quote)
    drafts = propose_later(ann, editor)
    suggestion = RevisionSuggestion.objects.get()
    assert suggestion.claim == corridor
    assert "almost certainly" in suggestion.draft.quote
    assert suggestion.similarity >= 0.5
    assert {d.pk for d in drafts} >= {suggestion.draft_id}  # the unrelated forecast is a plain draft


def test_a_different_claimant_saying_the_same_gets_no_suggestion(open_claims, editor):
    propose_later(AuthorFactory(name="Bob Other"), editor)
    assert not RevisionSuggestion.objects.exists()


def test_confirming_makes_a_raised_revision_and_withdraws_the_draft(open_claims, ann, editor):
    propose_later(ann, editor)
    suggestion = RevisionSuggestion.objects.get()
    draft, claim = suggestion.draft, suggestion.claim
    revision = revision_suggestion_confirm(suggestion=suggestion, by=editor)
    # "will almost certainly": the scale takes the more cautious "will" (0.875) over the published 0.675.
    assert (revision.claim, revision.kind, revision.probability) == (claim, ClaimRevision.Kind.RAISED, 0.875)
    assert (revision.article, revision.stated_on, revision.quote) == (
        draft.article,
        date(2025, 9, 1),
        draft.quote,
    )
    draft.refresh_from_db()
    assert draft.status == Claim.Status.WITHDRAWN
    assert not RevisionSuggestion.objects.exists()
    # Proposing the later article again brings back neither the draft nor the suggestion.
    assert article_propose_claims(article=draft.article) == []
    assert not RevisionSuggestion.objects.exists()


def test_dismissing_keeps_the_draft_as_a_claim_of_its_own(open_claims, ann, editor):
    propose_later(ann, editor)
    suggestion = RevisionSuggestion.objects.get()
    revision_suggestion_dismiss(suggestion=suggestion)
    suggestion.draft.refresh_from_db()
    assert suggestion.draft.status == Claim.Status.DRAFT
    assert not ClaimRevision.objects.exists()


def test_without_pg_trgm_difflib_finds_the_same_restatement(open_claims, ann, editor, monkeypatch):
    """SQLite (make run) has no pg_trgm: the fallback must still find the restatement."""
    from claims.services import revision_suggestions

    monkeypatch.setattr(revision_suggestions.connection, "vendor", "sqlite")
    propose_later(ann, editor)
    suggestion = RevisionSuggestion.objects.get()
    assert "Corridor" in suggestion.claim.quote
