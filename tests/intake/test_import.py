"""Import by URL against a real local HTTP server: text kept, chrome dropped, one article per piece,
each failure ending in its status."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from claims.models import Article, IntakeRecord, Publication
from claims.services.intake import IntakeRetry, intake_run, intakes_requeue_stale, url_import
from claims.tasks import import_url
from tests.intake.site import FORECASTS, Answer, article_page

Status = IntakeRecord.Status
pytestmark = pytest.mark.django_db


def test_import_keeps_the_article_text_and_metadata_and_drops_the_chrome(site):
    publication = Publication.objects.create(name="Caspian Analyst", url=site.url("/"))
    url = site.route("/2025/outlook", article_page(*FORECASTS))

    intake = url_import(url=url)

    assert intake.status == Status.IMPORTED, intake.reason
    article = intake.article
    assert article.publication == publication  # matched by the site
    assert article.title == "The Caspian outlook"
    assert article.published_on == date(2025, 2, 21) and not article.published_on_estimated
    assert sorted(a.name for a in article.authors.all()) == ["Jane Roe", "John Doe"]
    for sentence in FORECASTS:
        assert sentence in article.body
    for chrome in ("Subscribe to our newsletter", "collapse by 2027", "All rights reserved"):
        assert chrome not in article.body
    # The snapshot: the raw page's digest and the text the article was made from.
    assert len(intake.raw_sha256) == 64 and intake.text == article.body
    assert article.history.first().history_change_reason == "Imported from the publisher's page"


def test_a_site_with_no_publication_gets_one_named_after_it(site):
    intake = url_import(url=site.route("/a", article_page(*FORECASTS)))
    assert intake.article.publication.name == "Caspian Analyst"
    assert intake.article.publication.url == site.url("/")


def test_the_same_url_twice_or_the_same_text_elsewhere_makes_one_article(site):
    page = article_page(*FORECASTS)
    first = url_import(url=site.route("/piece", page))
    again = url_import(url=site.url("/piece"))
    mirror = url_import(url=site.route("/amp/piece?utm_source=feed", page))

    assert first.status == Status.IMPORTED
    assert (again.status, again.article) == (Status.DUPLICATE, first.article)
    assert (mirror.status, mirror.article) == (Status.DUPLICATE, first.article)
    assert Article.objects.count() == 1


RUSSIAN = (
    "Референдум по новой конституции не состоится до конца 2026 года, считают эксперты. "
    "Делегации разъехались по домам без общего заявления, и переговоры отложены на неопределённый срок."
)


@pytest.mark.parametrize(
    ("answer", "status", "reason"),
    [
        (Answer(b"gone", 404, "text/plain"), Status.FAILED, "404"),
        (Answer(b"oops", 500, "text/plain"), Status.FAILED, "500"),
        (Answer(b"%PDF-1.7", 200, "application/pdf"), Status.FAILED, "application/pdf"),
        (Answer(article_page(*FORECASTS).encode() * 40), Status.FAILED, "larger than"),
        (Answer(article_page(RUSSIAN).encode()), Status.FAILED, "'ru'"),
        (Answer(b"<html><body><nav>Home</nav></body></html>"), Status.FAILED, "No article text"),
        (Answer(article_page(*FORECASTS).encode(), delay=1.5), Status.FAILED, "did not answer"),
        (Answer(status=302, headers={"Location": "/failure"}), Status.FAILED, "redirects"),
    ],
    ids=["404", "500", "not-html", "too-big", "not-english", "no-text", "timeout", "redirect-loop"],
)
def test_each_failure_ends_in_its_status_with_a_reason(site, settings, answer, status, reason):
    settings.INTAKE_MAX_BYTES = 20_000
    intake = url_import(url=site.route("/failure", answer))
    assert intake.status == status
    assert reason in intake.reason
    assert intake.finished_at is not None and intake.article is None
    assert not Article.objects.exists()


def test_a_transient_failure_is_retrying_until_the_last_attempt(site):
    intake = IntakeRecord.objects.create(url=site.route("/busy", Answer(b"busy", 503, "text/plain")))
    with pytest.raises(IntakeRetry):
        intake_run(intake=intake, final_attempt=False)
    intake.refresh_from_db()
    assert (intake.status, intake.attempts) == (Status.RETRYING, 1)
    assert "503" in intake.reason and intake.finished_at is None

    intake_run(intake=intake, final_attempt=True)
    assert (intake.status, intake.attempts) == (Status.FAILED, 2)


def test_the_task_retries_a_5xx_and_imports_when_the_site_recovers(site, settings):
    settings.INTAKE_RETRIES, settings.INTAKE_RETRY_BASE_SECONDS = 2, 0
    url = site.route("/flaky", Answer(b"down", 502, "text/plain"), Answer(article_page(*FORECASTS).encode()))
    intake = IntakeRecord.objects.create(url=url)

    import_url.apply(args=[intake.pk])  # eager: the retry runs at once

    intake.refresh_from_db()
    assert (intake.status, intake.attempts) == (Status.IMPORTED, 2)


def test_a_redelivered_task_does_nothing_twice(site):
    intake = url_import(url=site.route("/once", article_page(*FORECASTS)))
    fetched = len(site.requests)
    assert import_url.apply(args=[intake.pk]).get() == Status.IMPORTED
    assert len(site.requests) == fetched


def test_the_command_imports_and_fails_loudly(site, capsys):
    call_command("import_article", site.route("/cmd", article_page(*FORECASTS)))
    assert "Imported" in capsys.readouterr().out
    with pytest.raises(CommandError, match="1 of 1 import"):
        call_command("import_article", site.url("/missing"))
    assert IntakeRecord.objects.get(url=site.url("/missing")).status == Status.FAILED


def test_an_import_left_pending_is_queued_again(time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to("2026-03-01 09:00Z")
    lost = IntakeRecord.objects.create(url="https://example.org/lost")
    IntakeRecord.objects.create(url="https://example.org/done", status=Status.IMPORTED)
    time_machine.move_to("2026-03-01 10:30Z")
    IntakeRecord.objects.create(url="https://example.org/fresh")
    with django_capture_on_commit_callbacks() as queued:
        assert intakes_requeue_stale() == [lost.pk]
    assert len(queued) == 1
