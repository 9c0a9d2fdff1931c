"""The admin uses the claim proposer: typed time expressions and the article action."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from claims.models import Claim
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db

ARTICLE_BODY = (
    "By Jane Analyst\n"
    "The government held talks in January. "
    "A referendum on the new constitution will not take place before late 2026. "
    "Trade between the two countries is likely to increase further over the next 24 months."
)


def add_claim(client, article, **fields):
    data = {
        "article": article.pk,
        "quote": "A referendum will not take place before late 2026.",
        "statement": "A referendum takes place before September 2026.",
        "kind": "other",
        "precision": "inferred",
        "hedge": "will not",
        "probability_source": "hedge",
        **fields,
    }
    return client.post(reverse("admin:claims_claim_add"), data)


def test_typing_not_before_late_2026_fills_in_the_window(client, editor):
    article = ArticleFactory(published_on=date(2025, 2, 21))
    client.force_login(editor)

    response = add_claim(client, article, time_expression="not before late 2026")

    assert response.status_code == 302
    claim = Claim.objects.get(article=article)
    assert (claim.window_start, claim.due_on) == (date(2026, 9, 1), date(2026, 9, 1))
    assert claim.kind == Claim.Kind.NOT_BEFORE
    assert claim.precision == Claim.Precision.PART_OF_YEAR
    assert claim.deadline_inferred is False


def test_a_relative_expression_counts_from_the_publication_date(client, editor):
    article = ArticleFactory(published_on=date(2025, 2, 1))
    client.force_login(editor)

    add_claim(client, article, time_expression="the next 24 months", kind="occurs_by")

    claim = Claim.objects.get(article=article)
    assert (claim.window_start, claim.due_on) == (date(2025, 2, 1), date(2027, 2, 1))
    assert claim.kind == Claim.Kind.OCCURS_BY


def test_dates_typed_by_the_editor_win_over_the_expression(client, editor):
    article = ArticleFactory(published_on=date(2025, 2, 21))
    client.force_login(editor)

    add_claim(client, article, time_expression="late 2026", window_start="2026-10-01", due_on="2026-10-31")

    claim = Claim.objects.get(article=article)
    assert (claim.window_start, claim.due_on) == (date(2026, 10, 1), date(2026, 10, 31))


def test_an_unreadable_time_expression_is_a_form_error(client, editor):
    article = ArticleFactory()
    client.force_login(editor)

    response = add_claim(client, article, time_expression="when pigs fly")

    assert response.status_code == 200
    assert "No deadline could be read" in str(response.context["adminform"].form.errors)
    assert not Claim.objects.exists()


def test_a_date_only_the_general_parser_reads_is_shown_not_filled_in(client, editor):
    article = ArticleFactory(published_on=date(2025, 2, 1))
    client.force_login(editor)

    response = add_claim(client, article, time_expression="next Friday")

    assert response.status_code == 200
    assert "Read as 2025-02-01 to 2025-02-07" in str(response.context["adminform"].form.errors)
    assert not Claim.objects.exists()


def test_year_end_of_a_named_year_fills_that_year(client, editor):
    article = ArticleFactory(published_on=date(2025, 2, 1))
    client.force_login(editor)

    add_claim(client, article, time_expression="by year-end 2026", kind="occurs_by")

    claim = Claim.objects.get(article=article)
    assert (claim.window_start, claim.due_on) == (date(2025, 2, 1), date(2026, 12, 31))


def propose(client, article):
    url = reverse("admin:claims_article_changelist")
    data = {"action": "propose_claims", ACTION_CHECKBOX_NAME: [article.pk]}
    return client.post(url, data, follow=True)


def test_the_article_action_proposes_drafts_once(client, editor):
    article = ArticleFactory(
        published_on=date(2025, 2, 1), body=ARTICLE_BODY, authors=[AuthorFactory(name="Jane Analyst")]
    )
    client.force_login(editor)

    propose(client, article)
    drafts = list(article.claims.all())
    response = propose(client, article)

    assert len(drafts) == 2
    assert {c.status for c in drafts} == {Claim.Status.DRAFT}
    referendum = next(c for c in drafts if "referendum" in c.quote.lower())
    assert referendum.kind == Claim.Kind.NOT_BEFORE
    assert referendum.window_start == date(2026, 9, 1)
    assert article.claims.count() == 2
    assert "nothing new" in " ".join(str(m) for m in response.context["messages"])


def test_reviewers_are_not_offered_the_propose_action(client, reviewer):
    ArticleFactory()
    client.force_login(reviewer)

    response = client.get(reverse("admin:claims_article_changelist"))

    assert "propose_claims" not in response.content.decode()


def test_the_article_action_refuses_a_text_over_the_cap_with_the_reason(client, editor, settings):
    settings.PROPOSALS_MAX_TEXT_CHARS = 50
    article = ArticleFactory(body=ARTICLE_BODY)
    client.force_login(editor)

    response = propose(client, article)

    messages = " ".join(str(m) for m in response.context["messages"])
    assert f"The article text is {len(ARTICLE_BODY):,} characters" in messages
    assert "at most 50" in messages
    assert not Claim.objects.exists()


def test_the_article_action_hands_a_long_text_to_the_worker(client, editor, settings):
    from config.celery import app

    settings.PROPOSALS_SYNC_MAX_CHARS = 50
    article = ArticleFactory(published_on=date(2025, 2, 1), body=ARTICLE_BODY)
    client.force_login(editor)
    app.conf.task_always_eager = True  # the worker's run, inline
    try:
        response = propose(client, article)
    finally:
        app.conf.task_always_eager = False

    assert "the worker proposes the drafts in the background" in " ".join(
        str(m) for m in response.context["messages"]
    )
    assert article.claims.count() == 2
