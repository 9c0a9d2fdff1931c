"""Scorecards against hand-computed values, and the scoring rule they share with tracker.scoring."""

import csv
import io
import math
from datetime import date

import pytest
import time_machine

from claims.models import Claim
from tests.factories import AuthorFactory, ClaimFactory, OutcomeFactory, TagFactory
from tracker import scoring

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)
PAST = date(2025, 6, 30)

# Claimant "Ann", by hand (o: true 1, partly_true 0.5, false 0; annulled/unresolvable excluded):
#
# | claim | p     | status    | verdict      | o   | (p - o)^2 | bin |
# |-------|-------|-----------|--------------|-----|-----------|-----|
# | a1    | 0.9   | resolved  | true         | 1   | 0.01      | 9   |
# | a2    | 0.7   | resolved  | false        | 0   | 0.49      | 7   |
# | a3    | 0.6   | resolved  | partly_true  | 0.5 | 0.01      | 6   |
# | a4    | None  | resolved  | true         | 1   | -         | -   |
# | a5    | 0.8   | resolved  | annulled     | -   | -         | -   |
# | a6    | 0.3   | resolved  | unresolvable | -   | -         | -   |
# | a7    | 0.675 | open      | (past due)   |     |           |     |
# | a8    | 0.675 | due       | (past due)   |     |           |     |
# | a9    | 0.675 | draft     |              |     |           |     |  editors only
# | a10   | 0.675 | withdrawn |              |     |           |     |  never counted
#
# scored 4, all forecast above 50% or asserted (no p), so a hit is o:
# hit rate (1 + 0 + 0.5 + 1) / 4 = 0.625; Brier over 3: (0.01 + 0.49 + 0.01) / 3 = 0.17.
ANN_EXPECTED = {
    "claims": 8,
    "draft": 0,
    "open": 1,
    "due": 1,
    "overdue_unreviewed": 2,
    "resolved": 6,
    "verdicts": {"true": 2, "partly_true": 1, "false": 1, "annulled": 1, "unresolvable": 1},
    "scored": 4,
    "hit_rate_claims": 4,
    "hit_rate": 0.625,
    "brier_claims": 3,
    "brier_score": 0.17,
}
ANN_BINS = {9: (1, 0.9, 1.0), 7: (1, 0.7, 0.0), 6: (1, 0.6, 0.5)}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _resolved(claimant, probability, verdict, **claim_fields):
    claim = ClaimFactory(
        claimants=[claimant], probability=probability, status=Claim.Status.RESOLVED, **claim_fields
    )
    OutcomeFactory(claim=claim, verdict=verdict)
    return claim


@pytest.fixture
def world():
    ann, bob, cat = AuthorFactory(name="Ann"), AuthorFactory(name="Bob"), AuthorFactory(name="Cat")
    _resolved(ann, 0.9, "true")
    _resolved(ann, 0.7, "false")
    _resolved(ann, 0.6, "partly_true")
    _resolved(ann, None, "true", hedge="")
    _resolved(ann, 0.8, "annulled", kind=Claim.Kind.CONDITIONAL, condition="If the talks resume")
    _resolved(ann, 0.3, "unresolvable")
    ClaimFactory(claimants=[ann], status=Claim.Status.OPEN, due_on=PAST, window_start=None)
    ClaimFactory(claimants=[ann], status=Claim.Status.DUE, due_on=PAST, window_start=None)
    ClaimFactory(claimants=[ann], status=Claim.Status.DRAFT)
    ClaimFactory(claimants=[ann], status=Claim.Status.WITHDRAWN)
    # Bob: claims, none resolved. Cat: no claims at all.
    ClaimFactory(claimants=[bob], status=Claim.Status.OPEN)
    ClaimFactory(claimants=[bob], status=Claim.Status.OPEN)
    return {"ann": ann, "bob": bob, "cat": cat}


def _rows(api, user, **params):
    response = api(user).get("/api/scorecards/", params)
    assert response.status_code == 200, response.content
    return {row["label"]: row for row in response.json()["results"]}


def _check(row, expected):
    for field, value in expected.items():
        if isinstance(value, float):
            assert row[field] == pytest.approx(value), field
        else:
            assert row[field] == value, field


def test_scoring_rule_values():
    assert [scoring.outcome_value(v) for v in ("true", "partly_true", "false")] == [1.0, 0.5, 0.0]
    assert scoring.outcome_value("annulled") is None
    assert scoring.outcome_value("unresolvable") is None
    assert scoring.brier(0.7, 0.0) == pytest.approx(0.49)
    assert [scoring.hit_value(p, 0.0) for p in (0.9, None, 0.2, 0.5)] == [0.0, 0.0, 1.0, None]
    assert scoring.hit_value(0.2, 0.5) == 0.5
    probabilities = (0.05, 0.1, 0.6, 0.675, 0.7, 0.95, 1.0)
    assert [scoring.calibration_bin(p) for p in probabilities] == [0, 1, 6, 6, 7, 9, 9]


