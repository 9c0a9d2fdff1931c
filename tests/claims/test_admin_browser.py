"""The admin in a real Chromium (Playwright, sync API): a reviewer works through the due
queue; an editor proposes claims for a seed article and accepts and rejects them."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from claims.models import Article, Claim
from claims.roles import EDITORS, REVIEWERS
from claims.services.seed import seed_load
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps dialling Google services and logs refused connections.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LAPTOP = {"width": 1366, "height": 768}

pytestmark = pytest.mark.browser


@pytest.fixture
def page(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses
    # to run under one unless told it is safe (it is: nothing here is async).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    expect.set_options(timeout=15_000)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(15_000)
        yield page
        browser.close()
        # While Playwright runs, the ORM in this thread got its own connection (asgiref's
        # Local is context-scoped); close it here, or PostgreSQL cannot drop the test DB.
        connections.close_all()


@pytest.fixture
def db_editor(transactional_db):
    return UserFactory(username="edna", groups=[EDITORS])


@pytest.fixture
def browser_reviewer(transactional_db):
    return UserFactory(username="rita", groups=[REVIEWERS])


def test_reviewer_records_an_outcome_from_the_due_list(live_server, page, browser_reviewer):
    today = timezone.localdate()
    article = ArticleFactory(title="Referendum politics", published_on=today - timedelta(days=400))
    claim = ClaimFactory(
        article=article,
        statement="No referendum is held before late 2026.",
        status=Claim.Status.DUE,
        window_start=None,
        due_on=today - timedelta(days=10),
    )
    ClaimFactory(article=article, statement="An open claim, not yet due.", due_on=today + timedelta(days=30))

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "rita")
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    page.get_by_role("link", name="Claims due for review").click()

    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(page.locator("#result_list")).not_to_contain_text("An open claim")
    expect(rows.first.locator("td.field-days_overdue")).to_have_text("10")

    rows.first.get_by_role("link", name="No referendum is held before late 2026.").click()
    page.get_by_role("link", name="Record outcome").click()
    page.select_option("#id_verdict", "true")
    page.fill("#id_evidence_links", "https://example.org/no-referendum-2026")
    page.fill("#id_rationale", "No referendum was called in 2026.")
    page.fill("#id_known_on", today.isoformat())
    page.get_by_role("button", name="Record outcome").click()

    expect(page).to_have_url(f"{live_server.url}/admin/claims/claim/{claim.pk}/change/")
    expect(page.locator(".messagelist")).to_contain_text("Outcome recorded: True. The claim is resolved.")
    expect(page.locator(".field-status .readonly")).to_have_text("Resolved")

    page.get_by_role("link", name="History").click()
    latest = page.locator("#change-history tbody tr").first
    expect(latest).to_contain_text("Resolved as true")
    expect(latest).to_contain_text("rita")

    claim.refresh_from_db()
    assert claim.status == Claim.Status.RESOLVED
    assert claim.outcome.evidence_links == ["https://example.org/no-referendum-2026"]
    assert claim.outcome.reviewer == browser_reviewer
    assert claim.history.first().history_user == browser_reviewer


def test_editor_proposes_claims_for_a_seed_article_and_accepts_one_rejects_one(live_server, page, db_editor):
    seed_load()
    # The seed article as an editor first enters it: its text, none of its labelled claims yet.
    article = Article.objects.get(title__startswith="Armenia and Azerbaijan")
    article.claims.all().delete()
    page.set_viewport_size(LAPTOP)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    page.goto(f"{live_server.url}/admin/")
    page.fill("#id_username", "edna")
    page.fill("#id_password", "pw-for-tests")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_have_text("Claim tracker")
    expect(page.locator(".dashboard-tiles .tile-drafts .tile-count")).to_have_text("0")
    page.screenshot(path=SCREENSHOTS / "admin-dashboard-1366.png", full_page=True)

    page.goto(f"{live_server.url}/admin/claims/article/{article.pk}/change/")
    page.get_by_role("button", name="Propose claims").click()

    expect(page).to_have_url(f"{live_server.url}/admin/claims/article/{article.pk}/proposals/")
    rows = page.locator("#proposals tr.proposal")
    proposed = rows.count()
    assert proposed >= 2
    expect(page.locator(".messagelist")).to_contain_text(f"{proposed} draft claim(s) proposed.")
    expect(rows.first.locator("mark")).not_to_be_empty()
    page.screenshot(path=SCREENSHOTS / "admin-proposals-1366.png", full_page=True)
    # The review screen fits a laptop: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]

    accepted_id = int(rows.nth(0).get_attribute("id").removeprefix("proposal-"))
    rows.nth(0).get_by_role("button", name="Accept").click()
    expect(page.locator(".messagelist")).to_contain_text("Published: 1 claim(s).")
    expect(rows).to_have_count(proposed - 1)
    rejected_id = int(rows.nth(0).get_attribute("id").removeprefix("proposal-"))
    rows.nth(0).get_by_role("button", name="Reject").click()
    expect(page.locator(".messagelist")).to_contain_text("Rejected: 1 claim(s).")
    expect(rows).to_have_count(proposed - 2)

    accepted, rejected = Claim.objects.get(pk=accepted_id), Claim.objects.get(pk=rejected_id)
    assert (accepted.status, rejected.status) == (Claim.Status.OPEN, Claim.Status.WITHDRAWN)
    assert rejected.history.first().history_change_reason == "Withdrawn: Rejected proposal"

    # The accepted claim's page; then the claim list fits the laptop too.
    page.goto(f"{live_server.url}{accepted.get_admin_url()}")
    expect(page.locator(".field-status .readonly")).to_have_text("Open")
    page.goto(f"{live_server.url}/admin/claims/claim/")
    page.screenshot(path=SCREENSHOTS / "admin-claims-1366.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
