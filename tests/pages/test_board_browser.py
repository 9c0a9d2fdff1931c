"""Readers open the leaderboard and a claimant page in a real Chromium (Playwright, sync API).

Seed data plus recorded outcomes; as an anonymous reader (anonymous read on)
and as a viewer; screenshots at 375 px and 1366 px go to test-artifacts/screenshots/.
"""

from collections import Counter
from datetime import date
from itertools import cycle
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connections
from django.db.models import Count
from django.test import Client
from playwright.sync_api import expect, sync_playwright

from claims.models import Author, Claim
from claims.roles import REVIEWERS, VIEWERS
from claims.services import outcome_record
from claims.services.seed import seed_load
from tests.claims.test_admin_browser import CHROMIUM, CHROMIUM_ARGS
from tests.factories import UserFactory
from tracker import scoring

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(django_settings.BASE_DIR) / "test-artifacts" / "screenshots"
WIDTHS = (375, 1366)
VERDICTS = [
    *("true", "false", "partly_true", "true", "unresolvable"),
    *("true", "false", "true", "partly_true", "true"),
]


@pytest.fixture
def world(transactional_db):
    """The seed, with ten outcomes for the busiest claimant and three for each other author."""
    seed_load()
    reviewer = UserFactory(username="rita", groups=[REVIEWERS])
    verdicts = cycle(VERDICTS)
    authors = Author.objects.annotate(n=Count("claims")).filter(n__gt=0).order_by("-n", "name")
    star = authors[0]
    for author in authors:
        claims = Claim.objects.filter(claimants=author, status=Claim.Status.OPEN).order_by("pk")
        for claim in claims[: 10 if author == star else 3]:
            verdict = next(verdicts)
            outcome_record(
                claim=claim,
                reviewer=reviewer,
                verdict=verdict,
                rationale=f"Recorded as {verdict} for the browser test.",
                known_on=date(2026, 1, 15),
                evidence_links=["https://example.org/evidence"],
            )
    return star


def expected_bins(author) -> Counter:
    """Count the scored forecasts with a probability per calibration bin, straight from the rows."""
    claims = Claim.objects.filter(
        claimants=author,
        status=Claim.Status.RESOLVED,
        outcome__verdict__in=scoring.SCORED_VERDICTS,
        probability__isnull=False,
    )
    return Counter(scoring.calibration_bin(p) for p in claims.values_list("probability", flat=True))


@pytest.fixture
def browser(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # see tests/claims/test_admin_browser.py
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        connections.close_all()


def _session_cookie(username: str, live_server) -> list[dict]:
    client = Client()
    client.force_login(UserFactory(username=username, groups=[VIEWERS]))
    return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]


@pytest.mark.parametrize("reader", ["anonymous", "viewer"])
def test_reader_sees_the_leaderboard_and_a_calibrated_claimant_page(
    live_server, browser, world, settings, reader
):
    settings.API_ANONYMOUS_READ = reader == "anonymous"
    bins = expected_bins(world)
    n_resolved = Claim.objects.filter(claimants=world, status=Claim.Status.RESOLVED).count()
    assert n_resolved >= 10
    assert len(bins) >= 2  # the seed's hedges put these forecasts in more than one bin
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900})
        if reader == "viewer":
            context.add_cookies(_session_cookie("vera", live_server))
        page = context.new_page()
        page.set_default_timeout(15_000)

        page.goto(f"{live_server.url}/scorecards/")
        expect(page.get_by_role("heading", name="Leaderboard")).to_be_visible()
        expect(page.locator(".lede")).to_contain_text("at least 5 resolved claims")
        first = page.locator("table.leaderboard tbody tr.ranked").first
        expect(first.locator("td").first).to_have_text("1")
        expect(page.locator("tr.section")).to_contain_text("Not ranked")
        page.get_by_role("link", name="Brier").click()
        expect(page).to_have_url(f"{live_server.url}/scorecards/?sort=brier")
        page.screenshot(path=SCREENSHOTS / f"leaderboard-{reader}-{width}.png", full_page=True)

        page.get_by_role("link", name=world.name).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(world.name)
        plot = page.locator("svg.calibration")
        expect(plot).to_have_count(1)
        groups = plot.locator("g.bin-group")
        expect(groups).to_have_count(len(bins))
        shown = {int(g.get_attribute("data-bin")): int(g.get_attribute("data-count")) for g in groups.all()}
        assert shown == dict(bins)
        for group in groups.all():
            band = group.locator("rect.band").bounding_box()
            dot = group.locator("circle.bin").bounding_box()
            assert band["height"] > 0 and band["width"] > 0
            centre = dot["y"] + dot["height"] / 2
            assert band["y"] - 0.5 <= centre <= band["y"] + band["height"] + 0.5
            expect(group.locator("text.count")).to_have_text(group.get_attribute("data-count"))
        expect(plot.locator("text.axis-label")).to_have_count(2)
        expect(page.locator("svg.brier-over-time g.period")).not_to_have_count(0)
        href = page.locator("ol.timeline > li a.statement").first.get_attribute("href")
        assert href.startswith("/claims/") and href.endswith("/")
        resolved_steps = page.locator("ol.timeline .step", has_text="Resolved")
        expect(resolved_steps).to_have_count(n_resolved)
        if reader == "anonymous":  # anonymous readers see resolved claims only
            expect(page.locator("ol.timeline > li")).to_have_count(n_resolved)
        else:
            expect(page.locator("ol.timeline > li")).to_have_count(world.claims.count())
        # Readable on a phone: nothing but the leaderboard's own scroller is wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=SCREENSHOTS / f"claimant-{reader}-{width}.png", full_page=True)
        context.close()
