"""Long and odd input on every write door: a 4xx with a message, never a 5xx, nothing partial written.

Runs on PostgreSQL in CI, where a long statement used to hit the btree limit of
the unique index and a megabyte broke the full-text index.
"""

import re
from datetime import date

import pytest
import time_machine
from django.contrib import admin
from django.urls import URLPattern, URLResolver, reverse
from rest_framework.test import APIClient

from claims.models import Article, Claim, ClaimCorrection, Outcome
from tests.factories import ArticleFactory, ClaimFactory, OutcomeFactory, TagFactory, UserFactory

MEGABYTE = "x" * 1_000_000
TOO_LONG_FOR_BTREE = "A long statement. " * 200  # ~3.6 KB: past PostgreSQL's 2,704-byte index row
ODD_DATES = ["9999-12-31", "0001-01-01", "2025-02-30", "not a date"]
ODD_TIME_EXPRESSIONS = ["in 99999 years", "within 999999999 days", "after 10000", "x" * 5000]


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(date(2026, 12, 2), tick=False):
        yield


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def world(db):
    article = ArticleFactory(published_on=date(2025, 2, 1))
    return {
        "article": article,
        "draft": ClaimFactory(article=article, status=Claim.Status.DRAFT),
        "open": ClaimFactory(article=article, status=Claim.Status.OPEN),
        "due": ClaimFactory(
            article=article, status=Claim.Status.DUE, window_start=None, due_on=date(2026, 1, 1)
        ),
        "resolved": OutcomeFactory(claim__article=article, known_on=date(2026, 1, 2)).claim,
        "tag": TagFactory(),
    }


def counts() -> tuple:
    return (
        Claim.objects.count(),
        Article.objects.count(),
        Outcome.objects.count(),
        ClaimCorrection.objects.count(),
    )


def claim_body(w, **overrides):
    return {"article": w["article"].pk, "quote": "It may rain.", "statement": "It rains.", **overrides}


# (method, url, body); every one of these must be refused with a 400 and a field message.
API_CASES = [
    *(
        ("post", "/api/claims/", lambda w, v=v: claim_body(w, statement=v))
        for v in (TOO_LONG_FOR_BTREE, MEGABYTE)
    ),
    ("post", "/api/claims/", lambda w: claim_body(w, quote=MEGABYTE)),
    ("post", "/api/claims/", lambda w: claim_body(w, condition=MEGABYTE, kind="conditional")),
    ("post", "/api/claims/", lambda w: claim_body(w, hedge=MEGABYTE)),
    ("post", "/api/claims/", lambda w: claim_body(w, resolution_criteria=MEGABYTE)),
    *(
        ("post", "/api/claims/", lambda w, v=v: claim_body(w, time_expression=v))
        for v in ODD_TIME_EXPRESSIONS
    ),
    *(("post", "/api/claims/", lambda w, v=v: claim_body(w, due_on=v)) for v in ODD_DATES[1:]),
    ("post", "/api/claims/", lambda w: claim_body(w, probability=1.5)),
    ("post", "/api/claims/", lambda w: claim_body(w, article="abc")),
    ("patch", "/api/claims/{draft}/", lambda w: {"statement": MEGABYTE}),
    ("patch", "/api/claims/{draft}/", lambda w: {"statement": TOO_LONG_FOR_BTREE}),
    ("patch", "/api/claims/{open}/", lambda w: {"resolution_criteria": MEGABYTE}),
    ("post", "/api/claims/{open}/corrections/", lambda w: {"reason": MEGABYTE, "hedge": "may"}),
    ("post", "/api/claims/{open}/corrections/", lambda w: {"reason": "Misread.", "statement": MEGABYTE}),
    ("post", "/api/claims/{open}/extend-deadline/", lambda w: {"due_on": "10000-01-01", "reason": "x"}),
    ("post", "/api/claims/{open}/withdraw/", lambda w: {"reason": MEGABYTE}),
    (
        "post",
        "/api/claims/{due}/outcome/",
        lambda w: {"verdict": "true", "rationale": MEGABYTE, "known_on": "2026-06-01", "evidence_links": []},
    ),
    (
        "post",
        "/api/claims/{due}/outcome/",
        lambda w: {"verdict": "true", "rationale": "x", "known_on": "9999-12-31", "evidence_links": ["x"]},
    ),
    *(
        (
            "post",
            "/api/articles/",
            lambda w, v=v: {"publication": w["article"].publication_id, "title": "T", "published_on": v},
        )
        for v in ODD_DATES
    ),
    ("post", "/api/articles/", lambda w: {"publication": w["article"].publication_id, "title": MEGABYTE}),
    ("patch", "/api/articles/{article}/", lambda w: {"published_on": "9999-12-31"}),
    ("post", "/api/authors/", lambda w: {"name": MEGABYTE}),
    ("post", "/api/publications/", lambda w: {"name": MEGABYTE}),
    ("post", "/api/tags/", lambda w: {"kind": "topic", "name": MEGABYTE}),
]


