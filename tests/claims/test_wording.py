"""A claim's window in words, for every precision the model knows."""

from datetime import date

import pytest

from claims.models import Claim
from claims.wording import claim_slug, window_in_words

P, K = Claim.Precision, Claim.Kind

# precision -> cases of (kind, window_start, due_on, deadline_inferred, words)
CASES = {
    P.DAY: [
        (K.OCCURS_BY, date(2025, 1, 15), date(2027, 3, 31), False, "by 31 March 2027"),
        (K.NOT_BEFORE, date(2026, 9, 1), date(2026, 9, 1), False, "not before 1 September 2026"),
    ],
    P.MONTH: [
        (K.OCCURS_BY, date(2027, 3, 1), date(2027, 3, 31), False, "March 2027"),
        (K.OCCURS_BY, date(2025, 1, 15), date(2027, 3, 31), False, "by the end of March 2027"),
    ],
    P.QUARTER: [
        (K.OCCURS_BY, date(2026, 7, 1), date(2026, 9, 30), False, "July–September 2026"),
        (K.NOT_BEFORE, date(2026, 7, 1), date(2026, 7, 1), False, "not before Q3 2026"),
        (K.OCCURS_BY, date(2025, 1, 15), date(2026, 9, 30), False, "by the end of Q3 2026"),
    ],
    P.PART_OF_YEAR: [
        (K.OCCURS_BY, date(2026, 9, 1), date(2026, 12, 31), False, "September–December 2026"),
        (K.NOT_BEFORE, date(2026, 9, 1), date(2026, 9, 1), False, "not before late 2026"),
        (K.OCCURS_BY, date(2025, 1, 15), date(2026, 4, 30), False, "by early 2026"),
    ],
    P.HALF: [
        (K.OCCURS_BY, date(2026, 1, 1), date(2026, 6, 30), False, "January–June 2026"),
        (K.NOT_BEFORE, date(2026, 7, 1), date(2026, 7, 1), False, "not before the second half of 2026"),
    ],
    P.YEAR: [
        (K.OCCURS_BY, date(2026, 1, 1), date(2026, 12, 31), False, "2026"),
        (K.TREND, date(2025, 1, 15), date(2026, 12, 31), False, "by the end of 2026"),
        (K.NOT_BEFORE, date(2027, 1, 1), date(2027, 1, 1), False, "not before 2027"),
    ],
    P.RELATIVE: [
        (K.OCCURS_BY, date(2025, 1, 15), date(2027, 1, 15), False, "by 15 January 2027"),
    ],
    P.DECADE: [
        (K.OCCURS_BY, date(2030, 1, 1), date(2039, 12, 31), False, "the 2030s"),
        (K.OCCURS_BY, date(2025, 1, 15), date(2035, 1, 15), False, "by 15 January 2035"),
    ],
    P.INFERRED: [
        (K.OTHER, None, date(2027, 2, 1), True, "no time bound: checked on 1 February 2027"),
    ],
}


def test_every_precision_has_a_case():
    assert set(CASES) == set(Claim.Precision.values)


@pytest.mark.parametrize(
    ("precision", "kind", "start", "due_on", "inferred", "words"),
    [(precision, *case) for precision, cases in CASES.items() for case in cases],
    ids=lambda value: str(value),
)
def test_window_in_words(precision, kind, start, due_on, inferred, words):
    claim = Claim(
        kind=kind, precision=precision, window_start=start, due_on=due_on, deadline_inferred=inferred
    )
    assert window_in_words(claim) == words


def test_an_inferred_deadline_reads_as_unbounded_whatever_its_precision():
    claim = Claim(precision=P.YEAR, due_on=date(2027, 2, 1), deadline_inferred=True)
    assert window_in_words(claim) == "no time bound: checked on 1 February 2027"


def test_slug_comes_from_the_statement():
    assert claim_slug(Claim(statement="No referendum is held before late 2026.")) == (
        "no-referendum-is-held-before-late-2026"
    )
    assert claim_slug(Claim(statement="«»")) == "claim"
    assert len(claim_slug(Claim(statement="word " * 50))) <= 60
