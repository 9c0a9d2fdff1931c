"""Vague time expressions -> deadline windows: the project's one set of time conventions.

This module and claims.extraction.periods (the calendar periods it names:
"late 2026" = Sep-Dec, seasons, quarters) are the only place they live.
P is the publication date. The conventions (also in docs/extraction.md):

- "next N months/years", "within N years", "over the next decade": P .. P + N.
- "by the end of Y", "between now and the end of Y": P .. Y-12-31.
- "early Y" = Y-01-01..Y-04-30, "mid-Y" = Y-05-01..Y-08-31, "late Y" = Y-09-01..Y-12-31.
- "in <period>" is the period itself; "by <period>" runs from P to its end;
  "before <period>" runs from P to the day before it starts.
- "not before <period>" (also "not until", "no earlier than", "after"):
  earliest = the start of the period (after: the day after its end), no latest.
- "in the coming weeks/months/years": P + 2 months / 6 months / 3 years;
  "in the near term / near future / short term": P + 1 year. These are this
  project's choices, not the labelling README's.
- "in the future", "in the long term", "eventually": a time expression with
  no bound; the claim gets the default horizon (claims.services.default_due_on).

A small regular grammar handles the windows; python-dateutil does the
calendar arithmetic and reads explicit dates ("15 March 2026"); dateparser is
the fallback for the odd phrase an editor types into the admin form.
"""

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from claims.extraction.periods import (
    MONTHS,
    NUM,
    NUMBER_WORDS,
    UNIT,
    add_span,
    bare_month,
    match_period,
    number,
)
from claims.models import Claim

P = Claim.Precision
OCCURS_BY, NOT_BEFORE = "occurs_by", "not_before"


@dataclass(frozen=True)
class Window:
    """A deadline window in the labelling convention: end is None for not_before or unbounded."""

    start: date | None
    end: date | None
    precision: str
    expression: str
    kind_hint: str | None = None  # "occurs_by", "not_before", or None when unbounded

    @property
    def bounded(self) -> bool:
        return self.start is not None or self.end is not None


# Vague relative spans, in months (project convention, documented above).
_VAGUE_SPANS = {"weeks": 2, "months": 6, "years": 36, "decade": 120, "decades": 240}
_NEAR_TERM_MONTHS = 12


# --- expressions: a preposition applied to a period, or a relative span -----------

