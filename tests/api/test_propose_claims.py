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


@pytest.fixture
def eager_celery():
    from config.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_a_text_over_the_cap_is_a_400_with_a_clear_message(api, editor, settings):
    settings.PROPOSALS_MAX_TEXT_CHARS = 100
    article = ArticleFactory(body=BODY)

    response = api(editor).post(f"/api/articles/{article.pk}/propose-claims/")

    assert response.status_code == 400
    assert response.json() == {
        "body": [
            f"The article text is {len(BODY):,} characters; claims are proposed from texts of at "
            "most 100. Shorten the text or split the article."
        ]
    }
    assert not Claim.objects.exists()


def test_a_long_text_is_proposed_by_the_worker_and_answered_202(api, editor, settings, eager_celery):
    settings.PROPOSALS_SYNC_MAX_CHARS = 100
    article = ArticleFactory(published_on=date(2025, 2, 21), body=BODY)
    url = f"/api/articles/{article.pk}/propose-claims/"

    first = api(editor).post(url)
    assert first.status_code == 202
    assert f"/api/claims/?article={article.pk}&status=draft" in first.json()["detail"]
    assert Claim.objects.filter(article=article, status="draft").count() == 2  # eager: already run

    assert api(editor).post(url).status_code == 202  # again: the task skips known proposals
    assert Claim.objects.filter(article=article).count() == 2


def test_a_long_text_with_the_broker_down_is_a_503_and_proposes_nothing(api, editor, settings):
    from config.celery import app
    from tests.tracker.integration.harness import free_port

    settings.PROPOSALS_SYNC_MAX_CHARS = 100
    saved = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    try:
        response = api(editor).post(f"/api/articles/{ArticleFactory(body=BODY).pk}/propose-claims/")
    finally:
        app.conf.broker_url = saved
    assert response.status_code == 503
    assert response.json() == {"detail": "The task queue is not answering; try again in a few minutes."}
    assert not Claim.objects.exists()
