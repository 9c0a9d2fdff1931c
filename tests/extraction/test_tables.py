"""One test per row of the extractor's knowledge tables (issue 15).

Adding a time expression, a preposition or a discounting rule means adding a
row (with its example) to its table; these tests pick the row up. The hedge
vocabulary's rows are walked in test_hedge_vocabulary.py.
"""

from datetime import date

import pytest

from claims.extraction import propose_claims
from claims.extraction.detect import raw_cues
from claims.extraction.discounts import RULES
from claims.extraction.periods import EXAMPLE_P, PERIODS, match_period
from claims.extraction.time import PREPOSITIONS, SPANS, find_time_expressions, window_for_expression

AUTHORS = ["Ann Author"]


def _iso(value):
    return value.isoformat() if value else None


@pytest.mark.parametrize("row", PERIODS, ids=[row.name for row in PERIODS])
def test_every_calendar_period_reads_its_example(row):
    start, end, precision, length = match_period(row.example.lower(), EXAMPLE_P)

    assert (_iso(start), _iso(end), precision) == row.expected
    assert length == len(row.example)
    assert row.pattern.match(row.example.lower()), "the row's own pattern reads its example"


@pytest.mark.parametrize("row", SPANS, ids=[row.name for row in SPANS])
def test_every_span_reads_its_example(row):
    (window,) = find_time_expressions(f"Prices will rise {row.example}.", EXAMPLE_P)

    assert (_iso(window.start), _iso(window.end), window.precision) == row.expected
    assert window.expression.lower().endswith(row.example.split()[-1])


@pytest.mark.parametrize("row", PREPOSITIONS, ids=[row.words[0] or "bare" for row in PREPOSITIONS])
def test_every_preposition_applies_its_rule_to_its_example(row):
    (window,) = find_time_expressions(f"The deal will be signed {row.example}.", EXAMPLE_P)

    assert (_iso(window.start), _iso(window.end)) == row.expected


@pytest.mark.parametrize("row", RULES, ids=[row.name.split(":")[0] for row in RULES])
def test_every_discounting_rule_keeps_out_its_look_alike(row):
    cues = raw_cues(row.look_alike)
    assert any(row.applies(c, *_context(c, row.look_alike)) for c in cues), "the rule fires on its look-alike"
    assert propose_claims(row.look_alike, EXAMPLE_P, AUTHORS) == []


@pytest.mark.parametrize("row", RULES, ids=[row.name.split(":")[0] for row in RULES])
def test_every_discounting_rule_lets_its_forecast_through(row):
    cues = raw_cues(row.kept)
    assert not any(row.applies(c, *_context(c, row.kept)) for c in cues), "the rule leaves the forecast alone"
    assert len(propose_claims(row.kept, EXAMPLE_P, AUTHORS)) == 1


def _context(cue, sentence):
    return sentence[: cue.start], sentence[cue.start + len(cue.text) :], sentence


# --- the rules the issue names, each once, end to end ---------------------------------------


@pytest.mark.parametrize(
    ("sentence", "earliest", "latest"),
    [
        ("A settlement is unlikely before 2027.", "2027-01-01", None),
        ("The referendum will not take place before late 2026.", "2026-09-01", None),
        ("Talks are unlikely to resume until the second half of 2026.", "2026-07-01", None),
    ],
)
def test_unlikely_or_not_before_is_never_reversed(sentence, earliest, latest):
    (claim,) = propose_claims(sentence, EXAMPLE_P, AUTHORS)

    assert claim.kind == "not_before"
    assert (_iso(claim.deadline_earliest), _iso(claim.deadline_latest)) == (earliest, latest)


def test_unlikely_before_scores_the_wait_not_the_event():
    (claim,) = propose_claims("A settlement is unlikely before 2027.", EXAMPLE_P, AUTHORS)

    assert claim.probability == pytest.approx(1 - 0.325)


def test_by_year_end_of_a_named_year_ends_that_year():
    (claim,) = propose_claims("Inflation will fall below 3 percent by year-end 2026.", EXAMPLE_P, AUTHORS)

    assert (_iso(claim.deadline_earliest), _iso(claim.deadline_latest)) == ("2025-02-01", "2026-12-31")
    assert claim.window_sure


def test_an_undated_forecast_under_a_year_heading_takes_that_year_and_says_so():
    text = "2026 Annual Forecast\nRussia-Ukraine\nDiplomatic efforts will persist and gain some traction."

    (claim,) = propose_claims(text, date(2025, 12, 15), AUTHORS)

    assert (_iso(claim.deadline_earliest), _iso(claim.deadline_latest)) == ("2026-01-01", "2026-12-31")
    assert "heading" in claim.window_note and not claim.window_sure


