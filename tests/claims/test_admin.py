"""The admin workbench, driven with Django's test client as each persona."""

from datetime import date

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, Outcome
from claims.roles import REVIEWERS
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ClaimFactory,
    OutcomeFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:claims_claim_changelist")
DUE_LIST = reverse("admin:claims_claimdueforreview_changelist")
ADMIN_MODELS = ["publication", "author", "tag", "article", "claim", "claimdueforreview", "outcome"]


@pytest.fixture(autouse=True)
def today():
    """Every test here runs on 2027-03-01."""
    with time_machine.travel(date(2027, 3, 1), tick=False):
        yield


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def record_url(claim):
    return reverse("admin:claims_claim_record_outcome", args=[claim.pk])


def reopen_url(claim):
    return reverse("admin:claims_claim_reopen", args=[claim.pk])


def run_action(client, action, claims, url=CHANGELIST, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [c.pk for c in claims], **extra}
    return client.post(url, data, follow=True)


def page_messages(response):
    return [str(m) for m in response.context["messages"]]


def outcome_post(**overrides):
    return {
        "verdict": "true",
        "evidence_links": "https://example.org/news/1\nhttps://example.org/news/2",
        "rationale": "Both wires reported it.",
        "known_on": "2027-02-20",
        **overrides,
    }


def claim_form_data(claim, **overrides):
    """The change form's fields as an editor would submit them unchanged."""
    data = {
        "article": claim.article_id,
        "claimants": [a.pk for a in claim.claimants.all()],
        "quote": claim.quote,
        "statement": claim.statement,
        "resolution_criteria": claim.resolution_criteria,
        "kind": claim.kind,
        "condition": claim.condition,
        "time_expression": claim.time_expression,
        "window_start": claim.window_start or "",
        "due_on": claim.due_on,
        "precision": claim.precision,
        **({"deadline_inferred": "on"} if claim.deadline_inferred else {}),
        "hedge": claim.hedge,
        "probability": claim.probability,
        "probability_source": claim.probability_source,
    }
    return {**data, **overrides}


# --- who can do what -------------------------------------------------------------


def test_outsider_without_staff_is_sent_to_the_login_page(client, outsider):
    client.force_login(outsider)
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_editor_edits_a_draft_but_gets_no_outcome_form(client, editor):
    claim = ClaimFactory(status=Claim.Status.DRAFT)
    client.force_login(editor)

    page = client.get(change_url(claim))
    assert b'name="statement"' in page.content
    assert b"Record outcome" not in page.content
    assert client.get(record_url(claim)).status_code == 403

    response = client.post(change_url(claim), claim_form_data(claim, statement="Sharper statement."))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.statement == "Sharper statement."
    assert claim.history.first().history_user == editor


def test_reviewer_sees_claim_text_read_only_and_cannot_change_it(client, reviewer):
    claim = ClaimFactory(status=Claim.Status.DUE, statement="Original statement.")
    client.force_login(reviewer)

    page = client.get(change_url(claim))
    assert b'name="statement"' not in page.content
    assert b"Original statement." in page.content
    assert b"Record outcome" in page.content

    client.post(change_url(claim), {"statement": "Rewritten by a reviewer."})
    claim.refresh_from_db()
    assert claim.statement == "Original statement."


def test_viewer_can_only_view(client, viewer):
    claim = ClaimFactory(status=Claim.Status.DUE)
    client.force_login(viewer)

    assert client.get(CHANGELIST).status_code == 200
    page = client.get(change_url(claim))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert b"Record outcome" not in page.content
    assert client.post(change_url(claim), claim_form_data(claim, statement="x")).status_code == 403
    assert client.get(record_url(claim)).status_code == 403
    assert client.get(CHANGELIST).context["action_form"] is None


def test_status_cannot_be_set_through_the_form_even_by_a_superuser(client):
    admin_user = UserFactory(username="root", is_superuser=True)
    claim = ClaimFactory(status=Claim.Status.OPEN)
    client.force_login(admin_user)

    client.post(change_url(claim), claim_form_data(claim, status="resolved"))

    claim.refresh_from_db()
    assert claim.status == Claim.Status.OPEN


