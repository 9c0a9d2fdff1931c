"""Claims in words for readers: the deadline window as a phrase, and the slug of a claim's page.

The window arithmetic lives in claims.extraction.time and .periods; this module
only names the period a stored window covers, so "late 2026" typed by an
editor reads back as "September–December 2026" on the claim page.
"""

from datetime import date

from django.urls import reverse
from django.utils.text import slugify

from claims.models import Claim

P = Claim.Precision
SLUG_MAX_CHARS = 60
# Months each precision's period spans, and where those periods start in a year.
_PERIOD_MONTHS = {P.MONTH: 1, P.QUARTER: 3, P.PART_OF_YEAR: 4, P.HALF: 6, P.YEAR: 12}
_PARTS = {1: "early", 5: "mid", 9: "late"}
_HALVES = {1: "the first half of", 7: "the second half of"}


def day_words(day: date) -> str:
    """Return "1 February 2027" (the way the pages write a date)."""
    return f"{day.day} {day:%B %Y}"


def _period(day: date, precision: str) -> tuple[date, date] | None:
    """Return the calendar period of ``precision`` that contains ``day`` (None: no calendar period)."""
    if precision == P.DECADE:
        start = date(day.year - day.year % 10, 1, 1)
        return start, date(start.year + 9, 12, 31)
    months = _PERIOD_MONTHS.get(precision)
    if months is None:
        return (day, day) if precision == P.DAY else None
    first = (day.month - 1) // months * months + 1
    last = first + months - 1
    end = date(day.year + last // 12, last % 12 + 1, 1).toordinal() - 1
    return date(day.year, first, 1), date.fromordinal(end)


def _span_words(start: date, end: date) -> str:
    """Return "September–December 2026", "March 2027", "2026" or "the 2030s" for a calendar period."""
    if start == end:
        return day_words(start)
    if start.month == 1 and end.month == 12:
        if end.year - start.year == 9:
            return f"the {start.year}s"
        return str(start.year)
    if start.month == end.month:
        return f"{start:%B %Y}"
    return f"{start:%B}–{end:%B %Y}"


def _period_name(start: date, precision: str) -> str:
    """Return how a writer names the period starting at ``start``: "late 2026", "Q3 2026", "March 2027"."""
    if precision == P.PART_OF_YEAR and start.month in _PARTS:
        return f"{_PARTS[start.month]} {start.year}"
    if precision == P.QUARTER:
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if precision == P.HALF and start.month in _HALVES:
        return f"{_HALVES[start.month]} {start.year}"
    period = _period(start, precision)
    return _span_words(*period) if period else day_words(start)


def window_in_words(claim: Claim) -> str:
    """Return the claim's deadline window as a reader would say it.

    "September–December 2026" (the window is a whole period), "not before late
    2026", "by 31 March 2027", "no time bound: checked on 1 February 2027".
    """
    if claim.precision == P.INFERRED or claim.deadline_inferred:
        return f"no time bound: checked on {day_words(claim.due_on)}"
    if claim.kind == Claim.Kind.NOT_BEFORE and claim.window_start is not None:
        return f"not before {_period_name(claim.window_start, claim.precision)}"
    period = _period(claim.due_on, claim.precision)
    if period is None or period[0] == period[1]:
        return f"by {day_words(claim.due_on)}"
    if claim.window_start == period[0] and claim.due_on == period[1]:
        return _span_words(*period)
    if claim.due_on == period[1]:
        name = _period_name(period[0], claim.precision)
        # "by late 2026" reads right; "by 2026" does not say whether 2026 itself counts.
        return f"by {name}" if claim.precision == P.PART_OF_YEAR else f"by the end of {name}"
    return f"by {day_words(claim.due_on)}"


def claim_slug(claim: Claim) -> str:
    """Return the readable part of a claim's address, from its statement."""
    slug = slugify(claim.statement)[:SLUG_MAX_CHARS].rstrip("-")
    return slug or "claim"


def claim_page_path(claim: Claim) -> str:
    """Return the canonical path of the claim's public page."""
    return reverse("claim-page-slug", kwargs={"pk": claim.pk, "slug": claim_slug(claim)})
