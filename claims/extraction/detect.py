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

The hedge phrases inside the cues are not listed here: each cue pattern (a
``Frame``) names a slot of the hedge vocabulary in ``claims.hedges``, the
table the estimative scale reads too.
"""

import re
from dataclasses import dataclass

from claims import hedges
from claims.extraction.discounts import LOOKBACK as _LOOKBACK
from claims.extraction.discounts import discounted

_FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Frame:
    """A cue pattern: the grammar around one slot of the hedge vocabulary (claims.hedges).

    The slot's phrases come from the vocabulary, so every hedge a cue reports
    is a phrase the estimative scale has decided on. ``lead`` and ``mods``
    are grammar ("is", "seems"; "widely"), which does not move the number.
    """

    name: str  # "frame", "modal", "hedge" or "intent"
    slot: str
    lead: tuple[str, ...] = ()  # one of these comes first, then a space
    mods: tuple[str, ...] | str = ()  # optionally one of these (or a regex) between lead and phrase
    tails: tuple[str, ...] = ()  # one of these follows the phrase; "" makes them optional
    before: str = ""  # regex context before (a lookbehind)
    after: str = ""  # regex after the phrase (a lookahead, or the space it consumes)
    sep: str = " "  # between lead and phrase
    example: str = ""  # words after the phrase that satisfy ``after``, for the vocabulary test

    @property
    def pattern(self) -> re.Pattern:
        lead = f"(?:{_either(self.lead)}){self.sep}" if self.lead else ""
        mods = self.mods if isinstance(self.mods, str) else _either(self.mods)
        mods = f"(?:(?:{mods}) )?" if mods else ""
        tails = f"(?:{_either(t for t in self.tails if t)})" if self.tails else ""
        tails += "?" if "" in self.tails else ""
        phrases = _either(hedges.phrases(self.slot))
        return re.compile(rf"{self.before}{lead}{mods}(?:{phrases}){tails}\b{self.after}", _FLAGS)


def _phrase_pattern(phrase: str) -> str:
    """A vocabulary phrase as a regex: either apostrophe ("won't", "won’t")."""
    return re.escape(phrase).replace("'", "['’]")


def _either(phrases) -> str:
    """Alternatives, longest first (a regex takes the first that matches), on a word boundary.

    One ``\\b`` before the group, not one per alternative, keeps the scan fast;
    a clitic ("'ll") follows its word, so it takes none.
    """
    ordered = sorted(phrases, key=len, reverse=True)
    words = "|".join(_phrase_pattern(p) for p in ordered if p[:1].isalnum())
    others = [_phrase_pattern(p) for p in ordered if not p[:1].isalnum()]
    return "|".join(([rf"\b(?:{words})"] if words else []) + others)


_BE = ("is", "are", "be")
_WITH_NOUN = r"[\w$€£.,%-]+(?: [\w$€£.%-]+){0,5}"  # the noun phrase after "with" (six words at most)
_SEEM = ("seem", "seems", "appear", "appears")
_LOOK = ("look", "looks", *_SEEM)

# In order: a longer cue found first keeps its words from the ones after it.
FRAMES: tuple[Frame, ...] = (
    Frame("frame", "should_be_expected", example=" rise"),
    Frame(
        "frame",
        "expected_to",
        lead=(*_BE, "been", "remain", "remains", *_SEEM),
        mods=("not", "widely", "also", "increasingly"),
        example=" rise",
    ),
    Frame(
        "frame",
        "likely",
        lead=(*_BE, *_LOOK),
        mods=("highly", "very", "increasingly", "also"),
        tails=("", " to"),
        example=" rise",
    ),
    Frame("frame", "be_to", lead=_BE, example=" rise"),
    Frame(
        "frame",
        "due_to",
        lead=_BE,
        after=r" (?=(?:be|begin|start|open|take|hold|expire|enter|launch|sign|vote)\b)",
        example=" begin",
    ),
    Frame(  # "analysts expect the central bank to cut rates"
        "frame",
        "expect_to",
        after=r"(?=\s+(?!that\b)[^.;,]{1,60}?\bto\s+(?!the\b|an?\b)[a-z]+)",
        example=" prices to rise",
    ),
    Frame(  # "the ministry forecasts a deficit of 3 percent", "the IMF projects slower growth":
        # a verb, not the noun: no article or possessive before it
        "frame",
        "forecast_object",
        before=r"(?<![-\w])(?<!\bthe )(?<!\ba )(?<!\bits )(?<!\bthis )(?<!\btheir )(?<!\bour )",
        after=r"\s+(?=(?:an?|further|continued|slower|faster|higher|lower|more|fewer|about|around|roughly"
        r"|some|\d)\b(?!\s+(?:decade|year|month|week|day|time|while|lot)s?\b)"
        # "the poll projects Brent crude at about $62": a named thing, then its level
        r"|[A-Z][\w.-]*(?: [\w().-]+){0,3} (?:at|around|near) (?:about |around |roughly )?[$€£]?\d)",
        example=" a deficit",
    ),
    # "with global AI spending projected to reach $2 trillion by 2026", "with 5.5 million robots
    # expected to be in operation": the frame without its copula, after "with" and its noun.
    Frame("frame", "expected_to", lead=("with",), mods=_WITH_NOUN, example=" rise"),
    Frame("frame", "be_to", lead=("with",), mods=_WITH_NOUN, example=" rise"),
    Frame("intent", "intent", example=" finish"),
    Frame("frame", "expect_see", after=r"(?= [a-z]+)", example=" growth"),
    Frame("belief", "belief", before=r"(?<![\w-])", example=" growth of 3 percent in 2027"),
    Frame("belief", "in_forecast", before=r"(?<![\w-])", example=" for 2027"),
    Frame(
        "frame",
        "forecast_noun",
        lead=("my", "our", "the", "their", "its", "his", "her"),
        mods=r"[\w-]+",
        example=" an acceleration",
    ),
    Frame(  # "we have raised our 2026 growth forecast to 4.4 percent"
        "frame",
        "revised_forecast",
        lead=(
            "raised",
            "lifted",
            "increased",
            "lowered",
            "cut",
            "trimmed",
            "reduced",
            "upgraded",
            "downgraded",
            "revised up",
            "revised down",
            "revised",
            "nudged up",
            "nudged down",
        ),  # fmt: skip
        mods=r"[\w-]+(?: [\w-]+){0,3}",
        after=r"(?= (?:for [^.;]{1,30} )?(?:to|at) )",
        example=" to 4.4 percent",
    ),
    Frame(
        "frame",
        "possible",
        lead=(*_BE, "remain", "remains", *_SEEM),
        after=r"(?=\s+that\b)",
        example=" that prices rise",
    ),
    Frame("frame", "stands", example=" gain"),
    Frame("frame", "plans", example=" build"),
    Frame(  # "elections are expected in early 2027"
        "frame",
        "be_dated",
        lead=_BE,
        mods=("not",),
        after=r" (?=(?:in|by|for|within|before|after|next|this|later|soon)\b)",
        example=" in 2027",
    ),
    Frame("frame", "anticipated", lead=(*_BE, "been"), mods=r"\w+", example=" soon"),
    Frame("frame", "anticipated_to", example=" rise"),
    Frame("frame", "be_going", lead=("is", "are"), example=" rise"),
    Frame(
        "frame",
        "certain",
        lead=("is", "are", *_LOOK),
        mods=("almost", "virtually", "all but"),
        example=" win",
    ),
    Frame("frame", "be_to", lead=_LOOK, example=" win"),  # "looks set to", "seems poised to"
    Frame("frame", "promises", example=" derail"),
    Frame(
        "hedge",
        "risk",
        lead=tuple(hedges.RISK_QUALIFIERS),
        sep=r"\s+",
        tails=(" that", " of"),
        example=" renewed fighting",
    ),
    Frame("modal", "could_potentially", example=" rise"),
    Frame("modal", "may_be_inclined", example=" to act"),
    Frame("modal", "modal_adverb", lead=hedges.phrases("modal"), example=" rise"),  # "will likely"
    Frame("modal", "modal_not", example=" rise"),
    Frame("modal", "modal", example=" rise"),
    Frame("hedge", "likely", mods=("very", "highly"), example=" rise"),
    Frame("hedge", "adverb", example=" rise"),
    Frame("hedge", "potential_for", after=r"(?=[^.;]{0,80}?\bto [a-z]+)", example=" rivalries to escalate"),
    Frame(  # "is a potential flashpoint"
        "hedge",
        "a_potential",
        lead=tuple(
            f"{verb} {a}"
            for verb in ("is", "are", "remain", "remains", "become", "becomes")
            for a in ("a", "an")
        ),
        example=" flashpoint",
    ),
    Frame("hedge", "materializes", example=" soon"),
)


def _needed_words(frame: Frame) -> frozenset[str]:
    """Words one of which every match of the frame holds (each phrase's first word): a sentence
    with none of them skips the frame's pattern, which keeps a 2,000-word article fast."""
    return frozenset(_WORD.findall(p.replace("'", " "))[0] for p in hedges.phrases(frame.slot) if p.strip())


_WORD = re.compile(r"[a-z]+")
_CUES: list[tuple[str, re.Pattern, frozenset[str]]] = [
    (frame.name, frame.pattern, _needed_words(frame)) for frame in FRAMES
]

# Every cue holds its phrase, so the phrase's longest word: sentences with none skip the full scan.
_TRIGGER = re.compile(
    rf"(?:{_either({max(p.split(), key=len) for f in FRAMES for p in hedges.phrases(f.slot)})})\b", _FLAGS
)
_WEAK = {"can"}  # never a claim on its own
# Aims and hopes are plans, not forecasts, unless the sentence gives them a deadline.
_NEEDS_DATE = ("intent", "belief")
_BACKSHIFT = {"would", "wouldn't"}  # future-in-the-past when reported in the past ("said it would")
_PAST_PRONE = {"would", "could", "can", "wouldn't", "couldn't"}

_PAST_REPORT = re.compile(
    r"\b(?:said|announced|stated|declared|promised|pledged|claimed|told|predicted|warned|insisted|noted"
    r"|argued|vowed|suggested|indicated|reported|added|explained|estimated|hoped|believed|thought|expected"
    r"|assured|confirmed|revealed|boasted|threatened)\b[^.;]*$",
    _FLAGS,
)
# The article describing itself: "This analysis assesses the prospects ... and the policies that will ...".
_SELF_DESCRIPTION = re.compile(
    r"^\s*(?:this|the present|the following) (?:article|paper|analysis|piece|essay|brief|report|study"
    r"|commentary|section) (?:\w+ly )?(?:examines|assesses|reviews|explores|discusses|analy[sz]es|considers"
    r"|outlines|surveys|describes|sets out|traces|looks at|evaluates|maps)\b"
    r"|^\W*(?:here|below|in this (?:article|piece|report|post|section)),? (?:we|I) (?:\w+ly )?"
    r"(?:examine|assess|review|explore|discuss|analy[sz]e|consider|outline|look at|describe|set out)\b",
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


def raw_cues(sentence: str) -> list[Cue]:
    """Every cue pattern's matches, before the discounting rules (the vocabulary test walks these)."""
    taken = bytearray(len(sentence))  # characters already part of a longer cue
    cues = []
    words = set(_WORD.findall(sentence.lower().replace("’", " ").replace("'", " ")))
    for name, pattern, needed in _CUES:
        if needed.isdisjoint(words):
            continue
        for m in pattern.finditer(sentence):
            if any(taken[m.start() : m.end()]):
                continue
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            cues.append(Cue(name, m.group(0), m.start()))
    return sorted(cues, key=lambda c: c.start)[:_MAX_CUES]


def _before(cue: Cue, sentence: str) -> str:
    return sentence[max(0, cue.start - _LOOKBACK) : cue.start]


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
    cues = [c for c in raw_cues(sentence) if not discounted(c, sentence)]
    # A past report of a dated future plan ("said in March that Ottawa would publish X by mid-2027")
    # is an attributed forecast: the forward window shows the reported event is still ahead.
    if not timed and any(_reported_in_past(c, sentence) for c in cues):
        cues = [c for c in cues if not _reported_in_past(c, sentence)]
        if all(c.word in _BACKSHIFT for c in cues):
            return []
    if not timed:
        cues = [c for c in cues if c.name not in _NEEDS_DATE]
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


# Softer hedges listed besides the cues ("possibly", "under certain circumstances").
_EXTRA_HEDGES = re.compile(rf"(?:{_either(hedges.phrases('extra'))})\b", _FLAGS)


_PAST_TENSE = re.compile(r"\b(?:was|were|had|did|has been|have been)\b", _FLAGS)
_FORWARD_PREPOSITION = re.compile(
    r"\b(?:in|into|by|during|until|before|from|after|within|over|throughout|next|coming|no later than)"
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
    if _SELF_DESCRIPTION.match(sentence):
        return None
    if _PAST_TENSE.search(sentence):
        return None
    head = sentence[:expression_at]
    if not (
        _FORWARD_PREPOSITION.search(head)
        or re.match(r"(?i)(?:in|into|by|next|within|over|before|until)\b", sentence[expression_at:])
    ):
        return None
    return Cue("schedule", "", expression_at)


_WITH_FRAME = re.compile(r"^with\b.*?\s(?=(?:well[- ](?:positioned|placed) |\w+ )to$)", _FLAGS)


def _hedge_words(text: str) -> str:
    """The hedge words of a cue: "with global AI spending projected to" reports "projected to"."""
    return _WITH_FRAME.sub("", text)


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
    for text in [_hedge_words(c.text.strip()) for c in cues] + extra:
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
