"""Propose forward-looking claims from article text: pure Python, no network, no models.

``propose_claims`` is the one entry point; the management command, the admin
action and the API endpoint (via claims.services.proposals) all call it.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date

from claims.extraction.claimants import byline_authors, find_attribution, resolve_pronoun
from claims.extraction.detect import forecast_cues, hedge_text, rejects_previous, scheduled_cue
from claims.extraction.reading import classify_kind, find_condition, restate
from claims.extraction.sentences import BYLINE, split_sentences
from claims.extraction.time import (
    NOT_BEFORE,
    OCCURS_BY,
    P,
    Window,
    apply_defined_term,
    defined_terms,
    find_time_expressions,
    heading_year,
    is_past,
    tentative_month,
    to_model_window,
)
from claims.probability import probability_for_hedge

__all__ = ["ProposedClaim", "propose_claims"]

# Sections that are about the author, not the subject.
_SKIPPED_SECTIONS = ("BIO",)
# Web navigation that quotes another page's headline: "Read also: US trade tensions will hit ...".
_LINK_LINE = re.compile(
    r"^\W*(?:read (?:also|more|next)|see also|related|recommended|more on this)\s*:", re.I
)
_NEGATIVE_HEDGE = re.compile(r"\b(?:unlikely|improbable)\b", re.IGNORECASE)


@dataclass(frozen=True)
class ProposedClaim:
    """A candidate claim, in the Claim model's terms (due_on is the review date)."""

    sentence: str
    claim: str
    kind: str
    condition: str
    hedge: str
    probability: float | None
    time_expression: str
    window_start: date | None
    due_on: date
    precision: str
    deadline_inferred: bool
    claimant: str  # the attributed source, or the article's authors joined with ", "
    attributed: bool  # True when the sentence attributes the claim to someone other than the authors
    # Empty when the window was read from the sentence's own time expression; otherwise why the
    # editor should check it ("check the window: taken from the heading ('2026 Annual Forecast')").
    window_note: str = ""

    @property
    def window_sure(self) -> bool:
        return not self.window_note

    @property
    def deadline_latest(self) -> date | None:
        """The window's end in the labelling convention (None for not_before and untimed claims)."""
        if self.deadline_inferred or self.kind == NOT_BEFORE:
            return None
        return self.due_on

    @property
    def deadline_earliest(self) -> date | None:
        return None if self.deadline_inferred else self.window_start

    def as_json(self) -> dict:
        data = asdict(self)
        data["window_sure"] = self.window_sure
        for key in ("window_start", "due_on"):
            data[key] = data[key].isoformat() if data[key] else None
        return data


def _default_due_on(published_on: date) -> date:
    from claims.services.claims import default_due_on  # the project's documented default horizon

    return default_due_on(published_on)


def propose_claims(text: str, published_on: date, authors: Sequence[str] = ()) -> list[ProposedClaim]:
    """Return the forward-looking claims in an article's text, one per sentence, in order."""
    authors = list(authors) or byline_authors(text)
    proposals: list[ProposedClaim] = []
    previous = ""
    items = split_sentences(text)
    per_paragraph = Counter(item.paragraph for item in items)
    last_in_paragraph = {item.paragraph: item.text for item in items}
    frame: Window | None = None  # the year a heading names ("2026 Annual Forecast")
    report = False  # a heading calls the piece a forecast ("Short-Term Energy Outlook")
    context: tuple[int, Window] | None = None  # the last dated sentence: (paragraph, window)
    terms = defined_terms(text)  # "in the short term, 2025–2026"
    for item in items:
        sentence = item.text
        if BYLINE.match(sentence):
            frame = context = None  # a new article
            report = False
        heading = _is_heading(sentence) or (per_paragraph[item.paragraph] == 1 and _is_title_line(sentence))
        if heading or (
            _is_title_line(last_in_paragraph[item.paragraph]) and per_paragraph[item.paragraph] <= 2
        ):
            frame = heading_year(sentence, published_on) or frame
            report = report or bool(_FORECAST_REPORT.search(sentence))
        if not heading and _SETS_THE_YEAR.match(sentence):
            frame = heading_year(sentence, published_on) or frame  # "The year is 2026."
        if any(word in item.section for word in _SKIPPED_SECTIONS) or heading or _LINK_LINE.match(sentence):
            continue
        if (
            proposals
            and proposals[-1].sentence == previous
            and proposals[-1].attributed
            and rejects_previous(sentence)
        ):
            proposals.pop()  # a third-party forecast the author rejects is not a claim
        windows = find_time_expressions(sentence, published_on)
        inherited = _inherited(item.paragraph, _elaborated(sentence, previous, context), frame)
        proposal = _propose(sentence, previous, published_on, authors, windows, inherited, terms, report)
        if proposal:
            proposals.extend(_one_per_date(proposal, windows, published_on))
        own = _span_of([w for w in windows if w.bounded and not is_past(w, published_on)])
        context = (item.paragraph, own) if own else None
        previous = sentence
    return proposals


