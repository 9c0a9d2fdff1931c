"""Feeds polled with conditional GET from a local server: new items imported once, a 304 nothing."""

from datetime import date

import pytest
from django.core.management import call_command

from claims.models import Article, Feed, IntakeRecord, Publication
from claims.roles import EDITORS
from claims.services.feeds import feed_poll
from tests.factories import ClaimFactory, UserFactory
from tests.intake.site import FORECASTS, Answer, article_page
from tracker.services.digests import digest_render, digests_build

pytestmark = pytest.mark.django_db


def rss(site, *paths: str) -> bytes:
    items = "".join(
        f"<item><title>Piece {path}</title><link>{site.url(path)}</link><guid>{site.url(path)}</guid></item>"
        for path in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Caspian Analyst</title>'
        f"<link>{site.url('/')}</link>{items}</channel></rss>"
    ).encode()


@pytest.fixture
def feed(site):
    publication = Publication.objects.create(name="Caspian Analyst", url="https://caspian.example.org/")
    site.route("/one", article_page(*FORECASTS, title="One"))
    site.route(
        "/two", article_page(*FORECASTS[1:], "The budget deficit is expected to narrow in 2026.", title="Two")
    )
    return Feed.objects.create(publication=publication, url=site.url("/feed.xml"))


def test_a_feed_polled_twice_imports_each_item_once(site, feed):
    site.route("/feed.xml", Answer(rss(site, "/one", "/two"), content_type="application/rss+xml"))

    first = feed_poll(feed=feed, inline=True)
    second = feed_poll(feed=feed, inline=True)  # no ETag from this server: a full 200 again

    assert (first.new, second.new) == (2, 0)
    assert sorted(Article.objects.values_list("title", flat=True)) == ["One", "Two"]
    assert set(Article.objects.values_list("publication", flat=True)) == {feed.publication_id}  # the feed's
    assert IntakeRecord.objects.filter(feed=feed, status="imported").count() == 2


def test_a_304_imports_nothing(site, feed):
    site.route("/feed.xml", Answer(rss(site, "/one"), content_type="application/rss+xml", etag='"v1"'))
    assert feed_poll(feed=feed, inline=True).new == 1
    feed.refresh_from_db()
    assert feed.etag == '"v1"'

    site.route(
        "/feed.xml", Answer(rss(site, "/one", "/two"), content_type="application/rss+xml", etag='"v1"')
    )
    result = feed_poll(feed=feed, inline=True)

    assert result.not_modified and result.new == 0
    assert site.requests[-1][1]["If-None-Match"] == '"v1"'
    assert Article.objects.count() == 1
    feed.refresh_from_db()
    assert feed.last_result == "Not modified"


def test_an_item_already_imported_by_hand_is_not_fetched_again(site, feed):
    call_command("import_article", site.url("/one"))
    site.route("/feed.xml", Answer(rss(site, "/one"), content_type="application/rss+xml"))
    requests = len(site.requests)
    assert feed_poll(feed=feed, inline=True).new == 0
    assert len(site.requests) == requests + 1  # the feed only
    assert Article.objects.count() == 1


def test_a_broken_feed_is_noted_on_the_feed(site, feed):
    site.route("/feed.xml", Answer(b"<html><body>Maintenance</body></html>"))
    result = feed_poll(feed=feed, inline=True)
    feed.refresh_from_db()
    assert result.error and feed.last_result.startswith("Not a feed")


def test_the_command_polls_every_active_feed(site, feed, capsys):
    site.route("/feed.xml", Answer(rss(site, "/one"), content_type="application/rss+xml"))
    call_command("poll_feeds")
    assert "1 new item(s) from 1 feed(s)." in capsys.readouterr().out


def test_the_editors_digest_counts_new_articles_and_drafts(time_machine):
    editor = UserFactory(username="ed", groups=[EDITORS])
    time_machine.move_to("2026-03-01 10:00Z")
    draft = ClaimFactory(status="draft")  # its article came in on 1 March
    ClaimFactory(status="draft", article=draft.article)

    (digest,) = digests_build(today=date(2026, 3, 2))
    assert digest.recipient == editor
    mail = digest_render(digest)
    assert "1 new article, 2 proposed claims to review" in mail["subject"]
    assert "Yesterday: 1 new article, 2 proposed claims to review" in mail["body_text"]
    assert not digests_build(today=date(2026, 3, 3))  # drafts alone do not mail every day