def test_a_published_claims_due_date_is_read_only_even_for_editors(client, editor):
    claim = ClaimFactory(status=Claim.Status.OPEN, due_on=date(2027, 12, 31))
    client.force_login(editor)

    page = client.get(change_url(claim))
    assert b'name="due_on"' not in page.content
    client.post(change_url(claim), claim_form_data(claim, due_on="2030-01-01"))
    claim.refresh_from_db()
    assert claim.due_on == date(2027, 12, 31)


# --- adding claims ---------------------------------------------------------------


def test_editor_adds_a_draft_with_the_domain_defaults_filled_in(client, editor):
    author = AuthorFactory(name="S. Frederick Starr")
    article = ArticleFactory(published_on=date(2025, 1, 15), authors=[author])
    client.force_login(editor)

    response = client.post(
        reverse("admin:claims_claim_add"),
        {
            "article": article.pk,
            "quote": "Kazakhstan will likely expand its role.",
            "statement": "Kazakhstan expands its role.",
            "kind": "trend",
            "precision": "inferred",
            "hedge": "likely",
            "probability_source": "hedge",
        },
    )

    assert response.status_code == 302
    claim = Claim.objects.get(statement="Kazakhstan expands its role.")
    assert claim.status == Claim.Status.DRAFT
    assert claim.due_on == date(2027, 1, 15)  # the 730-day default horizon
    assert claim.deadline_inferred is True
    assert claim.probability == pytest.approx(0.675)
    assert list(claim.claimants.all()) == [author]


def test_a_conditional_claim_without_its_condition_is_a_form_error_not_a_crash(client, editor):
    article = ArticleFactory()
    client.force_login(editor)

    response = client.post(
        reverse("admin:claims_claim_add"),
        {
            "article": article.pk,
            "quote": "If talks fail, fighting may resume.",
            "statement": "Fighting resumes.",
            "kind": "conditional",
            "condition": "",
            "due_on": "2027-06-30",
            "precision": "day",
            "hedge": "may",
            "probability_source": "hedge",
        },
    )

    assert response.status_code == 200
    assert "A conditional claim needs its condition." in response.content.decode()
    assert not Claim.objects.exists()


# --- recording outcomes and reopening --------------------------------------------


def test_reviewer_records_an_outcome_and_the_claim_is_resolved(client, reviewer):
    claim = ClaimFactory(status=Claim.Status.DUE, due_on=date(2027, 1, 31))
    client.force_login(reviewer)

    response = client.post(record_url(claim), outcome_post(), follow=True)

    assert response.redirect_chain[-1][0] == change_url(claim)
    assert "Outcome recorded: True. The claim is resolved." in page_messages(response)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RESOLVED
    assert claim.reviewer == reviewer
    assert claim.outcome.evidence_links == ["https://example.org/news/1", "https://example.org/news/2"]
    assert claim.outcome.known_on == date(2027, 2, 20)
    assert b"Reopen" in response.content


def test_an_outcome_without_evidence_is_shown_as_a_form_error_and_nothing_is_saved(client, reviewer):
    claim = ClaimFactory(status=Claim.Status.DUE)
    client.force_login(reviewer)

    response = client.post(record_url(claim), outcome_post(evidence_links=""))

    assert response.status_code == 200
    assert response.context["form"].errors["evidence_links"] == [
        "Give at least one evidence link for this verdict."
    ]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DUE
    assert not Outcome.objects.exists()


def test_annulling_an_unconditional_claim_is_a_verdict_error(client, reviewer):
    claim = ClaimFactory(status=Claim.Status.DUE, kind=Claim.Kind.OCCURS_BY)
    client.force_login(reviewer)

    response = client.post(record_url(claim), outcome_post(verdict="annulled"))

    assert "Only a conditional claim can be annulled" in response.context["form"].errors["verdict"][0]
    assert not Outcome.objects.exists()


