"""Home, claim and search pages: who sees what, what a claim page shows, and fixed query counts."""

import json
import re
from datetime import date, timedelta

import factory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Claim
from claims.services.claims import claim_correct
from claims.services.lifecycle import claim_extend_deadline, claim_reopen, outcome_record
from claims.wording import claim_page_path
from pages.claim_selectors import claim_status_history
from tests.factories import ArticleFactory, AuthorFactory, ClaimFactory, OutcomeFactory

pytestmark = pytest.mark.django_db

BODY = (
    "By Ann Analyst\n"
    "BACKGROUND: The region has been calm. Elections took place in 2024.\n"
    "IMPLICATIONS: Observers disagree. A referendum will likely not take place before late 2026. "
    "Its timing depends on the president. Other matters wait.\n"
)
QUOTE = "A referendum will likely not take place before late 2026."


@pytest.fixture
def claims(db):
    ann = AuthorFactory(name="Ann Analyst")
    article = ArticleFactory(
        title="Referendum politics", url="https://example.org/referendum", body=BODY, authors=[ann]
    )
    resolved = ClaimFactory(
        article=article,
        quote=QUOTE,
        statement="No referendum is held before late 2026.",
        kind=Claim.Kind.NOT_BEFORE,
        status=Claim.Status.RESOLVED,
    )
    OutcomeFactory(
        claim=resolved,
        verdict="true",
        rationale="No referendum was called.",
        evidence_links=["https://example.org/evidence-1"],
    )
    Claim.objects.filter(pk=resolved.pk).update(resolved_at=timezone.now())
    today = timezone.localdate()
    open_claim = ClaimFactory(
        article=article, statement="Turnout exceeds half of voters.", due_on=today + timedelta(days=30)
    )
    draft = ClaimFactory(article=article, statement="A draft nobody may read.", status=Claim.Status.DRAFT)
    return {"resolved": resolved, "open": open_claim, "draft": draft, "ann": ann}


def persona(request, name):
    return None if name.startswith("anonymous") else request.getfixturevalue(name)


LOGIN = "login"
# URL -> expected status for: anonymous (read off), anonymous (read on), outsider (off), outsider (on),
# viewer, reviewer, editor. LOGIN means a redirect to the login page.
MATRIX = [
    ("/", [LOGIN, 200, 403, 200, 200, 200, 200]),
    ("{resolved}", [LOGIN, 200, 403, 200, 200, 200, 200]),
    ("{open}", [LOGIN, 404, 403, 404, 200, 200, 200]),
    ("{draft}", [LOGIN, 404, 403, 404, 404, 404, 404]),
    ("/search/?q=referendum", [LOGIN, 200, 403, 200, 200, 200, 200]),
    ("/accounts/login/", [200, 200, 302, 302, 302, 302, 302]),
    ("/api/", [200, 200, 200, 200, 200, 200, 200]),
]
PERSONAS = [
    ("anonymous", False),
    ("anonymous", True),
    ("outsider", False),
    ("outsider", True),
    ("viewer", False),
    ("reviewer", False),
    ("editor", False),
]