def test_claimant_row_matches_the_hand_computed_table(api, viewer, world):
    ann = _rows(api, viewer, group_by="claimant")["Ann"]
    _check(ann, ANN_EXPECTED)
    bins = {b["bin"]: (b["count"], b["mean_forecast"], b["observed_frequency"]) for b in ann["calibration"]}
    assert len(bins) == 10
    for index, (count, mean_forecast, observed) in bins.items():
        if index in ANN_BINS:
            assert (count, mean_forecast, observed) == pytest.approx(ANN_BINS[index])
        else:
            assert (count, mean_forecast, observed) == (0, None, None)


def test_group_with_no_resolved_claims_has_null_rates_not_zero(api, viewer, world):
    bob = _rows(api, viewer)["Bob"]
    assert (bob["claims"], bob["open"], bob["resolved"], bob["scored"]) == (2, 2, 0, 0)
    assert bob["hit_rate"] is None
    assert bob["brier_score"] is None
    assert all(b["count"] == 0 and b["observed_frequency"] is None for b in bob["calibration"])


def test_empty_groups_are_not_listed_and_their_detail_is_zero_with_nulls(api, viewer, world):
    assert "Cat" not in _rows(api, viewer)
    response = api(viewer).get(f"/api/scorecards/claimants/{world['cat'].pk}/")
    assert response.status_code == 200
    cat = response.json()
    assert (cat["label"], cat["claims"], cat["scored"]) == ("Cat", 0, 0)
    assert (cat["hit_rate"], cat["brier_score"]) == (None, None)
    assert _rows(api, viewer, claimant=world["cat"].pk) == {}


def test_claimant_detail_matches_the_list_row(api, viewer, world):
    detail = api(viewer).get(f"/api/scorecards/claimants/{world['ann'].pk}/").json()
    _check(detail, ANN_EXPECTED)


def test_drafts_count_for_editors_only(api, viewer, editor, world):
    assert _rows(api, viewer)["Ann"]["draft"] == 0
    ann = _rows(api, editor)["Ann"]
    assert (ann["claims"], ann["draft"]) == (9, 1)
    assert ann["hit_rate"] == pytest.approx(0.625)


def test_filters_narrow_the_scorecard(api, viewer, world):
    ann = _rows(api, viewer, verdict=["true", "false"])["Ann"]
    assert (ann["claims"], ann["scored"]) == (3, 3)
    assert ann["hit_rate"] == pytest.approx(2 / 3)
    assert ann["brier_score"] == pytest.approx((0.01 + 0.49) / 2)


def test_a_claim_counts_once_for_each_claimant_and_tag(api, viewer):
    ann, bob = AuthorFactory(name="Ann"), AuthorFactory(name="Bob")
    region, topic = TagFactory(name="Caucasus"), TagFactory(kind="topic", name="Energy")
    claim = _resolved(ann, 0.9, "false", tags=[region, topic])
    claim.claimants.add(bob)
    by_claimant = _rows(api, viewer, group_by="claimant")
    assert {name: row["scored"] for name, row in by_claimant.items()} == {"Ann": 1, "Bob": 1}
    by_tag = _rows(api, viewer, group_by="tag")
    assert set(by_tag) == {"Region: Caucasus", "Topic: Energy"}
    assert by_tag["Topic: Energy"]["brier_score"] == pytest.approx(0.81)


def test_year_is_the_year_a_claim_comes_due_and_publication_groups(api, viewer, world):
    by_year = _rows(api, viewer, group_by="year")
    assert by_year["2025"]["claims"] == 2  # the two past-due claims
    assert by_year["2026"]["claims"] == 8
    by_publication = _rows(api, viewer, group_by="publication")
    assert sum(row["claims"] for row in by_publication.values()) == 10


def test_not_before_and_conditional_claims_score_on_their_statement(api, viewer):
    dana = AuthorFactory(name="Dana")
    _resolved(dana, 0.9, "true", kind=Claim.Kind.NOT_BEFORE)  # it did not happen before the date
    _resolved(dana, 0.6, "false", kind=Claim.Kind.CONDITIONAL, condition="If the ceasefire holds")
    _resolved(dana, 0.6, "annulled", kind=Claim.Kind.CONDITIONAL, condition="If sanctions are lifted")
    row = _rows(api, viewer)["Dana"]
    assert (row["scored"], row["hit_rate_claims"], row["hit_rate"]) == (2, 2, pytest.approx(0.5))
    assert row["brier_score"] == pytest.approx((0.01 + 0.36) / 2)


