"""The calendar periods the time grammar names: "late 2026", "Q3 2026", "March 2026", "next year".

Each period is a (start, end, precision) triple; claims.extraction.time puts
a preposition in front of it ("by", "not before", "in") to make a window.
"""

import re
from dataclasses import dataclass
from datetime import date

from dateutil import parser as dateutil_parser
from dateutil.relativedelta import relativedelta

from claims.models import Claim

P = Claim.Precision

# --- vocabulary ---------------------------------------------------------------

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
    "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36, "forty": 40, "fifty": 50,
    "a couple of": 2, "couple of": 2, "a few": 3, "few": 3, "several": 5,
}  # fmt: skip
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
# Parts of a year: "early", "mid", "late" (README convention).
_PARTS = {"early": (1, 4), "mid": (5, 8), "middle": (5, 8), "late": (9, 12)}
# Northern-hemisphere seasons, three months each; "winter 2026" starts in December 2026 (project convention).
_SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

NUM = r"(?P<num>\d{1,3}|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + r")"
MONTHS = tuple(_MONTHS)  # lower-case month names and abbreviations
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
UNIT = r"(?P<unit>day|week|month|quarter|year|decade)s?"


def month_end(year: int, month: int) -> date:
    return date(year, month, 1) + relativedelta(months=1, days=-1)


def number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def add_span(published_on: date, amount: int, unit: str) -> date:
    if unit == "decade":
        return published_on + relativedelta(years=10 * amount)
    if unit == "quarter":
        return published_on + relativedelta(months=3 * amount)
    return published_on + relativedelta(**{f"{unit}s": amount})


# --- periods: a named stretch of calendar -----------------------------------------
# Each returns (start, end, precision) for the period named by the match.


@dataclass(frozen=True)
class Period:
    """A row of the time grammar: a named stretch of calendar. ``expected`` is (start, end,
    precision) for ``example`` with P = 2025-02-01 (EXAMPLE_P); a test checks every row."""

    name: str
    pattern: re.Pattern
    read: object  # (match, published_on) -> (start, end, precision) or None
    example: str
    expected: tuple


EXAMPLE_P = date(2025, 2, 1)
PERIODS: list[Period] = []  # in order: the first row that matches wins


def _period(pattern: str, example: str, expected: tuple):
    def register(func):
        PERIODS.append(Period(func.__name__.strip("_"), re.compile(pattern), func, example, expected))
        return func

    return register


_WHICH_YEAR = r"(?P<which>this|next|the) year"


def _year_of(m, published_on) -> int:
    """The year a match names: explicit, or "this/the year" (P's) and "next year"."""
    if m["year"] or m.groupdict().get("year2"):
        return int(m["year"] or m["year2"])
    return published_on.year + (1 if m["which"] == "next" else 0)


@_period(
    r"(?:the )?(?P<ord>first|second|1st|2nd) half of (?:" + _YEAR + "|" + _WHICH_YEAR + r")"
    r"|\bh(?P<h>[12]) (?P<year2>(?:19|20)\d\d)",
    "the second half of 2026",
    ("2026-07-01", "2026-12-31", P.HALF),
)
def _half(m, published_on):
    year = _year_of(m, published_on)
    half = _ORDINALS.get(m["ord"] or "", 0) or int(m["h"])
    return date(year, 6 * half - 5, 1), month_end(year, 6 * half), P.HALF


@_period(
    r"(?:the )?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th) quarter of (?:"
    + _YEAR
    + "|"
    + _WHICH_YEAR
    + r")|\bq(?P<q>[1-4])[ -]?"
    r"(?P<year2>(?:19|20)\d\d)",
    "Q3 2026",
    ("2026-07-01", "2026-09-30", P.QUARTER),
)
def _quarter(m, published_on):
    year = _year_of(m, published_on)
    quarter = _ORDINALS.get(m["ord"] or "", 0) or int(m["q"])
    return date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter), P.QUARTER


@_period(
    r"(?:the )?(?P<edge>end|close|beginning|start|middle) of (?:the year |)"
    + _YEAR
    + r"|(?P<ye>year-?end|end-) ?(?:of )?(?P<year2>(?:19|20)\d\d)",
    "year-end 2026",
    ("2026-12-31", "2026-12-31", P.YEAR),
)
def _year_edge(m, published_on):
    year = int(m["year"] or m["year2"])
    if m["ye"] or m["edge"] in ("end", "close"):
        return date(year, 12, 31), date(year, 12, 31), P.YEAR
    if m["edge"] == "middle":
        return date(year, 5, 1), date(year, 8, 31), P.PART_OF_YEAR
    return date(year, 1, 1), date(year, 1, 1), P.YEAR


@_period(
    r"(?:the )?(?P<edge>end|close|middle|beginning|start) of (?P<which>this|the|next) (?P<span>year|decade)"
    r"|(?P<ye>year-?end)",
    "the middle of next year",
    ("2026-05-01", "2026-08-31", P.PART_OF_YEAR),
)
def _relative_edge(m, published_on):
    if m["ye"] or m["span"] == "year":
        year = published_on.year + (1 if m["which"] == "next" else 0)
        if m["edge"] == "middle":
            return date(year, 5, 1), date(year, 8, 31), P.PART_OF_YEAR
        if m["edge"] in ("beginning", "start"):
            return date(year, 1, 1), date(year, 1, 1), P.YEAR
        return date(year, 12, 31), date(year, 12, 31), P.YEAR
    decade_end = published_on.year // 10 * 10 + 9 + (10 if m["which"] == "next" else 0)
    return date(decade_end, 12, 31), date(decade_end, 12, 31), P.DECADE


