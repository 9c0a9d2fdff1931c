"""Every time expression the issue lists, as a window relative to a fixed publication date."""

from datetime import date

import pytest

from claims.extraction.time import (
    find_time_expression,
    parse_time_expression,
    window_for_expression,
)
from claims.models import Claim

P = Claim.Precision
PUBLISHED = date(2025, 2, 1)


@pytest.mark.parametrize(
    ("expression", "start", "end", "precision", "kind"),
    [
        ("by the end of 2026", date(2025, 2, 1), date(2026, 12, 31), P.YEAR, "occurs_by"),
        ("not before late 2026", date(2026, 9, 1), None, P.PART_OF_YEAR, "not_before"),
        ("the next 24 months", date(2025, 2, 1), date(2027, 2, 1), P.RELATIVE, "occurs_by"),
        ("within two years", date(2025, 2, 1), date(2027, 2, 1), P.RELATIVE, "occurs_by"),
        ("between now and the end of 2026", date(2025, 2, 1), date(2026, 12, 31), P.YEAR, "occurs_by"),
        ("early 2027", date(2027, 1, 1), date(2027, 4, 30), P.PART_OF_YEAR, "occurs_by"),
        ("mid-2027", date(2027, 5, 1), date(2027, 8, 31), P.PART_OF_YEAR, "occurs_by"),
        ("late 2027", date(2027, 9, 1), date(2027, 12, 31), P.PART_OF_YEAR, "occurs_by"),
        ("the first half of 2026", date(2026, 1, 1), date(2026, 6, 30), P.HALF, "occurs_by"),
        ("the second half of 2026", date(2026, 7, 1), date(2026, 12, 31), P.HALF, "occurs_by"),
        ("Q3 2026", date(2026, 7, 1), date(2026, 9, 30), P.QUARTER, "occurs_by"),
        ("the third quarter of 2026", date(2026, 7, 1), date(2026, 9, 30), P.QUARTER, "occurs_by"),
        ("next year", date(2026, 1, 1), date(2026, 12, 31), P.YEAR, "occurs_by"),
        ("by 2030", date(2025, 2, 1), date(2030, 12, 31), P.YEAR, "occurs_by"),
        ("over the next decade", date(2025, 2, 1), date(2035, 2, 1), P.DECADE, "occurs_by"),
        ("in the coming months", date(2025, 2, 1), date(2025, 8, 1), P.RELATIVE, "occurs_by"),
        # and their neighbours
        ("in late 2026", date(2026, 9, 1), date(2026, 12, 31), P.PART_OF_YEAR, "occurs_by"),
        ("by late 2026", date(2025, 2, 1), date(2026, 12, 31), P.PART_OF_YEAR, "occurs_by"),
        ("by mid-2026", date(2025, 2, 1), date(2026, 8, 31), P.PART_OF_YEAR, "occurs_by"),
        ("in 2026", date(2026, 1, 1), date(2026, 12, 31), P.YEAR, "occurs_by"),
        ("before 2027", date(2025, 2, 1), date(2026, 12, 31), P.YEAR, "occurs_by"),
        ("not until 2027", date(2027, 1, 1), None, P.YEAR, "not_before"),
        ("no earlier than Q2 2026", date(2026, 4, 1), None, P.QUARTER, "not_before"),
        ("after 2026", date(2027, 1, 1), None, P.YEAR, "not_before"),
        ("from 2027", date(2027, 1, 1), None, P.YEAR, "not_before"),
        ("within a year", date(2025, 2, 1), date(2026, 2, 1), P.RELATIVE, "occurs_by"),
        ("the next six months", date(2025, 2, 1), date(2025, 8, 1), P.RELATIVE, "occurs_by"),
        ("in the coming years", date(2025, 2, 1), date(2028, 2, 1), P.RELATIVE, "occurs_by"),
        ("in the near term", date(2025, 2, 1), date(2026, 2, 1), P.RELATIVE, "occurs_by"),
        ("by March 2026", date(2025, 2, 1), date(2026, 3, 31), P.MONTH, "occurs_by"),
        ("by 15 March 2026", date(2025, 2, 1), date(2026, 3, 15), P.DAY, "occurs_by"),
        ("by the end of the year", date(2025, 2, 1), date(2025, 12, 31), P.YEAR, "occurs_by"),
        ("by the end of the decade", date(2025, 2, 1), date(2029, 12, 31), P.DECADE, "occurs_by"),
        ("in the summer of 2026", date(2026, 6, 1), date(2026, 8, 31), P.PART_OF_YEAR, "occurs_by"),
        ("winter 2026", date(2026, 12, 1), date(2027, 2, 28), P.PART_OF_YEAR, "occurs_by"),
        ("H2 2026", date(2026, 7, 1), date(2026, 12, 31), P.HALF, "occurs_by"),
        ("next month", date(2025, 3, 1), date(2025, 3, 31), P.MONTH, "occurs_by"),
        ("by June", date(2025, 2, 1), date(2025, 6, 30), P.MONTH, "occurs_by"),
        ("by January", date(2025, 2, 1), date(2026, 1, 31), P.MONTH, "occurs_by"),
        ("by the end of March 2026", date(2025, 2, 1), date(2026, 3, 31), P.MONTH, "occurs_by"),
    ],
)
def test_time_expression_window(expression, start, end, precision, kind):
    window = parse_time_expression(expression, PUBLISHED)
    assert (window.start, window.end, window.precision, window.kind_hint) == (start, end, precision, kind)


