"""Changed quotes: articles with open claims are re-read, and a quote no longer on the page is recorded.

Publishers edit forecasts after the fact. Every INTAKE_RECHECK_DAYS an article
with open (or due) claims is fetched again; a claim whose quoted sentence is
no longer in the page's text gets a ``QuoteChange``: the old text and the
closest sentence the page has now (empty when nothing is close). The claim
itself is untouched, since the record keeps what was published; the change
shows in its history (claims/history.py) and in the editors' digest.
A change already recorded is not recorded again on the next re-check.
"""

import difflib
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from claims.intake.fetch import FetchError, fetch
from claims.intake.reading import normalized, raw_digest, read_page
from claims.models import Article, Claim, IntakeRecord, QuoteChange

CHECKED = (Claim.Status.OPEN, Claim.Status.DUE)
# How alike a sentence on the page must be to count as the quote, changed (difflib ratio).
SAME_SENTENCE_RATIO = 0.6
_SENTENCE_END = re.compile(r"(?<=[.!?\u2026])\s+|\n+")


def articles_due_for_recheck(*, now: datetime):
    """Articles with a URL and open claims that were not re-read in the last INTAKE_RECHECK_DAYS."""
    stale = now - timedelta(days=settings.INTAKE_RECHECK_DAYS)
    open_claims = Claim.objects.filter(article=OuterRef("pk"), status__in=CHECKED)
    return (
        Article.objects.exclude(url="")
        .filter(Exists(open_claims))
        .filter(Q(checked_at__isnull=True) | Q(checked_at__lt=stale))
        .order_by("checked_at", "pk")
    )


def article_recheck(*, article: Article, now: datetime | None = None) -> list[QuoteChange]:
    """Re-read the article's page; record a QuoteChange for each open claim whose quote is gone."""
    now = now or timezone.now()
    intake = IntakeRecord(
        kind=IntakeRecord.Kind.RECHECK, url=article.canonical_url or article.url, article=article
    )
    intake.attempts = 1
    Article.objects.filter(pk=article.pk).update(checked_at=now)  # a failed page is tried next period
    try:
        fetched = fetch(intake.url)
        page = read_page(fetched.content, url=fetched.url)
        if page is None:
            raise FetchError("No article text was found on the page.")
    except FetchError as error:
        intake.status, intake.reason, intake.finished_at = IntakeRecord.Status.FAILED, error.reason, now
        intake.save()
        return []
    intake.final_url, intake.raw_sha256, intake.text = fetched.url, raw_digest(fetched.content), page.text
    text = normalized(page.text)
    sentences = [s for s in (normalized(part) for part in _SENTENCE_END.split(page.text)) if s]
    changes = []
    with transaction.atomic():
        intake.status, intake.finished_at = IntakeRecord.Status.CHECKED, now
        intake.save()
        claims = article.claims.filter(status__in=CHECKED).prefetch_related("quote_changes")
        for claim in claims:
            quote = normalized(claim.quote)
            if not quote or quote in text:
                continue
            new_text = _closest(quote, sentences)
            last = max(claim.quote_changes.all(), key=lambda c: (c.detected_at, c.pk), default=None)
            if last is not None and last.new_text == new_text:
                continue  # seen on an earlier re-check
            changes.append(
                QuoteChange.objects.create(
                    claim=claim, intake=intake, detected_at=now, old_text=claim.quote, new_text=new_text
                )
            )
        intake.reason = f"{len(changes)} quote(s) changed on the page."
        intake.save(update_fields=["reason"])
    return changes


def _closest(quote: str, sentences: list[str]) -> str:
    matches = difflib.get_close_matches(quote, sentences, n=1, cutoff=SAME_SENTENCE_RATIO)
    return matches[0] if matches else ""


def articles_recheck(*, now: datetime | None = None) -> int:
    """Re-read every article due for it; return how many quote changes were found."""
    now = now or timezone.now()
    return sum(len(article_recheck(article=a, now=now)) for a in articles_due_for_recheck(now=now))
