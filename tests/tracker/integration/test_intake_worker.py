"""Import by URL through the API: 202 at once; a real worker fetches the page from a local server,
imports it and drafts its proposals (the request does neither)."""

import pytest

from claims.models import Claim, IntakeRecord
from tests.intake.site import FORECASTS, Site, article_page
from tests.tracker.integration.harness import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_a_worker_imports_the_page_and_drafts_its_proposals(machine_redis, start_worker, api, editor):
    site = Site()
    site.start()
    try:
        url = site.route("/2025/outlook", article_page(*FORECASTS))
        worker = start_worker(machine_redis)

        response = api(editor).post("/api/intake/", {"url": url}, format="json")
        assert response.status_code == 202
        intake_id = response.json()["id"]

        def drafts():
            intake = IntakeRecord.objects.get(pk=intake_id)
            return intake.article_id and list(Claim.objects.filter(article=intake.article_id, status="draft"))

        found = wait_until(drafts, timeout=60, message="the worker imports the page and proposes its drafts")
        assert sorted(claim.quote for claim in found) == sorted(FORECASTS[1:])
        assert "import_url" in worker.log() and "propose_article_claims" in worker.log()
    finally:
        site.stop()