@pytest.mark.parametrize("expression", ["in the future", "in the long term", "eventually"])
def test_unbounded_expressions_have_no_window(expression):
    window = parse_time_expression(expression, PUBLISHED)
    assert window is not None
    assert (window.start, window.end, window.precision) == (None, None, P.INFERRED)


def test_negation_in_the_sentence_makes_before_a_not_before():
    sentence = "A referendum is required, an event that will not take place before late 2026."
    window = find_time_expression(sentence, PUBLISHED)
    assert window.expression == "before late 2026"
    assert (window.start, window.end, window.kind_hint) == (date(2026, 9, 1), None, "not_before")


@pytest.mark.parametrize(
    "sentence",
    [
        "The conflicts of the 1990s and early 2000s left scars.",
        "In 2024, trade did not exceed US$ 4 billion.",
        "On January 17, 2025, the treaty was signed.",
        "Despite expectations of a treaty by the end of 2024, none was signed.",
        "The deal, in force from 2020, could collapse.",
    ],
)
def test_past_references_are_not_time_expressions(sentence):
    assert find_time_expression(sentence, date(2025, 2, 21)) is None


def test_numbers_that_look_like_years_are_not_years():
    assert find_time_expression("A 2,030-kilometer route will carry 2030 bcm of gas.", PUBLISHED) is None


def test_admin_form_window_for_not_before_is_checked_when_the_window_opens():
    window = window_for_expression("not before late 2026", PUBLISHED)
    assert (window.window_start, window.due_on, window.precision) == (
        date(2026, 9, 1),
        date(2026, 9, 1),
        P.PART_OF_YEAR,
    )
    assert window.kind_hint == "not_before"
    assert not window.deadline_inferred


def test_admin_form_window_for_an_unbounded_expression_leaves_the_default_horizon_to_the_caller():
    window = window_for_expression("in the future", PUBLISHED)
    assert (window.window_start, window.due_on, window.deadline_inferred) == (None, None, True)


def test_admin_form_falls_back_to_dateparser_for_free_text_and_marks_it_unsure():
    assert window_for_expression("next Friday", PUBLISHED).sure is False
    assert window_for_expression("by the end of March 2026", PUBLISHED).sure is True
    window = window_for_expression("in three weeks", PUBLISHED)
    assert window.due_on == date(2025, 2, 22)
    assert window_for_expression("next Friday", PUBLISHED).due_on == date(2025, 2, 7)


def test_a_deadline_before_publication_still_gives_a_valid_window():
    window = window_for_expression("by 2024", PUBLISHED)
    assert window.window_start <= window.due_on == date(2024, 12, 31)


def test_admin_form_returns_none_for_nonsense():
    assert window_for_expression("whenever the stars align", PUBLISHED) is None