def test_a_sentence_that_points_back_takes_the_date_of_the_one_before():
    text = "OPEC+ will extend its cuts at its meeting in June 2026. This will test the group's cohesion."

    first, second = propose_claims(text, date(2025, 12, 1), AUTHORS)

    assert (second.window_start, second.due_on) == (first.window_start, first.due_on)
    assert first.window_sure and "sentence before" in second.window_note


def test_an_undated_forecast_with_no_heading_year_stays_untimed():
    (claim,) = propose_claims("Tensions will rise.\nThe region will stay unstable.", EXAMPLE_P, AUTHORS)[1:]

    assert claim.deadline_inferred and claim.window_sure


def test_a_bare_month_in_a_forecast_is_the_next_such_month_and_is_flagged():
    (claim,) = propose_claims("The central bank is expected to cut rates in June.", EXAMPLE_P, AUTHORS)

    assert (_iso(claim.deadline_earliest), _iso(claim.deadline_latest)) == ("2025-06-01", "2025-06-30")
    assert "check the window" in claim.window_note


@pytest.mark.parametrize(
    "headline",
    [
        "Six elections to watch in 2026",
        "EM central banks may start rate cuts mid-2023 as inflation cools off",
    ],
)
def test_a_headline_on_its_own_line_is_not_a_claim(headline):
    assert propose_claims(f"{headline}\nThe vote took place in 2024.", EXAMPLE_P, AUTHORS) == []


@pytest.mark.parametrize(
    ("sentence", "hedge"),
    [
        ("We expect to see a recovery in exports in 2026.", "expect to see"),
        ("The ruling party is well-positioned to win the 2026 election.", "is well-positioned to"),
        ("We have raised our 2026 growth forecast to 4.4 percent.", "raised our 2026 growth forecast"),
        ("My forecast assumes an acceleration in growth over the next four quarters.", "My forecast assumes"),
        ("It is possible but not certain that talks resume.", "is possible but not certain"),
        ("The economy is on track to be the fastest-growing in Europe.", "is on track to"),
        ("We see GDP growth of 3.0% this year.", "We see"),
    ],
)
def test_new_hedges_make_a_claim(sentence, hedge):
    (claim,) = propose_claims(sentence, EXAMPLE_P, AUTHORS)

    assert claim.hedge == hedge
    assert claim.probability is not None


def test_a_period_the_article_defines_is_read_its_way():
    text = (
        "In the short term, 2025–2026, growth will slow.\n"
        "Over the long term, 2027-2030, the region will remain a net importer.\n"
        "In the short term, exports will also fall."
    )

    claims = propose_claims(text, EXAMPLE_P, AUTHORS)

    assert [(_iso(c.deadline_earliest), _iso(c.deadline_latest)) for c in claims] == [
        ("2025-01-01", "2026-12-31"),
        ("2027-01-01", "2030-12-31"),
        ("2025-01-01", "2026-12-31"),
    ]


# --- rules added after the one run on the unseen set (its failures; see docs/extraction.md) ----


@pytest.mark.parametrize(
    ("sentence", "hedge"),
    [
        ("Spending rose, with global AI spending projected to reach $2 trillion by 2026.", "projected to"),
        ("Automation grows, with 5.5 million robots expected to be in operation by 2026.", "expected to"),
        ("In this base case, we wouldn't see previous highs.", "wouldn't"),
        ("The poll projects Brent crude at about $62 per barrel.", "projects"),
    ],
)
def test_forecasts_found_missing_on_the_unseen_set_are_read(sentence, hedge):
    (claim,) = propose_claims(sentence, EXAMPLE_P, AUTHORS)

    assert claim.hedge == hedge


def test_a_year_compared_with_is_not_a_deadline():
    (claim,) = propose_claims("Oil prices will drift lower than 2025.", EXAMPLE_P, AUTHORS)

    assert claim.deadline_inferred


@pytest.mark.parametrize("typed", ["unlikely before 2027", "not before 2027", "not until 2027"])
def test_the_claim_form_reads_unlikely_before_as_not_before_too(typed):
    window = window_for_expression(typed, EXAMPLE_P)

    assert (window.kind_hint, window.window_start, window.due_on) == (
        "not_before",
        date(2027, 1, 1),
        date(2027, 1, 1),
    )
