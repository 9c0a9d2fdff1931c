"""Changed quotes: a re-read page whose quoted sentence changed raises the audit event, once."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from claims.history import Event, claim_events
from claims.models import Claim, IntakeRecord, QuoteChange
from claims.roles import EDITORS
from claims.services.intake import url_import
from claims.services.rechecks import articles_due_for_recheck, articles_recheck
from tests.factories import ClaimFactory, UserFactory
from tests.intake.site import FORECASTS, article_page
from tracker.services.digests import digest_render, digests_build

pytestmark = pytest.mark.django_db
EDITED = "A referendum on the new constitution will probably not take place before mid-2027."


@pytest.fixture
def quoted(site):
    """An imported article with an open claim quoting its second sentence, and one quoting the third."""
    article = url_import(url=site.route("/piece", article_page(*FORECASTS))).article
    changed = ClaimFactory(article=article, quote=FORECASTS[1], status=Claim.Status.OPEN)
    kept = ClaimFactory(article=article, quote=FORECASTS[2], status=Claim.Status.DUE)
    return changed, kept


def test_a_changed_quoted_sentence_raises_the_audit_event_with_old_and_new_text(site, quoted, editor):
    changed, kept = quoted
    site.route("/piece", article_page(FORECASTS[0], EDITED, FORECASTS[2]))

    assert articles_recheck() == 1

    (change,) = QuoteChange.objects.all()
    assert (change.claim, change.old_text, change.new_text) == (changed, FORECASTS[1], EDITED)
    changed.refresh_from_db()
    assert changed.quote == FORECASTS[1]  # the record keeps what was published
    event = claim_events(claim=changed, user=editor)[-1]
    assert event.event == Event.QUOTE_CHANGED_AT_SOURCE
    assert event.changes == [{"field": "quote", "old": FORECASTS[1], "new": EDITED}]
    assert not kept.quote_changes.exists()
    assert IntakeRecord.objects.filter(kind="recheck", status="checked").count() == 1


def test_a_removed_sentence_is_recorded_once_and_rechecks_wait_a_week(site, quoted):
    changed, _ = quoted
    site.route("/piece", article_page(FORECASTS[0], FORECASTS[2], "The ministers met again in May."))
    now = timezone.now()

    assert articles_recheck(now=now) == 1
    assert not articles_due_for_recheck(now=now + timedelta(days=6)).exists()
    assert articles_recheck(now=now + timedelta(days=8)) == 0  # the same change is not recorded again
    (change,) = QuoteChange.objects.all()
    assert (change.claim, change.new_text) == (changed, "")


def test_an_unchanged_page_or_a_failed_fetch_records_nothing(site, quoted):
    assert articles_recheck() == 0
    site.route("/piece", "gone", status=404, content_type="text/plain")
    assert articles_recheck(now=timezone.now() + timedelta(days=8)) == 0
    assert IntakeRecord.objects.filter(kind="recheck").values_list("status", flat=True).count() == 2
    assert IntakeRecord.objects.filter(kind="recheck", status="failed").get().reason.startswith("The site")
    assert not QuoteChange.objects.exists()


def test_articles_without_open_claims_are_not_re_read(site, quoted):
    changed, kept = quoted
    Claim.objects.filter(pk__in=[changed.pk, kept.pk]).update(status=Claim.Status.RESOLVED)
    assert not articles_due_for_recheck(now=timezone.now()).exists()


def test_the_editors_are_told_in_their_digest(site, quoted, time_machine):
    UserFactory(username="ed", groups=[EDITORS])
    site.route("/piece", article_page(FORECASTS[0], EDITED, FORECASTS[2]))
    time_machine.move_to("2026-05-04 09:00Z", tick=False)
    articles_recheck()

    (digest,) = digests_build(today=date(2026, 5, 5))
    body = digest_render(digest)["body_text"]
    assert "Quote changed on the publisher's page" in body
    assert f'Was: "{FORECASTS[1]}"' in body and f'Now: "{EDITED}"' in body
