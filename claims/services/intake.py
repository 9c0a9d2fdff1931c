"""Articles in by URL: one service for the admin's "Add from URL", the API and `import_article`.

An ``IntakeRecord`` is written first and says how the import went: a failed
fetch (404, 500, timeout, not HTML, too big, not English, no article text)
ends in ``failed`` with its reason, never in an exception for the caller.
Timeouts, 5xx and 429 are ``retrying`` while the worker has tries left.

The same piece imported twice is one article: it is matched by the URL asked
for, the address after redirects, the page's canonical URL, and the digest of
its text. The new article's drafts are proposed by the worker.
"""

import logging
from datetime import timedelta
from urllib.parse import urldefrag, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.intake.fetch import FetchError, fetch
from claims.intake.reading import Page, raw_digest, read_page, text_digest
from claims.models import Article, Author, IntakeRecord, Publication
from claims.services.articles import article_save
from claims.services.proposals import article_proposals_enqueue

logger = logging.getLogger(__name__)
Status = IntakeRecord.Status
IMPORT_REASON = "Imported from the publisher's page"
UNFINISHED = (Status.PENDING, Status.RETRYING)


class IntakeRetry(Exception):
    """A transient failure (timeout, 5xx): the worker should try again later."""


def url_import_request(*, url: str, by=None) -> IntakeRecord:
    """Record the request and queue the import for the worker (after commit); return the record."""
    intake = IntakeRecord.objects.create(url=url, requested_by=by)
    intake_enqueue(intake_ids=[intake.pk])
    return intake


def intake_enqueue(*, intake_ids: list[int]) -> None:
    """Queue ``import_url`` for each record once the transaction commits."""
    from claims.tasks import import_url
    from config.celery import publisher_connection

    def send():
        try:  # one connection that fails fast: a request must not hang on a dead broker
            with publisher_connection() as connection:
                for intake_id in intake_ids:
                    import_url.apply_async(args=[intake_id], connection=connection, retry=False)
        except Exception as exc:  # the records stay pending, visible in the admin and the API
            logger.warning("Could not queue the import of intake(s) %s: %r", intake_ids, exc)

    transaction.on_commit(send)


def intakes_requeue_stale(*, older_than: timedelta = timedelta(hours=1)) -> list[int]:
    """Queue again the records still pending long after they were written (a lost message, a dead
    broker at the time); the feed poller calls this, so nothing asked for is silently dropped."""
    stale = IntakeRecord.objects.filter(status=Status.PENDING, created_at__lt=timezone.now() - older_than)
    ids = list(stale.values_list("pk", flat=True)[:500])
    intake_enqueue(intake_ids=ids)
    return ids


def url_import(*, url: str, by=None) -> IntakeRecord:
    """Import ``url`` now, in this process (the management command); return the finished record."""
    intake = IntakeRecord.objects.create(url=url, requested_by=by)
    return intake_run(intake=intake)


def intake_run(*, intake: IntakeRecord, final_attempt: bool = True) -> IntakeRecord:
    """Fetch, read and import one record. Raise IntakeRetry on a transient failure unless final."""
    if intake.status not in UNFINISHED:  # a redelivered task: the work is done
        return intake
    intake.attempts += 1
    try:
        fetched = fetch(intake.url)
        intake.final_url = fetched.url
        intake.raw_sha256 = raw_digest(fetched.content)
        page = read_page(fetched.content, url=fetched.url)
        _check_page(page)
    except FetchError as error:
        if error.transient and not final_attempt:
            _finish(intake, Status.RETRYING, f"{error.reason} Trying again (attempt {intake.attempts}).")
            raise IntakeRetry(error.reason) from error
        return _finish(intake, Status.FAILED, error.reason)
    except Exception as error:  # a page that trips the reader must not lose the record
        logger.exception("Reading %s failed", intake.url)
        return _finish(intake, Status.FAILED, f"The page could not be read ({error.__class__.__name__}).")
    intake.text = page.text
    with transaction.atomic():
        try:
            article, created = _article_for_page(intake, page)
        except ValidationError as error:  # e.g. a title or address the article's fields refuse
            reason = "The page does not make a valid article: " + " ".join(error.messages)
            return _finish(intake, Status.FAILED, reason)
        intake.article = article
        if not created:
            return _finish(intake, Status.DUPLICATE, f"Already imported as article {article.pk}.")
        _finish(intake, Status.IMPORTED, f"Imported as article {article.pk}.")
        article_proposals_enqueue(article=article)
    return intake


def _check_page(page: Page | None) -> None:
    if page is None:
        raise FetchError("No article text was found on the page (under 200 characters of prose).")
    if page.language not in settings.INTAKE_LANGUAGES:
        allowed = ", ".join(settings.INTAKE_LANGUAGES)
        raise FetchError(f"The text reads as language '{page.language}', not {allowed} (INTAKE_LANGUAGES).")


def _finish(intake: IntakeRecord, status: str, reason: str) -> IntakeRecord:
    intake.status, intake.reason = status, reason
    if status not in UNFINISHED:
        intake.finished_at = timezone.now()
    intake.save()
    return intake


def _plain(url: str) -> str:
    return urldefrag(url)[0]


def _existing_article(urls: set[str], digest: str) -> Article | None:
    return (
        Article.objects.filter(Q(url__in=urls) | Q(canonical_url__in=urls) | Q(text_sha256=digest))
        .order_by("pk")
        .first()
    )


def _article_for_page(intake: IntakeRecord, page: Page) -> tuple[Article, bool]:
    """Return the article for this page and whether it is new; a page seen before is the old one."""
    canonical = _plain(page.canonical_url or intake.final_url)
    digest = text_digest(page.text)
    urls = {_plain(intake.url), _plain(intake.final_url), canonical}
    if existing := _existing_article(urls, digest):
        return existing, False
    publication = intake.feed.publication if intake.feed_id else publication_for_site(intake.final_url, page)
    published_on = page.published_on or timezone.localdate()
    title = (page.title or canonical)[:300]
    authors = [Author.objects.get_or_create(name=name[:200])[0] for name in page.authors]
    try:
        with transaction.atomic():  # two imports of one page at once: the second finds the first
            article = article_save(
                Article(),
                by=intake.requested_by,
                reason=IMPORT_REASON,
                authors=authors,
                propose=False,  # queued by the caller, once the intake record is final
                publication=publication,
                title=title,
                url=intake.url[:500],
                canonical_url=canonical[:500],
                published_on=published_on,
                published_on_estimated=page.published_on is None,
                body=page.text,
                text_sha256=digest,
            )
    except (IntegrityError, ValidationError):
        same_title = Article.objects.filter(publication=publication, title=title, published_on=published_on)
        existing = _existing_article(urls, digest) or same_title.first()
        if existing is None:
            raise
        return existing, False
    return article, True


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def publication_for_site(url: str, page: Page | None = None) -> Publication:
    """Return the publication whose address is on the page's site; make one from the site if none is."""
    host = _host(url)
    for publication in Publication.objects.exclude(url=""):
        if _host(publication.url) == host:
            return publication
    parts = urlsplit(url)
    name = ((page.sitename if page else "") or host)[:200]
    publication, _ = Publication.objects.get_or_create(
        name=name, defaults={"url": f"{parts.scheme}://{parts.netloc}/"}
    )
    return publication
