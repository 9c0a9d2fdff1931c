"""The discounting rules: when a cue ("will", "may", "is likely to") is not a forecast.

One table. Each row is a rule, the look-alike it exists for (a sentence the
rule must keep out) and a forecast it must let through. The detector
(``claims.extraction.detect``) drops a cue when any row applies to it; the
tests are generated from the rows (``tests/extraction/test_tables.py``).

To add a rule: one row here, with its look-alike and its kept forecast.
A rule sees the cue (``name``: frame/modal/hedge/intent, ``word``, ``text``,
``start``), the text before it (at most ``LOOKBACK`` characters: a clause,
so the rules stay linear) and the sentence.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from claims.extraction.reading import SHOULD_INVERSION

_FLAGS = re.IGNORECASE
LOOKBACK = 300

_COUNTERFACTUAL = re.compile(
    r"^\s*otherwise\b|^\s*(?:not |also |never )?have (?:\w+ed|been|had|done|gone|seen|made)\b", _FLAGS
)
_APPEARANCE = re.compile(
    r"^\s*(?:well |also |otherwise |easily )?(?:seem|appear|look|sound|be (?:viewed|seen|regarded|interpreted"
    r"|read|considered|described|characteri[sz]ed|called|termed|understood) as)\b",
    _FLAGS,
)
_SPEECH_ACT = re.compile(
    r"^\s*(?:well |also )?(?:argue|say|note|suggest|contend|add(?=\s+that\b|\s*[,:.])|ask|wonder|expect"
    r"|imagine|think|object"
    r"|be (?:argued|said|noted|asked|objected))\b",
    _FLAGS,
)
_EVALUATIVE_WOULD = re.compile(
    r"^\s*(?:not )?be (?:a |an )?(?:mistake|wrong|naive|premature|unwise|fair|accurate|useful|prudent|wise"
    r"|better|easy|difficult|hard|tempting|misleading|exaggeration|overstatement|simplistic|fitting|ironic|wrong)\b",
    _FLAGS,
)
_DESIRE = re.compile(r"^\s*(?:like|love|prefer|rather|welcome)\b", _FLAGS)
_PAST_FRAME = re.compile(r"\b(?:was|were|had been)\s+(?:\w+ly\s+)?$", _FLAGS)
_NARRATIVE_WOULD = re.compile(r"\s*(?:later|soon|eventually|subsequently|then|go on to)\b", _FLAGS)
_WILL_NOUN = re.compile(
    r"\b(?:political|popular|free|good|ill|the|his|her|their|its|our|a|of|people['’]s)\s+$", _FLAGS
)
# "should" predicts only before these ("should be expected to", "should not have much impact");
# otherwise it advises ("states should implement", "should be viewed as").
_PREDICTIVE_SHOULD = re.compile(
    r"^\s*(?:not |also |still |soon |eventually |therefore |thus )*"
    r"(?:be (?:expected|able|likely|enough|sufficient"
    r"|completed|finished|ready|operational|in place)|see|lead|result|bring|become|remain|continue|increase"
    r"|decrease|rise|fall|grow|decline|prove|reach|take place|happen|occur|come|arrive|have|give|yield"
    r"|boost|ease|improve|worsen|weaken|strengthen|help|enable|allow|make)\b",
    _FLAGS,
)
_CONCESSIVE_OPENER = re.compile(
    r"^\s*(?:while|whilst|although|though|even though|despite the fact that)\b", _FLAGS
)
_INDIRECT_QUESTION = re.compile(r"\b(?:whether|how|when|why|what)\b", _FLAGS)
# A finite verb after the question word means the question clause ended before the cue.
_FINITE_BETWEEN = re.compile(
    r"\b(?:is|are|was|were|has|have|had|does|do|did|becomes|remains|seems|will|would|may|might|could|can"
    r"|cannot|must|should|happens|happened|occurs|comes|matters|means)\b",
    _FLAGS,
)
# "Which elections ... will affect X is discussed below": a question that is the sentence's subject.
_QUESTION_SUBJECT = re.compile(r"^\s*(?:which|whether|how|what|who)\b[^,;:]*$", _FLAGS)
_AVOIDED = re.compile(
    r"\b(?:avoid\w*|prevent\w*|averting|avert|declin\w+ to|refrain\w* from|forestall\w*)\b[^,;.]*"
    r"\b(?:that|which|who)\s+(?:\w+\s+)?$",
    _FLAGS,
)
_META = re.compile(
    r"\b(?:this|the present|the following) (?:article|paper|analysis|piece|section|essay|brief)"
    r" (?:also |then |first )?(?:will|shall)\b"
    r"|\b(?:we|I) (?:will|shall) (?=(?:examine|discuss|argue|explore|analy[sz]e|show|consider|outline|focus"
    r"|look|turn|return|address|assess|review)\b)|\bas (?:will be|we will|I will|will become)\b"
    r"|\b(?:will|shall) be (?:discussed|examined|addressed|explored|analy[sz]ed|considered|shown)"
    r" (?:below|later"
    r"|further|in (?:the|a) (?:next|following|later) section)\b|\btime will tell\b",
    _FLAGS,
)
# "could do a lot more", "might want to": what someone ought to do, not what will happen.
_ADVICE_MODAL = re.compile(
    r"^\s*(?:(?:do|be doing|have done) (?:a lot |much |far |even |a great deal |so much )?more\b"
    r"|(?:want|wish) to\b|(?:do|use) (?:with )?(?:some|a little|more)\b)",
    _FLAGS,
)
_SECOND_PERSON = re.compile(r"\byou\s+(?:\w+\s+)?$", _FLAGS)
# A calendar, not a forecast: "Portugal will hold presidential elections on January 18",
# "a new House will be elected". Negated ("will not be held before 2027") stays a not_before claim.
_SCHEDULED = re.compile(
    r"^\s*(?:also |again |then )?(?:be (?:held|elected|contested|renewed|chosen|sworn in|inaugurated)\b"
    r"|hold (?:\w+ ){0,3}(?:elections?|polls|votes?|referendums?|referenda|ballots?|primar(?:y|ies))\b"
    r"|go to the polls\b|vote\b)",
    _FLAGS,
)
# "the government's plans to", "its plans to": the noun, not a plan being announced.
_PLANS_NOUN = re.compile(
    r"(?:\b(?:the|its|their|his|her|our|my|your|these|those|such|any|no|new|ambitious|earlier|previous"
    r"|current|future)|['’]s)\s+$",
    _FLAGS,
)
# "the 2026 forecast cut to $59", "forecasts were revised": the noun, reported as revised.
_FORECAST_REVISED = re.compile(
    r"^\s*(?:was |were |is |are |has been |have been )?(?:cut|eased|raised|lowered|revised|trimmed|"
    r"downgraded|upgraded|reduced|increased|nudged|marked)\b",
    _FLAGS,
)

# Effects, dependencies and attention that no outcome can check: "could influence investment
# decisions", "will depend on various factors", "will closely watch", "actual prices will fluctuate".
# Only when the sentence holds no number (a date or a quantity makes it checkable: "will affect
# 2 million jobs by 2027").
_UNCHECKABLE_EFFECT = re.compile(
    r"^\s*(?:also |likely |probably |certainly |closely |still |further |significantly |be )*"
    r"(?:influence|affect|impact|depend(?:s)? on|hinge on|fluctuate|vary|watch|monitor|scrutini[sz]e"
    r"|(?:be|remain) (?:\w+ly )?(?:watched|monitored|scrutini[sz]ed|influenced|affected)"
    r"|have (?:\w+ )?(?:implications|consequences|ramifications|effects|repercussions)"
    r"|foster both|bring both|create both)\b",
    _FLAGS,
)
_NUMBER = re.compile(r"\d")
# A generic conditional on a signal: the subject is a list of alternatives or "signs of" something
# ("Weakening GDP growth, declining confidence, or a pullback could hasten calls for cuts"), a rule of
# thumb about what would happen if, not a claim that it will.
_GENERIC_SIGNAL = re.compile(
    r"(?:^|[.;:]\s)\W*(?:(?:any |further |more |clear |early )?(?:signs?|evidence|indications?) of\b[^,;]*"
    r"|[^,;]*,[^;]*\bor (?:a |an |the |any )?[\w-]+(?: [\w-]+){0,4})\s+$",
    _FLAGS,
)
# An assumption that things stay as they are is the forecast's input, not its output:
# "Our forecast assumes existing sanctions remain in place through 2027".
_STATUS_QUO_ASSUMED = re.compile(
    r"^[^.;]*?\b(?:remains?|stays?|continues?|persists?)"
    r" (?:in place|unchanged|in force|as (?:is|they are))\b",
    _FLAGS,
)

# "the factors that will shape monetary policy": names what an analysis looks at, predicts nothing.
_DRIVERS = re.compile(
    r"\b(?:factors|forces|drivers|issues|questions|themes|trends|variables|dynamics)\s+(?:that|which)\s+$",
    _FLAGS,
)
_DRIVE = re.compile(r"^\s*(?:\w+ly )?(?:shape|determine|drive|define|decide|influence|matter)\b", _FLAGS)


@dataclass(frozen=True)
class Rule:
    """One discounting rule, the look-alike it exists for and a forecast it keeps."""

    name: str
    applies: Callable[..., bool]  # (cue, before, after, sentence) -> True: not a forecast
    look_alike: str
    kept: str


def _modal(cue) -> bool:
    return cue.name == "modal"


def _should_advises(cue, before, after, sentence) -> bool:
    if cue.word != "should":
        return False
    inversion = SHOULD_INVERSION.match(sentence)
    return (_modal(cue) and not _PREDICTIVE_SHOULD.match(after)) or bool(
        inversion and cue.start < inversion.start("cond")
    )


def _in_concessive_opener(cue, before, after, sentence) -> bool:
    return bool(_CONCESSIVE_OPENER.match(sentence)) and "," in sentence and cue.start < sentence.index(",")


def _in_indirect_question(cue, before, after, sentence) -> bool:
    question = next(reversed(list(_INDIRECT_QUESTION.finditer(before))), None)
    between = before[question.end() :] if question else ""
    return bool(question) and not _FINITE_BETWEEN.search(between) and not re.search(r"[,;:—–]", between)


def _about_itself(cue, before, after, sentence) -> bool:
    start = max(0, cue.start - LOOKBACK)
    return any(m.start() <= cue.start < m.end() for m in _META.finditer(sentence, start))


def _attributive_likely(cue, before, after, sentence) -> bool:
    """ "countries likely to oppose": an adjective on a noun, no copula (the frames take "are likely to")."""
    return cue.name == "hedge" and cue.word in ("likely", "most") and bool(re.match(r"\s+to\b", after))


def _uncheckable_effect(cue, before, after, sentence) -> bool:
    return _modal(cue) and bool(_UNCHECKABLE_EFFECT.match(after)) and not _NUMBER.search(sentence)


def _generic_signal(cue, before, after, sentence) -> bool:
    return (
        cue.word in ("would", "could", "might", "may")
        and bool(_GENERIC_SIGNAL.search(before))
        and not _NUMBER.search(sentence)
    )


def _status_quo_assumed(cue, before, after, sentence) -> bool:
    return cue.text.lower().endswith(("assumes", "assume")) and bool(_STATUS_QUO_ASSUMED.match(after))


RULES: tuple[Rule, ...] = (
    Rule(
        "counterfactual or past: could have, would have, could otherwise",
        lambda cue, before, after, s: _modal(cue) and bool(_COUNTERFACTUAL.match(after)),
        "Moscow could have intervened far earlier.",
        "Moscow could intervene again next year.",
    ),
    Rule(
        "how things look now: may seem, could be viewed as",
        lambda cue, before, after, s: _modal(cue) and bool(_APPEARANCE.match(after)),
        "The agreement may seem premature to many observers.",
        "The agreement may collapse within a year.",
    ),
    Rule(
        "rhetoric: one might argue, one could say",
        lambda cue, before, after, s: _modal(cue) and bool(_SPEECH_ACT.match(after)),
        "One might argue that the treaty is a symbolic gesture.",
        "The treaty might be ratified by March 2027.",
    ),
    Rule(
        "evaluative or wishful would: it would be a mistake to, would like to",
        lambda cue, before, after, s: (
            cue.word == "would" and bool(_EVALUATIVE_WOULD.match(after) or _DESIRE.match(after))
        ),
        "It would be a mistake to dismiss the protests.",
        "The protests would grow if fuel prices rise.",
    ),
    Rule(
        "a past expectation: were likely to, was expected to",
        lambda cue, before, after, s: cue.name in ("frame", "hedge") and bool(_PAST_FRAME.search(before)),
        "The talks were likely to collapse.",
        "The talks are likely to collapse.",
    ),
    Rule(
        "narrative future-in-the-past: would later, would soon",
        lambda cue, before, after, s: cue.word == "would" and bool(_NARRATIVE_WOULD.match(after)),
        "Moscow would later regret the decision.",
        "Moscow would regret such a decision.",
    ),
    Rule(
        "will the noun: political will",
        lambda cue, before, after, s: (
            cue.word == "will"
            and bool(_WILL_NOUN.search(before))
            and not cue.text.lower().startswith("will not")
        ),
        "The reform lacks political will.",
        "The reform will lack support.",
    ),
    Rule(
        "May the month",
        lambda cue, before, after, s: cue.text == "May" and bool(before.strip() or re.match(r"\s*\d", after)),
        "The ceasefire collapsed in May after the strikes.",
        "May brings a new round of talks, and the ceasefire may collapse.",
    ),
    Rule(
        "advice: should implement (not should see, should be expected to); Should X happen",
        _should_advises,
        "States should implement the reform quickly.",
        "The reform should see growth recover next year.",
    ),
    Rule(
        "a concessive opener: While such statements may be premature, ...",
        _in_concessive_opener,
        "While such statements may be premature, the talks continue.",
        "The talks may stall, and the ceasefire will probably hold.",
    ),
    Rule(
        "an indirect question: questions about whether X will",
        _in_indirect_question,
        "Questions remain about whether the deal will hold.",
        "The deal will hold through 2026.",
    ),
    Rule(
        "a question as the subject: Which elections will matter is discussed below",
        lambda cue, before, after, s: (
            bool(_QUESTION_SUBJECT.match(before)) and bool(re.search(r"\b(?:is|are)\b", after))
        ),
        "Which elections in the new year will affect the landscape is in the next section.",
        "The elections in the new year will change the landscape.",
    ),
    Rule(
        "the article about itself: this article will examine",
        _about_itself,
        "This article will examine the new treaty.",
        "The new treaty will enter into force in 2027.",
    ),
    Rule(
        "something avoided: to avoid a settlement that could ...",
        lambda cue, before, after, s: bool(_AVOIDED.search(before)),
        "Baku wants to avoid a settlement that could weaken its position.",
        "A settlement could weaken Baku's position.",
    ),
    Rule(
        "attributive likely: countries likely to oppose",
        _attributive_likely,
        "Countries likely to oppose the resolution met in Geneva.",
        "Several countries are likely to oppose the resolution.",
    ),
    Rule(
        "advice, not prediction: could do a lot more, might want to",
        lambda cue, before, after, s: _modal(cue) and bool(_ADVICE_MODAL.match(after)),
        "The government could do a lot more to help exporters.",
        "The government could fall before the end of 2026.",
    ),
    Rule(
        "second person: you may already have access",
        lambda cue, before, after, s: _modal(cue) and bool(_SECOND_PERSON.search(before[-20:])),
        "You may already have access to this premium content.",
        "Investors may lose access to the market.",
    ),
    Rule(
        "a calendar, not a forecast: will hold elections on, will be held in",
        lambda cue, before, after, s: (
            cue.word == "will"
            and not cue.text.lower().endswith(("not", "never"))
            and bool(_SCHEDULED.match(after))
        ),
        "Portugal will hold presidential elections on January 18.",
        "The ruling party will win the elections in January 2027.",
    ),
    Rule(
        "plans the noun: the government's plans to",
        lambda cue, before, after, s: (
            cue.word in ("plans", "plan") and bool(_PLANS_NOUN.search(before[-40:]))
        ),
        "The government's plans to build a port were shelved in 2019.",
        "The government plans to build a port by 2027.",
    ),
    Rule(
        "forecast the noun, reported as revised: the 2026 forecast cut to $59",
        lambda cue, before, after, s: (
            cue.word in ("forecast", "forecasts") and bool(_FORECAST_REVISED.match(after))
        ),
        "2026 WTI forecast cut to about $59/bbl from roughly $60.23/bbl in the prior projection.",
        "The ministry forecasts a deficit of about 3 percent in 2026.",
    ),
    Rule(
        "an effect, dependency or attention no outcome can check: could influence, will depend on",
        _uncheckable_effect,
        "The projected price decreases could influence investment decisions within the energy sector.",
        "The projected price decreases could cut investment by 10 percent in 2026.",
    ),
    Rule(
        "a generic conditional on a signal: signs of X would, A, B or C could hasten",
        _generic_signal,
        "Weakening GDP growth, declining consumer confidence, or a pullback in manufacturing could hasten"
        " calls for rate cuts.",
        "Weakening GDP growth will push the central bank to cut rates in March 2026.",
    ),
    Rule(
        "the drivers an analysis names: the factors that will shape",
        lambda cue, before, after, s: _modal(cue) and bool(_DRIVERS.search(before) and _DRIVE.match(after)),
        "Economists are closely analyzing the factors that will shape monetary policy in the coming months.",
        "Slowing inflation will shape monetary policy in the coming months.",
    ),
    Rule(
        "an assumption that things stay as they are: our forecast assumes sanctions remain in place",
        _status_quo_assumed,
        "Our forecast assumes existing sanctions on Venezuela remain in place through 2027.",
        "My forecast assumes an acceleration in growth to 2.5% over the next four quarters.",
    ),
)


def discounted(cue, sentence: str) -> str | None:
    """Return the name of the first rule that says the cue is not a forecast, or None."""
    before = sentence[max(0, cue.start - LOOKBACK) : cue.start]
    after = sentence[cue.start + len(cue.text) :]
    return next((rule.name for rule in RULES if rule.applies(cue, before, after, sentence)), None)
