"""Lists that stay cheap at a million claims: capped counts, deep pages, admin list queries.

The limits are lowered here so a handful of claims behaves like a long list.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import pagination
from claims.models import Claim, Outcome
from claims.pagination import CappedCountPaginator
from tests.factories import ClaimFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_lists(monkeypatch):
    monkeypatch.setattr(pagination, "EXACT_COUNT_LIMIT", 5)
    monkeypatch.setattr(pagination, "LATE_LOOKUP_OFFSET", 4)


def test_a_short_list_is_counted_exactly():
    ClaimFactory.create_batch(3)
    paginator = CappedCountPaginator(Claim.objects.order_by("due_on", "id"), 2)

    assert (paginator.count, paginator.count_is_estimate, paginator.num_pages) == (3, False, 2)


def test_a_long_list_is_estimated_yet_every_row_is_reached_in_order(long_lists):
    claims = [ClaimFactory(due_on=f"2027-01-{day:02}") for day in range(1, 12)]
    paginator = CappedCountPaginator(Claim.objects.order_by("due_on", "id"), 3)

    assert paginator.count_is_estimate and paginator.count >= 6
    seen, number = [], 1
    while True:
        page = paginator.page(number)  # pages 2 on read their ids first (late lookup)
        seen += [claim.pk for claim in page]
        if not page.has_next():
            break
        number += 1
    assert seen == [claim.pk for claim in claims]
    assert list(paginator.page(number + 3)) == []  # past the real end: empty, not an error


def test_the_api_says_when_its_count_is_an_estimate(api, viewer, long_lists):
    ClaimFactory.create_batch(7)

    with CaptureQueriesContext(connection) as context:
        body = api(viewer).get("/api/claims/", {"page_size": 3}).json()
    assert body["count_is_estimate"] is True
    # The capped count, the estimate, and the page (with its lookahead row) read once.
    assert len(_claim_queries(context)) == 3, _claim_queries(context)
    assert api(viewer).get("/api/claims/", {"status": "draft"}).json()["count_is_estimate"] is False


PAGE_READ = r"LIMIT|^EXPLAIN|= \(?\"claims_(article|outcome)\"|\"claims_claim\".\"id\" IN"


def _claim_queries(context) -> list[str]:
    return [q["sql"] for q in context.captured_queries if '"claims_claim"' in q["sql"]]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/claims/claim/",
        "/admin/claims/claim/?status__exact=open",
        # Terms every claim matches: the page is full at both sizes, whatever the factory sequence.
        "/admin/claims/claim/?q=Something+happens",
        "/admin/claims/claimdueforreview/",
        "/admin/claims/article/",
        "/admin/claims/outcome/",
    ],
)
def test_admin_lists_read_a_page_never_every_claim(admin_client, long_lists, url):
    # Every list is past the (lowered) count limit from the start, so both loads estimate.
    ClaimFactory.create_batch(8, status=Claim.Status.DUE)
    OutcomeFactory.create_batch(6)

    with CaptureQueriesContext(connection) as context:
        assert admin_client.get(url).status_code == 200
    few = len(context.captured_queries)
    ClaimFactory.create_batch(12, status=Claim.Status.DUE)
    with CaptureQueriesContext(connection) as context:
        assert admin_client.get(url).status_code == 200

    assert len(context.captured_queries) == few
    for sql in _claim_queries(context):
        assert "DISTINCT" not in sql, sql  # no de-duplication over every column
        # Reads of claims are a page (LIMIT), a capped count, one article's or outcome's claim
        # (a correlated subquery), an EXPLAIN estimate, or the few claims already on the page.
        assert re.search(PAGE_READ, sql), sql


def test_outcome_list_hides_outcomes_of_claims_the_reader_may_not_see(client, viewer):
    shown = OutcomeFactory()
    hidden = OutcomeFactory(claim__status=Claim.Status.DRAFT)
    viewer.user_permissions.add(*_view_outcome_permission())
    client.force_login(viewer)

    listed = client.get("/admin/claims/outcome/").context["cl"].result_list
    assert [o.pk for o in listed] == [shown.pk]
    assert hidden.pk not in [o.pk for o in listed]


def _view_outcome_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(codename="view_outcome", content_type__model=Outcome._meta.model_name)
