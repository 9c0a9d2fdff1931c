"""Claims through the API: filters, search, ordering, writes through the services, exports."""

import csv
import io
import json
from datetime import date, datetime

import pytest
import time_machine
from django.utils import timezone

from claims.models import Claim, Outcome
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ClaimFactory,
    OutcomeFactory,
    PublicationFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {claim["id"] for claim in response.json()["results"]}


@pytest.fixture
def claims():
    ann, bob = AuthorFactory(name="Ann"), AuthorFactory(name="Bob")
    energy = TagFactory(kind="topic", name="Energy")
    review = PublicationFactory(name="Review")
    early = ClaimFactory(
        article=ArticleFactory(publication=review, authors=[ann]),
        due_on=date(2025, 3, 31),
        window_start=None,
        statement="The pipeline opens by spring.",
        quote="The pipeline will likely open by spring.",
        tags=[energy],
    )
    late = ClaimFactory(claimants=[bob], due_on=date(2027, 12, 31), kind=Claim.Kind.NOT_BEFORE)
    resolved = OutcomeFactory(claim__claimants=[bob], verdict="false").claim
    Claim.objects.filter(pk=resolved.pk).update(resolved_at=timezone.make_aware(datetime(2026, 2, 1)))
    draft = ClaimFactory(status=Claim.Status.DRAFT, claimants=[ann])
    return {"ann": ann, "bob": bob, "energy": energy, "review": review} | {
        "early": early.pk,
        "late": late.pk,
        "resolved": resolved.pk,
        "draft": draft.pk,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "open"}, {"early", "late"}),
        ({"status": ["open", "resolved"]}, {"early", "late", "resolved"}),
        ({"kind": "not_before"}, {"late"}),
        ({"verdict": "false"}, {"resolved"}),
        ({"verdict": "true"}, set()),
        ({"claimant": "ann"}, {"early", "draft"}),
        ({"publication": "review"}, {"early"}),
        ({"tag": "energy"}, {"early"}),
        ({"due_before": "2025-03-31"}, {"early"}),
        ({"due_after": "2027-01-01"}, {"late"}),
        ({"resolved_after": "2026-01-15", "resolved_before": "2026-02-01"}, {"resolved"}),
        ({"resolved_before": "2026-01-31"}, set()),
        ({"search": "pipeline spring"}, {"early"}),
        ({"search": "PIPELINE"}, {"early"}),
        ({"search": "pipeline autumn"}, set()),
    ],
)
def test_filters(api, editor, claims, params, expected):
    resolved_params = {
        name: (claims[value].pk if name in {"claimant", "publication", "tag"} else value)
        for name, value in params.items()
    }
    assert ids(api(editor).get("/api/claims/", resolved_params)) == {claims[name] for name in expected}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"due_before": "not-a-date"}, "due_before"),
        ({"resolved_after": "2026-13-01"}, "resolved_after"),
        ({"status": "pending"}, "status"),
        ({"verdict": "maybe"}, "verdict"),
        ({"claimant": "999999"}, "claimant"),
        ({"claimant": "abc"}, "claimant"),
        ({"tag": "1e3"}, "tag"),
        ({"ordering": "statement"}, "ordering"),
        ({"search": "a\x00b"}, "search"),
    ],
)
def test_invalid_filter_values_are_400_with_a_message(api, viewer, claims, params, field):
    urls = ["/api/claims/", "/api/claims/export/", "/api/claims/claim-reviews/"]
    if field != "ordering":  # scorecards are not ordered by the client
        urls.append("/api/scorecards/")
    for url in urls:
        response = api(viewer).get(url, params)
        assert response.status_code == 400, (url, response.content)
        assert response["Content-Type"] == "application/json"
        assert list(response.json()) == [field]
        assert response.json()[field][0]


def test_ordering_and_pagination(api, editor, claims):
    response = api(editor).get("/api/claims/", {"ordering": "-due_on", "page_size": 2})
    body = response.json()
    assert body["count"] == 4
    assert [claim["id"] for claim in body["results"]][0] == claims["late"]
    assert len(body["results"]) == 2
    assert body["next"]
    assert api(editor).get("/api/claims/", {"page": 99}).status_code == 404