@pytest.mark.parametrize(("url", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_who_sees_which_page(client, claims, request, settings, url, expected):
    paths = {name: f"/claims/{claims[name].pk}/" for name in ("resolved", "open", "draft")}
    for (name, anonymous_read), want in zip(PERSONAS, expected, strict=True):
        settings.API_ANONYMOUS_READ = anonymous_read
        client.logout()
        if (user := persona(request, name)) is not None:
            client.force_login(user)
        response = client.get(url.format(**paths))
        label = f"{name} (anonymous read {'on' if anonymous_read else 'off'})"
        if want == LOGIN:
            assert response.status_code == 302, label
            assert response["Location"].startswith("/accounts/login/?next="), label
        else:
            assert response.status_code == want, label


def test_search_never_lists_drafts_even_for_editors(client, claims, editor):
    client.force_login(editor)
    html = client.get("/search/", {"q": "draft nobody"}).content.decode()
    assert "0 claims found" in html
    assert "A draft nobody may read" not in html


def test_anonymous_readers_see_only_resolved_claims_on_home_and_search(client, claims, settings):
    settings.API_ANONYMOUS_READ = True
    home = client.get("/").content.decode()
    assert "No referendum is held before late 2026." in home
    assert "Turnout exceeds half of voters." not in home
    found = client.get("/search/", {"q": "Ann"}).content.decode()
    assert "1 claim found" in found


def test_home_lists_coming_due_and_resolved(client, claims, viewer):
    client.force_login(viewer)
    html = client.get("/").content.decode()
    coming, resolved = html.split('id="resolved"')
    assert "Turnout exceeds half of voters." in coming
    assert "No referendum is held before late 2026." in resolved
    assert 'action="/search/"' in html
    assert "A draft nobody may read" not in html


def test_home_ranks_only_claimants_with_enough_resolved_claims(client, viewer, settings):
    settings.LEADERBOARD_MIN_RESOLVED = 2
    good, bad, few = AuthorFactory(name="Good"), AuthorFactory(name="Bad"), AuthorFactory(name="Few")
    for author, verdict, count in ((good, "true", 2), (bad, "false", 3), (few, "true", 1)):
        for _ in range(count):
            OutcomeFactory(verdict=verdict, claim=ClaimFactory(claimants=[author], status="resolved"))
    client.force_login(viewer)
    html = client.get("/").content.decode()
    leaders = html.split('id="leaders"')[1]
    assert leaders.index("Good") < leaders.index("Bad")
    assert "Few" not in leaders
    assert "at least 2 resolved claims" in leaders


def test_claim_page_shows_the_quote_in_context_and_the_forecast(client, claims, viewer, settings):
    client.force_login(viewer)
    claim = claims["resolved"]
    response = client.get(f"/claims/{claim.pk}/")
    html = response.content.decode()
    assert f"<mark>{QUOTE}</mark>" in html
    passage = re.search(r'<blockquote class="passage">(.*?)</blockquote>', html, re.S).group(1)
    assert passage.startswith("Observers disagree. <mark>")
    assert passage.endswith("Its timing depends on the president.")
    assert "not before late 2026" in html
    assert "<em>likely</em> on the ICD 203 scale (55–80&nbsp;%)" in html
    assert f'href="/claimants/{claims["ann"].pk}/"' in html
    assert 'href="https://example.org/referendum"' in html
    assert '<a href="https://example.org/evidence-1" rel="nofollow noopener">' in html
    assert "No referendum was called." in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}{claim_page_path(claim)}">' in html


def test_a_quote_missing_from_the_article_is_shown_alone(client, claims, viewer):
    claim = ClaimFactory(article=claims["resolved"].article, quote="Words the article never had.")
    client.force_login(viewer)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "<mark>Words the article never had.</mark>" in html
    assert "not found word for word" in html


def test_wrong_slug_redirects_to_the_canonical_address(client, claims, viewer):
    client.force_login(viewer)
    claim = claims["resolved"]
    response = client.get(f"/claims/{claim.pk}/not-the-slug/")
    assert response.status_code == 301
    assert response["Location"] == claim_page_path(claim)
    assert client.get(claim_page_path(claim)).status_code == 200
    assert claim_page_path(claim) == f"/claims/{claim.pk}/no-referendum-is-held-before-late-2026/"


def test_corrections_and_history_are_on_the_page(client, claims, editor, viewer):
    claim = claims["open"]
    claim_correct(claim=claim, by=editor, reason="Misread the hedge.", hedge="may")
    old_due_on = claim.due_on
    claim = claim_extend_deadline(
        claim=claim, due_on=claim.due_on + timedelta(days=60), reason="Vote postponed.", by=editor
    )
    client.force_login(viewer)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    corrections = html.split('id="corrections"')[1].split('id="history"')[0]
    assert "by editor: Misread the hedge." in corrections
    assert "Hedge: <del>likely</del> → <ins>may</ins>" in corrections
    history = html.split('id="history"')[1]
    assert f"Deadline extended from {old_due_on} to {claim.due_on}: Vote postponed." in history
    assert "Open: Misread" not in history  # a correction that moves no date is not a status move


def test_a_reopened_claim_shows_no_verdict_and_no_claim_review(client, claims, editor, viewer):
    claim = claims["resolved"]
    claim_reopen(claim=claim, reason="New evidence.", by=editor)
    client.force_login(viewer)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "application/ld+json" not in html
    assert 'id="verdict"' not in html
    history = html.split('id="history"')[1]
    assert "— Reopened: New evidence.</li>" in history



def test_history_says_each_move_once_newest_first(editor):
    claim = ClaimFactory(status=Claim.Status.DUE)
    outcome_record(
        claim=claim,
        reviewer=editor,
        verdict="true",
        rationale="It happened.",
        known_on=timezone.localdate(),
        evidence_links=["https://example.org/e"],
    )
    claim_reopen(claim=claim, reason="New evidence.", by=editor)
    texts = [move["text"] for move in claim_status_history(claim)]
    assert texts == ["Reopened: New evidence.", "Resolved as true", "Due for review"]


def claim_review_of(html: str) -> dict:
    (raw,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(raw)


def test_resolved_claim_embeds_its_claim_review(client, claims, viewer, settings):
    client.force_login(viewer)
    claim = claims["resolved"]
    doc = claim_review_of(client.get(f"/claims/{claim.pk}/").content.decode())
    assert doc["@context"] == "https://schema.org"
    assert doc["@type"] == "ClaimReview"
    assert doc["url"] == f"{settings.SITE_URL}{claim_page_path(claim)}"
    assert doc["reviewRating"]["alternateName"] == "True"
    assert doc["claimReviewed"] == claim.statement


def test_claim_review_json_ld_cannot_close_its_script_element(client, editor, viewer):
    hostile = 'Ends </script><script>alert("x")</script> & <!-- here'
    claim = ClaimFactory(statement=hostile, quote=hostile, status=Claim.Status.DUE)
    outcome_record(
        claim=claim,
        reviewer=editor,
        verdict="false",
        rationale="</script>",
        known_on=timezone.localdate(),
        evidence_links=["https://example.org/e"],
    )
    client.force_login(viewer)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert html.count("</script>") == 1  # only the JSON-LD element's own end tag
    assert "<script>" not in html
    doc = claim_review_of(html)
    assert doc["claimReviewed"] == hostile
    assert doc["reviewBody"] == "</script>"
    assert "\\u003C/script\\u003E" in html


def test_search_finds_statements_quotes_and_claimant_names(client, claims, viewer):
    client.force_login(viewer)
    by_statement = client.get("/search/", {"q": "turnout"}).content.decode()
    assert "Turnout exceeds half of voters." in by_statement
    by_quote = client.get("/search/", {"q": "president"}).content.decode()
    assert "0 claims found" in by_quote  # the president is in the article body, not in a quote
    by_quote = client.get("/search/", {"q": "referendum"}).content.decode()
    assert "No referendum is held before late 2026." in by_quote
    by_name = client.get("/search/", {"q": "Analyst"}).content.decode()
    assert "2 claims found" in by_name


def test_search_is_paginated(client, viewer):
    ClaimFactory.create_batch(25, statement=factory.Sequence(lambda n: f"Pagination claim {n} holds."))
    client.force_login(viewer)
    first = client.get("/search/", {"q": "pagination"}).content.decode()
    assert "25 claims found" in first
    assert first.count('class="claim-row"') == 20
    assert "Page 1 of 2" in first
    second = client.get("/search/", {"q": "pagination", "page": 2}).content.decode()
    assert second.count('class="claim-row"') == 5


def test_an_overlong_search_is_a_400_with_a_message(client, viewer):
    client.force_login(viewer)
    response = client.get("/search/", {"q": "x" * 201})
    assert response.status_code == 400
    assert "Keep the search under 200 characters." in response.content.decode()


def test_login_page_logs_in_and_logout_is_a_post(client, viewer):
    response = client.get("/scorecards/")
    assert response.status_code == 302
    login = client.get(response["Location"])
    assert login.status_code == 200
    assert 'name="username"' in login.content.decode()
    credentials = {"username": "viewer", "password": "pw-for-tests", "next": "/"}
    response = client.post("/accounts/login/", credentials)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_the_login_page_locks_out_like_the_admin(client, viewer, fresh_cache, settings):
    """django-axes (issue 10) sees this form too: LoginView authenticates with the request."""
    statuses = [
        client.post("/accounts/login/", {"username": "viewer", "password": f"guess-{i}"}).status_code
        for i in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = client.post("/accounts/login/", {"username": "viewer", "password": "pw-for-tests"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_api_root_lists_the_endpoints(client):
    response = client.get("/api/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    body = response.json()
    assert body["claims"].endswith("/api/claims/")
    assert body["scorecards"].endswith("/api/scorecards/")
    browsable = client.get("/api/", HTTP_ACCEPT="text/html")
    assert "Api Root" in browsable.content.decode()


# --- query counts -------------------------------------------------------------------------


def make_claims(count: int, prefix: str) -> Claim:
    """Create ``count`` resolved and ``count`` open claims with two claimants each; return one resolved."""
    authors = [AuthorFactory(name=f"{prefix} author {i}") for i in range(2)]
    article = ArticleFactory(title=f"{prefix} article", body=BODY, authors=authors)
    today = timezone.localdate()
    for i in range(count):
        ClaimFactory(article=article, statement=f"{prefix} open {i}", due_on=today + timedelta(days=i + 1))
        resolved = ClaimFactory(article=article, statement=f"{prefix} resolved {i}", status="resolved")
        OutcomeFactory(claim=resolved, known_on=date(2025, 6, 1))
    Claim.objects.filter(status="resolved").update(resolved_at=timezone.now())
    return resolved


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# Rows the page lists grow with the claims (search: 3 then 20 of 30 matches; home: up to 8 of each).
@pytest.mark.parametrize("page", ["home", "claim", "search"])
def test_pages_take_a_fixed_number_of_queries(client, viewer, page):
    client.force_login(viewer)

    def url(claim):
        return {"home": "/", "claim": f"/claims/{claim.pk}/", "search": "/search/?q=open"}[page]

    small = make_claims(3, "small")
    small_count = queries(client, url(small))
    big = make_claims(30, "big")
    assert queries(client, url(big)) == small_count
    print(f"{page}: {small_count} queries")  # noqa: T201 - the figure the report quotes
