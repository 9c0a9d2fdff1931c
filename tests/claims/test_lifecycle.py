"""Every lifecycle move through the services, legal and illegal.

Flagging (open -> due) belongs to the tracker and is tested there.
"""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from claims.models import Claim, Outcome
from claims.services import (
    ClaimTransitionError,
    claim_assign,
    claim_extend_deadline,
    claim_publish,
    claim_reopen,
    claim_withdraw,
    outcome_record,
)
from tests.factories import ClaimFactory, OutcomeFactory, UserFactory

pytestmark = pytest.mark.django_db

S = Claim.Status
TODAY = date(2027, 3, 1)


@pytest.fixture(autouse=True)
def today():
    """Every test here runs on 2027-03-01."""
    with time_machine.travel(datetime(2027, 3, 1, 12, 0, tzinfo=UTC), tick=False):
        yield


def claim_in(status: str, **fields) -> Claim:
    if status == S.RESOLVED:
        return OutcomeFactory(
            claim__due_on=date(2027, 1, 31), **{f"claim__{k}": v for k, v in fields.items()}
        ).claim
    return ClaimFactory(status=status, **fields)


def record(claim, reviewer, **overrides):
    values = {
        "verdict": Outcome.Verdict.TRUE,
        "rationale": "Reported by two wire services.",
        "known_on": date(2027, 2, 1),
        "evidence_links": ["https://example.org/a"],
        **overrides,
    }
    return outcome_record(claim=claim, reviewer=reviewer, **values)


def latest_reason(claim) -> str:
    return claim.history.first().history_change_reason


# --- publish ----------------------------------------------------------------------


def test_publishing_a_draft_opens_it(editor):
    claim = claim_publish(claim=claim_in(S.DRAFT), by=editor)
    assert claim.status == S.OPEN
    assert latest_reason(claim) == "Published"
    assert claim.history.first().history_user == editor


@pytest.mark.parametrize("status", [S.OPEN, S.DUE, S.RESOLVED, S.WITHDRAWN])
def test_only_drafts_can_be_published(editor, status):
    claim = claim_in(status)
    with pytest.raises(
        ClaimTransitionError, match=f"Cannot publish a claim that is {S(status).label.lower()}"
    ):
        claim_publish(claim=claim, by=editor)
    claim.refresh_from_db()
    assert claim.status == status


# --- withdraw ---------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.DRAFT, S.OPEN, S.DUE])
def test_a_claim_not_yet_resolved_can_be_withdrawn_with_its_reason_kept(editor, status):
    claim = claim_withdraw(claim=claim_in(status), by=editor, reason=" Duplicate. ")
    assert claim.status == S.WITHDRAWN
    assert latest_reason(claim) == "Withdrawn: Duplicate."


@pytest.mark.parametrize("status", [S.RESOLVED, S.WITHDRAWN])
def test_resolved_or_withdrawn_claims_cannot_be_withdrawn(editor, status):
    with pytest.raises(ClaimTransitionError, match="Cannot withdraw"):
        claim_withdraw(claim=claim_in(status), by=editor, reason="Duplicate.")


@pytest.mark.parametrize("reason", ["", "   "])
def test_withdrawing_needs_a_reason(editor, reason):
    claim = claim_in(S.OPEN)
    with pytest.raises(ClaimTransitionError, match="A reason is required to withdraw a claim."):
        claim_withdraw(claim=claim, by=editor, reason=reason)
    claim.refresh_from_db()
    assert claim.status == S.OPEN


# --- assign -----------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.DRAFT, S.OPEN, S.DUE])
def test_a_live_claim_can_be_assigned_to_a_reviewer(editor, reviewer, status):
    claim = claim_assign(claim=claim_in(status), reviewer=reviewer, by=editor)
    assert claim.reviewer == reviewer
    assert claim.status == status
    assert latest_reason(claim) == "Assigned to reviewer"


@pytest.mark.parametrize("status", [S.RESOLVED, S.WITHDRAWN])
def test_a_closed_claim_cannot_be_assigned(reviewer, status):
    claim = claim_in(status)
    with pytest.raises(ClaimTransitionError, match="Cannot assign"):
        claim_assign(claim=claim, reviewer=reviewer, by=reviewer)
    claim.refresh_from_db()
    assert claim.reviewer != reviewer


# --- extend deadline --------------------------------------------------------------


