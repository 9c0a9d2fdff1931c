"""Publications' RSS and Atom feeds, polled with conditional GET; each new item imported once.

The feed's ETag and Last-Modified are sent back on the next poll, so an
unchanged feed costs a 304 and imports nothing. An item is known by its feed
and its id (or link): the intake record's unique key, so two polls (or two
beats) cannot import it twice; the import then matches the article itself
by URL and text digest, so a piece also added by hand stays one article.
"""

import logging
from dataclasses import dataclass

import feedparser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.intake.fetch import FEED_TYPES, HTML_TYPES, FetchError, fetch
from claims.models import Article, Feed, IntakeRecord
from claims.services.intake import intake_enqueue, intake_run

logger = logging.getLogger(__name__)
# Feeds are often served as text/html or text/plain by misconfigured servers; feedparser reads them all.
FEED_ACCEPT = (*FEED_TYPES, *HTML_TYPES, "text/plain", "application/octet-stream")


@dataclass
class PollResult:
    feed: Feed
    new: int = 0
    not_modified: bool = False
    error: str = ""


def feed_poll(*, feed: Feed, inline: bool = False) -> PollResult:
    """Poll one feed; record each new item and import it (now if ``inline``, else by the worker)."""
    result = PollResult(feed)
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        fetched = fetch(feed.url, accept=FEED_ACCEPT, headers=headers)
    except FetchError as error:
        result.error = error.reason
        return _polled(feed, result, f"Failed: {error.reason}")
    if fetched.not_modified:
        result.not_modified = True
        return _polled(feed, result, "Not modified")
    # The feed's own address resolves relative item links.
    parsed = feedparser.parse(fetched.content, response_headers={"content-location": fetched.url})
    if not parsed.entries and (parsed.bozo or not parsed.version):  # an empty feed is still a feed
        result.error = f"Not a feed ({parsed.get('bozo_exception') or 'no RSS or Atom found'})."
        return _polled(feed, result, result.error)
    with transaction.atomic():
        recorded = [intake for entry in parsed.entries if (intake := _record_entry(feed, entry))]
        new = [intake for intake in recorded if intake.status == IntakeRecord.Status.PENDING]
        feed.etag, feed.last_modified = fetched.etag[:500], fetched.last_modified[:100]
        result.new = len(new)
        _polled(feed, result, f"{len(new)} new item(s)")
        if not inline:
            intake_enqueue(intake_ids=[intake.pk for intake in new])
    if inline:
        for intake in new:
            intake_run(intake=intake)
    return result


def _record_entry(feed: Feed, entry) -> IntakeRecord | None:
    """Return a new intake record for an item not seen before, or None."""
    link = entry.get("link", "")
    key = (entry.get("id") or link)[:500]
    if not link or not key:
        return None
    known = Article.objects.filter(Q(url=link) | Q(canonical_url=link)).first()
    intake, created = IntakeRecord.objects.get_or_create(
        feed=feed,
        feed_entry=key,
        defaults={
            "url": link[:500],
            "article": known,
            "status": IntakeRecord.Status.DUPLICATE if known else IntakeRecord.Status.PENDING,
            "reason": f"Already imported as article {known.pk}." if known else "",
            "finished_at": timezone.now() if known else None,
        },
    )
    return intake if created else None


def _polled(feed: Feed, result: PollResult, summary: str) -> PollResult:
    feed.polled_at = timezone.now()
    feed.last_result = summary[:500]
    feed.save(update_fields=["etag", "last_modified", "polled_at", "last_result"])
    return result


def feeds_poll(*, inline: bool = False) -> list[PollResult]:
    """Poll every active feed; return what each gave."""
    results = []
    for feed in Feed.objects.filter(active=True).select_related("publication").order_by("pk"):
        results.append(feed_poll(feed=feed, inline=inline))
        logger.info("Polled %s: %s", feed.url, feed.last_result)
    return results