def test_recording_an_outcome_for_a_claim_resolved_meanwhile_says_so(client, reviewer):
    outcome = OutcomeFactory(verdict=Outcome.Verdict.FALSE)
    client.force_login(reviewer)

    response = client.post(record_url(outcome.claim), outcome_post(), follow=True)

    assert response.redirect_chain[-1][0] == change_url(outcome.claim)
    assert page_messages(response) == [
        "This claim is resolved: an outcome can be recorded only while open or due."
    ]
    outcome.refresh_from_db()
    assert outcome.verdict == Outcome.Verdict.FALSE


def test_reopening_a_claim_that_is_not_closed_says_so(client, reviewer):
    claim = ClaimFactory(status=Claim.Status.DUE)
    client.force_login(reviewer)

    response = client.post(reopen_url(claim), {"reason": "Why not."}, follow=True)

    assert page_messages(response) == [
        "This claim is due for review: only a resolved or withdrawn claim can be reopened."
    ]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DUE


def test_an_editor_cannot_reopen_a_resolved_claim(client, editor):
    claim = OutcomeFactory().claim
    client.force_login(editor)

    assert client.post(reopen_url(claim), {"reason": "Disagree."}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RESOLVED


def test_reviewer_reopens_a_resolved_claim_with_a_reason(client, reviewer):
    claim = OutcomeFactory(claim__due_on=date(2027, 1, 31)).claim
    client.force_login(reviewer)

    assert client.post(reopen_url(claim), {"reason": ""}).context["form"].errors["reason"]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RESOLVED

    client.post(reopen_url(claim), {"reason": "New evidence contradicts the verdict."})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DUE
    assert claim.history.first().history_change_reason == "Reopened: New evidence contradicts the verdict."


def test_history_page_shows_change_reasons_and_users(client, reviewer):
    claim = ClaimFactory(status=Claim.Status.DUE)
    client.force_login(reviewer)
    client.post(record_url(claim), outcome_post())

    page = client.get(reverse("admin:claims_claim_history", args=[claim.pk])).content.decode()

    assert "Resolved as true" in page
    assert "reviewer" in page


def test_history_cannot_be_used_to_revert_a_claim(client):
    root = UserFactory(username="root", is_superuser=True)
    claim = ClaimFactory(status=Claim.Status.OPEN)
    first_version = claim.history.last()
    client.force_login(root)

    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, first_version.history_id])
    assert client.post(url, claim_form_data(claim)).status_code == 403


def test_outcomes_are_read_only_in_their_own_admin(client, reviewer):
    outcome = OutcomeFactory()
    client.force_login(reviewer)
    url = reverse("admin:claims_outcome_change", args=[outcome.pk])

    assert b'name="_save"' not in client.get(url).content
    assert client.post(url, {"verdict": "false"}).status_code == 403


# --- bulk actions ----------------------------------------------------------------


def test_assign_to_me_reports_successes_and_each_refusal(client, reviewer):
    due = ClaimFactory(status=Claim.Status.DUE)
    resolved = OutcomeFactory().claim
    client.force_login(reviewer)

    response = run_action(client, "assign_to_me", [due, resolved])

    assert response.status_code == 200
    messages = page_messages(response)
    assert "Assigned: 1 claim(s)." in messages
    assert any(m.startswith(f"“{resolved}”: Cannot assign a claim that is resolved") for m in messages)
    due.refresh_from_db()
    assert due.reviewer == reviewer


def test_editor_publishes_drafts_and_already_open_ones_are_reported(client, editor):
    draft = ClaimFactory(status=Claim.Status.DRAFT)
    already_open = ClaimFactory(status=Claim.Status.OPEN)
    client.force_login(editor)

    messages = page_messages(run_action(client, "publish_drafts", [draft, already_open]))

    assert "Published: 1 claim(s)." in messages
    assert any("Cannot publish a claim that is open" in m for m in messages)
    draft.refresh_from_db()
    assert draft.status == Claim.Status.OPEN


def test_reviewers_are_not_offered_publish_or_withdraw(client, reviewer):
    client.force_login(reviewer)
    choices = dict(client.get(CHANGELIST).context["action_form"].fields["action"].choices)
    assert "assign_to_me" in choices
    assert "publish_drafts" not in choices
    assert "withdraw" not in choices


