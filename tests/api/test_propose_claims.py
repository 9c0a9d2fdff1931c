"""POST /api/articles/{id}/propose-claims/: the same proposer the admin action uses."""

from datetime import date

import pytest

from claims.models import Claim
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

BODY = (
    "The summit ended without a communique. "
    "A referendum on the new constitution will not take place before late 2026. "
    "Some Russian experts suggest that Moscow will reopen the corridor by the end of 2026."
)


def test_editor_gets_the_new_drafts_once(api, editor):
    article = ArticleFactory(published_on=date(2025, 2, 21), body=BODY, authors=[AuthorFactory(name="A. N.")])
    url = f"/api/articles/{article.pk}/propose-claims/"

    first = api(editor).post(url)
    second = api(editor).post(url)

    assert first.status_code == 201
    assert {c["status"] for c in first.json()} == {"draft"}
    by_quote = {c["quote"]: c for c in first.json()}
    referendum = next(c for q, c in by_quote.items() if "referendum" in q)
    assert (referendum["kind"], referendum["window_start"]) == ("not_before", "2026-09-01")
    corridor = next(c for q, c in by_quote.items() if "corridor" in q)
    assert corridor["due_on"] == "2026-12-31"
    assert (second.status_code, second.json()) == (200, [])
    assert Claim.objects.filter(article=article).count() == len(first.json()) == 2


def test_proposing_for_a_missing_article_is_a_404(api, editor):
    assert api(editor).post("/api/articles/999999/propose-claims/").status_code == 404
