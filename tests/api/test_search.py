"""Full-text search: stemmed and index-backed on PostgreSQL, word matching on SQLite."""

import pytest
from django.db import connection

from claims.api.filters import FullTextSearchFilter
from claims.api.views import ClaimViewSet
from claims.models import Claim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def search(api, user, text) -> set[int]:
    response = api(user).get("/api/claims/", {"search": text})
    assert response.status_code == 200
    return {claim["id"] for claim in response.json()["results"]}


def test_search_matches_statement_or_quote(api, viewer):
    by_statement = ClaimFactory(statement="Gas exports to Europe rise.", quote="Exports will rise.")
    by_quote = ClaimFactory(statement="Output grows.", quote="Europe will see more gas.")
    ClaimFactory(statement="Tourism grows.", quote="Tourism will grow.")
    assert search(api, viewer, "europe gas") == {by_statement.pk, by_quote.pk}


@postgres_only
def test_postgres_search_is_stemmed(api, viewer):
    claim = ClaimFactory(statement="The pipelines are completed.", quote="Pipelines will be completed.")
    assert search(api, viewer, "pipeline complete") == {claim.pk}


@postgres_only
def test_postgres_search_uses_the_gin_index(rf, viewer):
    ClaimFactory()
    request = rf.get("/api/claims/", {"search": "pipeline"})
    request.query_params = request.GET
    queryset = FullTextSearchFilter().filter_queryset(request, Claim.objects.all(), ClaimViewSet())
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned otherwise
    assert "claim_search_vector_idx" in queryset.explain()
