"""The hedge vocabulary: every phrase read as a hedge, and the ICD 203 band it is worth.

One table, two readers. ``claims.probability`` turns a phrase into the
midpoint of its band; ``claims.extraction.detect`` builds its cue patterns
from the phrases of each *slot* (the place a phrase takes in a cue pattern:
after "is/are", after a modal, on its own ...), so the detector cannot accept
a hedge the scale has not decided on. A row with no band carries no
probability, on purpose, and says why; a claim with none is scored as
asserted outright (hit rate only, no Brier score).

The number belongs to the phrase. Words the detector needs around it
("is", "are", "looks", "seems", "widely", "not") do not move it: "looks set
to" is worth what "set to" is worth. Modifiers that are phrases themselves
("very likely", "almost certain") are rows, and the scale reads the longest.

To add a hedge: one row here (with its slot, if the detector should look for
it) and one example in ``tests/extraction/test_hedge_vocabulary.py``.
"""

from dataclasses import dataclass

# ICD 203 band names; claims.probability.ICD_203_BANDS holds their numbers.
ALMOST_NO_CHANCE = "almost no chance"
VERY_UNLIKELY = "very unlikely"
UNLIKELY = "unlikely"
EVEN = "roughly even chance"
LIKELY = "likely"
VERY_LIKELY = "very likely"
ALMOST_CERTAIN = "almost certain"


@dataclass(frozen=True)
class Hedge:
    phrase: str  # lower case, straight apostrophes: what the scale reads
    band: str | None  # None: carries no probability (``why`` says why)
    slots: tuple[str, ...] = ()  # the detector's cue slots that accept it; () = the scale only
    why: str = ""


def _rows(band: str | None, slots: str | tuple[str, ...], *phrases: str, why: str = "") -> list[Hedge]:
    slots = (slots,) if isinstance(slots, str) else slots
    return [Hedge(phrase, band, slots, why) for phrase in phrases]


# A cue made only of a date: "Armenia holds elections in June 2026" (detect.scheduled_cue).
SCHEDULE_SLOT = "schedule"

# "There is a strong possibility of ...": the qualifier decides the band; the
# plain ones ("a", "real", "serious") leave the noun's own.
RISK_NOUNS = (
    "chance",
    "chances",
    "likelihood",
    "probability",
    "possibility",
    "risk",
    "risks",
    "prospect",
    "prospects",
)
RISK_QUALIFIERS: dict[str, str | None] = {
    "no": ALMOST_NO_CHANCE,
    "little": VERY_UNLIKELY,
    "slim": UNLIKELY,
    "good": LIKELY,
    "high": LIKELY,
    "strong": LIKELY,
    "every": LIKELY,
    **dict.fromkeys(("a", "an", "some", "real", "significant", "distinct", "serious", "fair")),
}

