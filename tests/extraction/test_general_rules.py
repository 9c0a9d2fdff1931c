"""General rules added after measuring on the first composed set (tests/extraction/data/composed/)."""

from datetime import date

import pytest

from claims.extraction import propose_claims
from claims.extraction.time import find_time_expression, parse_time_expression

PUBLISHED = date(2025, 2, 1)


def proposals(sentence: str):
    return propose_claims(sentence, PUBLISHED, ["Ann Author"])


# --- time expressions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "end"),
    [
        ("before the end of the decade", date(2029, 12, 31)),
        ("before the end of 2026", date(2026, 12, 31)),
    ],
)
def test_before_the_end_of_means_by_the_end_of(expression, end):
    window = parse_time_expression(expression, PUBLISHED)
    assert (window.start, window.end, window.kind_hint) == (PUBLISHED, end, "occurs_by")


def test_before_a_period_still_ends_the_day_before_it_starts():
    assert parse_time_expression("before 2027", PUBLISHED).end == date(2026, 12, 31)


@pytest.mark.parametrize(
    ("sentence", "end"),
    [
        ("Traffic will remain marginal for at least a decade.", date(2035, 2, 1)),
        ("The regime will survive for another two years.", date(2027, 2, 1)),
    ],
)
def test_a_duration_from_now_is_a_window(sentence, end):
    window = find_time_expression(sentence, PUBLISHED)
    assert (window.start, window.end) == (PUBLISHED, end)


def test_a_plain_past_duration_is_not_a_window():
    assert find_time_expression("The party has ruled for two decades.", PUBLISHED) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Riyadh will scale back several Vision 2030 projects.",
        "The government will struggle to deliver its Agenda 2063 goals.",
        "The next budget framework, covering 2028 to 2034, is expected to include a new facility.",
        "The 2028–2034 framework will include a new facility.",
    ],
)
def test_years_in_names_and_ranges_are_not_deadlines(sentence):
    assert find_time_expression(sentence, PUBLISHED) is None


def test_a_year_after_the_sentence_opening_article_is_still_a_date():
    assert find_time_expression("The 2027 election will be close.", PUBLISHED).start == date(2027, 1, 1)


# --- detection ------------------------------------------------------------------------


def test_a_past_report_of_a_dated_future_plan_is_an_attributed_claim():
    (claim,) = proposals("The minister said in March that Ottawa would publish a new strategy by mid-2027.")
    assert (claim.window_start, claim.deadline_latest) == (PUBLISHED, date(2027, 8, 31))


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials said in 2018 that traffic would reach 80 million tonnes by 2024.",
        "At the time, officials said the cuts would support market stability.",
    ],
)
def test_a_past_report_without_a_future_date_stays_a_look_alike(sentence):
    assert proposals(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The finance ministry forecasts a budget deficit of about 3 percent of GDP in 2026.",
        "The IMF projects slower growth across the region.",
    ],
)
def test_a_forecast_verb_with_a_noun_object_is_a_claim(sentence):
    assert len(proposals(sentence)) == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "Infrastructure projects a decade ago were funded by the state.",
        "The ministry estimates a lot of things.",
    ],
)
def test_forecast_verb_look_alikes(sentence):
    assert proposals(sentence) == []


def test_would_add_an_amount_is_not_a_speech_act():
    (claim,) = proposals("Analysts estimate that accession would add about 186 billion euros to the budget.")
    assert claim.hedge.startswith("would")


def test_i_would_add_that_is_still_a_speech_act():
    assert proposals("One would add that the talks were difficult.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "This analysis assesses the prospects of the route and the policies that will govern them.",
        "This article reviews the state of play and assesses the likely sequence of accessions.",
    ],
)
def test_the_article_describing_itself_is_not_a_claim(sentence):
    assert proposals(sentence) == []


def test_a_forecast_the_author_rejects_in_the_next_sentence_is_dropped():
    text = (
        "Rosatom projects that cargo volumes will reach 100 million tonnes by 2030. "
        "We consider that target unrealistic. Traffic will likely grow only modestly."
    )
    assert [p.sentence for p in proposals(text)] == ["Traffic will likely grow only modestly."]


def test_an_attributed_forecast_followed_by_agreement_stays():
    text = "Rosatom projects that cargo volumes will reach 100 million tonnes by 2030. That seems plausible."
    assert len(proposals(text)) == 1


def test_the_authors_own_forecast_is_not_dropped_by_a_following_doubt():
    text = "Cargo volumes will reach 100 million tonnes by 2030. Such forecasts are often premature."
    assert len(proposals(text)) == 1


