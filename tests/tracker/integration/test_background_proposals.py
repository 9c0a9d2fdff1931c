"""Propose-claims for a long text: 202 from the API, drafts made by a real worker on Redis."""

import re
from datetime import date

import pytest
from rest_framework.test import APIClient

from claims.models import Claim
from tests.factories import ArticleFactory, AuthorFactory
from tests.tracker.integration.harness import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

BODY = (
    "The summit ended without a communique. "
    "A referendum on the new constitution will not take place before late 2026. "
    "Some Russian experts suggest that Moscow will reopen the corridor by the end of 2026."
)


def test_a_long_text_is_answered_202_and_the_worker_proposes_the_drafts_once(
    machine_redis, start_worker, editor, settings
):
    settings.PROPOSALS_SYNC_MAX_CHARS = 100  # this text counts as long
    worker = start_worker(machine_redis)
    article = ArticleFactory(published_on=date(2025, 2, 21), body=BODY, authors=[AuthorFactory()])
    api = APIClient()
    api.force_authenticate(editor)
    url = f"/api/articles/{article.pk}/propose-claims/"

    def runs() -> list[str]:
        return re.findall(r"propose_article_claims\[[^]]+\] succeeded in [\d.]+s: (\d+)", worker.log())

    assert api.post(url).status_code == 202
    wait_until(lambda: len(runs()) == 1, timeout=30, message="the worker proposes the drafts")
    drafts = Claim.objects.filter(article=article, status=Claim.Status.DRAFT)
    assert drafts.count() == 2

    assert api.post(url).status_code == 202  # a second click: the task skips known proposals
    wait_until(lambda: len(runs()) == 2, timeout=30, message="the second run finishes")
    assert runs() == ["2", "0"]
    assert Claim.objects.filter(article=article).count() == 2