def test_extending_a_due_claim_past_today_opens_it_again_and_keeps_the_reason(editor):
    claim = claim_in(
        S.DUE,
        due_on=date(2027, 1, 31),
        deadline_inferred=True,
        flagged_due_at=datetime(2027, 2, 1, tzinfo=UTC),
    )

    claim = claim_extend_deadline(claim=claim, due_on=date(2027, 12, 31), reason="Vote postponed.", by=editor)

    assert (claim.status, claim.due_on, claim.flagged_due_at) == (S.OPEN, date(2027, 12, 31), None)
    assert claim.deadline_inferred is False
    assert latest_reason(claim) == "Deadline extended from 2027-01-31 to 2027-12-31: Vote postponed."
    assert claim.history.first().history_user == editor


def test_extending_to_a_date_still_past_leaves_the_claim_due(editor):
    claim = claim_in(S.DUE, window_start=None, due_on=date(2027, 1, 31))
    claim = claim_extend_deadline(claim=claim, due_on=date(2027, 2, 28), reason="Late data.", by=editor)
    assert claim.status == S.DUE


def test_extending_a_draft_keeps_it_a_draft(editor):
    claim = claim_in(S.DRAFT, due_on=date(2027, 1, 31))
    claim = claim_extend_deadline(claim=claim, due_on=date(2028, 1, 31), reason="Longer horizon.", by=editor)
    assert claim.status == S.DRAFT


@pytest.mark.parametrize("new_due_on", [date(2026, 12, 31), date(2027, 1, 31)])
def test_a_deadline_can_only_move_later(editor, new_due_on):
    claim = claim_in(S.OPEN, window_start=None, due_on=date(2027, 1, 31))
    with pytest.raises(ClaimTransitionError, match="must be after the current one"):
        claim_extend_deadline(claim=claim, due_on=new_due_on, reason="Oops.", by=editor)


def test_extending_needs_a_reason(editor):
    with pytest.raises(ClaimTransitionError, match="A reason is required"):
        claim_extend_deadline(claim=claim_in(S.OPEN), due_on=date(2030, 1, 1), reason="", by=editor)


@pytest.mark.parametrize("status", [S.RESOLVED, S.WITHDRAWN])
def test_a_closed_claims_deadline_cannot_be_extended(editor, status):
    with pytest.raises(ClaimTransitionError, match="Cannot extend the deadline"):
        claim_extend_deadline(claim=claim_in(status), due_on=date(2030, 1, 1), reason="Why not.", by=editor)


# --- record outcome ---------------------------------------------------------------


@pytest.mark.parametrize("status", [S.OPEN, S.DUE])
def test_recording_an_outcome_resolves_an_open_or_due_claim(reviewer, status):
    claim = claim_in(status)

    outcome = record(claim, reviewer, evidence_links="https://example.org/a\nhttps://example.org/b\n")

    claim.refresh_from_db()
    assert claim.status == S.RESOLVED
    assert claim.resolved_at is not None
    assert claim.reviewer == reviewer
    assert outcome.evidence_links == ["https://example.org/a", "https://example.org/b"]
    assert latest_reason(claim) == "Resolved as true"
    assert outcome.history.first().history_change_reason == "Verdict: true"
    assert outcome.history.first().history_user == reviewer


def test_recording_keeps_the_assigned_reviewer(reviewer):
    assigned = UserFactory(username="assigned")
    claim = claim_in(S.DUE, reviewer=assigned)
    record(claim, reviewer)
    claim.refresh_from_db()
    assert claim.reviewer == assigned


@pytest.mark.parametrize("status", [S.DRAFT, S.RESOLVED, S.WITHDRAWN])
def test_outcomes_are_only_recorded_for_open_or_due_claims(reviewer, status):
    claim = claim_in(status)
    with pytest.raises(ClaimTransitionError, match="Cannot record an outcome"):
        record(claim, reviewer)


def test_only_a_conditional_claim_can_be_annulled(reviewer):
    plain = claim_in(S.DUE, kind=Claim.Kind.OCCURS_BY)
    conditional = claim_in(S.DUE, kind=Claim.Kind.CONDITIONAL, condition="If talks collapse")

    with pytest.raises(ValidationError) as excinfo:
        record(plain, reviewer, verdict=Outcome.Verdict.ANNULLED, evidence_links=[])
    assert excinfo.value.message_dict["verdict"] == [
        "Only a conditional claim can be annulled (its condition was not met)."
    ]

    assert record(conditional, reviewer, verdict=Outcome.Verdict.ANNULLED, evidence_links=[]).pk