# --- kinds ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # a change over a window is a trend, not an event
        ("Over the next two years, competition for market share will intensify.", "trend"),
        ("Traffic will likely grow only modestly over the next five years.", "trend"),
        # crossing a threshold is an event
        ("Brent is expected to fall below 65 dollars within the next 12 months.", "occurs_by"),
        # a state that holds through the window is not an event
        ("Arctic shipping will remain a niche within the next decade.", "other"),
        ("Discontent will remain the main driver of voting over the next 18 months.", "other"),
        # events keep occurs_by
        ("Montenegro is expected to close all chapters by the end of 2026.", "occurs_by"),
        # comparatives after the cue mark a change; before it they do not
        ("Chinese companies are expected to play a larger role on the route.", "trend"),
        ("Shipowners are set to face higher compliance costs.", "trend"),
        ("Lower prices will not halt new upstream projects.", "other"),
        # a constraint is a role, not a change
        ("Search-and-rescue capacity may become the binding constraint on traffic growth.", "other"),
    ],
)
def test_kind_rules(sentence, kind):
    (claim,) = proposals(sentence)
    assert claim.kind == kind


@pytest.mark.parametrize(
    ("sentence", "condition"),
    [
        ("Ukraine's accession would add about 186 billion euros to the budget.", "Ukraine's accession"),
        (
            "Iran's participation in this initiative could further consolidate its influence.",
            "Iran's participation in this initiative",
        ),
    ],
)
def test_a_hypothetical_event_as_subject_of_would_or_could_is_a_condition(sentence, condition):
    (claim,) = proposals(sentence)
    assert (claim.kind, claim.condition) == ("conditional", condition)


@pytest.mark.parametrize(
    "sentence",
    [
        "Armenia's strategic position could also facilitate India's connectivity plans.",
        "Ukraine's accession will add about 186 billion euros to the budget.",
    ],
)
def test_states_and_asserted_events_are_not_hypothetical_conditions(sentence):
    (claim,) = proposals(sentence)
    assert claim.kind != "conditional"


# --- hedges and claimants -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "hedge"),
    [
        ("The refinery is not expected to reach full capacity until 2028.", "is not expected to"),
        ("Year-round navigation is not expected before 2030.", "is not expected"),
    ],
)
def test_a_negated_expectation_keeps_its_hedge(sentence, hedge):
    (claim,) = proposals(sentence)
    assert (claim.kind, claim.hedge) == ("not_before", hedge)


def test_a_speaker_named_only_by_office_is_the_claimant():
    (claim,) = proposals("Canada's Transport Minister said that Ottawa would publish a strategy by mid-2027.")
    assert (claim.claimant, claim.attributed) == ("Canada's Transport Minister", True)


def test_a_possessive_before_a_noun_like_state_is_not_a_speaker():
    (claim,) = proposals("Sabah's state election could reshape the coalition.")
    assert claim.attributed is False


def test_according_to_a_group_keeps_the_group_noun():
    (claim,) = proposals("The EU plans to act from 2027, according to Commission officials.")
    assert claim.claimant == "Commission officials"


@pytest.mark.parametrize(
    ("sentence", "claimant"),
    [
        (
            "The Saudi finance ministry forecasts a deficit of 3 percent of GDP in 2026.",
            "The Saudi finance ministry",
        ),
        ("Analysts say the central bank expects inflation to ease in 2026.", "Analysts"),
        ("The central bank expects inflation to ease in 2026.", "The central bank"),
    ],
)
def test_an_institution_can_be_the_claimant(sentence, claimant):
    (claim,) = proposals(sentence)
    assert claim.claimant == claimant


@pytest.mark.parametrize(
    "sentence",
    [
        "Analysts at Nomura forecast further depreciation of the peso in 2026.",
        "We expect a rate cut in Q4 2026.",
    ],
)
def test_a_plural_or_first_person_forecast_verb_with_a_noun_object_is_a_claim(sentence):
    assert len(proposals(sentence)) == 1


def test_the_noun_forecast_is_not_a_cue():
    assert proposals("The forecast a year ago was for slower growth.") == []


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Bond yields are set to fall over the next 12 months.", "trend"),
        ("Growth will slow to 4.2 percent in 2027.", "occurs_by"),
        ("Analysts forecast further depreciation of the peso in 2026.", "trend"),
    ],
)
def test_a_time_phrase_after_a_change_verb_is_not_a_threshold(sentence, kind):
    (claim,) = proposals(sentence)
    assert claim.kind == kind
