"""The database keeps claims sane even when the model's validation is bypassed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from claims.models import Article, Claim, Outcome, Publication
from claims.services import claim_create
from tests.factories import ArticleFactory, ClaimFactory, OutcomeFactory

pytestmark = pytest.mark.django_db

BROKEN = [
    pytest.param({"probability": 0.0}, "Probability must be strictly between 0 and 1.", id="probability-0"),
    pytest.param({"probability": 1.0}, "Probability must be strictly between 0 and 1.", id="probability-1"),
    pytest.param(
        {"window_start": date(2027, 1, 1), "due_on": date(2026, 12, 31)},
        "The window cannot start after the due date.",
        id="window-after-due",
    ),
    pytest.param(
        {"kind": Claim.Kind.CONDITIONAL, "condition": ""},
        "A conditional claim needs its condition.",
        id="conditional-without-condition",
    ),
]


def unsaved_claim(**fields) -> Claim:
    """A valid claim, not yet saved, with ``fields`` breaking it."""
    values = {
        "quote": "Talks will likely resume by late 2026.",
        "statement": "Talks resume by the end of 2026.",
        "kind": Claim.Kind.OCCURS_BY,
        "window_start": date(2026, 9, 1),
        "due_on": date(2026, 12, 31),
        "probability": 0.675,
        **fields,
    }
    if "article" not in values:
        values["article"] = ArticleFactory()
    return Claim(**values)


@pytest.mark.parametrize(("fields", "message"), BROKEN)
def test_full_clean_names_the_broken_rule(fields, message):
    with pytest.raises(ValidationError) as excinfo:
        unsaved_claim(**fields).full_clean()
    assert message in excinfo.value.messages


@pytest.mark.parametrize(("fields", "message"), BROKEN)
def test_the_database_refuses_a_raw_insert(fields, message):
    claim = unsaved_claim(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()
    assert not Claim.objects.exists()


@pytest.mark.parametrize(("fields", "message"), BROKEN)
def test_the_database_refuses_a_raw_update_and_the_row_is_unchanged(fields, message):
    claim = ClaimFactory()
    before = Claim.objects.values().get(pk=claim.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(**fields)
    assert Claim.objects.values().get(pk=claim.pk) == before


@pytest.mark.parametrize(("fields", "message"), BROKEN)
def test_claim_create_refuses_and_saves_nothing(fields, message):
    article = ArticleFactory()
    with pytest.raises(ValidationError) as excinfo:
        claim_create(article=article, quote="q", statement="s", **{"due_on": date(2027, 6, 30), **fields})
    assert message in excinfo.value.messages
    assert not Claim.objects.exists()
    assert not Claim.claimants.through.objects.exists()


def test_an_in_range_probability_and_window_are_accepted():
    claim = unsaved_claim(probability=0.01, window_start=date(2026, 12, 31), due_on=date(2026, 12, 31))
    claim.full_clean()
    claim.save()
    assert Claim.objects.count() == 1


def test_the_same_statement_twice_in_one_article_is_refused():
    existing = ClaimFactory()
    duplicate = unsaved_claim(article=existing.article, statement=existing.statement)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "This article already has a claim with this statement." in excinfo.value.messages


def test_a_claim_with_an_outcome_cannot_be_deleted():
    outcome = OutcomeFactory()
    with pytest.raises(ProtectedError):
        outcome.claim.delete()
    assert Claim.objects.filter(pk=outcome.claim_id).exists()
    assert Outcome.objects.filter(pk=outcome.pk).exists()


def test_an_article_with_claims_cannot_be_deleted():
    claim = ClaimFactory()
    with pytest.raises(ProtectedError):
        claim.article.delete()
    assert Article.objects.filter(pk=claim.article_id).exists()


def test_a_publication_with_articles_cannot_be_deleted():
    article = ArticleFactory()
    with pytest.raises(ProtectedError):
        article.publication.delete()
    assert Publication.objects.filter(pk=article.publication_id).exists()