@pytest.mark.parametrize(
    "verdict", [Outcome.Verdict.TRUE, Outcome.Verdict.PARTLY_TRUE, Outcome.Verdict.FALSE]
)
def test_a_verdict_on_the_facts_needs_evidence(reviewer, verdict):
    with pytest.raises(ValidationError) as excinfo:
        record(claim_in(S.DUE), reviewer, verdict=verdict, evidence_links=["", "  "])
    assert excinfo.value.message_dict == {
        "evidence_links": ["Give at least one evidence link for this verdict."]
    }


def test_unresolvable_needs_no_evidence(reviewer):
    outcome = record(claim_in(S.DUE), reviewer, verdict=Outcome.Verdict.UNRESOLVABLE, evidence_links=[])
    assert outcome.evidence_links == []


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"evidence_links": ["ftp://example.org/x"]},
            "evidence_links",
            "Not a valid link: ftp://example.org/x",
        ),
        ({"verdict": "maybe"}, "verdict", "Unknown verdict 'maybe'."),
        ({"rationale": "  "}, "rationale", "Explain the verdict."),
        ({"known_on": date(2027, 3, 2)}, "known_on", "The outcome cannot be known on a future date."),
        (
            {"known_on": date(2025, 1, 14)},
            "known_on",
            "The outcome cannot be known before the article was published.",
        ),
    ],
)
def test_a_bad_outcome_is_refused_field_by_field_and_nothing_is_saved(reviewer, overrides, field, message):
    claim = claim_in(S.DUE)

    with pytest.raises(ValidationError) as excinfo:
        record(claim, reviewer, **overrides)

    assert excinfo.value.message_dict[field] == [message]
    claim.refresh_from_db()
    assert claim.status == S.DUE
    assert not Outcome.objects.exists()


# --- reopen -----------------------------------------------------------------------


def test_reopening_a_resolved_claim_keeps_the_reason_and_the_outcome(reviewer):
    claim = claim_in(S.DUE, due_on=date(2027, 1, 31))
    outcome = record(claim, reviewer)

    claim = claim_reopen(claim=claim, reason="Verdict was premature.", by=reviewer)

    assert claim.status == S.DUE  # its due date has passed
    assert claim.resolved_at is None
    assert latest_reason(claim) == "Reopened: Verdict was premature."
    assert Outcome.objects.filter(pk=outcome.pk).exists()


def test_a_reopened_claim_whose_date_is_ahead_is_open_and_a_new_verdict_updates_the_outcome(reviewer):
    claim = claim_in(S.OPEN, due_on=date(2027, 12, 31))
    first = record(claim, reviewer, verdict=Outcome.Verdict.TRUE)

    claim = claim_reopen(claim=claim, reason="Too early to call.", by=reviewer)
    assert claim.status == S.OPEN
    second = record(claim, reviewer, verdict=Outcome.Verdict.FALSE)

    assert second.pk == first.pk
    assert Outcome.objects.get().verdict == Outcome.Verdict.FALSE
    assert [h.verdict for h in second.history.all()] == ["false", "true"]


def test_a_withdrawn_claim_can_be_reopened(editor):
    claim = claim_in(S.WITHDRAWN, due_on=date(2027, 12, 31))
    assert claim_reopen(claim=claim, reason="Withdrawn by mistake.", by=editor).status == S.OPEN


@pytest.mark.parametrize("reason", ["", "  "])
def test_reopening_without_a_reason_is_refused(reviewer, reason):
    claim = claim_in(S.RESOLVED)
    with pytest.raises(ClaimTransitionError, match="A reason is required to reopen a claim."):
        claim_reopen(claim=claim, reason=reason, by=reviewer)
    claim.refresh_from_db()
    assert claim.status == S.RESOLVED


@pytest.mark.parametrize("status", [S.DRAFT, S.OPEN, S.DUE])
def test_only_resolved_or_withdrawn_claims_can_be_reopened(reviewer, status):
    with pytest.raises(ClaimTransitionError, match="Cannot reopen"):
        claim_reopen(claim=claim_in(status), reason="Because.", by=reviewer)


def test_a_withdrawn_draft_is_reopened_as_a_draft_not_published(editor):
    claim = claim_withdraw(claim=claim_in(S.DRAFT), reason="Mis-extracted.", by=editor)
    assert claim_reopen(claim=claim, reason="It was a real claim.", by=editor).status == S.DRAFT
