"""Every score on the worked example of docs/scoring.md, against the values computed there by hand.

Ann's claims (tag "Caucasus", all due 11 Apr 2026, published 1 Jan 2026: a
100-day life); p is the probability as published, o the verdict's value:

| claim | p   | verdict      | o   | revisions (day: p)                              | hedge        |
|-------|-----|--------------|-----|-------------------------------------------------|--------------|
| c1    | 0.8 | true         | 1   |                                                 | likely       |
| c2    | 0.5 | false        | 0   |                                                 | may          |
| c3    | 0.7 | partly_true  | 0.5 |                                                 | is likely to |
| c4    | 0.2 | false        | 0   | 40: raised 0.6; 70: lowered 0.1                 | unlikely     |
| c5    | 0.9 | true         | 1   | 25: raised 0.95; 30: restated (no number); 50: withdrawn | will  |
| c6    | 0.6 | false        | 0   |                                                 | will likely  |
| c7    | 0.7 | annulled     | -   |                                                 | likely       |
| c8    | 0.3 | unresolvable | -   |                                                 | could        |
| c9    | 0.7 | (open, no time bound)  |                                       | likely       |

Bob: one claim, tag "Steppe" (no other claim), p 0.9, true.
"""

from datetime import date, timedelta
from math import log

import pytest
from django.db import transaction

from claims.models import Claim, ClaimRevision
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ClaimFactory,
    OutcomeFactory,
    TagFactory,
    UserFactory,
)
from tracker import exports, scorecards, scoring

PUBLISHED = date(2026, 1, 1)
DUE = PUBLISHED + timedelta(days=100)  # 11 Apr 2026
TODAY = date(2026, 11, 25)

# By hand (docs/scoring.md, "Worked example").
ANN = {
    "scored": 6,
    "brier_claims": 6,
    "brier_score": 0.74 / 6,  # 0.04 + 0.25 + 0.04 + 0.04 + 0.01 + 0.36
    "hit_rate_claims": 5,  # c2 at 50 % calls nothing
    "hit_rate": 3.5 / 5,  # c1 1, c3 0.5, c4 1 (p < 0.5, false), c5 1, c6 0
    "log_score": (log(0.8) + log(0.5) + (log(0.7) + log(0.3)) / 2 + log(0.8) + log(0.9) + log(0.4)) / 6,
    # leave-one-out base rates 0.3, 0.5, 0.4, 0.5, 0.3, 0.5: (b - o)^2 = .49 .25 .01 .25 .49 .25
    "baseline_brier": 1.74 / 6,
    "brier_skill_score": 1 - 0.74 / 1.74,
    "time_averaged_brier_claims": 6,
    # c4: (0.04·40 + 0.36·30 + 0.01·30) / 100 = 0.127; c5: (0.01·25 + 0.0025·25) / 50 = 0.00625
    "time_averaged_brier": (0.04 + 0.25 + 0.04 + 0.127 + 0.00625 + 0.36) / 6,
    "resolved": 8,
    "unresolvable_share": 1 / 8,
    "claims": 9,
    "no_time_bound": 1,
    "no_time_bound_share": 1 / 9,
}
BOB = {"brier_score": 0.01, "baseline_brier": 0.25, "brier_skill_score": 0.96, "time_averaged_brier": 0.01}


