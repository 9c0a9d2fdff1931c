"""500 unassigned claims and 5 reviewers: every digest stays small and every link in it works
on the running site, followed over HTTP as the reviewer the mail is for."""

import html
import re
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from claims.models import Claim
from claims.roles import REVIEWERS
from tests.factories import ArticleFactory, ClaimFactory, UserFactory
from tracker.services.digests import digests_send

MAX_MAIL_BYTES = 100_000  # the whole MIME message, text and HTML parts
UNASSIGNED, REVIEWERS_COUNT, ASSIGNED_EACH, ARTICLES = 500, 5, 30, 40
LINK = re.compile(r"https?://[^\s\"<>]+")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect (to the login page, say) is a failure here, not something to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


def status_of(url: str, session_cookie: str) -> int:
    opener = urllib.request.build_opener(NoRedirects)
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_cookie}"
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def big_queue(transactional_db):
    """500 unassigned due claims over 40 articles, and 5 reviewers with 30 claims of their own each."""
    today = timezone.localdate()
    articles = [ArticleFactory(title=f"Article {n}") for n in range(ARTICLES)]
    reviewers = [UserFactory(username=f"reviewer{n}", groups=[REVIEWERS]) for n in range(REVIEWERS_COUNT)]

    def claim(n: int, reviewer) -> Claim:
        quote = f"Event {n} will likely happen soon ({reviewer or 'unassigned'})."
        statement = f"Event {n} happens ({reviewer or 'unassigned'})."
        return Claim(
            article=articles[n % ARTICLES],
            quote=quote,
            statement=statement,
            source_key=Claim.make_source_key(quote, statement),  # save() is bypassed
            kind=Claim.Kind.OCCURS_BY,
            time_expression="soon",
            due_on=today - timedelta(days=1 + n % 60),
            precision=Claim.Precision.PART_OF_YEAR,
            hedge="likely",
            probability=0.675,
            status=Claim.Status.DUE,
            reviewer=reviewer,
        )

    # One INSERT: the rows a digest reads (no claimants or history, which it does not show).
    rows = [claim(n, None) for n in range(UNASSIGNED)]
    rows += [claim(n, reviewer) for reviewer in reviewers for n in range(ASSIGNED_EACH)]
    Claim.objects.bulk_create(rows)
    for reviewer in reviewers:
        # One coming due, so the "coming due" section and its link are in the mail too.
        ClaimFactory(reviewer=reviewer, due_on=today + timedelta(days=3), window_start=None)
    return reviewers


def test_every_digest_is_small_and_every_link_answers_200(live_server, big_queue, client, settings):
    settings.SITE_URL = live_server.url
    mail.outbox.clear()

    digests_send()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.email for r in big_queue)
    checked = 0
    for reviewer in big_queue:
        (message,) = [m for m in mail.outbox if m.to == [reviewer.email]]
        size = len(message.message().as_bytes())
        print(f"{reviewer.email}: {size} bytes")  # the figure docs/tracking.md quotes (pytest -s)
        assert size < MAX_MAIL_BYTES, f"{reviewer.email}: {size} bytes"
        text, (body_html, _) = message.body, message.alternatives[0]
        assert f"Unassigned ({UNASSIGNED})" in text
        assert f"and {UNASSIGNED - settings.DIGEST_SECTION_MAX_ROWS} more" in text

        links = set(LINK.findall(text)) | {html.unescape(link) for link in LINK.findall(body_html)}
        assert all(link.startswith(live_server.url + "/") for link in links), links
        assert any("reviewer__id__exact" in link for link in links)
        assert any("reviewer__isnull=True" in link for link in links)
        client.force_login(reviewer)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        print(f"{reviewer.email}: {len(links)} links")
        failures = {link: code for link in sorted(links) if (code := status_of(link, cookie)) != 200}
        assert failures == {}, f"{reviewer.email}: {failures}"
        checked += len(links)
    assert checked > REVIEWERS_COUNT * 2 * settings.DIGEST_SECTION_MAX_ROWS