def test_unlikely_forecasts_hit_when_the_thing_did_not_happen_and_even_odds_call_nothing(api, viewer):
    # | p     | verdict     | o   | hit       | (p - o)^2 |
    # | 0.125 | false       | 0   | 1         | 0.015625  |
    # | 0.325 | true        | 1   | 0         | 0.455625  |
    # | 0.325 | partly_true | 0.5 | 0.5       | 0.030625  |
    # | 0.5   | true        | 1   | (no call) | 0.25      |
    fay = AuthorFactory(name="Fay")
    _resolved(fay, 0.125, "false", hedge="distant")
    _resolved(fay, 0.325, "true", hedge="unlikely")
    _resolved(fay, 0.325, "partly_true", hedge="unlikely")
    _resolved(fay, 0.5, "true", hedge="may")
    row = _rows(api, viewer)["Fay"]
    _check(
        row,
        {"scored": 4, "hit_rate_claims": 3, "hit_rate": 0.5, "brier_claims": 4, "brier_score": 0.18796875},
    )
    bins = {b["bin"]: (b["count"], b["mean_forecast"], b["observed_frequency"]) for b in row["calibration"]}
    assert bins[1] == pytest.approx((1, 0.125, 0.0))
    assert bins[3] == pytest.approx((2, 0.325, 0.75))
    assert bins[5] == pytest.approx((1, 0.5, 1.0))


def test_a_reopened_claim_stops_scoring(api, viewer):
    eve = AuthorFactory(name="Eve")
    claim = _resolved(eve, 0.9, "true")
    Claim.objects.filter(pk=claim.pk).update(status=Claim.Status.DUE)
    row = _rows(api, viewer)["Eve"]
    assert (row["resolved"], row["scored"], row["verdicts"]["true"], row["hit_rate"]) == (0, 0, 0, None)


def test_bad_group_by_or_filter_is_a_400_with_a_message(api, viewer, world):
    response = api(viewer).get("/api/scorecards/", {"group_by": "colour"})
    assert response.status_code == 400
    assert "group_by" in response.json()
    response = api(viewer).get("/api/scorecards/", {"resolved_after": "not-a-date"})
    assert response.status_code == 400
    assert response.json() == {"resolved_after": ["Enter a valid date."]}


def test_public_scorecards_with_anonymous_read_count_published_claims_without_drafts(api, world, settings):
    settings.API_ANONYMOUS_READ = True
    ann = _rows(api, None)["Ann"]
    _check(ann, ANN_EXPECTED)
    settings.API_ANONYMOUS_READ = False
    assert api().get("/api/scorecards/").status_code == 401


def test_every_new_score_is_in_the_api_with_its_interval(api, viewer, world):
    ann = _rows(api, viewer)["Ann"]
    # Ann's three Brier claims (0.9 true, 0.7 false, 0.6 partly): no revisions, so the
    # time-averaged Brier is the Brier as published; log score by hand, natural log.
    assert ann["time_averaged_brier"] == pytest.approx(0.17)
    assert ann["log_score"] == pytest.approx(
        (math.log(0.9) + math.log(0.3) + (math.log(0.6) + math.log(0.4)) / 2) / 3
    )
    assert ann["log_score_interval"][1] <= 0
    assert ann["unresolvable_share"] == pytest.approx(1 / 6)
    assert ann["no_time_bound_share"] == 0
    assert {h["hedge"] for h in ann["hedges"]} == {"likely"}  # the factory's hedge


def test_scorecards_and_hedge_tables_export_as_csv(api, viewer, world):
    response = api(viewer).get("/api/scorecards/export/", {"group_by": "claimant"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [line["label"] for line in lines] == ["Ann", "Bob"]
    assert float(lines[0]["brier_score"]) == pytest.approx(0.17)
    assert lines[0]["verdict_unresolvable"] == "1"
    assert lines[0]["hit_rate_low"] and lines[1]["hit_rate_low"] == ""  # Bob: nothing resolved
    site = api(viewer).get("/api/scorecards/hedges/export/")
    assert next(csv.reader(io.StringIO(site.content.decode())))[-1] == "proposed_probability"
    grouped = api(viewer).get("/api/scorecards/hedges/export/", {"group_by": "claimant"})
    assert next(csv.reader(io.StringIO(grouped.content.decode())))[:3] == [
        "claimant_key",
        "claimant_label",
        "hedge",
    ]
    assert api(viewer).get("/api/scorecards/export/", {"group_by": "colour"}).status_code == 400


def test_the_site_hedge_table_counts_scored_claims_only(api, viewer, world):
    response = api(viewer).get("/api/scorecards/hedges/")
    assert response.status_code == 200
    (likely,) = response.json()["results"]
    # Ann's a1-a3 and a5/a6 say "likely" but annulled and unresolvable do not score.
    assert (likely["hedge"], likely["claims"], likely["came_true"]) == ("likely", 3, 1.5)
    assert response.json()["proposed_hedge_probabilities"] == {}
