"""Is a sentence a forward-looking claim? Its cues, and the hedge words they give.

Rules, not a model. A sentence is a candidate when it carries a *cue*: a
future or modal verb ("will", "may", "could"), an estimative frame ("is
expected to", "is likely", "is poised to", "stands to") or a risk frame
("the potential for X to escalate"). Cues are then discounted where the
grammar shows they are not a forecast by the author:

- "could have", "would have" (the past, counterfactual);
- "was expected to", "were poised to" (a past expectation);
- "will" as a noun ("political will"), "May" the month;
- "should be viewed as", "should prioritise" (advice, not prediction), "must";
- a cue inside a concessive opener ("While such statements may be premature, ...");
- a cue inside an indirect question ("raising questions about whether X will ...");
- a cue describing something avoided ("to avoid a settlement that could ...");
- "would"/"will" reported in the past ("the minister said it would ...": a
  past intention, not a forecast), unless the report carries its own hedge.

"can" alone is a general possibility ("networks can dictate outcomes") and
never makes a claim by itself. Questions and definitions are not claims.
"""

import re
from dataclasses import dataclass

from claims.extraction.reading import SHOULD_INVERSION

_FLAGS = re.IGNORECASE

# Cue patterns: (name, pattern). The name is what counts; the match text is the verbatim hedge.
_CUES: list[tuple[str, re.Pattern]] = [
    (name, re.compile(pattern, _FLAGS))
    for name, pattern in [
        ("frame", r"\bshould be expected to\b"),
        (
            "frame",
            r"\b(?:is|are|be|been|remains?|seems?|appears?)"
            r" (?:not |widely |also |increasingly )?expected to\b",
        ),
        (
            "frame",
            r"\b(?:is|are|be|seems?|appears?) (?:highly |very |increasingly |also )?(?:un)?likely(?: to)?\b",
        ),
        (
            "frame",
            r"\b(?:is|are|be) (?:poised|set|bound|slated|scheduled|projected|forecast|predicted) to\b",
        ),
        (
            "frame",
            r"\b(?:is|are|be) due to (?=(?:be|begin|start|open|take|hold|expire|enter|launch|sign|vote)\b)",
        ),
        (
            "frame",
            r"\b(?:expects?|predicts?|forecasts?|anticipates?)\b"
            r"(?=\s+(?!that\b)[^.;,]{1,60}?\bto\s+(?!the\b|an?\b)[a-z]+)",
        ),
        (
            "frame",  # "the ministry forecasts a deficit of 3 percent", "the IMF projects slower growth"
            # a verb, not the noun: no article or possessive before it
            r"(?<![-\w])(?<!\bthe )(?<!\ba )(?<!\bits )(?<!\bthis )(?<!\btheir )(?<!\bour )"
            r"(?:forecast|project|predict|anticipate|expect|estimate)s?\s+(?=(?:an?|further"
            r"|continued|slower|faster|higher|lower|more|fewer|about|around|roughly|some|\d)\b"
            r"(?!\s+(?:decade|year|month|week|day|time|while|lot)s?\b))",
        ),
        ("intent", r"\b(?:aims?|hopes?|seeks?|wants?|vows?) to\b"),
        ("frame", r"\bstands? to\b"),
        ("frame", r"\b(?:intended|intends|plans|planned) to\b"),
        (
            "frame",
            r"\b(?:is|are|be) (?:not )?(?:expected|scheduled|slated|due|planned)"
            r" (?=(?:in|by|for|within|before|after|next|this|later|soon)\b)",
        ),
        ("frame", r"\b(?:is|are|be|been) (?:\w+ )?anticipated\b|\banticipated to\b"),
        ("frame", r"\b(?:is|are) (?:going|about|on track|on course) to\b"),
        (
            "frame",
            r"\b(?:is|are|looks?|seems?|appears?) (?:almost |virtually |all but )?(?:certain|sure) to\b",
        ),
        ("frame", r"\b(?:looks?|seems?|appears?) (?:set|poised|likely|unlikely|bound) to\b"),
        ("frame", r"\b(?:promises|threatens|threaten) to\b"),
        (
            "hedge",
            r"\b(?:(?:a|an|every|some|little|no|slim|good|high|strong|real|significant|distinct|serious|fair)\s+)"
            r"(?:chance|likelihood|probability|possibility|risk|prospect)s? (?:that|of)\b",
        ),
        ("modal", r"\bcould potentially\b"),
        ("modal", r"\bmay be inclined\b"),
        ("modal", r"\b(?:will|would|may|might|could|can|should) (?:likely|probably|possibly|potentially)\b"),
        ("modal", r"\bwill not\b|\bwon['’]t\b|\bwill never\b"),
        ("modal", r"\b(?:will|shall|would|may|might|could|should|can)\b|['’]ll\b"),
        ("hedge", r"\b(?:very |highly )?(?:un)?likely\b"),
        ("hedge", r"\bpotentially\b"),
        ("hedge", r"\bpotential for\b(?=[^.;]{0,80}?\bto [a-z]+)"),
        ("hedge", r"\b(?:is|are|remains?|becomes?) an? potential\b"),
        ("hedge", r"\bif it materiali[sz]es\b"),
    ]
]

