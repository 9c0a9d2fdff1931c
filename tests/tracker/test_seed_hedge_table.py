"""The site-wide hedge table on the seed claims, with outcomes recorded by this fixture.

The seed claims (fixtures/seed) are real forecasts still open; the verdicts
below are INVENTED, a fixed cycle over the claims by id, only so the table
has something to show (the closing note of issue 12 prints it:
``pytest tests/tracker/test_seed_hedge_table.py -s``). They are recorded
through the lifecycle service, as a reviewer would.
"""

from collections import Counter
from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from claims.models import Claim
from claims.probability import deciding_hedge
from claims.services.lifecycle import outcome_record
from tests.factories import UserFactory
from tracker import scoring
from tracker.scorecards import site_hedge_table

pytestmark = pytest.mark.django_db

VERDICT_CYCLE = ["true", "false", "true", "partly_true", "false", "true", "unresolvable"]


@pytest.fixture
def seed_with_outcomes():
    with time_machine.travel(date(2028, 7, 1), tick=False):
        yield _record_outcomes()


def _record_outcomes():
    call_command("load_seed", verbosity=0)
    reviewer = UserFactory(username="seed-reviewer")
    for index, claim in enumerate(Claim.objects.order_by("pk")):
        verdict = VERDICT_CYCLE[index % len(VERDICT_CYCLE)]
        if claim.kind == Claim.Kind.CONDITIONAL and index % 2:
            verdict = "annulled"
        outcome_record(
            claim=claim,
            reviewer=reviewer,
            verdict=verdict,
            rationale="Invented for the hedge-table fixture.",
            known_on=date(2028, 6, 30),
            evidence_links=["https://example.org/illustrative"],
        )
    return Claim.objects.all()


def test_the_seed_hedge_table_counts_each_claim_under_its_deciding_phrase(seed_with_outcomes, capsys):
    table = site_hedge_table(claims=seed_with_outcomes)
    # The oracle: each scored claim read one by one (the selector does it in one GROUP BY).
    expected_n, expected_true = Counter(), Counter()
    for claim in seed_with_outcomes.filter(outcome__verdict__in=scoring.SCORED_VERDICTS):
        if decided := deciding_hedge(claim.hedge):
            expected_n[decided[0]] += 1
            expected_true[decided[0]] += scoring.outcome_value(claim.outcome.verdict)
    assert {row["hedge"]: row["claims"] for row in table} == dict(expected_n)
    assert {row["hedge"]: row["came_true"] for row in table} == pytest.approx(dict(expected_true))
    assert [row["claims"] for row in table] == sorted((row["claims"] for row in table), reverse=True)
    for row in table:
        assert row["interval"] == pytest.approx(scoring.wilson_interval(row["came_true"], row["claims"]))
    call_command("hedge_table")
    printed = capsys.readouterr().out
    assert "CLAIMS_HEDGE_PROBABILITIES proposal" in printed
    with capsys.disabled():
        print("\n" + printed)