_BEFORE_PERIOD = (
    r"(?P<prep>between now and|from now (?:until|till|to|through)|no later than|not later than|not before"
    r"|not until|no earlier than|not earlier than|by|before|prior to|until|till|through|into|in|during|within"
    r"|throughout|over|after|from|starting in|beginning in|at|for|on|since)\s+"
)
_PREP_RE = re.compile(r"\b" + _BEFORE_PERIOD)
_BARE_PERIOD_START = re.compile(
    r"\b(?:(?:the )?(?:first|second|third|fourth|1st|2nd|3rd|4th) (?:half|quarter)|h[12] |q[1-4]"
    r"|early|mid|late|(?:the )?(?:spring|summer|autumn|fall|winter)\b"
    r"|(?:19|20)\d\d|(?:this|next|the coming|the following) (?:year|month|quarter)\b"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d)"
)
_RELATIVE_SPAN = re.compile(
    r"\b(?P<lead>(?:in|within|over|during|for|throughout) )?(?:the )?(?P<rel>next|coming|following|upcoming)"
    r" " + NUM + r" " + UNIT + r"|\bwithin (?:the next )?" + NUM.replace("num", "num2") + r" "
    r"(?P<unit2>day|week|month|year|decade)s?|\bin (?P<num3>\d{1,3}|"
    + "|".join(k for k in NUMBER_WORDS if " " not in k and k not in ("a", "an"))
    + r") (?P<unit3>day|week|month|year|decade)s?(?: time)?\b"
)
# "over the next year" is the twelve months from P ("next year" alone is the calendar year);
# "in the next month or two" takes the larger number; "the year ahead" is P + 1 year.
_ONE_SPAN = re.compile(
    r"\b(?:in|within|over|during|throughout|for) the (?:next|coming|following) (?P<unit>month|quarter|year)"
    r"(?: or (?P<num>two|three|2|3))?\b(?! or\b)"
    r"|\b(?:in |over |during |for )?the (?P<ahead>year|twelve months) ahead\b"
)
_VAGUE_SPAN = re.compile(
    r"\b(?:in|over|during|within|for) the (?:next|coming|upcoming|following) (?:few |several |)"
    r"(?P<span>weeks|months|years|decades|decade)\b|\b(?:in|over|during|within|for) the next decade\b"
    r"|\b(?:in|over|during|for) the (?P<ahead>weeks|months|years) ahead\b"
)
_NEAR_TERM = re.compile(r"\b(?:in|over) the (?:near|short)[- ](?:term|future)\b|\bin the near future\b")
_UNBOUNDED = re.compile(
    r"\b(?:in|over) the (?:long|longer|medium)[- ](?:term|run)\b|\bin the future\b|\beventually\b"
    r"|\bsooner or later\b|\bin the years to come\b|\bin (?:the )?(?:decades|years) ahead\b"
)
# "will need clear evidence before considering rate cuts", "will wait until seeing results": bound to
# an event, not a date. The claim is not_before (the step waits for the event) and has no window of
# its own, so it must not inherit a heading's year either.
_EVENT_BOUND = re.compile(
    r"\b(?:before|until|till|prior to) (?!during\b|morning\b|evening\b|spring\b)[a-z]+ing\b"
)
# "reducing medium-term surplus pressure": a horizon of its own, with no bound (and no heading's year).
_TERM_ADJECTIVE = re.compile(
    r"\b(?:medium|long|longer)-term (?:surplus|deficit|growth|decline|outlook|trend|pressure|risk)s?\b"
)
# Bare months ("in September") usually point to the past in analysis prose; after these they point ahead.
_FORWARD_PREPS = {
    "by",
    "before",
    "until",
    "till",
    "no later than",
    "not later than",
    "not before",
    "not until",
}
_END_OF = re.compile(r"\b(?:end|close) of\b|\byear-?end\b", re.IGNORECASE)
# "will remain marginal for at least a decade": a duration that runs from publication.
_DURATION = re.compile(r"\bfor (?:at least |another |a further |a minimum of )" + NUM + r" " + UNIT + r"\b")
# A year that belongs to a name ("Vision 2030", "Agenda 2063") or a range ("covering 2028 to 2034").
_NAMED_YEAR = re.compile(r"(?<=[a-z,;:)] )(?!(?i:" + "|".join(MONTHS) + r")\b)[A-Z][\w-]+\s+$")
_RANGE_NEXT = re.compile(r"\s*(?:to|through|until|-|–)\s*(?:19|20)\d\d\b")
_RANGE_PREVIOUS = re.compile(r"(?:19|20)\d\d\s*(?:to|through|until|-|–)\s*$")
# "prices drift lower than 2025", "compared with 2024": a year compared with, not a deadline.
_COMPARED = re.compile(r"\b(?:than|compared (?:with|to)|versus|vs\.?)\s+(?:in\s+|during\s+)?$", re.IGNORECASE)
_YEAR_BEFORE = re.compile(r"(?:19|20)\d\d\s*$")
# "will not happen before", "unlikely before 2027", "no chance of a deal until": the event is not
# expected earlier, so the claim is not_before (a window ending before 2027 would reverse it).
_NEGATION = re.compile(r"\b(?:not|never|no|unlikely|improbable|hardly)\b|n['’]t\b")


def _clause_before(text: str, index: int) -> str:
    """The words of the clause that precede ``index`` (since the last comma or dash)."""
    return re.split(r"[,;:—–]|\s-\s", text[max(0, index - 200) : index])[-1]


def _in(start, end, precision, published_on) -> tuple:
    return start, end, OCCURS_BY


def _by(start, end, precision, published_on) -> tuple:
    return min(published_on, end), end, OCCURS_BY


def _before(start, end, precision, published_on) -> tuple:
    day_before = start - timedelta(days=1)
    return min(published_on, day_before), day_before, OCCURS_BY


def _not_before(start, end, precision, published_on) -> tuple:
    return start, None, NOT_BEFORE


def _after(start, end, precision, published_on) -> tuple:
    return end + timedelta(days=1), None, NOT_BEFORE


@dataclass(frozen=True)
class Preposition:
    """A row of the time grammar: what a preposition does to the period after it.
    ``expected`` is (start, end) for ``example`` with P = 2025-02-01; a test checks every row."""

    words: tuple[str, ...]
    rule: object  # (start, end, precision, published_on) -> (start, end, kind)
    example: str
    expected: tuple


PREPOSITIONS: tuple[Preposition, ...] = (
    Preposition(("in", "during", "at", "for", "over", "within", "throughout", "on", "since", ""), _in,
                "in late 2026", ("2026-09-01", "2026-12-31")),
    Preposition(("by", "until", "till", "through", "into", "no later than", "not later than",
                 "between now and", "from now until", "from now till", "from now to",
                 "from now through"), _by,
                "well into 2026", ("2025-02-01", "2026-12-31")),
    Preposition(("before", "prior to"), _before, "before 2027", ("2025-02-01", "2026-12-31")),
    Preposition(("not before", "not until", "no earlier than", "not earlier than", "from", "starting in",
                 "beginning in"), _not_before, "not before late 2026", ("2026-09-01", None)),
    Preposition(("after",), _after, "after 2026", ("2027-01-01", None)),
)  # fmt: skip
_PREPOSITION_RULES = {word: row.rule for row in PREPOSITIONS for word in row.words}


