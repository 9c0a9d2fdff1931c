"""The number of queries does not grow with the number of claims or groups."""

import itertools
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Article, Author, Claim, Outcome, Publication, Tag
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STATUSES = [Claim.Status.OPEN, Claim.Status.DUE, Claim.Status.RESOLVED, Claim.Status.DRAFT]
VERDICTS = ["true", "false", "partly_true", "unresolvable"]


def make_claims(count: int, *, groups: int, prefix: str) -> None:
    """Bulk-create ``count`` claims over ``groups`` new claimants, tags, publications and years;
    each claim has two claimants and two tags, and a quarter of them are resolved."""
    reviewer = UserFactory(username="bulk-reviewer")
    publications = [Publication.objects.create(name=f"{prefix} pub {i}") for i in range(groups)]
    authors = [Author.objects.create(name=f"{prefix} author {i}") for i in range(groups)]
    tags = [Tag.objects.create(kind="topic", name=f"{prefix} topic {i}") for i in range(groups)]
    articles = [
        Article.objects.create(publication=pub, title=f"{prefix} article {i}", published_on=date(2024, 1, 1))
        for i, pub in enumerate(publications)
    ]
    for article, author in zip(articles, authors, strict=True):
        article.authors.add(author)
    claims = Claim.objects.bulk_create(
        Claim(
            article=articles[i % groups],
            quote=f"{prefix} quote {i}",
            statement=f"{prefix} statement {i}",
            due_on=date(2025 + i % groups, 6, 30),
            probability=(i % 9 + 1) / 10,
            status=STATUSES[i % len(STATUSES)],
        )
        for i in range(count)
    )
    Claim.claimants.through.objects.bulk_create(
        Claim.claimants.through(claim=claim, author=authors[(i + shift) % groups])
        for i, claim in enumerate(claims)
        for shift in {0, 1 % groups}
    )
    Claim.tags.through.objects.bulk_create(
        Claim.tags.through(claim=claim, tag=tags[(i + shift) % groups])
        for i, claim in enumerate(claims)
        for shift in {0, 3 % groups}
    )
    verdicts = itertools.cycle(VERDICTS)
    Outcome.objects.bulk_create(
        Outcome(
            claim=claim,
            verdict=next(verdicts),
            rationale="Checked.",
            known_on=date(2025, 7, 1),
            evidence_links=["https://example.org/e"],
            reviewer=reviewer,
        )
        for claim in claims
        if claim.status == Claim.Status.RESOLVED
    )


def count_queries(api, user, url, params=None) -> tuple[int, object]:
    # A fresh user object each time: Django caches permissions on the instance.
    client = api(type(user).objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
        response.getvalue()  # a streamed export runs its queries as it is read
    assert response.status_code == 200, response.content
    return len(context.captured_queries), response


@pytest.mark.parametrize(
    "url",
    [
        "/api/claims/",
        "/api/claims/export/",
        "/api/claims/claim-reviews/",
        "/api/outcomes/",
        "/api/articles/",
    ],
)
def test_a_page_of_50_costs_as_many_queries_as_a_page_of_10(api, editor, url):
    make_claims(10, groups=2, prefix="a")
    few, _ = count_queries(api, editor, url)
    make_claims(190, groups=5, prefix="b")
    many, response = count_queries(api, editor, url)
    if url == "/api/claims/":
        assert len(response.json()["results"]) == 50
    assert many == few


@pytest.mark.parametrize("group_by", ["claimant", "publication", "tag", "year"])
def test_a_scorecard_over_1000_claims_in_20_groups_costs_as_many_queries_as_over_10(api, viewer, group_by):
    make_claims(10, groups=2, prefix="a")
    few, small = count_queries(api, viewer, "/api/scorecards/", {"group_by": group_by})
    make_claims(990, groups=18, prefix="b")
    many, large = count_queries(api, viewer, "/api/scorecards/", {"group_by": group_by})
    assert large.json()["count"] > small.json()["count"]
    assert sum(row["claims"] for row in large.json()["results"]) >= 750  # drafts hidden from viewers
    assert many == few


def test_claimant_scorecard_queries_do_not_grow(api, viewer):
    make_claims(10, groups=2, prefix="a")
    author = Author.objects.get(name="a author 0")
    few, _ = count_queries(api, viewer, f"/api/scorecards/claimants/{author.pk}/")
    make_claims(990, groups=18, prefix="b")
    Claim.claimants.through.objects.bulk_create(
        Claim.claimants.through(claim=claim, author=author)
        for claim in Claim.objects.filter(statement__startswith="b ")
    )
    many, response = count_queries(api, viewer, f"/api/scorecards/claimants/{author.pk}/")
    assert response.json()["claims"] > 700
    assert many == few