@_period(
    r"(?:the )?(?P<season>spring|summer|autumn|fall|winter)(?: of)? " + _YEAR,
    "the summer of 2026",
    ("2026-06-01", "2026-08-31", P.PART_OF_YEAR),
)
def _season(m, published_on):
    year, first = int(m["year"]), _SEASON_START[m["season"]]
    start = date(year, first, 1)
    return start, start + relativedelta(months=3, days=-1), P.PART_OF_YEAR


@_period(
    r"(?:the )?(?P<part>early|mid|middle|late)[- ]?(?:of )?" + _YEAR + r"(?!s)",
    "late 2026",
    ("2026-09-01", "2026-12-31", P.PART_OF_YEAR),
)
def _part_of_year(m, published_on):
    year, (first, last) = int(m["year"]), _PARTS[m["part"]]
    return date(year, first, 1), month_end(year, last), P.PART_OF_YEAR


@_period(
    r"(?:the )?(?:(?P<part>early|mid|late)[- ])?(?P<decade>(?:19|20)\d0)['’]?s\b",
    "the 2030s",
    ("2030-01-01", "2039-12-31", P.DECADE),
)
def _decade(m, published_on):
    start = int(m["decade"])
    return date(start, 1, 1), date(start + 9, 12, 31), P.DECADE


@_period(
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)? " + _MONTH + r",? " + _YEAR,
    "15 March 2026",
    ("2026-03-15", "2026-03-15", P.DAY),
)
def _day_month_year(m, published_on):
    return _explicit_date(m[0])


@_period(
    _MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?,? " + _YEAR,
    "March 15, 2026",
    ("2026-03-15", "2026-03-15", P.DAY),
)
def _month_day_year(m, published_on):
    return _explicit_date(m[0])


@_period(
    r"(?:the )?(?P<edge>end|close|beginning|start) of " + _MONTH + r"(?:,? (?:of )?" + _YEAR + r")?",
    "the end of March 2026",
    ("2026-03-31", "2026-03-31", P.MONTH),
)
def _month_edge(m, published_on):
    month = _MONTHS[m["month"]]
    year = int(m["year"]) if m["year"] else _next_month_year(month, published_on)
    day = month_end(year, month) if m["edge"] in ("end", "close") else date(year, month, 1)
    return day, day, P.MONTH


@_period(_MONTH + r",? (?:of )?" + _YEAR, "March 2026", ("2026-03-01", "2026-03-31", P.MONTH))
def _month_year(m, published_on):
    year, month = int(m["year"]), _MONTHS[m["month"]]
    return date(year, month, 1), month_end(year, month), P.MONTH


@_period(
    r"(?P<which>this|next|the coming|the following) (?P<span>year|month|quarter)\b",
    "next year",
    ("2026-01-01", "2026-12-31", P.YEAR),
)
def _named_relative(m, published_on):
    base = published_on
    if m["span"] == "year":
        year = base.year + (0 if m["which"] == "this" else 1)
        return date(year, 1, 1), date(year, 12, 31), P.YEAR
    if m["span"] == "quarter":
        quarter = (base.month - 1) // 3 + (0 if m["which"] == "this" else 1)
        first = date(base.year, 1, 1) + relativedelta(months=3 * quarter)
        return first, first + relativedelta(months=3, days=-1), P.QUARTER
    first = date(base.year, base.month, 1) + relativedelta(months=0 if m["which"] == "this" else 1)
    return first, month_end(first.year, first.month), P.MONTH


@_period(
    r"(?:both )?(?P<first>(?:19|20)\d\d) and " + _YEAR + r"\b",
    "both 2025 and 2026",
    ("2025-01-01", "2026-12-31", P.YEAR),
)
def _two_years(m, published_on):
    first, last = int(m["first"]), int(m["year"])
    if not 0 < last - first <= 2:
        return None
    return date(first, 1, 1), date(last, 12, 31), P.YEAR


@_period(
    r"(?<![\d,.$-])" + _YEAR + r"(?![\d%-])(?!\s*(?:percent|per cent|bcm|billion|million|km))",
    "2026",
    ("2026-01-01", "2026-12-31", P.YEAR),
)
def _year(m, published_on):
    year = int(m["year"])
    return date(year, 1, 1), date(year, 12, 31), P.YEAR


def _next_month_year(month: int, published_on: date) -> int:
    """The year of the next such month after publication: "by June" written in July means next June."""
    return published_on.year if month > published_on.month else published_on.year + 1


_BARE_MONTH = re.compile(_MONTH + r"\b(?!\s*\d)", re.IGNORECASE)


def bare_month(text: str, pos: int, published_on: date):
    """'by June' (no year): the next June; ``text`` in its original case ("by May", not "by may")."""
    m = _BARE_MONTH.match(text, pos)
    if not m or text[pos : pos + 3] == "may":  # the modal, not the month
        return None
    month = _MONTHS[m["month"].lower()]
    year = _next_month_year(month, published_on)
    return date(year, month, 1), month_end(year, month), P.MONTH, m.end() - pos


def _explicit_date(text: str):
    """Read a calendar date with dateutil (a well-kept parser for exactly this)."""
    try:
        day = dateutil_parser.parse(text, fuzzy=False, default=None).date()
    except (ValueError, OverflowError, TypeError):
        return None
    return day, day, P.DAY


def match_period(text: str, published_on: date, pos: int = 0):
    """Return (start, end, precision, length) for a period at ``pos`` in text, or None."""
    for period in PERIODS:
        m = period.pattern.match(text, pos)
        if m:
            result = period.read(m, published_on)
            if result:
                return (*result, m.end() - pos)
    return None