def _window_from_period(prep: str | None, period, published_on: date, expression: str, negated: bool):
    """Apply the preposition's row; a negated "before/until" ("will not happen before 2027",
    "unlikely before 2027") is "not before"; "before the end of 2026" is "by the end of 2026"."""
    start, end, precision = period[:3]
    prep = (prep or "").strip()
    if prep in ("before", "until", "till", "prior to") and negated:
        prep = "not before"
    elif prep in ("before", "prior to") and _END_OF.search(expression):
        prep = "by"
    start, end, kind = _PREPOSITION_RULES[prep](start, end, precision, published_on)
    return Window(start, end, precision, expression, kind)


def _relative_window(m, published_on: date) -> Window:
    amount = number(m["num"] or m["num2"] or m["num3"])
    unit = m["unit"] or m["unit2"] or m["unit3"]
    precision = P.DECADE if unit == "decade" else P.RELATIVE
    return Window(published_on, add_span(published_on, amount, unit), precision, "", OCCURS_BY)


def _one_span_window(m, published_on: date) -> Window:
    unit = "year" if m["ahead"] else m["unit"]
    end = add_span(published_on, number(m["num"]) if m["num"] else 1, unit)
    return Window(published_on, end, P.RELATIVE, "", OCCURS_BY)


def _vague_window(m, published_on: date) -> Window:
    span = m["span"] or m["ahead"] or "decade"
    precision = P.DECADE if span.startswith("decade") else P.RELATIVE
    return Window(
        published_on, published_on + relativedelta(months=_VAGUE_SPANS[span]), precision, "", OCCURS_BY
    )


def _near_term_window(m, published_on: date) -> Window:
    return Window(
        published_on, published_on + relativedelta(months=_NEAR_TERM_MONTHS), P.RELATIVE, "", OCCURS_BY
    )


def _duration_window(m, published_on: date) -> Window:
    precision = P.DECADE if m["unit"] == "decade" else P.RELATIVE
    return Window(published_on, add_span(published_on, number(m["num"]), m["unit"]), precision, "", OCCURS_BY)


def _unbounded_window(m, published_on: date) -> Window:
    return Window(None, None, P.INFERRED, "")


def _event_bound_window(m, published_on: date) -> Window:
    return Window(None, None, P.INFERRED, "", NOT_BEFORE)


@dataclass(frozen=True)
class Span:
    """A row of the time grammar: spans counted from the publication date P (2025-02-01 in the
    examples). ``expected`` is (start, end, precision) for ``example``; a test checks every row."""

    name: str
    pattern: re.Pattern
    window: object  # (match, published_on) -> Window
    example: str
    expected: tuple


# In order: an earlier row keeps its words from the later ones (and from the prepositions below).
SPANS: tuple[Span, ...] = (
    Span("the next N units", _RELATIVE_SPAN, _relative_window, "within the next 24 months",
         ("2025-02-01", "2027-02-01", P.RELATIVE)),
    Span("the next unit (or two)", _ONE_SPAN, _one_span_window, "in the next month or two",
         ("2025-02-01", "2025-04-01", P.RELATIVE)),
    Span("the coming units (project: weeks 2 months, months 6, years 3 years)", _VAGUE_SPAN, _vague_window,
         "in the coming months", ("2025-02-01", "2025-08-01", P.RELATIVE)),
    Span("the near / short term (project: 1 year)", _NEAR_TERM, _near_term_window, "in the short term",
         ("2025-02-01", "2026-02-01", P.RELATIVE)),
    Span("for at least N units", _DURATION, _duration_window, "for at least a decade",
         ("2025-02-01", "2035-02-01", P.DECADE)),
    Span("no bound: the long term, eventually", _UNBOUNDED, _unbounded_window, "in the long term",
         (None, None, P.INFERRED)),
    Span("no bound: a horizon as an adjective", _TERM_ADJECTIVE, _unbounded_window,
         "medium-term surplus", (None, None, P.INFERRED)),
    Span("bound to an event: before considering, until seeing (not_before, no date)", _EVENT_BOUND,
         _event_bound_window, "before considering", (None, None, P.INFERRED)),
)  # fmt: skip


