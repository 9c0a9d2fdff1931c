"""Reading a detected claim: its condition, its kind, and a checkable restatement."""

import re

_FLAGS = re.IGNORECASE

# --- conditionals ----------------------------------------------------------------

_IF = re.compile(
    r"(?<!\bas )(?<!\beven )(?<!\bparticularly )(?<!\bespecially )(?<!\bnotably )(?<!\bonly )"
    r"\b(?:if|unless|provided that|in the event that|as long as|assuming that)\b"
    r"(?! (?:not|so|anything|any|at all|only|ever|necessary|possible|needed|true|anyone|nothing)\b)",
    _FLAGS,
)
_ONLY_IF = re.compile(r"\bonly if\b", _FLAGS)
SHOULD_INVERSION = re.compile(r"^\s*(?:\w+,\s*)?should (?P<cond>[^,]+),", _FLAGS)
_SOFT_IF = re.compile(r"\b(?:particularly|especially|notably|even more so|even) if\b", _FLAGS)


# Nouns naming an event that may or may not happen (not states like "position" or "government").
_EVENT_NOUNS = (
    "accession", "participation", "entry", "withdrawal", "exit", "admission", "membership", "involvement",
    "intervention", "adoption", "ratification", "implementation", "completion", "construction", "deployment",
    "return", "departure", "collapse", "victory", "defeat", "re-election", "election", "recognition",
    "integration", "inclusion", "approval", "rejection", "default", "resignation",
)  # fmt: skip
# A hypothetical event as the subject of "would"/"could": "Ukraine's accession would add ...",
# "Iran's participation in the format could consolidate ..." (if X joins / takes part, then ...).
_HYPOTHETICAL_SUBJECT = re.compile(
    r"(?:^|\bthat\s+)(?:\w+,\s*)?(?P<np>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*['’]s\s+(?:[a-z]+\s+)?"
    r"(?:" + "|".join(_EVENT_NOUNS) + r")\b[^,;]{0,80}?)\s+(?:would|could)\s+(?!have\b)"
)


def find_condition(sentence: str) -> str:
    """Return the 'if' part of a conditional sentence, or ''."""
    inverted = SHOULD_INVERSION.match(sentence)
    if inverted:
        return inverted["cond"].strip()
    m = _ONLY_IF.search(sentence) or _IF.search(sentence)
    if not m and (hypothetical := _HYPOTHETICAL_SUBJECT.search(sentence)):
        return hypothetical["np"].strip()
    if not m or _SOFT_IF.search(sentence[max(0, m.start() - 20) : m.end()]):
        return ""
    rest = sentence[m.end() :]
    condition = re.split(r",|—|–| - |;|\bthen\b", rest, maxsplit=1)[0]
    condition = condition.strip().rstrip(".")
    if m.group(0).lower() == "unless":
        condition = f"not: {condition}"
    return condition


# --- kind ------------------------------------------------------------------------

_RISK = re.compile(
    r"\b(?:conflict|instability|unrest|violence|destabili[sz]\w*|escalat\w*|spiral\w*"
    r"|spill\w* over|flashpoint"
    r"|crisis|collapse|disintegration|backfire|war|risk|threat|vulnerab\w*|foreshadow\w*|harbinger|trigger\w*"
    r"|indicator|impact|effect|role|shifts?|serve as|act as|leverag\w*|use|exploit\w*|challeng\w*"
    r"|obstacle\w*|constraint|bottleneck|barrier)\b",
    _FLAGS,
)
_TREND = re.compile(
    r"\b(?:increas\w*|decreas\w*|grow\w*|rise|rising|fall|declin\w*|strengthen\w*|weaken\w*|intensif\w*"
    r"|deepen\w*|expand\w*|expansion|diminish\w*|reduc\w*|boost\w*|elevat\w*|enhanc\w*|reclaim\w*|benefi\w*"
    r"|more inclined|increasingly|further|change|improv\w*|deteriorat\w*|erod\w*|gain\w*|los[et]\w*)\b",
    _FLAGS,
)
# Comparatives mark a change only after the cue ("will play a larger role", not "Lower prices will ...").
_COMPARATIVE = re.compile(r"\b(?:larger|greater|bigger|smaller|higher|lower|stronger|weaker)\b", _FLAGS)
# "fall below 65 dollars", "rise above 3 percent": crossing a threshold is an event, not a trend.
_THRESHOLD = re.compile(
    r"\s+(?:\w+ly\s+)?(?:below|above|under|over|past|beyond|to)\s+(?:about |around |roughly |some )?[\d$€£]",
    _FLAGS,
)


