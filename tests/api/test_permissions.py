"""Each role x each endpoint x each method gives the expected status.

Roles: anonymous, outsider (logged in, no role), viewer, editor, reviewer.
"""

import pytest
from django.test import override_settings

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory, OutcomeFactory, TagFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "viewer", "editor", "reviewer"]


@pytest.fixture
def world(reviewer):
    article = ArticleFactory()
    tag = TagFactory()
    open_claim = ClaimFactory(article=article, status=Claim.Status.OPEN)
    draft = ClaimFactory(article=article, status=Claim.Status.DRAFT)
    resolved = OutcomeFactory(claim__article=article).claim
    return {
        "article": article,
        "author": article.authors.get(),
        "publication": article.publication,
        "tag": tag,
        "open": open_claim,
        "draft": draft,
        "resolved": resolved,
        "reviewer": reviewer,
    }


def new_claim(w):
    return {"article": w["article"].pk, "quote": "It may rain.", "statement": "It rains.", "hedge": "may"}


def new_correction(w):
    return {"reason": "Misquoted: the article says 'almost certainly'.", "hedge": "almost certainly"}


def new_outcome(w):
    return {
        "verdict": "true",
        "rationale": "It rained.",
        "known_on": "2025-06-01",
        "evidence_links": ["https://example.org/rain"],
    }


def assign_reviewer(w):
    return {"reviewer": w["reviewer"].pk}


def new_article(w):
    return {
        "publication": w["publication"].pk,
        "title": "A new piece",
        "published_on": "2025-02-01",
        "authors": [w["author"].pk],
    }


# (method, url template, payload builder, expected status for each of ROLES)
DENY = 403  # for anonymous, 401 (below)
MATRIX = [
    ("get", "/api/claims/", None, [DENY, DENY, 200, 200, 200]),
    ("get", "/api/claims/{open}/", None, [DENY, DENY, 200, 200, 200]),
    ("get", "/api/claims/{draft}/", None, [DENY, DENY, 404, 200, 404]),
    ("post", "/api/claims/", new_claim, [DENY, DENY, DENY, 201, DENY]),
    ("patch", "/api/claims/{open}/", lambda w: {"hedge": "likely"}, [DENY, DENY, DENY, 200, DENY]),
    ("put", "/api/claims/{draft}/", new_claim, [DENY, DENY, DENY, 200, DENY]),
    # A published forecast is locked: even an editor's rewrite is refused (400), not saved.
    ("put", "/api/claims/{open}/", new_claim, [DENY, DENY, DENY, 400, DENY]),
    ("get", "/api/claims/{open}/corrections/", None, [DENY, DENY, 200, 200, 200]),
    ("get", "/api/claims/{draft}/corrections/", None, [DENY, DENY, 404, 200, 404]),
    ("post", "/api/claims/{open}/corrections/", new_correction, [DENY, DENY, DENY, 201, DENY]),
    ("post", "/api/claims/{resolved}/corrections/", new_correction, [DENY, DENY, DENY, 400, DENY]),
    ("delete", "/api/claims/{open}/", None, [405, 405, 405, 405, 405]),
    ("post", "/api/claims/{draft}/publish/", None, [DENY, DENY, DENY, 200, DENY]),
    ("post", "/api/claims/{open}/withdraw/", lambda w: {"reason": "Dup"}, [DENY, DENY, DENY, 200, DENY]),
    (
        "post",
        "/api/claims/{open}/extend-deadline/",
        lambda w: {"due_on": "2027-06-30", "reason": "Talks delayed"},
        [DENY, DENY, DENY, 200, DENY],
    ),
    ("post", "/api/claims/{open}/outcome/", new_outcome, [DENY, DENY, DENY, DENY, 200]),
    ("post", "/api/claims/{open}/assign/", assign_reviewer, [DENY, DENY, DENY, 200, 200]),
    ("post", "/api/claims/{draft}/outcome/", new_outcome, [DENY, DENY, DENY, DENY, 404]),
    ("get", "/api/claims/export/", None, [DENY, DENY, 200, 200, 200]),
    ("get", "/api/claims/claim-reviews/", None, [DENY, DENY, 200, 200, 200]),
    ("get", "/api/claims/{resolved}/claim-review/", None, [DENY, DENY, 200, 200, 200]),
    ("get", "/api/claims/{open}/claim-review/", None, [DENY, DENY, 404, 404, 404]),
    ("get", "/api/outcomes/", None, [DENY, DENY, 200, 200, 200]),
    ("get", "/api/articles/", None, [DENY, DENY, 200, 200, 200]),
    ("get", "/api/articles/{article}/", None, [DENY, DENY, 200, 200, 200]),
    ("post", "/api/articles/", new_article, [DENY, DENY, DENY, 201, DENY]),
    ("patch", "/api/articles/{article}/", lambda w: {"title": "Renamed"}, [DENY, DENY, DENY, 200, DENY]),
    ("delete", "/api/articles/{article}/", None, [405, 405, 405, 405, 405]),
    ("post", "/api/articles/{article}/propose-claims/", None, [DENY, DENY, DENY, 200, DENY]),
    ("get", "/api/authors/", None, [DENY, DENY, 200, 200, 200]),
    ("post", "/api/authors/", lambda w: {"name": "New Analyst"}, [DENY, DENY, DENY, 201, DENY]),
    ("patch", "/api/authors/{author}/", lambda w: {"bio": "Analyst."}, [DENY, DENY, DENY, 200, DENY]),
    ("get", "/api/publications/", None, [DENY, DENY, 200, 200, 200]),
    ("post", "/api/publications/", lambda w: {"name": "New Review"}, [DENY, DENY, DENY, 201, DENY]),
    ("get", "/api/tags/", None, [DENY, DENY, 200, 200, 200]),
    ("post", "/api/tags/", lambda w: {"kind": "topic", "name": "Water"}, [DENY, DENY, DENY, 201, DENY]),
    ("patch", "/api/tags/{tag}/", lambda w: {"name": "Renamed"}, [DENY, DENY, DENY, 200, DENY]),
    ("get", "/api/scorecards/", None, [DENY, DENY, 200, 200, 200]),
    ("get", "/api/scorecards/claimants/{author}/", None, [DENY, DENY, 200, 200, 200]),
    ("get", "/api/schema/", None, [200, 200, 200, 200, 200]),
    ("get", "/api/docs/", None, [200, 200, 200, 200, 200]),
]