@pytest.mark.parametrize(("method", "url", "body"), API_CASES)
def test_long_and_odd_input_to_the_api_is_a_400_with_a_message(world, superuser, method, url, body):
    client = APIClient()
    client.force_authenticate(superuser)
    before = counts()

    response = getattr(client, method)(
        url.format(**{k: v.pk for k, v in world.items()}), body(world), format="json"
    )

    assert response.status_code == 400, response.content[:300]
    assert response.json()  # field messages, as JSON
    assert counts() == before


def test_an_article_at_the_end_of_the_calendar_takes_its_claims_default_horizon(world, superuser):
    client = APIClient()
    client.force_authenticate(superuser)
    article = ArticleFactory(published_on=date(2199, 12, 31))
    response = client.post("/api/claims/", claim_body(world, article=article.pk), format="json")
    assert response.status_code == 201
    assert response.json()["due_on"] == "2201-12-31"


# --- the admin's forms -------------------------------------------------------------


def admin_form_cases():
    yield (
        "admin:claims_claim_add",
        None,
        lambda w: claim_body(w, statement=TOO_LONG_FOR_BTREE, precision="day"),
    )
    yield "admin:claims_claim_add", None, lambda w: claim_body(w, quote=MEGABYTE, precision="day")
    for expression in ODD_TIME_EXPRESSIONS:
        yield "admin:claims_claim_add", None, lambda w, e=expression: claim_body(w, time_expression=e)
    yield "admin:claims_claim_correct", "open", lambda w: {"statement": MEGABYTE, "reason": "x"}
    yield "admin:claims_claim_record_outcome", "due", lambda w: {"verdict": "true", "known_on": "9999-12-31"}
    yield "admin:claims_claim_reopen", "resolved", lambda w: {"reason": MEGABYTE}
    for value in ODD_DATES:
        yield (
            "admin:claims_article_add",
            None,
            lambda w, v=value: {"publication": w["article"].publication_id, "title": "T", "published_on": v},
        )
    yield "admin:claims_author_add", None, lambda w: {"name": MEGABYTE}


@pytest.mark.parametrize(("url_name", "target", "body"), list(admin_form_cases()))
def test_long_and_odd_input_to_the_admin_forms_is_a_form_error(
    client, world, superuser, url_name, target, body
):
    client.force_login(superuser)
    url = reverse(url_name, args=[world[target].pk] if target else [])
    before = counts()

    response = client.post(url, body(world))

    assert response.status_code == 200  # the form again, with its errors
    assert b"errornote" in response.content or b"errorlist" in response.content
    assert counts() == before


def _admin_object_urls(patterns, prefix=""):
    """Yield every admin URL that takes an object id, with its route."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _admin_object_urls(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and "object_id" in str(pattern.pattern):
            yield prefix + str(pattern.pattern)


OBJECT_URLS = sorted(set(_admin_object_urls(admin.site.get_urls())))


@pytest.mark.parametrize("route", OBJECT_URLS)
@pytest.mark.parametrize("bad_id", ["abc", "99999999999999999999", "__fk__"])
def test_a_non_numeric_id_in_any_admin_url_is_never_a_server_error(client, superuser, route, bad_id):
    client.force_login(superuser)
    path = "/admin/" + re.sub(r"<[^>]*version_id>", "1", route)
    path = re.sub(r"<[^>]+>", bad_id, path)

    response = client.get(path)

    assert response.status_code < 500
