"""Revisions in the admin: editors add them from the claim's page; everyone else reads them."""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from claims.models import Claim, ClaimRevision, RevisionSuggestion
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def revise_url(claim) -> str:
    return reverse("admin:claims_claim_revise", args=[claim.pk])


def change_url(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_editor_adds_a_revision_and_every_role_reads_it(client, editor, reviewer, viewer):
    claim = ClaimFactory()
    later = ArticleFactory(published_on=date(2025, 9, 1), title="The follow-up")
    client.force_login(editor)
    assert b"Add revision" in client.get(change_url(claim)).content
    response = client.post(
        revise_url(claim), {"kind": "lowered", "article": later.pk, "hedge": "unlikely", "note": "Said so."}
    )
    assert response.status_code == 302
    revision = claim.revisions.get()
    assert (revision.kind, revision.probability, revision.stated_on) == ("lowered", 0.325, date(2025, 9, 1))
    assert revision.history.get().history_user == editor
    for user in (reviewer, viewer):
        client.force_login(user)
        page = client.get(change_url(claim)).content.decode()
        assert "Lowered the probability to 32%" in page and "The follow-up" in page
        assert "Add revision" not in page
        assert client.get(revise_url(claim)).status_code == 403


def test_the_services_errors_show_on_the_form(client, editor):
    claim = ClaimFactory()
    client.force_login(editor)
    response = client.post(
        revise_url(claim), {"kind": "raised", "stated_on": "2025-09-01", "hedge": "unlikely"}
    )
    assert response.status_code == 200
    assert "is not higher than the standing probability" in str(response.context["form"].errors["kind"])
    assert not ClaimRevision.objects.exists()


def test_a_draft_is_not_revised(client, editor):
    draft = ClaimFactory(status=Claim.Status.DRAFT)
    client.force_login(editor)
    page = client.get(change_url(draft)).content
    assert b"Add revision" not in page
    response = client.post(revise_url(draft), {"kind": "restated", "stated_on": "2025-09-01"}, follow=True)
    assert "only an open or due claim can be revised" in response.content.decode()
    assert not ClaimRevision.objects.exists()


def test_editors_confirm_a_suggested_revision_from_its_list(client, editor, reviewer):
    claim = ClaimFactory()
    later = ArticleFactory(published_on=date(2025, 9, 1), authors=list(claim.claimants.all()))
    draft = ClaimFactory(
        article=later, status=Claim.Status.DRAFT, quote="It is still likely.", hedge="likely"
    )
    RevisionSuggestion.objects.create(draft=draft, claim=claim, similarity=0.8)
    changelist = reverse("admin:claims_revisionsuggestion_changelist")

    client.force_login(reviewer)  # drafts are for editors
    assert client.get(changelist).status_code == 403

    client.force_login(editor)
    assert "80%" in client.get(changelist).content.decode()
    client.post(changelist, {"action": "confirm", ACTION_CHECKBOX_NAME: [draft.revision_suggestion.pk]})
    revision = claim.revisions.get()
    assert (revision.kind, revision.article, revision.quote) == ("restated", later, "It is still likely.")
    draft.refresh_from_db()
    assert draft.status == Claim.Status.WITHDRAWN
    assert not RevisionSuggestion.objects.exists()


def test_the_proposals_page_points_a_restating_draft_to_its_claim(
    client, editor, django_assert_max_num_queries
):
    claim = ClaimFactory(statement="Trade along the corridor intensifies.")
    later = ArticleFactory(published_on=date(2025, 9, 1), authors=list(claim.claimants.all()))
    for n in range(3):
        draft = ClaimFactory(article=later, status=Claim.Status.DRAFT, statement=f"Restated {n}.")
        RevisionSuggestion.objects.create(draft=draft, claim=claim, similarity=0.5 + n / 10)
    client.force_login(editor)
    with django_assert_max_num_queries(8):  # 7: the suggestions come with the drafts (N+1 would be 10+)
        page = client.get(reverse("admin:claims_article_proposals", args=[later.pk])).content.decode()
    assert page.count("Reads like a revision of the open claim") == 3
    assert "“Trade along the corridor intensifies.”</a> (70 % similar)" in page