def test_claim_detail_nests_article_claimants_tags_and_outcome(api, viewer, claims):
    body = api(viewer).get(f"/api/claims/{claims['resolved']}/").json()
    assert body["outcome"]["verdict"] == "false"
    assert body["claimants"] == [{"id": claims["bob"].pk, "name": "Bob"}]
    assert body["article"]["publication"]["name"]
    early = api(viewer).get(f"/api/claims/{claims['early']}/").json()
    assert early["outcome"] is None
    assert early["tags"] == [{"id": claims["energy"].pk, "kind": "topic", "name": "Energy"}]


def test_editor_creates_a_claim_with_defaults_from_the_service(api, editor):
    article = ArticleFactory(published_on=date(2025, 1, 15))
    response = api(editor).post(
        "/api/claims/",
        {"article": article.pk, "quote": "Talks may resume.", "statement": "Talks resume.", "hedge": "may"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["probability"] == 0.5
    assert body["due_on"] == "2027-01-15"  # the default horizon
    assert [c["id"] for c in body["claimants"]] == list(article.authors.values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"probability": 1.5}, "probability"),
        ({"kind": "conditional"}, "non_field_errors"),
        ({"window_start": "2030-01-01", "due_on": "2029-01-01"}, "non_field_errors"),
        ({"claimants": [999999]}, "claimants"),
        ({"statement": ""}, "statement"),
        ({"status": "resolved"}, "status"),
    ],
)
def test_bad_claim_input_is_400_with_field_messages(api, editor, payload, field):
    article = ArticleFactory()
    data = {"article": article.pk, "quote": "Q.", "statement": "S.", **payload}
    response = api(editor).post("/api/claims/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_a_duplicate_statement_is_400_not_500(api, editor):
    claim = ClaimFactory()
    data = {"article": claim.article_id, "quote": "Q.", "statement": claim.statement}
    response = api(editor).post("/api/claims/", data, format="json")
    assert response.status_code == 400
    assert "already has a claim with this statement" in str(response.json())


def test_editing_a_published_claims_deadline_points_to_extend_deadline(api, editor):
    claim = ClaimFactory(status=Claim.Status.OPEN)
    response = api(editor).patch(f"/api/claims/{claim.pk}/", {"due_on": "2030-01-01"}, format="json")
    assert response.status_code == 400
    assert "extend deadline" in response.json()["due_on"][0]
    response = api(editor).patch(f"/api/claims/{claim.pk}/", {"hedge": "very likely"}, format="json")
    assert response.status_code == 400
    assert "correction" in response.json()["hedge"][0]

    response = api(editor).post(
        f"/api/claims/{claim.pk}/corrections/",
        {"hedge": "very likely", "reason": "The article says 'very likely'."},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["changes"]["probability"]["new"] == pytest.approx(0.875)
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.probability == pytest.approx(0.875)
    assert claim.history.first().history_change_reason == "Corrected: The article says 'very likely'."


@time_machine.travel(date(2026, 11, 25), tick=False)
def test_reviewer_records_an_outcome_through_the_lifecycle_service(api, reviewer):
    claim = ClaimFactory(status=Claim.Status.DUE)
    data = {
        "verdict": "partly_true",
        "rationale": "Half of it happened.",
        "known_on": "2026-10-01",
        "evidence_links": ["https://example.org/report"],
    }
    response = api(reviewer).post(f"/api/claims/{claim.pk}/outcome/", data, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "resolved"
    assert response.json()["outcome"]["verdict"] == "partly_true"
    claim.refresh_from_db()
    assert claim.history.first().history_change_reason == "Resolved as partly true"
    assert Outcome.objects.get(claim=claim).reviewer == reviewer


@time_machine.travel(date(2026, 11, 25), tick=False)
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"verdict": "annulled"}, "verdict"),  # not a conditional claim
        ({"evidence_links": []}, "evidence_links"),
        ({"evidence_links": ["not a url"]}, "evidence_links"),
        ({"known_on": "2027-01-01"}, "known_on"),
        ({"verdict": "perhaps"}, "verdict"),
        ({"rationale": ""}, "rationale"),
    ],
)
def test_bad_outcomes_are_400_with_field_messages(api, reviewer, changes, field):
    claim = ClaimFactory(status=Claim.Status.DUE)
    data = {
        "verdict": "true",
        "rationale": "Yes.",
        "known_on": "2026-10-01",
        "evidence_links": ["https://e.org"],
    }
    response = api(reviewer).post(f"/api/claims/{claim.pk}/outcome/", {**data, **changes}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Claim.objects.get(pk=claim.pk).status == Claim.Status.DUE


def test_illegal_lifecycle_moves_are_400_with_the_services_message(api, editor, reviewer):
    resolved = OutcomeFactory().claim
    response = api(editor).post(f"/api/claims/{resolved.pk}/publish/")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Cannot publish a claim that is resolved; only a claim that is draft can be."]
    }
    data = {
        "verdict": "true",
        "rationale": "Yes.",
        "known_on": "2025-10-01",
        "evidence_links": ["https://e.org"],
    }
    response = api(reviewer).post(f"/api/claims/{resolved.pk}/outcome/", data, format="json")
    assert response.status_code == 400
    assert "Cannot record an outcome" in response.json()["non_field_errors"][0]


