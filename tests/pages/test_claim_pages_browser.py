"""Readers open the home page and a resolved claim in a real Chromium, on the seed data.

Screenshots at phone and laptop widths go to test-artifacts/screenshots/ (gitignored).
"""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.utils import timezone
from playwright.sync_api import expect, sync_playwright

from claims.models import Claim
from claims.roles import REVIEWERS, VIEWERS
from claims.services.lifecycle import outcome_record
from claims.services.seed import seed_load
from claims.wording import claim_page_path
from tests.claims.test_admin_browser import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
WIDTHS = (375, 1366)
VERDICTS = ["true", "false", "partly_true", "true", "false", "true"]


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM must be told that is safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()  # the ORM's connection from this thread, or the test DB cannot be dropped


@pytest.fixture
def seeded(transactional_db, settings):
    """The seed articles and claims, six of them resolved through the service."""
    settings.LEADERBOARD_MIN_RESOLVED = 1
    seed_load()
    reviewer = UserFactory(username="rita", groups=[REVIEWERS])
    UserFactory(username="vera", groups=[VIEWERS], is_staff=False)
    resolved = []
    for claim, verdict in zip(Claim.objects.order_by("due_on", "id"), VERDICTS, strict=False):
        outcome_record(
            claim=claim,
            reviewer=reviewer,
            verdict=verdict,
            rationale=f"Recorded as {verdict} from the public record.",
            known_on=timezone.localdate(),
            evidence_links=[f"https://example.org/evidence/{claim.pk}"],
        )
        resolved.append(claim)
    return resolved


def check_and_shoot(page, url: str, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        # Readable at this width: nothing wider than the viewport, so no sideways scrolling.
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} at {width}px"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def check_claim_page(page, base: str, claim: Claim, who: str) -> None:
    check_and_shoot(page, f"{base}{claim_page_path(claim)}", f"claim-{who}")
    expect(page.locator("h1")).to_have_text(claim.statement)
    expect(page.locator("blockquote.passage mark")).to_have_count(1)
    expect(page.locator("#verdict")).to_contain_text("Verdict: True")
    expect(page.get_by_role("link", name=f"https://example.org/evidence/{claim.pk}")).to_be_visible()
    document = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert document["@type"] == "ClaimReview"
    assert document["reviewRating"]["alternateName"] == "True"
    assert document["reviewRating"]["ratingValue"] == 5
    assert document["url"] == f"{settings.SITE_URL}{claim_page_path(claim)}"


def check_home(page, base: str, resolved: list[Claim], who: str) -> None:
    check_and_shoot(page, f"{base}/", f"home-{who}")
    expect(page.locator("section", has=page.locator("#resolved")).locator("li")).to_have_count(len(resolved))
    expect(page.locator("table.leaders tbody tr")).not_to_have_count(0)
    expect(page.get_by_role("searchbox")).to_be_visible()


def test_readers_open_home_and_a_resolved_claim(live_server, browser, seeded, settings):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    first_true = next(claim for claim, verdict in zip(seeded, VERDICTS, strict=False) if verdict == "true")

    settings.API_ANONYMOUS_READ = True
    anonymous = browser.new_page()
    check_home(anonymous, live_server.url, seeded, "anonymous")
    expect(anonymous.locator("#coming-due ~ p")).to_contain_text("signed-in readers")
    anonymous.get_by_role("link", name=first_true.statement).first.click()
    expect(anonymous).to_have_url(f"{live_server.url}{claim_page_path(first_true)}")
    check_claim_page(anonymous, live_server.url, first_true, "anonymous")
    anonymous.close()

    settings.API_ANONYMOUS_READ = False
    viewer = browser.new_page()
    viewer.goto(f"{live_server.url}/")
    expect(viewer).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    viewer.fill("#id_username", "vera")
    viewer.fill("#id_password", "pw-for-tests")
    viewer.get_by_role("button", name="Log in").click()
    expect(viewer).to_have_url(f"{live_server.url}/")
    check_home(viewer, live_server.url, seeded, "viewer")
    expect(viewer.locator("section", has=viewer.locator("#coming-due")).locator("li")).not_to_have_count(0)
    check_claim_page(viewer, live_server.url, first_true, "viewer")
    viewer.close()
