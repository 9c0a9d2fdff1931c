"""Who makes a claim: the article's authors, or the source the sentence attributes it to.

"Russian President Vladimir Putin announced that ..." -> "Vladimir Putin";
"some Russian experts ... suggest" -> "some Russian experts"; "They suggest ..."
-> whoever the previous sentence named. Attribution only counts when the
forecast sits in the reported clause, after the reporting verb.
"""

import re

from claims.extraction.sentences import BYLINE

_FLAGS = re.IGNORECASE
_REPORTING_VERBS = (
    "announce", "say", "state", "declare", "predict", "warn", "suggest", "expect", "believe", "forecast",
    "project", "anticipate", "estimate", "argue", "claim", "contend", "maintain", "insist", "tell", "note",
    "pledge", "promise", "vow", "reckon", "think", "fear", "hope", "assess", "conclude", "add", "caution",
    "mention", "observe", "write", "explain",
)  # fmt: skip
_IRREGULAR = ("said", "says", "told", "tells", "thought", "forecast")
_REPORTING = (
    r"(?:"
    + "|".join(_IRREGULAR)
    + "|"
    + "|".join(
        rf"{v.removesuffix('e')}(?:e|es|ed|s)?" if v.endswith("e") else rf"{v}(?:s|ed)?"
        for v in _REPORTING_VERBS
    )
    + r")"
)
_GROUP = (
    r"(?:(?:some|many|several|most|other|few|a number of|leading|independent|western|local)\s+)?"
    r"(?:[A-Z][\w’'-]+\s+)?(?:experts|analysts|observers|officials|commentators|economists|scholars"
    r"|diplomats|sources|critics|researchers|forecasters|investors|policymakers)"
)
_TITLES = {
    "president", "prime", "minister", "foreign", "defense", "defence", "leader", "ambassador", "secretary",
    "general", "chancellor", "king", "queen", "senator", "governor", "chairman", "chair", "ceo", "director",
    "spokesman", "spokeswoman", "spokesperson", "deputy", "vice", "mr", "mrs", "ms", "dr", "prof", "former",
    "chief", "head", "envoy", "strongman", "commander", "mayor", "sheikh", "emir",
}  # fmt: skip
_NAME = r"(?P<name>(?:[A-Z][\w’'.-]+\s+){0,5}[A-Z][\w’'-]+)"
_PERSON_REPORT = re.compile(
    _NAME + r"(?:,[^,]{3,60},)?\s+(?:has\s+|had\s+|have\s+)?(?:\w+ly\s+)?" + _REPORTING + r"\b"
)
_GROUP_REPORT = re.compile(r"(?P<name>" + _GROUP + r")\b[^.;]{0,80}?\b" + _REPORTING + r"\b", _FLAGS)
# An institution as speaker: "The Saudi finance ministry forecasts ...", "the central bank expects ...".
_INSTITUTION_REPORT = re.compile(
    r"\b(?P<name>[Tt]he\s+(?:[A-Z][\w’'-]+\s+){0,3}(?:[a-z]+\s+)?(?:ministry|government|central bank|bank"
    r"|commission|agency|fund|council|cabinet|secretariat|regulator|treasury))\s+(?:\w+ly\s+)?"
    + _REPORTING
    + r"\b"
)
_ACCORDING_TO = re.compile(
    r"\b[Aa]ccording to\s+(?P<name>(?:the\s+)?(?:[A-Z][\w’'-]+\s*){1,5}"
    r"(?:(?:experts|analysts|officials|economists|sources|diplomats|researchers)\b)?)"
)
_PRONOUN_REPORT = re.compile(r"^\s*(?:\w+,\s*)?(?P<pron>They|He|She)\s+(?:also\s+)?" + _REPORTING + r"\b")
_SENTENCE_OPENERS = {
    "however", "this", "that", "these", "those", "it", "its", "there", "such", "but", "and", "yet",
    "moreover", "meanwhile", "while", "although", "if", "when", "as", "so", "thus", "still", "both", "all",
    "many", "some", "they", "he", "she", "we", "i", "you", "who", "which", "one", "others", "observers",
}  # fmt: skip
# After a quote or a comma, at the end: "..., says Alisher Gardonshoev, a graduate of ..."
_TRAILING = re.compile(
    r"(?:[”\"’'],?|,)\s+(?:(?P<name>(?:[A-Z][\w’'.-]+\s+){0,5}[A-Z][\w’'-]+),?\s+"
    + _REPORTING
    + r"|"
    + _REPORTING
    + r"\s+(?P<name2>(?:[A-Z][\w’'.-]+\s+){0,5}[A-Z][\w’'-]+))\b[^”\"]*$"
)
_NON_NAMES = {"the", "in", "on", "as", "at", "by", "this", "that", "these", "such", "it", "however", "but"}


def _clean_person(name: str) -> str:
    """Drop titles and nationality adjectives: 'Russian President Vladimir Putin' -> 'Vladimir Putin'."""
    words = name.split()
    last_title = max((i for i, w in enumerate(words) if w.lower().strip(".") in _TITLES), default=-1)
    words = words[last_title + 1 :]
    while words and words[0].lower() in _NON_NAMES:
        words = words[1:]
    return " ".join(words)


def _title_holder(name: str) -> str:
    """A speaker named only by office: "Canada's Transport Minister" stays as it is."""
    words = name.split()
    return name if len(words) > 1 and words[-1].lower().strip(".") in _TITLES else ""


def find_attribution(sentence: str, before: int) -> str | None:
    """Return the source a forecast at offset ``before`` is attributed to, or None."""
    head = sentence[:before]
    m = _GROUP_REPORT.search(head) or _INSTITUTION_REPORT.search(head)
    if m:
        return m["name"].strip()
    for m in _PERSON_REPORT.finditer(head):
        if re.search(r"['’]s$", m["name"]):
            continue  # a possessive is not a speaker: "Sabah's state election" ("state" the noun)
        name = _clean_person(m["name"]) or _title_holder(m["name"])
        if name and name.split()[0].lower() not in _SENTENCE_OPENERS:
            return name
    m = _ACCORDING_TO.search(sentence)
    if m:
        return m["name"].strip()
    m = _TRAILING.search(sentence)
    if m:
        return _clean_person(m["name"] or m["name2"]) or None
    return None


def resolve_pronoun(sentence: str, previous: str) -> str | None:
    """'They suggest ...' -> the group or person the previous sentence named."""
    if not _PRONOUN_REPORT.match(sentence):
        return None
    m = re.search(r"(?P<name>" + _GROUP + r")", previous, _FLAGS)
    if m:
        return m["name"].strip()
    m = re.search(_NAME + r"\s+(?:has\s+)?" + _REPORTING + r"\b", previous)
    return _clean_person(m["name"]) if m else None


def byline_authors(text: str) -> list[str]:
    """Authors from a 'By A and B' line, for text that arrives without metadata."""
    m = BYLINE.search(text)
    if not m:
        return []
    names = re.sub(r"\s*[(\[].*$", "", m["names"])  # "(12/3/2003 issue of the CACI Analyst)"
    return [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", names) if n.strip()]
