from datetime import date

import pytest

from claims.models import Claim
from claims.services import ClaimTransitionError, claim_publish, outcome_record
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_publishing_an_open_claim_is_refused_with_a_clear_message(editor):
    claim = ClaimFactory(status=Claim.Status.OPEN)
    with pytest.raises(ClaimTransitionError, match="Cannot publish a claim that is open"):
        claim_publish(claim=claim, by=editor)


def test_recording_an_outcome_resolves_the_claim_and_is_audited(reviewer):
    claim = ClaimFactory(status=Claim.Status.DUE)
    outcome_record(
        claim=claim,
        reviewer=reviewer,
        verdict="true",
        rationale="Reported by the wire services.",
        known_on=date(2025, 6, 1),
        evidence_links=["https://example.org/a"],
    )
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RESOLVED
    assert claim.history.first().history_change_reason == "Resolved as true"