def find_time_expressions(sentence: str, published_on: date) -> list[Window]:
    """Return every time expression in a sentence, in order, with its window."""
    text = sentence.lower().replace("’", "'")
    found: list[tuple[int, int, Window]] = []
    taken = bytearray(len(text))  # characters already inside an earlier (more specific) expression

    def add(start: int, end: int, window: Window) -> None:
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            found.append((start, end, window))

    def verbatim(start: int, end: int) -> str:
        return sentence[start:end].strip(" ,.;")

    for span in SPANS:
        for m in span.pattern.finditer(text):
            window = span.window(m, published_on)
            lead = (
                m.start("rel") - len("the ") if span.name == "the next N units" and m["lead"] else m.start()
            )
            add(m.start(), m.end(), replace(window, expression=verbatim(lead, m.end())))
    for m in _PREP_RE.finditer(text):
        if _YEAR_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue  # the second year of a range: "2028 to 2034", "2028 through 2034"
        if _COMPARED.search(text[max(0, m.start() - 20) : m.start()]):
            continue  # "19% less than in 2025": a period compared with, not a deadline
        period = match_period(text, published_on, m.end())
        if period is None and m["prep"] in _FORWARD_PREPS:
            period = bare_month(sentence, m.end(), published_on)
        if period:
            end = m.end() + period[3]
            negated = bool(_NEGATION.search(_clause_before(text, m.start())))
            expression = verbatim(m.start(), end)
            if m["prep"] in ("in", "during", "at", "for", "over", "within", "throughout"):
                expression = verbatim(m.end(), end)
            add(m.start(), end, _window_from_period(m["prep"], period, published_on, expression, negated))
    for m in _BARE_PERIOD_START.finditer(text):
        period = match_period(text, published_on, m.start())
        if period and _is_name_or_range(sentence, m.start(), m.start() + period[3]):
            continue
        if period:
            end = m.start() + period[3]
            add(
                m.start(),
                end,
                _window_from_period(None, period, published_on, verbatim(m.start(), end), False),
            )
    return [window for _, _, window in sorted(found, key=lambda item: item[0])]


def _is_name_or_range(sentence: str, start: int, end: int) -> bool:
    """A bare year that is part of a name ("Vision 2030") or of a range ("2028 to 2034") is no deadline."""
    if not re.fullmatch(r"(?:19|20)\d\d", sentence[start:end]):
        return False
    head = sentence[max(0, start - 60) : start]  # bounded: keeps runaway "sentences" linear
    return bool(
        _NAMED_YEAR.search(head)
        or _RANGE_PREVIOUS.search(head)
        or _RANGE_NEXT.match(sentence, end)
        or _COMPARED.search(head)
    )


def is_past(window: Window, published_on: date) -> bool:
    """True for a past reference: a window wholly before publication ("in 2020", "the 1990s"),
    or a lower bound already passed ("in force from 2020")."""
    if window.end is None:
        return window.kind_hint == NOT_BEFORE and window.start is not None and window.start < published_on
    return window.end < published_on


# "in June", "early in December" with no year: in a forecast, the next such month (unsure).
_IN_MONTH = re.compile(r"\b(?:(?:early|late|mid) )?in (?=[A-Z][a-z]+\b(?!\s*\d))")


def tentative_month(sentence: str, published_on: date) -> Window | None:
    """A bare month after "in", read as the next such month after P; only for a sentence that is
    already a forecast (in other prose "in September" mostly points back), and marked unsure."""
    for m in _IN_MONTH.finditer(sentence):
        period = bare_month(sentence, m.end(), published_on)
        if period:
            expression = sentence[m.start() : m.end() + period[3]]
            return Window(period[0], period[1], period[2], expression, OCCURS_BY)
    return None


# A year in a heading ("2026 Annual Forecast", "Oil in 2026: ...", "Geopolitics-2026"), not a part
# of one ("mid-2023": a deadline of its own) and not a past year.
_HEADING_YEAR = re.compile(r"(?<![\d-])(?<!mid)(?<!early)(?<!late)-?((?:20)\d\d)(?![\d-])")


_HEADING_MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b\.?", re.IGNORECASE)


def heading_year(heading: str, published_on: date) -> Window | None:
    """The year an annual outlook's title or heading names: its undated forecasts are for that year."""
    years = {int(y) for y in _HEADING_YEAR.findall(heading)}
    if _HEADING_MONTH.search(heading):
        return None  # a dateline ("Nov 28, 2022") or a monthly title ("US Chart Pack (Jan. 2026)")
    if len(years) != 1 or (year := years.pop()) < published_on.year:
        return None
    return Window(date(year, 1, 1), date(year, 12, 31), P.YEAR, heading.strip(), OCCURS_BY)


