"""One hedge vocabulary: every cue the detector accepts has a number, or a stated reason for none.

The walk builds, for every cue pattern, every combination of its grammar
words and vocabulary phrases, runs the detector on it, and reads the cue it
reports through ``probability_for_hedge``, the scale claims are stored with.
"""

from datetime import date
from itertools import product

import pytest

from claims.extraction import propose_claims
from claims.extraction.detect import FRAMES, hedge_text, raw_cues, scheduled_cue
from claims.hedges import HEDGES, SCHEDULE_SLOT, no_probability, phrases
from claims.probability import BANDS_BY_NAME, probability_for_hedge

SUBJECT = "Officials"
ANY_WORD = "nonetheless"  # stands for a frame's free word ("are nonetheless anticipated")


def _normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def _cue_texts(frame):
    """Every text the frame can report: lead, optional modifier, phrase, tail."""
    mods = (ANY_WORD,) if isinstance(frame.mods, str) else frame.mods
    for lead, mod, phrase, tail in product(
        frame.lead or ("",), ("", *mods), phrases(frame.slot), frame.tails or ("",)
    ):
        yield " ".join(w for w in (lead, mod, phrase) if w) + tail


def _phrase_of(frame, text: str) -> str:
    return next(p for p in phrases(frame.slot) if p in _normalise(text))


def _gap(frame, text: str) -> str | None:
    """What is wrong with one cue text, or None."""
    joiner = "" if text.startswith("'") else " "
    sentence = f"{SUBJECT}{joiner}{text}{frame.example}."
    if _normalise(text) not in [_normalise(c.text) for c in raw_cues(sentence)]:
        return f"the detector does not report {text!r} in {sentence!r}"
    probability = probability_for_hedge(text)
    if _phrase_of(frame, text) in no_probability():
        return None if probability is None else f"{text!r} is listed as carrying none but reads {probability}"
    return None if probability is not None else f"{text!r}: no number on the scale and no reason for none"


@pytest.mark.parametrize("frame", FRAMES, ids=[f"{i}-{f.slot}" for i, f in enumerate(FRAMES)])
def test_every_cue_the_detector_accepts_has_a_number_or_a_reason(frame):
    texts = list(_cue_texts(frame))
    gaps = [gap for text in texts if (gap := _gap(frame, text))]

    assert texts
    assert not gaps, "\n".join(gaps)


@pytest.mark.parametrize("phrase", phrases("extra"))
def test_the_softer_hedges_listed_with_the_cues_have_a_number_or_a_reason(phrase):
    assert hedge_text([], f"Trade will grow, {phrase}, next year.") == phrase
    assert (probability_for_hedge(phrase) is not None) != (phrase in no_probability())


def test_a_dated_event_with_no_hedge_words_is_listed_as_carrying_no_number():
    cue = scheduled_cue("Armenia holds elections in June 2026.", 27)

    assert cue.text == ""
    assert no_probability()[""]
    assert [h.slots for h in HEDGES if h.phrase == ""] == [(SCHEDULE_SLOT,)]


def test_every_row_names_a_band_of_the_scale_or_says_why_it_has_none():
    for hedge in HEDGES:
        assert hedge.band is None or hedge.band in BANDS_BY_NAME, hedge
        assert hedge.band is not None or hedge.why.strip(), f"{hedge.phrase!r} has no band and no reason"
        assert hedge.phrase == _normalise(hedge.phrase), f"{hedge.phrase!r} is not in the scale's form"
    assert len({h.phrase for h in HEDGES}) == len(HEDGES), "a phrase is listed twice"


def test_every_detector_slot_in_the_vocabulary_is_used_by_a_cue_pattern():
    used = {f.slot for f in FRAMES} | {"extra", SCHEDULE_SLOT, "modal"}  # "modal" also leads "will likely"
    named = {slot for h in HEDGES for slot in h.slots}
    assert named == used


@pytest.mark.parametrize(
    ("sentence", "hedge", "probability"),
    [
        # One row per hedge added to the vocabulary: the sentence, what the detector reports, the number.
        ("The ruling party looks set to win the October elections.", "looks set to", 0.875),
        ("The ruling party looks likely to win.", "looks likely to", 0.675),
        ("The refinery is on track to reach full capacity by 2027.", "is on track to", 0.675),
        ("The port is on course to double its traffic.", "is on course to", 0.675),
        ("The new terminal is about to open.", "is about to", 0.875),
        ("The IMF estimates a deficit of about 3 percent of GDP.", "estimates", 0.675),
        ("The Saudi finance ministry forecasts a budget deficit of about 3 percent.", "forecasts", 0.675),
        ("Elections are planned for early 2027.", "are planned", 0.675),
        ("The ruling is due in March 2026.", "is due", 0.875),
        ("There is no chance of a settlement.", "no chance of", 0.03),
        ("There are slim chances of a settlement.", "slim chances of", 0.325),
        ("There is a high probability that the talks fail.", "high probability that", 0.675),
        ("They'll win the vote.", "'ll", 0.875),
        ("The dispute will never be settled.", "will never", 0.875),
        ("The president vows to finish the railway by 2027.", "vows to", None),
        ("The government hopes to complete the railway by 2027.", "hopes to", None),
        ("The WTI price averages $52/b in 2026 in our forecast.", "in our forecast", 0.675),
    ],
)
def test_new_hedges_are_read_and_scored(sentence, hedge, probability):
    (claim,) = propose_claims(sentence, date(2025, 2, 1), ["Ann Author"])

    assert (claim.hedge, claim.probability) == (hedge, probability)


def test_a_statement_of_intent_does_not_pull_a_will_to_the_middle():
    assert probability_for_hedge("will; seek to") == pytest.approx(0.875)


def test_the_setting_can_give_a_number_to_a_phrase_listed_without_one(settings):
    settings.CLAIMS_HEDGE_PROBABILITIES = {"vows to": 0.7}

    assert probability_for_hedge("vows to") == pytest.approx(0.7)
