"""Celery tasks for claims: thin wrappers that take ids and call one service."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model

from claims.models import Article, IntakeRecord
from claims.services import article_propose_claims
from claims.services.feeds import feeds_poll
from claims.services.intake import IntakeRetry, intake_run, intakes_requeue_stale
from claims.services.rechecks import articles_recheck


@shared_task
def propose_article_claims(article_id: int, user_id: int | None = None) -> int:
    """Propose draft claims from an article's text; idempotent (known proposals are skipped)."""
    article = Article.objects.filter(pk=article_id).prefetch_related("authors").first()
    if article is None:
        return 0
    by = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return len(article_propose_claims(article=article, by=by))


@shared_task(bind=True, max_retries=None)
def import_url(self, intake_id: int) -> str | None:
    """Import one intake record; timeouts and 5xx are tried again with backoff, INTAKE_RETRIES times."""
    intake = IntakeRecord.objects.filter(pk=intake_id).select_related("feed__publication").first()
    if intake is None:
        return None
    try:
        return intake_run(intake=intake, final_attempt=self.request.retries >= settings.INTAKE_RETRIES).status
    except IntakeRetry as exc:
        raise self.retry(
            countdown=settings.INTAKE_RETRY_BASE_SECONDS * 2**self.request.retries, exc=exc
        ) from None


@shared_task
def poll_feeds() -> int:
    """Poll the publications' feeds; the new items (and any import left pending) go to import_url."""
    intakes_requeue_stale()
    return sum(result.new for result in feeds_poll())


@shared_task
def recheck_quoted_articles() -> int:
    """Re-read articles with open claims (weekly each) and record changed quotes."""
    return articles_recheck()