def test_editor_publishes_withdraws_and_extends(api, editor):
    draft = ClaimFactory(status=Claim.Status.DRAFT)
    assert api(editor).post(f"/api/claims/{draft.pk}/publish/").json()["status"] == "open"
    response = api(editor).post(f"/api/claims/{draft.pk}/extend-deadline/", {"due_on": "2030-06-30"})
    assert response.status_code == 400
    assert "reason" in response.json()
    response = api(editor).post(
        f"/api/claims/{draft.pk}/extend-deadline/", {"due_on": "2030-06-30", "reason": "Delayed"}
    )
    assert response.json()["due_on"] == "2030-06-30"
    response = api(editor).post(f"/api/claims/{draft.pk}/withdraw/", {"reason": "Duplicate"})
    assert response.json()["status"] == "withdrawn"


def test_csv_export_has_a_header_and_one_row_per_visible_claim(api, viewer, claims):
    response = api(viewer).get("/api/claims/export/", {"claimant": claims["bob"].pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))  # streamed
    assert {int(row["id"]) for row in rows} == {claims["late"], claims["resolved"]}
    resolved = next(row for row in rows if int(row["id"]) == claims["resolved"])
    assert (resolved["verdict"], resolved["claimants"]) == ("false", "Bob")


def test_claim_review_json_ld_of_a_resolved_claim(api, viewer, claims):
    response = api(viewer).get(f"/api/claims/{claims['resolved']}/claim-review/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    doc = response.json()
    assert doc["@context"] == "https://schema.org"
    assert doc["@type"] == "ClaimReview"
    claim = Claim.objects.get(pk=claims["resolved"])
    assert doc["claimReviewed"] == claim.statement
    assert doc["itemReviewed"]["@type"] == "Claim"
    assert doc["itemReviewed"]["author"] == [{"@type": "Person", "name": "Bob"}]
    assert doc["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    }
    assert doc["citation"] == ["https://example.org/evidence"]


def test_claim_review_feed_lists_resolved_claims_only(api, viewer, claims):
    OutcomeFactory(verdict="unresolvable")
    feed = json.loads(api(viewer).get("/api/claims/claim-reviews/").getvalue())  # streamed
    assert feed["@type"] == "DataFeed"
    reviews = feed["dataFeedElement"]
    assert len(reviews) == 2
    unresolvable = next(r for r in reviews if r["reviewRating"]["alternateName"] == "Unresolvable")
    assert "ratingValue" not in unresolvable["reviewRating"]
    assert api(viewer).get(f"/api/claims/{claims['late']}/claim-review/").status_code == 404


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/scorecards/" in paths
    scorecard = paths["/api/scorecards/"]["get"]
    assert "partly_true" in scorecard["description"]
    assert {p["name"] for p in scorecard["parameters"]} >= {"group_by", "due_before", "verdict", "tag"}
    assert set(paths["/api/claims/"]["get"]["responses"]) >= {"200", "400", "401", "403", "404", "429"}
    assert client.get("/api/docs/").status_code == 200


def test_assigning_a_claim_needs_a_user_who_can_record_outcomes(api, editor, reviewer, viewer):
    claim = ClaimFactory(status=Claim.Status.DUE)
    response = api(editor).post(f"/api/claims/{claim.pk}/assign/", {"reviewer": viewer.pk})
    assert response.status_code == 400
    assert response.json() == {"reviewer": ["viewer cannot record outcomes."]}
    response = api(reviewer).post(f"/api/claims/{claim.pk}/assign/", {"reviewer": reviewer.pk})
    assert response.status_code == 200
    assert response.json()["reviewer"] == reviewer.pk
    assert Claim.objects.get(pk=claim.pk).history.first().history_change_reason == "Assigned to reviewer"