# A state that holds through the window ("will remain a niche within the next decade") is not an event.
_PERSISTENCE = re.compile(r"remain|stay|persist|endure|continue", _FLAGS)
_ADVERB = re.compile(r"(?:\w+ly|only|still|also|not|even|soon|be|to)$", _FLAGS)


def _main_verb(after_cue: str) -> str:
    """The first word after the cue that is not an adverb ("will likely grow only modestly" -> "grow")."""
    words = re.findall(r"[\w’'-]+", after_cue)[:4]
    return next((w for w in words if not _ADVERB.fullmatch(w)), "")


_NEGATED_UNTIL = re.compile(r"(?:\bnot\b|n['’]t\b|\bnever\b)[^,;]{0,60}\b(?:before|until|till)\b", _FLAGS)


def classify_kind(sentence: str, condition: str, time_kind: str | None, cue_end: int = 0) -> str:
    """Return the claim kind: conditional > not_before > occurs_by (timed) > trend or other.

    Between trend and other, the words right after the first cue decide ("is
    likely to increase" is a trend, "could spiral into conflict" a risk);
    failing that, a change word with no risk or role word in the sentence.
    """
    if condition:
        return "conditional"
    verb = _main_verb(sentence[cue_end:])
    after_verb = sentence[cue_end:].split(verb, 1)[-1] if verb else ""
    if time_kind == "occurs_by" and _TREND.fullmatch(verb) and not _THRESHOLD.match(after_verb):
        return "trend"  # a change over the window: "will intensify over the next two years"
    if time_kind == "not_before" or (time_kind == "occurs_by" and not _PERSISTENCE.fullmatch(verb)):
        return time_kind
    if _NEGATED_UNTIL.search(sentence):
        return "not_before"  # an event-relative bound: "will not be ratified until parliament convenes"
    following = " ".join(sentence[cue_end:].split()[:6])
    trend, risk = _TREND.search(following) or _COMPARATIVE.search(following), _RISK.search(following)
    if trend or risk:
        return "trend" if trend and (not risk or trend.start() < risk.start()) else "other"
    return "trend" if _TREND.search(sentence) and not _RISK.search(sentence) else "other"


# --- the checkable restatement --------------------------------------------------------

_CONNECTIVE = re.compile(
    r"^(?:however|moreover|meanwhile|nevertheless|nonetheless|furthermore|additionally|in addition|finally"
    r"|first|second|third|overall|thus|therefore|simultaneously|conversely|similarly|notably|indeed|still|yet"
    r"|in this context|in this regard|as such|in turn|ultimately|in short|in sum|consequently|accordingly)"
    r"\s*[,—–:]\s*",
    _FLAGS,
)
_TO_WILL = [
    (re.compile(p, _FLAGS), r)
    for p, r in [
        (r"\bshould be expected to\b", "will"),
        (r"\b(?:is|are) (?:widely |also )?expected to\b", "will"),
        (r"\b(?:is|are) (?:highly |very )?likely to\b", "will"),
        (r"\b(?:is|are) (?:poised|set|bound|slated|going|about) to\b", "will"),
        (r"\bstands? to\b", "will"),
        (r"\b(?:is|are) (?:highly |very )?likely (?=an? |the )", "will be "),
        (
            r"\b(?:may|might|could|would|can) (?:potentially |possibly |probably |likely )?"
            r"(?:be inclined to )?",
            "will ",
        ),
        (r"\bwill (?:likely|probably|possibly|potentially) ", "will "),
        (r"\bpotentially ", ""),
    ]
]


def restate(sentence: str, claimant: str | None = None) -> str:
    """A checkable 'X will Y' restatement: connective dropped, hedges normalised to 'will'."""
    text = _CONNECTIVE.sub("", sentence.strip())
    for pattern, replacement in _TO_WILL:
        text = pattern.sub(replacement, text)
    text = re.sub(r"\s{2,}", " ", text).strip()
    text = text[:1].upper() + text[1:]
    return f"Per {claimant}: {text}" if claimant else text