# Every cue pattern above contains one of these words: sentences without any skip the full scan.
_TRIGGER = re.compile(
    r"\b(?:will|would|may|might|could|can|should|shall|won|\w*likely|potential\w*|expect\w*|poised|set|bound"
    r"|slated|scheduled|project(?:ed|s)?|estimates?|forecasts?|predict\w*|due|anticipat\w*|aims?|hopes?|seeks?|wants?|vows?"
    r"|stands?|intend\w*|plan\w*|going|about|track|course|certain|sure|promises|threaten\w*|chances?"
    r"|likelihood|probability|possibilit\w*|risks?|prospects?|materiali\w*)\b|['’]ll\b",
    _FLAGS,
)
_WEAK = {"can"}  # never a claim on its own
# Aims and hopes are plans, not forecasts, unless the sentence gives them a deadline.
_INTENT = "intent"
_BACKSHIFT = {"would"}  # future-in-the-past when reported in the past ("said it would")
_PAST_PRONE = {"would", "could", "can"}

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
_AVOIDED = re.compile(
    r"\b(?:avoid\w*|prevent\w*|averting|avert|declin\w+ to|refrain\w* from|forestall\w*)\b[^,;.]*"
    r"\b(?:that|which|who)\s+(?:\w+\s+)?$",
    _FLAGS,
)
_PAST_REPORT = re.compile(
    r"\b(?:said|announced|stated|declared|promised|pledged|claimed|told|predicted|warned|insisted|noted"
    r"|argued|vowed|suggested|indicated|reported|added|explained|estimated|hoped|believed|thought|expected"
    r"|assured|confirmed|revealed|boasted|threatened)\b[^.;]*$",
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
# The article describing itself: "This analysis assesses the prospects ... and the policies that will ...".
_SELF_DESCRIPTION = re.compile(
    r"^\s*(?:this|the present|the following) (?:article|paper|analysis|piece|essay|brief|report|study"
    r"|commentary|section) (?:\w+ly )?(?:examines|assesses|reviews|explores|discusses|analy[sz]es|considers"
    r"|outlines|surveys|describes|sets out|traces|looks at|evaluates|maps)\b",
    _FLAGS,
)
_DEFINITION = re.compile(
    r"\b(?:is|are) defined as\b|\brefers? to\b|\b(?:is|are) (?:known|referred to) as\b|\bdenotes\b"
    r"|\bis (?:a|the) term (?:for|used)\b|\bby definition\b|\bis one (?:that|which|in which)\b",
    _FLAGS,
)


@dataclass(frozen=True)
class Cue:
    name: str  # "frame", "modal" or "hedge"
    text: str  # verbatim
    start: int

    @property
    def word(self) -> str:
        return self.text.split()[0].lower().replace("’", "'")


# More cues than this in one "sentence" means the splitter failed; the rest are ignored.
_MAX_CUES = 30


def _raw_cues(sentence: str) -> list[Cue]:
    taken = bytearray(len(sentence))  # characters already part of a longer cue
    cues = []
    for name, pattern in _CUES:
        for m in pattern.finditer(sentence):
            if any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            cues.append(Cue(name, m.group(0), m.start()))
    return sorted(cues, key=lambda c: c.start)[:_MAX_CUES]


# How far back the discounting rules look: a clause, not a runaway "sentence" (keeps them linear).
_LOOKBACK = 300


def _before(cue: Cue, sentence: str) -> str:
    return sentence[max(0, cue.start - _LOOKBACK) : cue.start]


def _discounted(cue: Cue, sentence: str) -> bool:
    """True when the grammar around a cue shows it is not a forecast."""
    before, after = _before(cue, sentence), sentence[cue.start + len(cue.text) :]
    word = cue.word
    if cue.name == "modal" and (
        _COUNTERFACTUAL.match(after) or _APPEARANCE.match(after) or _SPEECH_ACT.match(after)
    ):
        return True  # the past ("could have"), how things look ("may seem"), or rhetoric ("one might argue")
    if word == "would" and (_EVALUATIVE_WOULD.match(after) or _DESIRE.match(after)):
        return True  # "it would be a mistake to ...", "would like to"
    if _PAST_FRAME.search(before) and cue.name in ("frame", "hedge"):
        return True
    if word == "would" and re.match(
        r"\s*(?:later|soon|eventually|subsequently|then|go on to)\b", after, _FLAGS
    ):
        return True  # narrative future-in-the-past: "Moscow would later regret it"
    if word == "will" and _WILL_NOUN.search(before) and not cue.text.lower().startswith("will not"):
        return True
    if cue.text == "May" and (before.strip() or re.match(r"\s*\d", after)):
        return True  # the month
    inversion = SHOULD_INVERSION.match(sentence)
    if word == "should" and (
        (cue.name == "modal" and not _PREDICTIVE_SHOULD.match(after))
        or (inversion and cue.start < inversion.start("cond"))
    ):
        return True  # advice, or the "Should X happen, ..." conditional
    if _CONCESSIVE_OPENER.match(sentence) and "," in sentence and cue.start < sentence.index(","):
        return True
    question = next(reversed(list(_INDIRECT_QUESTION.finditer(before))), None)
    between = before[question.end() :] if question else ""
    if question and not _FINITE_BETWEEN.search(between) and not re.search(r"[,;:—–]", between):
        return True
    if any(m.start() <= cue.start < m.end() for m in _META.finditer(sentence, max(0, cue.start - _LOOKBACK))):
        return True  # the article talking about itself: "this paper will examine"
    return bool(_AVOIDED.search(before))


def _reported_in_past(cue: Cue, sentence: str) -> bool:
    return cue.word in _BACKSHIFT and bool(_PAST_REPORT.search(_before(cue, sentence)))


def _negated(cue: Cue, sentence: str) -> bool:
    return bool(re.match(r"\s*(?:not|never)\b|n['’]t\b", sentence[cue.start + len(cue.text) :], _FLAGS)) or (
        cue.text.lower().endswith(("not", "n't", "never"))
    )


def forecast_cues(sentence: str, past_reference_at: int | None = None, timed: bool = False) -> list[Cue]:
    """Return the cues that make a sentence forward-looking; empty if it is not a claim.

    ``past_reference_at``: offset of a past time reference ("in 2020") in the
    sentence, if any; "would"/"could" after it, or "could not" anywhere near
    it, describe the past, unless they sit in a reported clause (the date is
    then the report's). ``timed``: the sentence has a forward time expression,
    which turns an aim ("hopes to finish by 2027") into a dated plan.
    """
    if sentence.rstrip().rstrip("\"'”’)").endswith("?") or _DEFINITION.search(sentence):
        return []
    if _SELF_DESCRIPTION.match(sentence):
        return []
    if not _TRIGGER.search(sentence):
        return []
    cues = [c for c in _raw_cues(sentence) if not _discounted(c, sentence)]
    # A past report of a dated future plan ("said in March that Ottawa would publish X by mid-2027")
    # is an attributed forecast: the forward window shows the reported event is still ahead.
    if not timed and any(_reported_in_past(c, sentence) for c in cues):
        cues = [c for c in cues if not _reported_in_past(c, sentence)]
        if all(c.word in _BACKSHIFT for c in cues):
            return []
    if not timed:
        cues = [c for c in cues if c.name != _INTENT]
    if all(c.word in _WEAK for c in cues):
        return []
    if past_reference_at is not None and all(
        c.word in _PAST_PRONE
        and (c.start > past_reference_at or _negated(c, sentence))
        and not _PAST_REPORT.search(_before(c, sentence))
        for c in cues
    ):
        return []
    return cues


_EXTRA_HEDGES = re.compile(
    r"\b(?:possibly|probably|perhaps|potential|potentially|under certain circumstances)\b", _FLAGS
)


_PAST_TENSE = re.compile(r"\b(?:was|were|had|did|has been|have been)\b", _FLAGS)
_FORWARD_PREPOSITION = re.compile(
    r"\b(?:in|by|during|until|before|from|after|within|over|throughout|next|coming|no later than)"
    r"\s+(?:the\s+)?$",
    _FLAGS,
)


def scheduled_cue(sentence: str, expression_at: int) -> Cue | None:
    """A present-tense sentence about a dated future event ("Armenia holds elections in June 2026").

    Only called when the sentence has no other cue and its window lies wholly
    after publication; the tense and a preposition before the date keep out
    "the 2026 budget was ..." and the like.
    """
    if expression_at < 0 or sentence.rstrip().endswith("?") or _DEFINITION.search(sentence):
        return None
    if _PAST_TENSE.search(sentence):
        return None
    head = sentence[:expression_at]
    if not (
        _FORWARD_PREPOSITION.search(head)
        or re.match(r"(?i)(?:in|by|next|within|over|before|until)\b", sentence[expression_at:])
    ):
        return None
    return Cue("schedule", "", expression_at)


def hedge_text(cues: list[Cue], sentence: str = "") -> str:
    """The verbatim hedge words, ';'-separated (the labelled-data convention).

    Besides the cues, softer hedges in the sentence ("possibly", "potential")
    are listed: the scale takes the most cautious one.
    """
    seen: list[str] = []
    cues = [c for c in cues if c.text]
    extra = [
        m.group(0) for m in _EXTRA_HEDGES.finditer(sentence) if not any(m.group(0) in c.text for c in cues)
    ]
    for text in [c.text.strip() for c in cues] + extra:
        if text.lower() not in (s.lower() for s in seen):
            seen.append(text)
    return "; ".join(seen)


# The author rejecting the forecast just reported: "We consider that target unrealistic",
# "Such projections are premature". The README leaves rejected third-party forecasts unlabelled.
_DOUBTED = (
    r"(?:unrealistic|implausible|premature|over(?:ly)?[- ]optimistic|exaggerated|alarmist|fanciful"
    r"|far-fetched)"
)
_REPORTED_THING = (
    r"(?:target|forecast|projection|estimate|prediction|claim|expectation|figure|statement|assessment|goal)s?"
)
_REJECTION = re.compile(
    r"\b(?:we|I) (?:consider|regard|find|judge|view|think|believe) (?:that|this|these|those|such|the|both)"
    r" (?:\w+ )?"
    + _REPORTED_THING
    + r" (?:as |to be )?(?:\w+ )?"
    + _DOUBTED
    + r"|\b(?:that|this|these|those|such|the) (?:\w+ )?"
    + _REPORTED_THING
    + r" (?:is|are|seems?|appears?|looks?|may be|might be|remains?) (?:\w+ )?"
    + _DOUBTED,
    _FLAGS,
)


def rejects_previous(sentence: str) -> bool:
    """True when the sentence dismisses the forecast reported in the sentence before it."""
    return bool(_REJECTION.search(sentence[:_LOOKBACK]))
