"""Revisions: a later statement by the claimant, recorded beside the published forecast (never over it)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from claims.history import Event, claim_events
from claims.models import Claim, ClaimRevision
from claims.services import revision_create
from claims.services.lifecycle import ClaimTransitionError
from claims.services.revisions import standing_probability
from tests.factories import ArticleFactory, ClaimFactory

TODAY = date(2026, 6, 1)
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

Kind = ClaimRevision.Kind
Status = Claim.Status


@pytest.fixture
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def claim():
    """Published 2025-01-15, "likely" (0.675), due 2026-12-31."""
    return ClaimFactory()


@pytest.fixture
def later_article(claim):
    return ArticleFactory(published_on=date(2025, 9, 1), authors=list(claim.claimants.all()))


def test_raising_keeps_the_published_forecast_and_records_who_and_why(claim, later_article, editor):
    revision = revision_create(
        claim=claim,
        by=editor,
        kind=Kind.RAISED,
        article=later_article,
        quote="It will almost certainly happen by late 2026.",
        hedge="almost certainly",
        note="Same event, firmer wording.",
    )
    assert revision.stated_on == later_article.published_on  # the default
    assert revision.probability == 0.97  # from the hedge, on the one scale
    claim.refresh_from_db()
    assert (claim.probability, claim.hedge, claim.status) == (0.675, "likely", Status.OPEN)
    row = revision.history.get()
    assert (row.history_user, row.history_change_reason) == (editor, "Same event, firmer wording.")
    assert list(claim.revisions.all()) == [revision]


def test_the_kind_must_agree_with_the_numbers(claim, later_article, editor):
    with pytest.raises(ValidationError) as raised:
        revision_create(claim=claim, by=editor, kind=Kind.RAISED, article=later_article, hedge="unlikely")
    assert "not higher than the standing probability 0.675" in str(raised.value.message_dict["kind"])
    with pytest.raises(ValidationError) as restated:
        revision_create(claim=claim, by=editor, kind=Kind.RESTATED, article=later_article, probability=0.9)
    assert "record it as raised" in str(restated.value.message_dict["kind"])
    with pytest.raises(ValidationError) as no_number:
        revision_create(claim=claim, by=editor, kind=Kind.LOWERED, article=later_article)
    assert "probability" in no_number.value.message_dict
    assert not ClaimRevision.objects.exists()


def test_a_restatement_without_a_number_leaves_the_last_number_standing(claim, editor):
    revision_create(claim=claim, by=editor, kind=Kind.LOWERED, stated_on=date(2025, 6, 1), probability=0.3)
    revision_create(claim=claim, by=editor, kind=Kind.RESTATED, stated_on=date(2025, 9, 1))
    assert standing_probability(claim, on=date(2025, 5, 31)) == 0.675
    assert standing_probability(claim, on=date(2025, 10, 1)) == 0.3
    # Raised is measured against the standing 0.3, not the published 0.675.
    revision_create(claim=claim, by=editor, kind=Kind.RAISED, stated_on=date(2025, 10, 1), probability=0.5)
    kinds = list(claim.revisions.values_list("kind", "probability"))
    assert kinds == [(Kind.LOWERED, 0.3), (Kind.RESTATED, None), (Kind.RAISED, 0.5)]


@pytest.mark.parametrize("status", [Status.DRAFT, Status.RESOLVED, Status.WITHDRAWN])
def test_only_open_or_due_claims_are_revised(status, editor):
    claim = ClaimFactory(status=status)
    with pytest.raises(ClaimTransitionError, match="Only an open or due claim"):
        revision_create(claim=claim, by=editor, kind=Kind.RESTATED, stated_on=date(2025, 6, 1))


def test_only_editors_revise(claim, reviewer):
    with pytest.raises(PermissionDenied):
        revision_create(claim=claim, by=reviewer, kind=Kind.RESTATED, stated_on=date(2025, 6, 1))


@pytest.mark.parametrize(
    ("stated_on", "field"),
    [(None, "stated_on"), (date(2024, 12, 31), "stated_on"), (date(2026, 6, 2), "stated_on")],
)
def test_the_date_is_after_publication_and_not_in_the_future(claim, editor, stated_on, field):
    with pytest.raises(ValidationError) as error:
        revision_create(claim=claim, by=editor, kind=Kind.RESTATED, stated_on=stated_on)
    assert field in error.value.message_dict


def test_the_claims_own_article_is_not_a_later_statement(claim, editor):
    with pytest.raises(ValidationError) as error:
        revision_create(claim=claim, by=editor, kind=Kind.RESTATED, article=claim.article)
    assert "article" in error.value.message_dict


def test_a_later_window_extends_the_deadline_and_reopens_a_due_claim(editor):
    claim = ClaimFactory(status=Status.DUE, due_on=date(2026, 3, 31), window_start=None)
    revision = revision_create(
        claim=claim,
        by=editor,
        kind=Kind.MOVED_WINDOW,
        stated_on=date(2026, 4, 2),
        time_expression="late 2027",
    )
    assert (revision.window_start, revision.due_on) == (date(2027, 9, 1), date(2027, 12, 31))
    assert revision.precision == Claim.Precision.PART_OF_YEAR
    claim.refresh_from_db()
    assert (claim.due_on, claim.status, claim.flagged_due_at) == (date(2027, 12, 31), Status.OPEN, None)
    reason = claim.history.first().history_change_reason
    assert reason.startswith("Deadline extended from 2026-03-31 to 2027-12-31: Revision")
    assert claim.revisions.get().probability is None  # no new number was stated


def test_an_earlier_window_is_recorded_but_the_original_window_is_still_checked(claim, editor):
    revision_create(
        claim=claim, by=editor, kind=Kind.MOVED_WINDOW, stated_on=date(2025, 9, 1), due_on=date(2026, 6, 30)
    )
    claim.refresh_from_db()
    assert claim.due_on == date(2026, 12, 31)
    assert claim.revisions.get().due_on == date(2026, 6, 30)


def test_a_moved_window_needs_a_new_date(claim, editor):
    with pytest.raises(ValidationError) as error:
        revision_create(claim=claim, by=editor, kind=Kind.MOVED_WINDOW, stated_on=date(2025, 9, 1))
    assert "due_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        revision_create(claim=claim, by=editor, kind=Kind.RAISED, stated_on=date(2025, 9, 1), due_on=TODAY)
    assert "due_on" in error.value.message_dict


def test_a_withdrawal_by_the_claimant_leaves_the_claim_to_be_checked_and_scored(claim, later_article, editor):
    revision = revision_create(
        claim=claim, by=editor, kind=Kind.WITHDRAWN, article=later_article, note="He no longer expects it."
    )
    claim.refresh_from_db()
    assert claim.status == Status.OPEN  # the published forecast is still on the record
    assert (revision.kind, revision.probability) == (Kind.WITHDRAWN, None)
    assert claim.revisions.get() == revision
    # The claimant may come back to it: a later revision is still taken.
    later = {"article": later_article, "stated_on": date(2025, 9, 2)}
    revision_create(claim=claim, by=editor, kind=Kind.RESTATED, **later)
    assert claim.revisions.count() == 2


def test_the_database_refuses_impossible_revisions(claim, editor):
    base = {"claim": claim, "stated_on": date(2025, 9, 1), "created_by": editor}
    for bad in (
        {"kind": Kind.RAISED, "probability": 1.0},
        {"kind": Kind.RAISED, "probability": None},
        {"kind": Kind.WITHDRAWN, "probability": 0.5},
        {"kind": Kind.MOVED_WINDOW},
        {"kind": Kind.RESTATED, "due_on": date(2027, 1, 1)},
        {"kind": Kind.MOVED_WINDOW, "window_start": date(2027, 2, 1), "due_on": date(2027, 1, 1)},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ClaimRevision.objects.create(**base, **bad)


def test_the_claims_audit_trail_shows_the_revision_and_what_it_caused(claim, later_article, editor, viewer):
    revision_create(
        claim=claim,
        by=editor,
        kind=Kind.MOVED_WINDOW,
        article=later_article,
        due_on=date(2027, 6, 30),
        note="Delayed.",
    )
    events = claim_events(claim=claim, user=viewer)
    revised = next(e for e in events if e.event == Event.REVISED)
    extended = next(e for e in events if e.event == Event.DEADLINE_EXTENDED)
    assert events.index(revised) < events.index(extended)
    assert (revised.event, revised.by, revised.reason) == (Event.REVISED, "editor", "Delayed.")
    assert {c["field"]: c["new"] for c in revised.changes}["kind"] == Kind.MOVED_WINDOW
    assert (extended.event, extended.by) == (Event.DEADLINE_EXTENDED, "editor")
    assert extended.reason.endswith("Delayed.")
