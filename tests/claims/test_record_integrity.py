"""The record holds: one door for every write, published forecasts locked, corrections on the record.

Each door (the admin form through Django's test client, the API, the service)
is tried on the same claim, as an editor and as a superuser.
"""

from datetime import date

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from claims.models import FORECAST_FIELDS, Claim, ClaimCorrection
from claims.probability import probability_for_hedge
from claims.services import claim_correct, claim_create
from claims.services.seed import seed_load
from tests.claims.test_admin import claim_form_data
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ClaimFactory,
    OutcomeFactory,
    UserFactory,
)

TODAY = date(2026, 12, 2)
pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True)


def api_client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# Fields compared between doors: everything the rules fill in (not the text each door was given).
COMPARED = (
    *(name for name in FORECAST_FIELDS if name not in ("article", "claimants", "quote", "statement")),
    "status",
    "resolution_criteria",
)


def snapshot(claim: Claim) -> dict:
    claim.refresh_from_db()
    values = {name: getattr(claim, name) for name in COMPARED}
    values["claimants"] = sorted(a.name for a in claim.claimants.all())
    return values


@pytest.mark.parametrize(
    ("time_expression", "hedge", "expected"),
    [
        # "by late 2026": the window Sep-Dec 2026, not the two-year default.
        ("by late 2026", "likely", {"due_on": date(2026, 12, 31), "deadline_inferred": False}),
        # not_before: checked when the window opens, whatever the door.
        (
            "not before late 2026",
            "unlikely",
            {"kind": "not_before", "window_start": date(2026, 9, 1), "due_on": date(2026, 9, 1)},
        ),
        # No time bound: the default horizon, marked inferred.
        ("", "will", {"due_on": date(2027, 2, 1), "deadline_inferred": True, "precision": "inferred"}),
    ],
)
def test_the_same_claim_through_admin_api_and_service_has_every_field_equal(
    client, editor, time_expression, hedge, expected
):
    author = AuthorFactory(name="Analyst")
    articles = [ArticleFactory(published_on=date(2025, 2, 1), authors=[author]) for _ in range(3)]
    typed = {
        "quote": f"A referendum is {hedge} {time_expression}.",
        "statement": "A referendum takes place.",
        "kind": "occurs_by",
        "time_expression": time_expression,
        "hedge": hedge,
    }

    by_service = claim_create(article=articles[0], by=editor, **typed)

    response = api_client(editor).post("/api/claims/", {"article": articles[1].pk, **typed}, format="json")
    assert response.status_code == 201, response.json()
    by_api = Claim.objects.get(pk=response.json()["id"])

    client.force_login(editor)
    form = {"article": articles[2].pk, "precision": "inferred", **typed}
    response = client.post(reverse("admin:claims_claim_add"), form)
    assert response.status_code == 302, response.context["adminform"].form.errors
    by_admin = Claim.objects.get(article=articles[2])

    assert snapshot(by_service) == snapshot(by_api) == snapshot(by_admin)
    for name, value in expected.items():
        assert getattr(by_service, name) == value
    for claim in (by_service, by_api, by_admin):
        assert claim.history.count() == 1  # one row for the whole creation, claimants included
        assert claim.history.get().history_user == editor


# --- published forecasts are locked ----------------------------------------------------

NEW_VALUES = {
    "quote": "A rewritten quote.",
    "statement": "A rewritten statement.",
    "kind": "trend",
    "condition": "If it rains.",
    "time_expression": "by mid 2027",
    "window_start": "2026-01-01",
    "due_on": "2031-01-01",
    "precision": "month",
    "deadline_inferred": True,
    "hedge": "almost certainly",
    "probability": 0.33,
    "probability_source": "manual",
}
LOCKED = [name for name in FORECAST_FIELDS if name not in ("article", "claimants")]


@pytest.fixture
def world(db, editor):
    author = AuthorFactory(name="Ann Analyst")
    article = ArticleFactory(published_on=date(2025, 2, 1), authors=[author])
    published = ClaimFactory(article=article, status=Claim.Status.OPEN)
    resolved = OutcomeFactory(claim__article=article, verdict="false", known_on=date(2026, 11, 1)).claim
    return {
        "published": published,
        "resolved": resolved,
        "other_article": ArticleFactory(),
        "other_author": AuthorFactory(name="Someone Else"),
    }


def new_value(world, name):
    if name == "article":
        return world["other_article"].pk
    if name == "claimants":
        return [world["other_author"].pk]
    return NEW_VALUES[name]


def full_record(claim: Claim) -> dict:
    claim.refresh_from_db()
    record = {name: getattr(claim, name) for name in FORECAST_FIELDS if name != "claimants"}
    record["claimants"] = sorted(claim.claimants.values_list("pk", flat=True))
    return record


def claimant_scorecard(user) -> list:
    response = api_client(user).get("/api/scorecards/", {"group_by": "claimant"})
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize("state", ["published", "resolved"])
@pytest.mark.parametrize("who", ["editor", "superuser"])
@pytest.mark.parametrize("field", [*LOCKED, "article", "claimants"])
def test_a_locked_field_cannot_be_changed_through_the_api(request, world, state, who, field):
    user = request.getfixturevalue(who)
    claim = world[state]
    before, scores = full_record(claim), claimant_scorecard(user)

    response = api_client(user).patch(
        f"/api/claims/{claim.pk}/", {field: new_value(world, field)}, format="json"
    )

    if field in ("article", "probability_source"):  # not writable at all after creation
        assert response.status_code in (200, 400)
    else:
        assert response.status_code == 400, response.json()
        message = response.json()[field][0]
        assert ("reopen" in message) if state == "resolved" else ("correction" in message)
    assert full_record(claim) == before
    assert claimant_scorecard(user) == scores