_CALENDAR = {P.DAY, P.MONTH, P.QUARTER, P.PART_OF_YEAR, P.HALF, P.YEAR}


def _one_per_date(proposal: ProposedClaim, windows: list[Window], published_on: date) -> list[ProposedClaim]:
    """Split a sentence that dates two claims ("$56/b in 2026, then $54/b in 2027", "by 1.4 million
    b/d in 2026 and 0.5 million b/d in 2027") into one proposal per date, each with its own window.

    Only separate calendar periods of the same kind, none inside another; the claim text says which
    date it is for (so the two drafts differ, and accepting one leaves the other)."""
    dated = [
        w
        for w in windows
        if w.precision in _CALENDAR and w.kind_hint == OCCURS_BY and not is_past(w, published_on)
    ]
    ends = {w.end for w in dated}
    if (
        proposal.window_note
        or len(dated) < 2
        or len(ends) < len(dated)
        or dated[0].expression != (proposal.time_expression)
    ):
        return [proposal]
    return [
        replace(
            proposal,
            claim=f"{proposal.claim} (the claim for {w.expression})",
            time_expression=w.expression,
            window_start=w.start,
            due_on=w.end,
            precision=w.precision,
        )
        for w in dated
    ]


# A sentence elaborates the dated one before it when it opens by pointing back ("This would ...",
# "Such a deal could ..."), opens by adding to it ("Simultaneously, ...", "At the same time, ...") or
# speaks of the forecast just given ("... supporting the slightly brighter outlook", "the projections
# indicate"). Other undated sentences stay untimed (the labelling README's convention).
_ELABORATES = re.compile(
    r"^\W*(?:this|that|these|those|it|they|such|both|the latter|the move|the decision)\b"
    r"|^\W*(?:simultaneously|meanwhile|similarly|likewise|also|at the same time|in the same period)\b"
    r"|(?P<forecast>\b(?:the|this|that|these|our|their|its) (?:\w+ ){0,2}"
    r"(?:outlook|projections?|forecasts?)\b"
    r"(?! (?:for|of) ))",
    re.I,
)
_CONTENT_WORD = re.compile(r"[a-z]{4,}")


def _elaborated(sentence: str, previous: str, context: tuple[int, Window] | None):
    """The previous sentence's window if this sentence elaborates it (else None). Speaking of the
    forecast just given or repeating its subject ("... we expect crude oil production will decrease"
    after "... crude oil production will decrease ... in 2026 and ... in 2027") crosses a paragraph."""
    if context is None:
        return None
    m = _ELABORATES.search(sentence)
    if m and not m["forecast"]:
        return context
    if m or _shares_a_phrase(sentence, previous):
        return (-1, context[1])  # any paragraph
    return None


def _shares_a_phrase(sentence: str, previous: str) -> bool:
    """Three content words in a row in both sentences: the same subject, restated."""

    def triples(text: str) -> set[tuple[str, ...]]:
        words = _CONTENT_WORD.findall(text.lower())
        return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}

    return not triples(sentence).isdisjoint(triples(previous))


# A heading that names the piece a forecast: its present-tense sentences about this year are forecasts.
_FORECAST_REPORT = re.compile(r"\b(?:outlook|forecasts?|projections|predictions)\b", re.I)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_AMOUNT = re.compile(r"[$€£]\s?\d|\d(?:\.\d+)?\s?(?:%|percent|per ?cent|billion|million|trillion)", re.I)


# A short sentence that only sets the scene in a year: "The year is 2026.", "It is 2027."
_SETS_THE_YEAR = re.compile(
    r"^\W*(?:the year is|it is|welcome to|this is)\s+(?:\w+\s+)?(?:19|20)\d\d\W*$", re.I
)


def _span_of(windows: list[Window]) -> Window | None:
    """The window a following undated sentence inherits: the one dated window, or the span of several
    ("$56 in 2026, then $54 in 2027" -> 2026-2027)."""
    if len(windows) < 2 or any(w.kind_hint == NOT_BEFORE or not (w.start and w.end) for w in windows):
        return windows[0] if windows else None
    start, end = min(w.start for w in windows), max(w.end for w in windows)
    expression = f"{windows[0].expression} ... {windows[-1].expression}"
    return Window(start, end, windows[0].precision, expression, windows[0].kind_hint)


