"""The audit trail: GET /api/claims/{id}/history/ and the admin's history pages."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Outcome
from claims.services import (
    claim_assign,
    claim_correct,
    claim_extend_deadline,
    claim_publish,
    claim_reopen,
    outcome_record,
)
from tests.factories import ClaimFactory, TagFactory
from tracker.services.flagging import FLAGGED_REASON, claims_flag_due

pytestmark = pytest.mark.django_db


def _record(claim, reviewer, verdict="true", links=("https://example.org/wire/1",)):
    return outcome_record(
        claim=claim,
        reviewer=reviewer,
        verdict=verdict,
        rationale="Reported by the wires.",
        known_on=date(2026, 12, 1),
        evidence_links=list(links),
    )


@pytest.fixture
def lived_claim(editor, reviewer):
    """A claim taken through every move: published, assigned, extended, flagged, resolved, reopened."""
    with time_machine.travel(datetime(2026, 1, 10, 9, 0, tzinfo=UTC), tick=False):
        claim = ClaimFactory(status=Claim.Status.DRAFT, due_on=date(2026, 6, 30), window_start=None)
        claim.tags.add(TagFactory())
        claim = claim_publish(claim=claim, by=editor)
        claim = claim_assign(claim=claim, reviewer=reviewer, by=reviewer)
        claim = claim_extend_deadline(
            claim=claim, due_on=date(2026, 10, 31), reason="Vote postponed.", by=editor
        )
    with time_machine.travel(datetime(2026, 11, 5, 9, 0, tzinfo=UTC), tick=False):
        claims_flag_due()
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=UTC)):  # ticking: the order is by time
        _record(Claim.objects.get(pk=claim.pk), reviewer)
        claim_reopen(claim=Claim.objects.get(pk=claim.pk), reason="Wrong wire story.", by=reviewer)
        _record(Claim.objects.get(pk=claim.pk), reviewer, verdict="false", links=["https://example.org/b"])
    return Claim.objects.get(pk=claim.pk)


def test_the_history_endpoint_tells_who_did_what_when_and_why(api, viewer, lived_claim):
    events = api(viewer).get(f"/api/claims/{lived_claim.pk}/history/").json()

    summary = [(e["event"], e["by"], e["reason"]) for e in events]
    assert summary == [
        ("published", "editor", "Published"),
        ("assigned", "reviewer", "Assigned to reviewer"),
        ("deadline_extended", "editor", "Deadline extended from 2026-06-30 to 2026-10-31: Vote postponed."),
        ("flagged_due", "system", FLAGGED_REASON),
        ("outcome_recorded", "reviewer", "Verdict: true"),
        ("resolved", "reviewer", "Resolved as true"),
        ("reopened", "reviewer", "Reopened: Wrong wire story."),
        ("outcome_recorded", "reviewer", "Verdict: false"),
        ("resolved", "reviewer", "Resolved as false"),
    ]
    changes = {e["event"]: {c["field"]: (c["old"], c["new"]) for c in e["changes"]} for e in events}
    assert changes["assigned"] == {"reviewer": (None, "reviewer")}
    assert changes["deadline_extended"]["due_on"] == ("2026-06-30", "2026-10-31")
    assert set(changes["flagged_due"]) == {"status", "flagged_due_at"}  # no claimants or tags
    assert changes["outcome_recorded"]["verdict"] == ("true", "false")  # the last one wins the dict
    assert changes["outcome_recorded"]["evidence_links"] == (
        ["https://example.org/wire/1"],
        ["https://example.org/b"],
    )
    assert events[0]["at"] == "2026-01-10T09:00:00Z"


def test_the_history_endpoint_reads_in_a_fixed_number_of_queries(api, viewer, reviewer, lived_claim):
    client = api(viewer)
    short = ClaimFactory(status=Claim.Status.OPEN)
    client.get(f"/api/claims/{short.pk}/")  # the user's permissions are cached from here on

    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/api/claims/{short.pk}/history/").status_code == 200
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(f"/api/claims/{lived_claim.pk}/history/").json()) == 9

    assert len(many) == len(few)
    # The claim, its history rows, their claimants and their tags, the outcome's rows, the revisions',
    # quote changes.
    assert len(many) == 7, [q["sql"] for q in many.captured_queries]


def test_the_history_endpoint_has_the_claims_own_visibility(api, settings, outsider, lived_claim):
    url = f"/api/claims/{lived_claim.pk}/history/"
    open_claim = ClaimFactory(status=Claim.Status.OPEN)
    assert api().get(url).status_code == 401
    assert api(outsider).get(url).status_code == 403

    settings.API_ANONYMOUS_READ = True
    assert api().get(url).status_code == 200  # resolved: public
    assert api().get(f"/api/claims/{open_claim.pk}/history/").status_code == 404


def test_the_history_endpoint_is_in_the_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"]["/api/claims/{id}/history/"]["get"]
    assert "draft" in operation["description"]
    assert "/api/claims/{id}/release/" in schema["paths"]


# --- the admin's history pages ---------------------------------------------------------


def test_admin_history_names_the_system_and_shows_times_like_the_rest_of_the_admin(
    client, viewer, lived_claim
):
    client.force_login(viewer)
    page = client.get(reverse("admin:claims_claim_history", args=[lived_claim.pk])).content.decode()

    assert ">system</em>" in page
    assert "None" not in page
    assert FLAGGED_REASON in page
    assert "Nov. 5, 2026, 9 a.m." in page  # flagged_due_at, localized like the change page
    assert "+00:00" not in page  # no raw datetimes (with microseconds) in the changes
    assert "Updated at" not in page  # bookkeeping is not a change


def test_evidence_links_are_clickable_on_the_outcome_history_and_the_claims_page(client, viewer, lived_claim):
    client.force_login(viewer)
    outcome = Outcome.objects.get(claim=lived_claim)
    link = '<a href="https://example.org/b" rel="noopener noreferrer" target="_blank">'

    history = client.get(reverse("admin:claims_outcome_history", args=[outcome.pk])).content.decode()
    assert link in history
    assert '<a href="https://example.org/wire/1"' in history  # the earlier verdict's evidence
    assert "[&#x27;https" not in history and "['https" not in history  # no raw JSON list
    row = outcome.history.first().history_id
    detail = client.get(
        reverse("admin:claims_outcome_simple_history", args=[outcome.pk, row])
    ).content.decode()
    assert link in detail
    assert link in client.get(reverse("admin:claims_outcome_change", args=[outcome.pk])).content.decode()
    assert link in client.get(reverse("admin:claims_claim_change", args=[lived_claim.pk])).content.decode()


@pytest.mark.parametrize("version", ["abc", "999999"])
def test_an_unknown_history_row_is_a_404(client, viewer, lived_claim, version):
    client.force_login(viewer)
    url = f"/admin/claims/claim/{lived_claim.pk}/history/{version}/"
    assert client.get(url).status_code == 404


def test_a_correction_is_an_event_with_its_reason_and_the_fields_it_changed(api, viewer, editor):
    claim = ClaimFactory(status=Claim.Status.OPEN, statement="Turnout exceeds 60%.")
    claim_correct(claim=claim, by=editor, reason="Misread the figure.", statement="Turnout exceeds 66%.")

    corrected = api(viewer).get(f"/api/claims/{claim.pk}/history/").json()[-1]

    assert (corrected["event"], corrected["by"]) == ("corrected", "editor")
    assert corrected["reason"] == "Corrected: Misread the figure."
    changes = {c["field"]: (c["old"], c["new"]) for c in corrected["changes"]}
    assert changes["statement"] == ("Turnout exceeds 60%.", "Turnout exceeds 66%.")
    assert "claimants" not in changes and "tags" not in changes
