"""Celery tasks for claims: thin wrappers that take ids and call one service."""

from celery import shared_task
from django.contrib.auth import get_user_model

from claims.models import Article
from claims.services import article_propose_claims


@shared_task
def propose_article_claims(article_id: int, user_id: int | None = None) -> int:
    """Propose draft claims from a long article text; idempotent (known proposals are skipped)."""
    article = Article.objects.filter(pk=article_id).prefetch_related("authors").first()
    if article is None:
        return 0
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return len(article_propose_claims(article=article, by=by))