# "in the short term, 2025–2026", "the medium term (2027-2030)": the article defines its horizon.
_DEFINED_TERM = re.compile(
    r"\bthe (?P<term>short|medium|long|near)[- ](?:term|run)\b[,:]?\s*\(?(?:i\.e\.,?\s*)?"
    r"(?P<first>(?:19|20)\d\d)\s*(?:[–—-]|to)\s*(?P<last>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_TERM_IN = re.compile(r"\bthe (short|medium|long|near)[- ](?:term|run)\b", re.IGNORECASE)


def defined_terms(text: str) -> dict[str, Window]:
    """The horizons an article defines: {"short": window of 2025..2026}; its own reading wins over
    the project's default for "the short term" (P + 1 year) and the unbounded "long term"."""
    terms = {}
    for m in _DEFINED_TERM.finditer(text):
        first, last = int(m["first"]), int(m["last"])
        if first <= last:
            terms.setdefault(
                m["term"].lower(), Window(date(first, 1, 1), date(last, 12, 31), P.YEAR, m[0], OCCURS_BY)
            )
    return terms


def apply_defined_term(sentence: str, window: Window | None, terms: dict[str, Window]) -> Window | None:
    """The article's own reading of "the short/medium/long term" when the sentence uses it."""
    if not terms or (window is not None and window.bounded and not _TERM_IN.search(window.expression)):
        return window
    m = _TERM_IN.search(sentence)
    defined = terms.get(m.group(1).lower()) if m else None
    return replace(defined, expression=m.group(0)) if defined else window


def find_time_expression(sentence: str, published_on: date) -> Window | None:
    """Return the sentence's forward-looking time expression (past references are skipped)."""
    for window in find_time_expressions(sentence, published_on):
        if not is_past(window, published_on):
            return window
    return None


def parse_time_expression(text: str, published_on: date) -> Window | None:
    """Parse a time expression on its own ("not before late 2026") into its window."""
    text = text.strip()
    if not text:
        return None
    window = next(iter(find_time_expressions(text, published_on)), None)  # past ones too: the editor typed it
    if window is None and (period := match_period(text.lower(), published_on)):
        window = _window_from_period(None, period, published_on, text, False)
    negated = text.lower().startswith(("not before", "no earlier than", "not until"))
    if window is not None and negated and window.kind_hint != NOT_BEFORE:
        window = replace(window, end=None, kind_hint=NOT_BEFORE)
    return window or _dateparser_window(text, published_on)


def _dateparser_window(text: str, published_on: date) -> Window | None:
    """Last resort for free text an editor types ("in three weeks", "next Friday")."""
    from datetime import datetime

    import dateparser  # imported lazily: slow to load, and only the admin form needs it

    base = datetime(published_on.year, published_on.month, published_on.day)
    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future"}
    parsed = dateparser.parse(
        re.sub(r"^(?:by|before|until)\s+", "", text), languages=["en"], settings=settings
    )
    if parsed is None:
        return None
    day = parsed.date()
    return _ParsedWindow(published_on if day >= published_on else day, day, P.DAY, text, OCCURS_BY)


@dataclass(frozen=True)
class _ParsedWindow(Window):
    """A window read by dateparser, not by the grammar: a guess the editor must confirm."""

    from_dateparser: bool = True


@dataclass(frozen=True)
class ModelWindow:
    """A window in the Claim model's terms (what the admin form fills in)."""

    window_start: date | None
    due_on: date | None
    precision: str
    deadline_inferred: bool
    kind_hint: str | None
    # False when only the general date parser understood the expression ("next Friday"): the
    # form shows the reading and asks for the dates rather than filling them in silently.
    sure: bool = True


def to_model_window(window: Window | None) -> ModelWindow:
    """Map a window onto Claim fields: not_before is checked when its window opens."""
    if window is None or not window.bounded:
        return ModelWindow(None, None, P.INFERRED, True, None)
    due_on = window.start if window.kind_hint == NOT_BEFORE else window.end
    return ModelWindow(window.start, due_on, window.precision, False, window.kind_hint)


def window_for_expression(text: str, published_on: date) -> ModelWindow | None:
    """Return Claim window fields for a typed time expression, or None if it is not understood.

    For the claim admin form: an editor types "not before late 2026" and gets
    window_start, due_on and precision. An unbounded expression ("in the
    future") gives due_on None: the caller applies the default horizon.
    """
    window = parse_time_expression(text, published_on)
    if window is None:
        return None
    return replace(to_model_window(window), sure=not getattr(window, "from_dateparser", False))
