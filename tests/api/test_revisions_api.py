"""/api/claims/{id}/revisions/: read by whoever may read the claim, written by editors through the service."""

from datetime import date

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, ClaimRevision
from claims.services import revision_create
from tests.factories import ArticleFactory, ClaimFactory, OutcomeFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "viewer", "reviewer", "editor", "admin"]
RESTATE = {"kind": "restated", "stated_on": "2025-09-01", "quote": "As I said, it will happen."}
RAISE = {"kind": "raised", "stated_on": "2025-09-01", "hedge": "almost certainly", "quote": "Surely so."}


@pytest.fixture
def users(outsider, viewer, reviewer, editor):
    admin = UserFactory(username="admin", is_superuser=True)
    return dict(zip(ROLES, [None, outsider, viewer, reviewer, editor, admin], strict=True))


@pytest.fixture
def claims():
    return {
        "open": ClaimFactory(),
        "draft": ClaimFactory(status=Claim.Status.DRAFT),
        "resolved": OutcomeFactory().claim,
    }


def url(claim) -> str:
    return f"/api/claims/{claim.pk}/revisions/"


@pytest.mark.parametrize(
    ("which", "method", "expected"),
    [
        ("open", "get", [401, 403, 200, 200, 200, 200]),
        ("draft", "get", [401, 403, 404, 404, 200, 200]),
        ("open", "post", [401, 403, 403, 403, 201, 201]),
        # Only published (open or due) claims are revised: a field-less 400, not a 500.
        ("draft", "post", [401, 403, 403, 403, 400, 400]),
        ("resolved", "post", [401, 403, 403, 403, 400, 400]),
    ],
)
def test_every_role(api, users, claims, which, method, expected):
    for role, status in zip(ROLES, expected, strict=True):
        client = api(users[role])
        response = (
            client.post(url(claims[which]), RESTATE, format="json")
            if method == "post"
            else client.get(url(claims[which]))
        )
        assert response.status_code == status, (role, response.content[:300])
    created = ClaimRevision.objects.filter(claim=claims[which]).count()
    assert created == (2 if method == "post" and which == "open" else 0)


@override_settings(API_ANONYMOUS_READ=True)
def test_anonymous_read_shows_revisions_of_resolved_claims_only(api, claims):
    assert api().get(url(claims["resolved"])).status_code == 200
    assert api().get(url(claims["open"])).status_code == 404
    assert api().get(url(claims["draft"])).status_code == 404


def test_posting_uses_the_service_and_lists_in_the_order_stated(api, editor, claims):
    claim = claims["open"]
    later = ArticleFactory(published_on=date(2025, 11, 3), title="A later piece")
    client = api(editor)
    assert (
        client.post(url(claim), {"kind": "lowered", "article": later.pk, "hedge": "unlikely"}).status_code
        == 201
    )
    response = client.post(url(claim), RAISE, format="json")  # stated before the lowering
    assert response.status_code == 201
    assert response.json()["probability"] == 0.97 and response.json()["created_by"] == "editor"
    listed = client.get(url(claim)).json()
    assert [(r["stated_on"], r["kind"]) for r in listed] == [
        ("2025-09-01", "raised"),
        ("2025-11-03", "lowered"),
    ]
    assert listed[1]["article"]["title"] == "A later piece"
    assert listed[1]["probability"] == 0.325
    claim.refresh_from_db()
    assert claim.probability == 0.675  # the published forecast is untouched


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "kind"),
        ({"kind": "doubled", "stated_on": "2025-09-01"}, "kind"),
        ({**RAISE, "probability": 2}, "probability"),
        ({**RAISE, "hedge": "unlikely"}, "kind"),  # "raised" to a lower number
        ({**RAISE, "stated_on": "next week"}, "stated_on"),
        ({**RAISE, "stated_on": "1999-01-01"}, "stated_on"),
        ({"kind": "restated"}, "stated_on"),
        ({**RAISE, "article": 999999}, "article"),
        ({**RAISE, "quote": "x" * 5000}, "quote"),
        (
            {"kind": "moved_window", "stated_on": "2025-09-01", "time_expression": "soonish"},
            "time_expression",
        ),
        ({"kind": "withdrawn", "stated_on": "2025-09-01", "probability": 0.5}, "probability"),
    ],
)
def test_bad_input_is_a_400_with_the_field(api, editor, claims, payload, field):
    response = api(editor).post(url(claims["open"]), payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json(), response.json()
    assert not ClaimRevision.objects.exists()


def test_the_list_takes_the_same_queries_whatever_the_number_of_revisions(api, viewer, editor, claims):
    claim = claims["open"]

    def queries() -> int:
        client = api(type(viewer).objects.get(pk=viewer.pk))  # permissions are cached per instance
        with CaptureQueriesContext(connection) as context:
            assert client.get(url(claim)).status_code == 200
        return len(context.captured_queries)

    revision_create(
        claim=claim, by=editor, kind="restated", article=ArticleFactory(published_on=date(2025, 3, 1))
    )
    one = queries()
    for month in range(4, 10):
        article = ArticleFactory(published_on=date(2025, month, 1))
        revision_create(
            claim=claim, by=editor, kind="restated", article=article, stated_on=date(2025, month, 2)
        )
    assert queries() == one
    assert one <= 5  # the user and permissions, the claim, its revisions with articles and editors
