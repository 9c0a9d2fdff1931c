"""The scorecard summary: the same rows as the live scorecards, never staler than a scoring change."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from claims.models import Claim
from claims.services.lifecycle import claim_reopen, outcome_record
from claims.visibility import claims_scored_for
from pages.claim_selectors import leaderboard_top
from tests.factories import AuthorFactory, ClaimFactory, OutcomeFactory, TagFactory
from tracker.models import ScorecardSnapshot
from tracker.scorecards import GROUPINGS
from tracker.services.scorecard_summary import REFRESH_LOCK, scorecards_cached, scorecards_refresh

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world():
    ann, bob = AuthorFactory(name="Ann"), AuthorFactory(name="Bob")
    tags = [TagFactory(), TagFactory()]
    for claimant, probability, verdict in [
        (ann, 0.9, "true"),
        (ann, 0.7, "false"),
        (ann, 0.6, "partly_true"),
        (bob, 0.3, "false"),
        (bob, 0.8, "unresolvable"),
    ]:
        claim = ClaimFactory(
            claimants=[claimant], tags=tags[:1], probability=probability, status=Claim.Status.RESOLVED
        )
        OutcomeFactory(claim=claim, verdict=verdict)
    ClaimFactory(
        claimants=[ann, bob], tags=tags, status=Claim.Status.DUE, due_on=date(2025, 6, 30), window_start=None
    )
    ClaimFactory(claimants=[bob], status=Claim.Status.DRAFT)  # editors only: not in the summary
    ClaimFactory(claimants=[ann], status=Claim.Status.WITHDRAWN)
    return {"ann": ann, "bob": bob}


def _record_true(claim, reviewer):
    outcome_record(
        claim=claim,
        reviewer=reviewer,
        verdict="true",
        rationale="Reported.",
        known_on=date(2026, 1, 5),
        evidence_links=["https://example.org/a"],
    )


def _get(api, user, **params):
    response = api(user).get("/api/scorecards/", params)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("group_by", list(GROUPINGS))
def test_summary_answers_what_the_live_scorecard_answers(api, viewer, world, group_by):
    live = _get(api, viewer, group_by=group_by)
    assert live["computed_at"] is None and live["count"] > 0
    scorecards_refresh()
    summary = _get(api, viewer, group_by=group_by)
    assert summary["computed_at"] is not None
    assert summary["results"] == live["results"]
    assert summary["count"] == live["count"]


def test_a_recorded_outcome_makes_the_summary_stale_until_the_next_refresh(
    api, viewer, reviewer, world, django_capture_on_commit_callbacks
):
    scorecards_refresh()
    due = Claim.objects.get(status=Claim.Status.DUE)
    with django_capture_on_commit_callbacks(execute=True):
        _record_true(due, reviewer)
    assert scorecards_cached("claimant") is None
    after = _get(api, viewer)
    assert after["computed_at"] is None
    assert {row["label"]: row["verdicts"]["true"] for row in after["results"]} == {"Ann": 2, "Bob": 1}

    with time_machine.travel(NOW + timedelta(seconds=1), tick=False):
        scorecards_refresh()
        refreshed = _get(api, viewer)
    assert refreshed["computed_at"] is not None
    assert refreshed["results"] == after["results"]

    with time_machine.travel(NOW + timedelta(seconds=2), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            claim_reopen(claim=due, reason="Wrong source.", by=reviewer)
        assert scorecards_cached("claimant") is None


def test_a_change_rolled_back_leaves_the_summary_fresh(world, reviewer, django_capture_on_commit_callbacks):
    scorecards_refresh()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _record_true(Claim.objects.get(status=Claim.Status.DUE), reviewer)
    assert len(callbacks) == 1  # run only on commit: no commit, nothing marked stale
    assert scorecards_cached("claimant") is not None


def test_an_old_summary_is_not_served(world):
    scorecards_refresh()
    late = NOW + timedelta(seconds=settings.SCORECARD_SUMMARY_MAX_AGE_SECONDS + 1)
    with time_machine.travel(late, tick=False):
        assert scorecards_cached("tag") is None


def test_an_older_refresh_never_replaces_a_newer_one(world):
    scorecards_refresh()
    with time_machine.travel(NOW - timedelta(seconds=30), tick=False):
        scorecards_refresh()  # a slow refresh that started earlier and finished later
    assert set(ScorecardSnapshot.objects.values_list("computed_at", flat=True)) == {NOW}
    assert ScorecardSnapshot.objects.count() == len(GROUPINGS)


def test_a_summary_read_is_one_query(world, django_assert_num_queries):
    scorecards_refresh()
    with django_assert_num_queries(1):
        rows, computed_at = scorecards_cached("claimant")
    assert computed_at == NOW and [row["label"] for row in rows] == ["Ann", "Bob"]


def test_editors_and_filtered_requests_are_computed_live(api, world, viewer, editor, admin_user):
    scorecards_refresh()
    assert _get(api, viewer)["computed_at"] is not None
    assert _get(api, viewer, status="resolved")["computed_at"] is None
    assert _get(api, viewer, search="Something")["computed_at"] is None
    for user in (editor, admin_user):  # their scorecards count drafts
        body = _get(api, user)
        assert body["computed_at"] is None
        assert {row["label"]: row["draft"] for row in body["results"]}["Bob"] == 1


def test_other_roles_get_what_they_got_before(api, world, outsider, reviewer):
    scorecards_refresh()
    assert api(None).get("/api/scorecards/").status_code in (401, 403)  # API_ANONYMOUS_READ off
    assert api(outsider).get("/api/scorecards/").status_code == 403
    assert _get(api, reviewer)["computed_at"] is not None


def test_home_leaders_from_the_summary_equal_the_live_ones(world, viewer, django_assert_num_queries):
    claims = claims_scored_for(viewer)
    live = leaderboard_top(claims=claims, today=NOW.date())
    scorecards_refresh()
    with django_assert_num_queries(1):
        cached = leaderboard_top(claims=claims, today=NOW.date(), user=viewer)
    assert [(r["label"], r["brier_score"], r["resolved"]) for r in cached] == [
        (r["label"], r["brier_score"], r["resolved"]) for r in live
    ]


def test_a_refresh_does_nothing_while_another_runs(world):
    other = connection.get_new_connection(connection.get_connection_params())  # another worker
    try:
        other.execute("SELECT pg_advisory_lock(%s)", [REFRESH_LOCK])
        assert scorecards_refresh() is None
        assert not ScorecardSnapshot.objects.exists()
    finally:
        # Unlock before closing: the server frees a closed session's locks a moment later.
        other.execute("SELECT pg_advisory_unlock(%s)", [REFRESH_LOCK])
        other.close()
    assert scorecards_refresh() == NOW