# With API_ANONYMOUS_READ on, anyone may read scorecards and resolved claims, nothing else.
PUBLIC = {
    ("get", "/api/claims/"): 200,
    ("get", "/api/claims/{open}/"): 404,
    ("get", "/api/claims/{draft}/"): 404,
    ("get", "/api/claims/{open}/corrections/"): 404,
    ("get", "/api/claims/{draft}/corrections/"): 404,
    ("get", "/api/claims/export/"): 200,
    ("get", "/api/claims/claim-reviews/"): 200,
    ("get", "/api/claims/{resolved}/claim-review/"): 200,
    ("get", "/api/claims/{open}/claim-review/"): 404,
    ("get", "/api/scorecards/"): 200,
    ("get", "/api/scorecards/claimants/{author}/"): 200,
}


def _anonymous_401(role, status):
    # No credentials: 401 with a WWW-Authenticate challenge (token auth comes first).
    return 401 if role == "anonymous" and status == DENY else status


def _cases():
    for method, url, payload, statuses in MATRIX:
        for role, status in zip(ROLES, statuses, strict=True):
            yield pytest.param(method, url, payload, role, status, id=f"{role}-{method}-{url}")


def _request(api, users, world, method, url, payload, role):
    client = api(users.get(role))
    path = url.format(**{name: obj.pk for name, obj in world.items()})
    data = payload(world) if payload else None
    return getattr(client, method)(path, data, format="json") if data else getattr(client, method)(path)


@pytest.fixture
def users(outsider, viewer, editor, reviewer):
    return {"anonymous": None, "outsider": outsider, "viewer": viewer, "editor": editor, "reviewer": reviewer}


@pytest.mark.parametrize(("method", "url", "payload", "role", "status"), list(_cases()))
def test_permission_matrix(api, users, world, method, url, payload, role, status):
    status = _anonymous_401(role, status)
    response = _request(api, users, world, method, url, payload, role)
    assert response.status_code == status, response.content[:300]


@pytest.mark.parametrize(("method", "url", "payload", "role", "status"), list(_cases()))
@override_settings(API_ANONYMOUS_READ=True)
def test_permission_matrix_with_anonymous_read(api, users, world, method, url, payload, role, status):
    always_open = url in ("/api/schema/", "/api/docs/")
    if role in ("anonymous", "outsider") and method != "delete" and not always_open:
        status = PUBLIC.get((method, url), DENY)
    status = _anonymous_401(role, status)
    response = _request(api, users, world, method, url, payload, role)
    assert response.status_code == status, response.content[:300]


@override_settings(API_ANONYMOUS_READ=True)
def test_anonymous_read_lists_resolved_claims_only(api, world):
    claims = api().get("/api/claims/").json()["results"]
    assert [claim["id"] for claim in claims] == [world["resolved"].pk]
    lines = api().get("/api/claims/export/").getvalue().decode().splitlines()
    assert len(lines) == 2  # header + the resolved claim


def test_drafts_are_hidden_from_non_editors_in_lists_and_exports(api, viewer, reviewer, editor, world):
    draft = world["draft"].pk
    for user in (viewer, reviewer):
        client = api(user)
        listed = client.get("/api/claims/", {"status": "draft"}).json()
        assert listed["count"] == 0
        exported = client.get("/api/claims/export/").getvalue().decode()
        assert world["draft"].statement not in exported
        search = client.get("/api/claims/", {"search": world["draft"].statement}).json()
        assert draft not in [claim["id"] for claim in search["results"]]
    assert api(editor).get("/api/claims/", {"status": "draft"}).json()["count"] == 1


def test_throttling_answers_429_when_the_rate_is_exceeded(api, viewer, monkeypatch):
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute", "anon": "2/minute"})
    client = api(viewer)
    statuses = [client.get("/api/tags/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_token_authentication(api, viewer, client):
    viewer.set_password("secret-pw-123")
    viewer.save()
    response = client.post("/api/auth/token/", {"username": "viewer", "password": "secret-pw-123"})
    assert response.status_code == 200
    token = response.json()["token"]
    response = client.get("/api/claims/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert client.get("/api/claims/", HTTP_AUTHORIZATION="Token wrong").status_code == 401


def test_session_authentication(client, viewer):
    client.force_login(viewer)
    assert client.get("/api/claims/").status_code == 200