@pytest.fixture(scope="module")
def example(django_db_setup, django_db_blocker):
    """Build the worked example once for the module, and roll it back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        editor = UserFactory(username="example-editor")
        ann, bob = AuthorFactory(name="Ann"), AuthorFactory(name="Bob")
        caucasus, steppe = TagFactory(name="Caucasus"), TagFactory(name="Steppe")
        article = ArticleFactory(published_on=PUBLISHED, authors=[ann])
        claims = {}

        def claim(name, p, verdict, hedge, *, claimant=ann, tag=caucasus, **fields):
            fields.setdefault("status", Claim.Status.RESOLVED if verdict else Claim.Status.OPEN)
            made = ClaimFactory(
                article=article,
                claimants=[claimant],
                tags=[tag],
                probability=p,
                hedge=hedge,
                probability_source=Claim.ProbabilitySource.MANUAL,
                window_start=None,
                due_on=DUE,
                **fields,
            )
            if verdict:
                OutcomeFactory(claim=made, verdict=verdict)
            claims[name] = made

        def revise(name, day, kind, p=None):
            ClaimRevision.objects.create(
                claim=claims[name],
                stated_on=PUBLISHED + timedelta(days=day),
                kind=kind,
                probability=p,
                created_by=editor,
            )

        claim("c1", 0.8, "true", "likely")
        claim("c2", 0.5, "false", "may")
        claim("c3", 0.7, "partly_true", "is likely to")
        claim("c4", 0.2, "false", "unlikely")
        claim("c5", 0.9, "true", "will")
        claim("c6", 0.6, "false", "will likely")
        claim("c7", 0.7, "annulled", "likely", kind=Claim.Kind.CONDITIONAL, condition="If talks resume")
        claim("c8", 0.3, "unresolvable", "could")
        claim("c9", 0.7, None, "likely", deadline_inferred=True, precision=Claim.Precision.INFERRED)
        claim("b1", 0.9, "true", "very likely", claimant=bob, tag=steppe)
        revise("c4", 40, "raised", 0.6)
        revise("c4", 70, "lowered", 0.1)
        revise("c5", 25, "raised", 0.95)
        revise("c5", 30, "restated")  # no number: 0.95 stands
        revise("c5", 50, "withdrawn")  # no forecast from day 50: those days do not count
        revise("c1", 100, "lowered", 0.1)  # on the due date: after the claim's life, ignored
        yield claims
        transaction.set_rollback(True)


@pytest.fixture
def rows(example, db):
    claims = Claim.objects.exclude(status=Claim.Status.WITHDRAWN)
    return {
        row["label"]: row
        for row in scorecards.scorecard_rows(claims=claims, group_by="claimant", today=TODAY)
    }


def _check(row: dict, expected: dict) -> None:
    for field, value in expected.items():
        assert row[field] == pytest.approx(value), field


def test_every_score_of_the_worked_example_matches_the_hand_computed_value(rows):
    _check(rows["Ann"], ANN)


def test_a_claim_alone_in_its_tag_is_scored_against_50_percent(rows):
    _check(rows["Bob"], BOB)


def test_the_base_rate_needs_the_minimum_of_other_claims(example, db, monkeypatch):
    monkeypatch.setattr(scoring, "BASELINE_MIN_CLAIMS", 6)  # each of Ann's claims has 5 peers
    claims = Claim.objects.filter(claimants__name="Ann")
    (ann,) = scorecards.scorecard_rows(claims=claims, group_by="claimant", today=TODAY)
    # Every baseline 0.5: (0.5 - o)^2 is 0.25 for o = 1 or 0, and 0 for c3 (partly true).
    assert ann["baseline_brier"] == pytest.approx(1.25 / 6)
    assert ann["brier_skill_score"] == pytest.approx(1 - 0.74 / 1.25)


def test_intervals_sit_beside_their_n(rows):
    ann = rows["Ann"]
    assert ann["unresolvable_share_interval"] == pytest.approx(scoring.wilson_interval(1, 8))
    assert ann["no_time_bound_share_interval"] == pytest.approx(scoring.wilson_interval(1, 9))
    # Normal interval of a mean: mean ± 1.96 · sd / √n, the sample sd of the six per-claim values.
    assert ann["brier_interval"] == pytest.approx((0.006976089, 0.239690577))
    assert ann["time_averaged_brier_interval"] == pytest.approx((0.024895213, 0.249521454))
    assert ann["log_score_interval"] == pytest.approx((-0.766872887, -0.213596914))


def test_hedge_words_are_counted_under_the_phrase_whose_number_they_took(rows):
    hedges = {h["hedge"]: h for h in rows["Ann"]["hedges"]}
    # "likely", "is likely to", "will likely": c1 true, c3 partly true, c6 false; c7 annulled, c9 open.
    likely = hedges["likely"]
    assert (likely["claims"], likely["true"], likely["partly_true"], likely["came_true"]) == (3, 1, 1, 1.5)
    assert likely["share"] == 0.5
    assert likely["interval"] == pytest.approx(scoring.wilson_interval(1.5, 3))
    assert likely["scale_probability"] == 0.675
    assert {h: (row["claims"], row["came_true"]) for h, row in hedges.items()} == {
        "likely": (3, 1.5),
        "may": (1, 0),
        "unlikely": (1, 0),
        "will": (1, 1),
    }


def test_the_site_table_proposes_a_number_only_on_enough_evidence(example, db, settings):
    claims = Claim.objects.exclude(status=Claim.Status.WITHDRAWN)
    table = {row["hedge"]: row for row in scorecards.site_hedge_table(claims=claims)}
    assert table["very likely"]["claims"] == 1  # Bob's
    assert all(row["proposed_probability"] is None for row in table.values())  # n < 10 everywhere
    # Ten "likely" claims, 1.5 came true: the scale's 0.675 is outside the interval (0.08, 0.42).
    assert scoring.proposed_probability(1.5, 10, 0.675) == 0.15
    assert scoring.proposed_probability(6, 10, 0.675) is None  # 0.675 inside (0.31, 0.83)
    settings.CLAIMS_HEDGE_PROBABILITIES = {"likely": 0.5}
    table = {row["hedge"]: row for row in scorecards.site_hedge_table(claims=claims)}
    assert table["likely"]["scale_probability"] == 0.5


def test_scorecards_take_four_queries(example, db, django_assert_num_queries):
    # The site's base rates per (tag, year), then counts and scores, calibration, hedges.
    claims = Claim.objects.exclude(status=Claim.Status.WITHDRAWN)
    with django_assert_num_queries(4):
        scorecards.scorecard_rows(claims=claims, group_by="tag", today=TODAY)


def test_the_csv_has_every_score_with_its_interval(rows):
    header, *lines = exports.scorecard_csv([rows["Ann"]])
    line = dict(zip(header, lines[0], strict=True))
    assert line["label"] == "Ann"
    assert line["time_averaged_brier"] == pytest.approx(ANN["time_averaged_brier"])
    assert (line["unresolvable_share_low"], line["unresolvable_share_high"]) == pytest.approx(
        scoring.wilson_interval(1, 8)
    )
    header, *lines = exports.hedge_csv([rows["Ann"]], group_by="claimant")
    assert header[:3] == ["claimant_key", "claimant_label", "hedge"]
    assert len(lines) == 4
