"""General rules added in issue 15's second round, after tuning on real/unseen and real/unseen2.

Each names the construction it exists for; the discounting rows, time rows and hedge rows have their
own generated tests (test_tables.py, test_hedge_vocabulary.py).
"""

from datetime import date

from claims.extraction import propose_claims
from claims.extraction.sentences import split_paragraph

PUBLISHED = date(2025, 11, 20)


def windows(text: str, published: date = PUBLISHED):
    return [
        (p.deadline_earliest, p.deadline_latest, p.window_note != "") for p in propose_claims(text, published)
    ]


def test_a_year_the_article_sets_dates_its_undated_forecasts():
    text = "By Ann Author\nThe year is 2026. Forget flying cars.\nNations will vie for supremacy in AI."

    assert windows(text) == [(date(2026, 1, 1), date(2026, 12, 31), True)]


def test_an_undated_sentence_speaking_of_the_forecast_just_given_inherits_its_date_across_a_paragraph():
    text = (
        "The updated outlook is for the economy to grow 2 percent next year.\n"
        "Stronger spending is supporting the slightly brighter outlook, even as inflation is projected to"
        " remain sticky."
    )

    assert windows(text)[1] == (date(2026, 1, 1), date(2026, 12, 31), True)


def test_an_undated_sentence_restating_the_subject_inherits_the_span_of_both_dates():
    text = (
        "We forecast crude oil production will decrease by 1% in 2026 and by 2% in 2027.\n"
        "With lower prices, we expect crude oil production will decrease as drilling slows."
    )

    assert windows(text)[-1] == (date(2026, 1, 1), date(2027, 12, 31), True)


def test_an_undated_sentence_that_does_not_elaborate_stays_untimed():
    text = "Exports will fall by 5% in 2026.\nThe central bank will keep its independence."

    assert windows(text)[1] == (None, None, False)


def test_two_dated_claims_in_one_sentence_give_one_proposal_each():
    (first, second) = propose_claims(
        "We forecast Brent will average $56 per barrel in 2026, 19% less than in 2025, then $54/b in 2027.",
        PUBLISHED,
    )

    assert (first.deadline_earliest, first.deadline_latest) == (date(2026, 1, 1), date(2026, 12, 31))
    assert (second.deadline_earliest, second.deadline_latest) == (date(2027, 1, 1), date(2027, 12, 31))
    assert first.sentence == second.sentence and first.claim != second.claim


def test_a_range_of_two_years_stays_one_claim():
    assert len(propose_claims("Prices will fall between 2026 and 2027.", PUBLISHED)) == 1


def test_an_event_bound_claim_is_not_before_and_takes_no_heading_year():
    text = (
        "By Ann Author\nKey Factors Influencing 2026 Rate Decisions\n"
        "Central banks will need clear evidence that inflation is converging before considering rate cuts."
    )

    (claim,) = propose_claims(text, PUBLISHED)

    assert (claim.kind, claim.deadline_earliest, claim.deadline_latest) == ("not_before", None, None)


def test_in_a_forecast_report_a_present_tense_sentence_about_this_year_is_a_forecast():
    text = (
        "By Ann Author\nShort-Term Energy Outlook\n"
        "Global production growth in 2026 is driven by OPEC+.\nGrowth in 2026 was strong."
    )
    elsewhere = "By Ann Author\nEnergy notes\nGlobal production growth in 2026 is driven by OPEC+."

    assert [p.sentence for p in propose_claims(text, date(2026, 1, 13))] == [
        "Global production growth in 2026 is driven by OPEC+."
    ]
    assert propose_claims(elsewhere, date(2026, 1, 13)) == []


def test_a_quantity_due_by_a_date_is_a_dated_claim_without_a_modal():
    text = "AI adoption is transforming businesses, with global spending approaching $2 trillion by 2026."
    plain = "AI adoption is transforming businesses by 2026."

    assert len(propose_claims(text, date(2025, 6, 1))) == 1
    assert propose_claims(plain, date(2025, 6, 1)) == []


def test_a_horizon_of_its_own_keeps_a_headings_year_out():
    text = "By Ann Author\nOil in 2026\nSuch a supply wave could fade, reducing medium-term surplus pressure."

    assert windows(text) == [(None, None, False)]


def test_a_title_run_into_its_first_sentence_is_split_off():
    text = (
        "Rate Predictions for Next Year: Navigating Uncertainty As we near the end of the year, rates fell."
    )

    assert split_paragraph(text) == [
        "Rate Predictions for Next Year: Navigating Uncertainty",
        "As we near the end of the year, rates fell.",
    ]


def test_names_and_ordinary_sentences_are_not_titles():
    assert split_paragraph("New York City Mayor Eric Adams said the budget will pass.") == [
        "New York City Mayor Eric Adams said the budget will pass."
    ]


def test_a_link_line_quoting_another_headline_is_not_a_claim():
    text = "Read also: US trade tensions will hit the euro zone harder in 2026, according to a survey"

    assert propose_claims(text, PUBLISHED) == []
