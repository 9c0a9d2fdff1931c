"""The estimative-probability scale: hedge words become numbers in one place."""

import pytest

from claims.models import Claim
from claims.probability import band_for_probability, probability_for_hedge
from claims.services import claim_create
from tests.factories import ArticleFactory


@pytest.mark.parametrize(
    ("hedge", "probability"),
    [
        ("almost no chance", 0.03),
        ("very unlikely", 0.125),
        ("unlikely", 0.325),
        ("roughly even chance", 0.5),
        ("likely", 0.675),
        ("very likely", 0.875),
        ("almost certain", 0.97),
    ],
)
def test_icd_203_terms_map_to_the_midpoint_of_their_band(hedge, probability):
    assert probability_for_hedge(hedge) == pytest.approx(probability)


@pytest.mark.parametrize(
    ("hedge", "probability"),
    [
        ("will", 0.875),
        ("expected to", 0.675),
        ("may", 0.5),
        ("could potentially", 0.325),
    ],
)
def test_the_hedges_analysts_write_map_onto_the_bands(hedge, probability):
    assert probability_for_hedge(hedge) == pytest.approx(probability)


def test_case_spacing_and_curly_quotes_do_not_matter():
    assert probability_for_hedge("  Very   LIKELY ") == pytest.approx(0.875)
    assert probability_for_hedge("it’s likely") == probability_for_hedge("it's likely")


def test_a_longer_phrase_is_not_also_read_as_the_shorter_one_inside_it():
    assert probability_for_hedge("is very likely to") == pytest.approx(0.875)
    assert probability_for_hedge("is very unlikely to") == pytest.approx(0.125)


def test_several_hedges_take_the_most_cautious_one():
    assert probability_for_hedge("will; may") == pytest.approx(0.5)
    assert probability_for_hedge("very likely; likely") == pytest.approx(0.675)
    assert probability_for_hedge("will likely") == pytest.approx(0.675)


def test_no_hedge_or_an_unknown_one_gives_no_probability():
    assert probability_for_hedge("") is None
    assert probability_for_hedge(None) is None
    assert probability_for_hedge("perchance") is None


def test_the_setting_overrides_and_extends_the_scale(settings):
    settings.CLAIMS_HEDGE_PROBABILITIES = {"May": 0.4, "in all likelihood": 0.8}

    assert probability_for_hedge("may") == pytest.approx(0.4)
    assert probability_for_hedge("in all likelihood") == pytest.approx(0.8)
    assert probability_for_hedge("likely") == pytest.approx(0.675)


@pytest.mark.parametrize("bad", [0, 1, 1.5])
def test_an_override_outside_0_and_1_is_refused(settings, bad):
    settings.CLAIMS_HEDGE_PROBABILITIES = {"may": bad}
    with pytest.raises(ValueError, match="strictly between 0 and 1"):
        probability_for_hedge("may")


def test_probabilities_are_shown_with_their_band():
    assert band_for_probability(0.675).name == "likely"
    assert band_for_probability(0.5).name == "roughly even chance"
    assert band_for_probability(0.99).name == "almost certain"


@pytest.mark.django_db
def test_a_new_claim_takes_its_probability_from_the_hedge_unless_set_by_hand():
    article = ArticleFactory()

    from_hedge = claim_create(article=article, quote="q1", statement="s1", hedge="likely")
    by_hand = claim_create(article=article, quote="q2", statement="s2", hedge="likely", probability=0.9)

    assert from_hedge.probability == pytest.approx(0.675)
    assert from_hedge.probability_source == Claim.ProbabilitySource.HEDGE
    assert by_hand.probability == pytest.approx(0.9)
    assert by_hand.probability_source == Claim.ProbabilitySource.MANUAL
