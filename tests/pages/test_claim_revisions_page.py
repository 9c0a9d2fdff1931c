"""The claim page lists the claimant's revisions in the order stated, beside the forecast as published."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import ClaimRevision
from claims.services import revision_create
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db
Kind = ClaimRevision.Kind


@pytest.fixture
def claim(editor):
    claim = ClaimFactory(statement="The corridor doubles its freight.")
    later = ArticleFactory(
        title="Corridor, revisited", url="https://example.org/later", published_on=date(2025, 9, 1)
    )
    revision_create(
        claim=claim,
        by=editor,
        kind=Kind.LOWERED,
        article=later,
        hedge="unlikely",
        quote="It is unlikely now.",
    )
    revision_create(
        claim=claim,
        by=editor,
        kind=Kind.MOVED_WINDOW,
        stated_on=date(2025, 6, 1),
        time_expression="late 2027",
    )
    return claim


def test_revisions_are_listed_in_the_order_stated(client, claim, viewer):
    client.force_login(viewer)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    section = html.split('id="revisions"')[1].split("</section>")[0]
    moved, lowered = (
        section.index("1 June 2025</time> — Moved the window"),
        section.index("1 September 2025</time> — Lowered"),
    )
    assert moved < lowered
    assert "window now September–December 2027" in section
    assert "32&nbsp;% (<em>unlikely</em>)" in section and "It is unlikely now." in section
    assert '<a href="https://example.org/later" rel="noopener">Corridor, revisited</a>' in section
    forecast = html.split('id="forecast"')[1].split("</section>")[0]
    assert "68&nbsp;%" in forecast  # the published forecast stays as it was


def test_a_claim_without_revisions_has_no_section(client, viewer):
    client.force_login(viewer)
    html = client.get(f"/claims/{ClaimFactory().pk}/").content.decode()
    assert 'id="revisions"' not in html


def test_the_page_takes_one_query_for_the_revisions_whatever_their_number(client, claim, editor, viewer):
    client.force_login(viewer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/claims/{claim.pk}/").status_code == 200
        return len(captured)

    two = queries()
    for month in (10, 11, 12):
        article = ArticleFactory(published_on=date(2025, month, 1))
        revision_create(claim=claim, by=editor, kind=Kind.RESTATED, article=article)
    assert queries() == two
