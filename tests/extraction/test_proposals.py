"""The service the admin action and the API endpoint call."""

from datetime import date

import pytest

from claims.models import Author, Claim
from claims.services import article_propose_claims
from tests.factories import ArticleFactory, AuthorFactory, ClaimFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Trade along the corridor will likely intensify.\n"
    "The referendum is an event that will not take place before late 2026.\n"
    "In his statement, Russian President Vladimir Putin announced that the pipeline"
    " could potentially be extended to India.\n"
    "On January 17, Russia and Iran signed a treaty."
)


@pytest.fixture
def article():
    return ArticleFactory(
        body=BODY, published_on=date(2025, 2, 1), authors=[AuthorFactory(name="Ann Author")]
    )


def test_proposing_creates_draft_claims_with_windows_and_hedges(article, editor):
    created = article_propose_claims(article=article, by=editor)
    assert len(created) == 3
    assert {c.status for c in created} == {Claim.Status.DRAFT}
    not_before = next(c for c in created if c.kind == Claim.Kind.NOT_BEFORE)
    assert (not_before.window_start, not_before.due_on) == (date(2026, 9, 1), date(2026, 9, 1))
    assert not_before.precision == Claim.Precision.PART_OF_YEAR
    untimed = next(c for c in created if "intensify" in c.quote)
    assert untimed.deadline_inferred and untimed.precision == Claim.Precision.INFERRED
    assert untimed.probability == 0.675
    assert untimed.history.first().history_user == editor


def test_proposing_twice_creates_no_duplicates(article):
    first = article_propose_claims(article=article)
    second = article_propose_claims(article=article)
    assert len(first) == 3
    assert second == []
    assert article.claims.count() == 3


def test_a_reworded_draft_is_not_proposed_again(article):
    (claim, *_) = article_propose_claims(article=article)
    claim.statement = "Reworded by an editor."
    claim.save()
    assert article_propose_claims(article=article) == []


def test_existing_hand_entered_claim_with_the_same_quote_is_kept(article):
    ClaimFactory(
        article=article, quote="Trade along the corridor will likely intensify.", statement="Trade grows."
    )
    created = article_propose_claims(article=article)
    assert len(created) == 2
    assert article.claims.count() == 3


def test_claimants_are_the_authors_or_the_attributed_person(article):
    created = article_propose_claims(article=article)
    by_quote = {c.quote[:5]: c for c in created}
    assert [a.name for a in by_quote["Trade"].claimants.all()] == ["Ann Author"]
    assert [a.name for a in by_quote["In hi"].claimants.all()] == ["Vladimir Putin"]
    assert Author.objects.filter(name="Vladimir Putin").count() == 1


def test_a_window_the_sentence_does_not_state_is_flagged_in_the_drafts_history(editor):
    body = "2026 Annual Forecast\nIsrael is likely to maintain its operations.\nTrade will grow by 2027."
    article = ArticleFactory(body=body, published_on=date(2025, 12, 15))

    inherited, stated = article_propose_claims(article=article, by=editor)

    assert (inherited.window_start, inherited.due_on) == (date(2026, 1, 1), date(2026, 12, 31))
    assert "check the window: taken from the heading" in inherited.history.first().history_change_reason
    assert "check the window" not in stated.history.first().history_change_reason


def test_a_sentence_with_two_dated_claims_gives_two_drafts_once():
    article = ArticleFactory(
        body="We expect production will increase by 1.4 million b/d in 2026 and 0.5 million b/d in 2027.",
        published_on=date(2026, 1, 13),
    )

    created = article_propose_claims(article=article)
    again = article_propose_claims(article=article)

    assert sorted((c.window_start, c.due_on) for c in created) == [
        (date(2026, 1, 1), date(2026, 12, 31)),
        (date(2027, 1, 1), date(2027, 12, 31)),
    ]
    assert again == []