def test_extend_deadline_asks_for_a_date_and_reason_then_keeps_the_reason(client, editor):
    claim = ClaimFactory(status=Claim.Status.DUE, due_on=date(2027, 1, 31))
    client.force_login(editor)

    form_page = run_action(client, "extend_deadline", [claim])
    assert b"New due date" in form_page.content

    missing_reason = run_action(client, "extend_deadline", [claim], apply="1", due_on="2027-12-31", reason="")
    assert missing_reason.context["form"].errors["reason"]
    claim.refresh_from_db()
    assert claim.due_on == date(2027, 1, 31)

    done = run_action(
        client, "extend_deadline", [claim], apply="1", due_on="2027-12-31", reason="Vote postponed."
    )
    assert "Deadline extended: 1 claim(s)." in page_messages(done)
    claim.refresh_from_db()
    assert claim.due_on == date(2027, 12, 31)
    assert claim.status == Claim.Status.OPEN
    assert claim.history.first().history_change_reason == (
        "Deadline extended from 2027-01-31 to 2027-12-31: Vote postponed."
    )


def test_extending_to_an_earlier_date_is_reported_not_a_server_error(client, editor):
    claim = ClaimFactory(status=Claim.Status.OPEN, due_on=date(2027, 12, 31))
    client.force_login(editor)

    response = run_action(client, "extend_deadline", [claim], apply="1", due_on="2027-06-30", reason="Oops.")

    assert response.status_code == 200
    assert any("must be after the current one" in m for m in page_messages(response))


def test_withdraw_asks_for_a_reason_and_withdraws(client, editor):
    claim = ClaimFactory(status=Claim.Status.OPEN)
    client.force_login(editor)

    assert b"Withdraw claims" in run_action(client, "withdraw", [claim]).content
    response = run_action(client, "withdraw", [claim], apply="1", reason="Duplicate of another claim.")

    assert "Withdrawn: 1 claim(s)." in page_messages(response)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.WITHDRAWN
    assert claim.history.first().history_change_reason == "Withdrawn: Duplicate of another claim."


# --- the due-for-review queue and the lists ----------------------------------------


def test_due_list_shows_only_due_claims_most_overdue_first(client, reviewer):
    recent = ClaimFactory(status=Claim.Status.DUE, due_on=date(2027, 2, 1))
    oldest = ClaimFactory(status=Claim.Status.DUE, due_on=date(2026, 12, 31))
    ClaimFactory(status=Claim.Status.OPEN, due_on=date(2027, 12, 31))
    OutcomeFactory()
    client.force_login(reviewer)

    response = client.get(DUE_LIST)

    assert response.status_code == 200
    assert [c.pk for c in response.context["cl"].result_list] == [oldest.pk, recent.pk]
    assert b'<td class="field-days_overdue">60</td>' in response.content  # on 2027-03-01


def test_a_due_list_row_opens_the_claims_own_page(client, reviewer):
    claim = ClaimFactory(status=Claim.Status.DUE)
    client.force_login(reviewer)

    response = client.get(reverse("admin:claims_claimdueforreview_change", args=[claim.pk]))

    assert response.status_code == 302
    assert response["Location"] == change_url(claim)


def test_due_list_is_offered_to_viewers_and_refused_to_outsiders(client, viewer, outsider):
    client.force_login(viewer)
    assert client.get(DUE_LIST).status_code == 200
    client.force_login(outsider)
    assert client.get(DUE_LIST).status_code == 302


@pytest.mark.parametrize("url", [CHANGELIST, DUE_LIST])
def test_claim_lists_use_a_fixed_number_of_queries(client, reviewer, url):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.force_login(reviewer)
    ClaimFactory.create_batch(2, status=Claim.Status.DUE, reviewer=reviewer)
    few = count_queries()
    ClaimFactory.create_batch(5, status=Claim.Status.DUE, reviewer=reviewer)
    assert count_queries() == few