def _inherited(paragraph: int, context: tuple[int, Window] | None, frame: Window | None):
    """The window an undated sentence takes: the date of the sentence it elaborates (the one just
    before, in the same paragraph), else the year its heading names (an annual outlook).

    Returned with the note that says where it came from (the editor checks it).
    """
    if context and context[0] in (paragraph, -1):
        return context[1], f"check the window: taken from the sentence before ({context[1].expression!r})"
    if frame:
        return frame, f"check the window: taken from the heading ({frame.expression!r})"
    return None


def _is_heading(sentence: str) -> bool:
    """A title or heading line: no closing punctuation and mostly capitalised words."""
    words = sentence.split()
    if not words or sentence.rstrip().endswith((".", "!", "?", '"', "”", "’", ")")):
        return False
    return sum(w[:1].isupper() for w in words) >= 0.6 * len(words)


_TITLE_MAX_WORDS = 15


def _is_title_line(line: str) -> bool:
    """A short line with no closing mark: a headline in sentence case ("Six elections to watch in
    2026", "EM central banks may start rate cuts mid-2023 as inflation cools off"), a list item."""
    stripped = line.rstrip().rstrip("\"'”’)]")
    if stripped.endswith("?"):  # "Geopolitics-2026: 12 Months to War?": never a claim, may name a year
        return len(line.split()) <= _TITLE_MAX_WORDS
    return not stripped.endswith((".", "!", "…", ":")) and len(line.split()) <= _TITLE_MAX_WORDS


def _propose(
    sentence: str,
    previous: str,
    published_on: date,
    authors: list[str],
    windows: list[Window],
    inherited: tuple[Window, str] | None,
    terms: dict[str, Window],
    report: bool = False,
) -> ProposedClaim | None:
    past = [w for w in windows if is_past(w, published_on)]
    past_at = sentence.find(past[0].expression) if past else -1
    window = next((w for w in windows if not is_past(w, published_on)), None)
    cues = forecast_cues(sentence, past_at if past_at >= 0 else None, timed=bool(window and window.bounded))
    # A dated event: wholly after publication, or (in a forecast report, a named year) not yet over: "Global
    # liquid fuels production growth in 2026 is driven by OPEC+" in an outlook published in January.
    ahead = (
        window
        and window.start
        and (
            window.start > published_on
            # "with global spending approaching $2 trillion by 2026": a quantity due by a date
            or (
                window.expression.lower().startswith("by ")
                and window.end > published_on
                and _AMOUNT.search(sentence)
            )
            or (report and window.end and window.end > published_on and _YEAR.search(window.expression))
        )
    )
    if not cues and ahead:
        scheduled = scheduled_cue(sentence, sentence.find(window.expression))
        cues = [scheduled] if scheduled else []
    if not cues:
        return None
    source = find_attribution(sentence, cues[0].start + len(cues[0].text)) or resolve_pronoun(
        sentence, previous
    )
    condition = find_condition(sentence)
    first = cues[0]
    kind = classify_kind(
        sentence, condition, window.kind_hint if window else None, first.start + len(first.text)
    )
    hedge = hedge_text(cues, sentence)
    probability = probability_for_hedge(hedge)
    if kind == NOT_BEFORE and probability is not None and _NEGATIVE_HEDGE.search(hedge):
        probability = round(1 - probability, 3)  # "unlikely before 2027": the claim is that it waits
    note = ""
    window = apply_defined_term(sentence, window, terms)
    if window is None or (not window.bounded and window.kind_hint != NOT_BEFORE):
        guess = tentative_month(sentence, published_on)
        if guess:
            window, note = guess, f"check the window: {guess.expression!r} read as the next such month"
        elif inherited and window is None:  # its own "in the long term" keeps a heading's year out
            window, note = inherited
    model_window = to_model_window(window)
    return ProposedClaim(
        sentence=sentence,
        claim=restate(sentence, source),
        kind=kind,
        condition=condition,
        hedge=hedge,
        probability=probability,
        time_expression=window.expression if window else "",
        window_start=model_window.window_start,
        due_on=model_window.due_on or _default_due_on(published_on),
        precision=model_window.precision,
        deadline_inferred=model_window.deadline_inferred,
        claimant=source or ", ".join(authors),
        attributed=bool(source),
        window_note=note,
    )