@pytest.mark.parametrize("state", ["published", "resolved"])
@pytest.mark.parametrize("who", ["editor", "superuser"])
@pytest.mark.parametrize("field", [*LOCKED, "article", "claimants"])
def test_a_locked_field_cannot_be_changed_through_the_admin_form(client, request, world, state, who, field):
    user = request.getfixturevalue(who)
    claim = world[state]
    before, scores = full_record(claim), claimant_scorecard(user)
    client.force_login(user)
    url = reverse("admin:claims_claim_change", args=[claim.pk])

    page = client.get(url)
    assert f'name="{field}"'.encode() not in page.content  # shown read-only
    assert b"locked" in page.content or b"reopen it" in page.content
    client.post(url, claim_form_data(claim, **{field: new_value(world, field)}))

    assert full_record(claim) == before
    assert claimant_scorecard(user) == scores


# The probability source is derived (hedge or by hand), never typed.
@pytest.mark.parametrize("field", [*(f for f in LOCKED if f != "probability_source"), "claimants"])
def test_the_same_change_made_as_a_correction_succeeds_and_is_listed(world, editor, field):
    claim = world["published"]
    value = new_value(world, field)
    data = {field: value, "reason": "The record misread the article."}
    if field == "condition":
        data["kind"] = "conditional"

    response = api_client(editor).post(f"/api/claims/{claim.pk}/corrections/", data, format="json")

    assert response.status_code == 201, response.json()
    correction = ClaimCorrection.objects.get(claim=claim)
    assert field in correction.changes
    assert correction.corrected_by == editor
    listed = api_client(editor).get(f"/api/claims/{claim.pk}/").json()
    assert listed["correction_count"] == 1
    assert listed["corrections"][0]["reason"] == "The record misread the article."
    assert claim.history.first().history_change_reason == "Corrected: The record misread the article."


def test_a_correction_through_the_admin_is_shown_with_the_claim(client, world, editor):
    claim = world["published"]
    client.force_login(editor)
    url = reverse("admin:claims_claim_correct", args=[claim.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "reason"}
    data.update(hedge="almost certainly", reason="Misquoted hedge.")

    response = client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    claim.refresh_from_db()
    assert claim.hedge == "almost certainly"
    assert claim.probability == pytest.approx(probability_for_hedge("almost certainly"))
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "corrected 1×" in page
    assert "Misquoted hedge." in page


def test_a_correction_needs_an_editor_a_reason_and_no_verdict(world, editor, reviewer):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        claim_correct(claim=world["published"], by=reviewer, reason="x", hedge="may")
    with pytest.raises(ValidationError, match="reason"):
        claim_correct(claim=world["published"], by=editor, reason="  ", hedge="may")
    with pytest.raises(ValidationError, match="reopen"):
        claim_correct(claim=world["resolved"], by=editor, reason="Misread.", hedge="may")
    response = api_client(reviewer).post(
        f"/api/claims/{world['published'].pk}/corrections/", {"reason": "x", "hedge": "may"}, format="json"
    )
    assert response.status_code == 403
    assert not ClaimCorrection.objects.exists()


def test_tags_and_criteria_stay_editable_after_publishing_and_are_audited(world, editor):
    claim = world["published"]
    response = api_client(editor).patch(
        f"/api/claims/{claim.pk}/", {"resolution_criteria": "Official results."}, format="json"
    )
    assert response.status_code == 200
    row = claim.history.first()
    assert row.history_change_reason == "Edited after publishing: resolution criteria"
    assert row.history_user == editor

    response = api_client(editor).patch(
        f"/api/claims/{world['resolved'].pk}/", {"resolution_criteria": "Changed after."}, format="json"
    )
    assert response.status_code == 400  # once there is a verdict, the criteria it was judged by stay


def test_drafts_stay_freely_editable(editor):
    draft = ClaimFactory(status=Claim.Status.DRAFT, hedge="likely")
    response = api_client(editor).patch(
        f"/api/claims/{draft.pk}/", {"hedge": "may", "time_expression": "by mid 2027"}, format="json"
    )
    assert response.status_code == 200, response.json()
    draft.refresh_from_db()
    assert draft.probability == pytest.approx(0.5)
    assert draft.due_on == date(2027, 8, 31)
    assert not ClaimCorrection.objects.exists()


# --- a stable seed ---------------------------------------------------------------------


def test_load_seed_after_a_correction_creates_nothing(editor):
    seed_load()
    claim = Claim.objects.filter(status=Claim.Status.OPEN).order_by("pk").first()
    claim_correct(
        claim=claim,
        by=editor,
        reason="Misquoted.",
        quote=claim.quote + " (corrected)",
        statement="A corrected statement.",
    )
    count = Claim.objects.count()

    report = seed_load()

    assert Claim.objects.count() == count
    assert not report.created["claim"]
