"""Inputs guarded before the extractor: markup, repeats, runs without a sentence end, length."""

from datetime import date

import pytest

from claims.services import article_propose_claims
from claims.services.proposal_guards import guard_text
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db
FORECAST = "A referendum on the new constitution will not take place before late 2026."


def test_a_string_inside_a_script_never_becomes_a_claim():
    body = (
        f"<p>{FORECAST}</p><script>var s = 'Moscow will reopen the corridor by the end of 2026.';</script>"
        "<style>p::after { content: 'Growth will exceed 5% in 2027.' }</style>"
    )
    article = ArticleFactory(body=body, published_on=date(2025, 2, 21))

    claims = article_propose_claims(article=article)

    assert [claim.quote for claim in claims] == [FORECAST]
    article.refresh_from_db()
    assert "Markup removed" in article.proposal_notes


def test_a_repeated_sentence_is_proposed_once():
    article = ArticleFactory(body=f"{FORECAST}\n" * 500, published_on=date(2025, 2, 21))
    assert len(article_propose_claims(article=article)) == 1
    article.refresh_from_db()
    assert "499 repeated sentence(s) read once." in article.proposal_notes


def test_a_text_with_no_sentence_end_is_skipped_with_a_note(settings):
    run = "the corridor will reopen by the end of 2026 and " * 30_000  # ~1.4 MB, no full stop
    article = ArticleFactory(body=f"{FORECAST}\n{run}", published_on=date(2025, 2, 21))
    settings.PROPOSALS_MAX_TEXT_CHARS = 2_000_000
    assert [claim.quote for claim in article_propose_claims(article=article)] == [FORECAST]
    article.refresh_from_db()
    assert (
        "1 passage(s) longer than 1,000 characters without a sentence end skipped" in article.proposal_notes
    )


def test_a_long_text_is_read_up_to_the_cap_with_a_note(settings):
    settings.PROPOSALS_MAX_TEXT_CHARS = 1_000
    text = f"{FORECAST}\n" + "".join(f"Filler sentence number {n}.\n" for n in range(100))
    guarded = guard_text(text)
    assert len(guarded.text) <= 1_000 and guarded.text.startswith(FORECAST)
    note = f"Only the first 1,000 of {len(text):,} characters were read for proposals"
    assert guarded.notes == [f"{note} (PROPOSALS_MAX_TEXT_CHARS)."]


def test_a_clean_text_is_left_as_it_is_with_no_note():
    body = f"{FORECAST}\n\nThe summit ended without a communique."
    assert guard_text(body).text == body and guard_text(body).notes == []