HEDGES: tuple[Hedge, ...] = (
    # ICD 203's own terms and their synonyms, as editors and labellers write them.
    *_rows(ALMOST_NO_CHANCE, (), "almost no chance", "remote"),
    *_rows(VERY_UNLIKELY, (), "very unlikely", "highly unlikely", "highly improbable", "distant"),
    *_rows(UNLIKELY, (), "improbable"),
    *_rows(EVEN, (), "roughly even chance", "even chance", "roughly even odds"),
    # "A deal is possible but not certain", "it remains possible that ...".
    *_rows(EVEN, "possible", "possible", "possible but not certain", "entirely possible", "quite possible"),
    *_rows(LIKELY, (), "probable"),
    *_rows(VERY_LIKELY, (), "very likely", "highly likely", "highly probable"),
    *_rows(ALMOST_CERTAIN, (), "almost certain", "almost certainly", "nearly certain"),
    # "is likely (to)", "seems unlikely to", "very likely"; "will likely" (after a modal)
    *_rows(LIKELY, ("likely", "modal_adverb"), "likely"),
    *_rows(UNLIKELY, "likely", "unlikely"),
    # Modals. "will" and its negations are the writer's firm call; "would" and a predictive
    # "should" lean one way; the rest state a possibility.
    *_rows(VERY_LIKELY, "modal", "will", "shall", "'ll"),
    *_rows(LIKELY, "modal", "would", "should"),
    *_rows(EVEN, "modal", "may", "might", "could", "can"),
    *_rows(VERY_LIKELY, "modal_not", "will not", "won't", "will never"),
    # Contracted negatives read as their modal ("we wouldn't see previous highs").
    *_rows(LIKELY, "modal_not", "wouldn't"),
    *_rows(EVEN, "modal_not", "couldn't"),
    *_rows(UNLIKELY, "could_potentially", "could potentially"),
    *_rows(EVEN, "may_be_inclined", "may be inclined"),
    *_rows(LIKELY, ("modal_adverb", "extra"), "probably"),
    *_rows(EVEN, ("modal_adverb", "extra"), "possibly"),
    *_rows(UNLIKELY, ("modal_adverb", "adverb", "extra"), "potentially"),
    *_rows(EVEN, "extra", "perhaps"),
    # "potential": a possibility the writer does not call even.
    *_rows(UNLIKELY, ("a_potential", "extra"), "potential"),
    *_rows(UNLIKELY, "potential_for", "potential for"),
    # Expectation frames
    *_rows(LIKELY, "should_be_expected", "should be expected to"),
    *_rows(LIKELY, "expected_to", "expected to"),
    *_rows(LIKELY, "anticipated", "anticipated"),
    *_rows(LIKELY, "anticipated_to", "anticipated to"),
    # "is poised/set/... to"; also "looks set to", "seems poised to": the appearance
    # verb does not move the band. A schedule is very likely; a projection likely.
    *_rows(VERY_LIKELY, "be_to", "set to", "bound to", "slated to", "scheduled to"),
    *_rows(LIKELY, "be_to", "poised to", "projected to", "forecast to", "predicted to"),
    *_rows(VERY_LIKELY, "due_to", "due to"),
    # "are expected in early 2027", "is scheduled for June": the same, with a date after.
    *_rows(VERY_LIKELY, "be_dated", "scheduled", "slated", "due"),
    *_rows(LIKELY, "be_dated", "expected", "planned"),
    # "is going/about to" is under way; "on track/course to": progress so far points there.
    *_rows(VERY_LIKELY, "be_going", "going to", "about to"),
    *_rows(LIKELY, "be_going", "on track to", "on course to"),
    # "is well-positioned to win": the writer's judgement that conditions favour it.
    *_rows(LIKELY, "be_to", "well-positioned to", "well positioned to", "well placed to", "well-placed to"),
    *_rows(ALMOST_CERTAIN, "certain", "certain to", "sure to"),
    # A forecaster's verb: "analysts expect rates to fall", "the ministry forecasts a deficit".
    # It states their central expectation: likely.
    *_rows(LIKELY, ("expect_to", "forecast_object"), "expect", "expects", "predict", "predicts"),
    *_rows(LIKELY, ("expect_to", "forecast_object", "revised_forecast"), "forecast", "forecasts"),
    *_rows(LIKELY, ("expect_to", "forecast_object"), "anticipate", "anticipates"),
    *_rows(LIKELY, "forecast_object", "project", "projects", "estimate", "estimates"),
    *_rows(LIKELY, "stands", "stands to", "stand to"),
    # "we expect to see a recovery": the forecaster's verb with its own infinitive.
    *_rows(LIKELY, "expect_see", "expect to see", "expects to see", "expect to", "expects to"),
    # "We see growth of 3.0% this year", "we think rates will peak": first-person judgement.
    # Taken only with a forward date in the sentence ("we see" is mostly not a forecast).
    *_rows(LIKELY, "belief", "we see", "we think", "we believe"),
    # "My forecast assumes ...", "our base case is ...", "the primary scenario is ...":
    # the forecaster naming their central expectation.
    *_rows(
        LIKELY,
        "forecast_noun",
        "forecast assumes",
        "forecast is for",
        "forecast calls for",
        "base case is",
        "base case assumes",
        "baseline is",
        "baseline assumes",
        "primary scenario is",
        "central scenario is",
        "main scenario is",
    ),
    # "The WTI price averages $52/b in 2026 in our forecast": the forecaster's frame around a
    # present-tense sentence. Taken only with a forward date in the sentence, as "we see".
    *_rows(
        LIKELY,
        "in_forecast",
        "in our forecast",
        "in the forecast",
        "in this forecast",
        "in our outlook",
        "in our projections",
        "in our baseline",
        "in our base case",
    ),
    # "We have raised our 2026 growth forecast to 4.4 percent": a revision states the forecast.
    *_rows(LIKELY, "revised_forecast", "projection", "projections"),
    # The plan of whoever carries it out is the expected course.
    *_rows(LIKELY, "plans", "plans to", "planned to", "intends to", "intended to"),
    # In analysis prose the subject is mostly a thing: "the corridor promises to cut costs"
    # reads as "is expected to"; "the crisis threatens to derail the talks" as "could".
    *_rows(LIKELY, "promises", "promises to"),
    *_rows(EVEN, "promises", "threatens to", "threaten to"),
    # Aims and pledges (the detector takes them only with a deadline): what an actor wants
    # or commits to, not how likely it is. No number, so a "will" in the same sentence is
    # not pulled to the middle by them.
    *_rows(
        None,
        "intent",
        "aims to",
        "aim to",
        "hopes to",
        "hope to",
        "seeks to",
        "seek to",
        "wants to",
        "want to",
        "vows to",
        "vow to",
        why="a statement of intent (an aim, a wish, a pledge), not of likelihood; with no other "
        "hedge the claim is scored as asserted, or the editor types a probability",
    ),
    *_rows(EVEN, "risk", *RISK_NOUNS),
    *(
        Hedge(f"{qualifier} {noun}", band)
        for qualifier, band in RISK_QUALIFIERS.items()
        if band
        for noun in RISK_NOUNS
    ),
    # Conditions: they limit when the claim applies, not how likely it is.
    *_rows(
        None,
        "materializes",
        "if it materializes",
        "if it materialises",
        why="a condition on the claim, not a likelihood; the sentence's other cue gives the number",
    ),
    *_rows(
        None,
        "extra",
        "under certain circumstances",
        why="a condition on the claim, not a likelihood; the sentence's other cue gives the number",
    ),
    *_rows(
        None,
        SCHEDULE_SLOT,
        "",
        why="no hedge words: a dated event stated in the present tense "
        "('Armenia holds elections in June 2026') is asserted outright",
    ),
)


def phrases(slot: str) -> tuple[str, ...]:
    """Return the phrases the detector accepts in a slot, longest first (regex alternation order)."""
    found = tuple(h.phrase for h in HEDGES if slot in h.slots)
    if not found:
        raise KeyError(f"No hedge phrase fills the detector slot {slot!r}")
    return tuple(sorted(found, key=len, reverse=True))


def no_probability() -> dict[str, str]:
    """Return the phrases that carry no probability, each with its reason."""
    return {h.phrase: h.why for h in HEDGES if h.band is None}