def test_search_finds_claims_by_claimant_and_article_title(client, reviewer):
    author = AuthorFactory(name="Svante Cornell")
    by_author = ClaimFactory(article=ArticleFactory(authors=[author]))
    by_title = ClaimFactory(article=ArticleFactory(title="Caspian connectivity"))
    ClaimFactory()
    client.force_login(reviewer)

    def found(query):
        return {c.pk for c in client.get(CHANGELIST, {"q": query}).context["cl"].result_list}

    assert found("Cornell") == {by_author.pk}
    assert found("Caspian") == {by_title.pk}


def test_article_page_lists_its_claims_with_links(client, editor):
    claim = ClaimFactory(statement="Azerbaijan's significance increases.")
    client.force_login(editor)

    page = client.get(reverse("admin:claims_article_change", args=[claim.article_id])).content.decode()

    assert "Azerbaijan&#x27;s significance increases." in page
    assert change_url(claim) in page


def test_an_editor_who_is_also_a_reviewer_can_record_outcomes(client, editor):
    editor.groups.add(Group.objects.get(name=REVIEWERS))
    claim = ClaimFactory(status=Claim.Status.DUE)
    client.force_login(editor)

    assert b"Record outcome" in client.get(change_url(claim)).content
    client.post(record_url(claim), outcome_post())
    claim.refresh_from_db()
    assert claim.status == Claim.Status.RESOLVED


@pytest.mark.parametrize("persona", ["editor", "reviewer", "viewer"])
def test_every_claims_admin_page_opens_for_each_role(client, request, persona):
    user = request.getfixturevalue(persona)
    outcome = OutcomeFactory(claim__tags=[TagFactory()])
    claim = outcome.claim
    client.force_login(user)
    urls = [
        reverse("admin:index"),
        *(reverse(f"admin:claims_{model}_changelist") for model in ADMIN_MODELS),
        reverse("admin:claims_article_change", args=[claim.article_id]),
        change_url(claim),
        reverse("admin:claims_claim_history", args=[claim.pk]),
        reverse("admin:claims_outcome_change", args=[outcome.pk]),
        reverse("admin:claims_outcome_history", args=[outcome.pk]),
        f"{CHANGELIST}?status=due&kind=occurs_by&deadline_inferred__exact=1&due_on__year=2026",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_editor_can_open_the_add_forms(client, editor):
    client.force_login(editor)
    for model in ["publication", "author", "tag", "article", "claim"]:
        assert client.get(reverse(f"admin:claims_{model}_add")).status_code == 200
    assert client.get(reverse("admin:claims_outcome_add")).status_code == 403


@pytest.mark.parametrize("persona", ["reviewer", "viewer"])
def test_drafts_are_hidden_from_everyone_but_editors(client, request, persona, editor):
    draft = ClaimFactory(status=Claim.Status.DRAFT, statement="A draft nobody published.")
    published = ClaimFactory(article=draft.article, status=Claim.Status.OPEN)
    article_url = reverse("admin:claims_article_change", args=[draft.article_id])

    client.force_login(request.getfixturevalue(persona))
    assert [c.pk for c in client.get(CHANGELIST).context["cl"].result_list] == [published.pk]
    assert client.get(change_url(draft)).status_code == 302  # "doesn't exist", back to the index
    assert "A draft nobody published." not in client.get(article_url).content.decode()

    client.force_login(editor)
    assert {c.pk for c in client.get(CHANGELIST).context["cl"].result_list} == {draft.pk, published.pk}
    assert "A draft nobody published." in client.get(article_url).content.decode()


def test_reviewer_takes_claims_straight_from_the_due_list(client, reviewer):
    due = ClaimFactory.create_batch(2, status=Claim.Status.DUE)
    client.force_login(reviewer)

    response = run_action(client, "assign_to_me", due, url=DUE_LIST)

    assert "Assigned: 2 claim(s)." in page_messages(response)
    assert set(Claim.objects.values_list("reviewer", flat=True)) == {reviewer.pk}
    assert [c.history.first().history_change_reason for c in due] == ["Assigned to reviewer"] * 2


def test_a_claim_without_an_article_is_a_form_error(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:claims_claim_add"), {"quote": "q", "statement": "s", "kind": "other"}
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["article"] == ["This field is required."]
