"""Sentence splitting for analysis prose.

A regular-expression splitter rather than a trained model (no downloads):
it breaks after ``.``, ``!`` or ``?`` (and any closing quotes or brackets)
when whitespace and a capital letter, digit or opening quote follow, and
refuses to break after known abbreviations ("U.S.", "e.g.", "Dr."),
single initials ("Robert M. Cutler") or inside numbers ("3.5%").
"""

import re
from dataclasses import dataclass

# Abbreviations that never end a sentence (titles, Latin, months).
_NEVER_FINAL = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gen", "col", "lt", "capt", "gov", "pres", "st", "mt",
    "jr", "sr", "e.g", "i.e", "cf", "vs", "viz", "al", "approx", "pp", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "est", "ca",
}  # fmt: skip
# Abbreviations only before a number ("No. 5", "Art. 12"); otherwise ordinary words.
_BEFORE_NUMBER = {"no", "nos", "vol", "art", "ch", "sec", "fig", "para"}
# Abbreviations that may end a sentence: only split when a typical sentence opener follows.
_MAYBE_FINAL = {"u.s", "u.k", "u.n", "e.u", "etc", "inc", "ltd", "co", "corp", "d.c", "a.m", "p.m"}
_OPENERS = {
    "the", "this", "that", "these", "those", "it", "its", "in", "on", "at", "as", "a", "an",
    "but", "however", "moreover", "meanwhile", "yet", "and", "if", "while", "although", "he",
    "she", "they", "we", "there", "such", "for", "by", "with", "despite", "since", "after",
    "before", "nevertheless", "still", "both", "what", "when", "whether",
}  # fmt: skip

# "By Laura Linderman and Michael Hikari Cecire": the line that opens an article.
BYLINE = re.compile(r"^[ \t]*By\s+(?P<names>[A-Z][^\n]{2,120})(?<![.:;!?])$", re.MULTILINE)
_SECTION_LABEL = re.compile(r"^\s*[A-Z][A-Z’'\s]{2,40}:\s+")
# A transcript's speaker ("Shifter: ...", "Michael Shifter: ..."): one to three capitalised words.
_SPEAKER_LABEL = re.compile(r"^\s*[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){0,2}:\s+(?=[\"“‘A-Z])")
# A break after . ! ? with optional closing quotes/brackets and citation markers ("2023.[1] The"),
# then whitespace and a capital, digit or opening quote.
# Or web text that lost the space between sentences: "easing.The Chinese economy" (a lower-case
# word of two letters or more, the mark, then a capitalised word; "U.S.The" and "e.g.The" are
# not, and domain names "Investing.com" are lower case after the dot).
_BOUNDARY = re.compile(
    r"""[.!?]+["'”’)\]]*(?:\[\d{1,3}\])*\s+(?=["'“‘(\[]?[A-Z0-9])|(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])"""
)
_TOKEN_BEFORE = re.compile(r"(\S+)$")
# A title run into its first sentence with no mark between ("Interest Rate Predictions for Next Year:
# Navigating Economic Uncertainty As we approach the end of the year, ..."): four or more title-case
# words, then a sentence opener ("As", "The", "We") and a lower-case word.
_TITLE_WORD = r"(?:[A-Z][\w’'-]*[:,]?|for|of|the|and|in|to|a|an|on|with|at|by|vs\.?|&)"
_RUN_IN_TITLE = re.compile(
    rf"^(?P<title>(?:{_TITLE_WORD} ){{4,}}?)(?=(?P<opener>[A-Z][a-z]+) [a-z])(?!(?:{_TITLE_WORD} )*[.!?])"
)


@dataclass(frozen=True)
class Sentence:
    text: str
    paragraph: int  # index of the paragraph (line) it came from
    section: str  # the section label it sits under ("IMPLICATIONS"), or ""


def strip_section_label(line: str) -> tuple[str, str]:
    """Return (label, rest) for a line opening with e.g. ``BACKGROUND:``."""
    match = _SECTION_LABEL.match(line)
    if not match:
        return "", line
    return match.group(0).strip().rstrip(":").strip(), line[match.end() :]


def _is_abbreviation_break(before: str, after: str) -> bool:
    token = _TOKEN_BEFORE.search(before)
    if not token:
        return False
    word = token.group(1).lstrip("(\"'“‘[").rstrip(".").lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "Robert M. Cutler"
    if word in _NEVER_FINAL:
        return True
    if word in _BEFORE_NUMBER:
        return bool(re.match(r"\s*\d", after))
    if word in _MAYBE_FINAL:
        next_word = re.match(r"[\"'“‘(\[]?(\w+)", after)
        return not (next_word and next_word.group(1).lower() in _OPENERS)
    return False


def _run_in_title(text: str) -> int:
    """Where the sentence starts after a title run into it, or 0."""
    m = _RUN_IN_TITLE.match(text)
    if not m or m["opener"].lower() not in _OPENERS:
        return 0
    capitalised = sum(w[:1].isupper() for w in m["title"].split())
    return m.end("title") if capitalised >= 4 else 0


def split_paragraph(text: str) -> list[str]:
    """Split one paragraph into sentences."""
    sentences, start = [], 0
    title_end = _run_in_title(text)
    if title_end:
        sentences, start = [text[:title_end].strip()], title_end
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        # The punctuation mark itself must end the token before the match.
        mark_at = match.start() - (match.start() == end)  # a glued break matches after its mark
        if text[mark_at] == "." and _is_abbreviation_break(text[start : mark_at + 1], text[end:]):
            continue
        chunk = text[start:end].strip()
        if chunk:
            sentences.append(chunk)
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def split_sentences(text: str) -> list[Sentence]:
    """Split article text into sentences, one paragraph per line, section labels removed."""
    result: list[Sentence] = []
    section = ""
    for index, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        label, rest = strip_section_label(line)
        section = label or ("" if BYLINE.match(line) else section)  # a byline starts a new article
        rest = _SPEAKER_LABEL.sub("", rest, count=1)
        result.extend(Sentence(s, index, section) for s in split_paragraph(rest))
    return result
