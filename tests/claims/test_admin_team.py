"""The team's home in the admin: the dashboard, proposing and reviewing claims, the Publish button."""

from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.admin.dashboard import dashboard_tiles
from claims.models import Article, Claim
from claims.roles import REVIEWERS
from tests.factories import ArticleFactory, AuthorFactory, ClaimFactory, UserFactory
from tests.tracker.factories import NotificationFactory
from tracker.models import Notification

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)
INDEX = reverse("admin:index")
Status = Claim.Status

ARTICLE_BODY = (
    "By Jane Analyst\n"
    "The government held talks in January. "
    "A referendum on the new constitution will not take place before late 2026. "
    "Trade between the two countries is likely to increase further over the next 24 months. "
    "The ministers met again in March."
)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=False):
        yield


def tiles(response) -> dict:
    """The dashboard's tiles by key, as (count, url)."""
    return {tile.key: (tile.count, tile.url) for tile in response.context["tiles"]}


def make_workload(reviewer, scale: int = 1):
    """Claims of every dashboard kind, ``scale`` of each (plus ones that count nowhere)."""
    for _ in range(scale):
        ClaimFactory(status=Status.OPEN, window_start=None, due_on=TODAY)  # due today
        ClaimFactory(status=Status.DUE, window_start=None, due_on=TODAY - timedelta(days=3))  # overdue
        mine = {"status": Status.DUE, "window_start": None, "reviewer": reviewer}
        ClaimFactory(**mine, due_on=TODAY - timedelta(days=9))
        ClaimFactory(status=Status.DRAFT)
        ClaimFactory(status=Status.OPEN)  # due later: no tile
        NotificationFactory(status=Notification.Status.FAILED)
        NotificationFactory()


# --- the dashboard -------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_user_without_staff_is_sent_to_the_login_page(client, outsider):
    client.force_login(outsider)
    response = client.get(INDEX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("persona, expected", [("editor", 2), ("reviewer", 2), ("viewer", 1)])
def test_the_tiles_cost_one_claim_query_and_one_outbox_query(reviewer, editor, viewer, persona, expected):
    user = {"editor": editor, "reviewer": reviewer, "viewer": viewer}[persona]
    make_workload(reviewer, scale=3)
    user.get_all_permissions()  # loaded once per request by the admin anyway
    with CaptureQueriesContext(connection) as queries:
        dashboard_tiles(user, today=TODAY)
    assert len(queries) == expected


def test_the_site_is_named_and_has_a_favicon(client, viewer):
    client.force_login(viewer)
    page = client.get(INDEX).content.decode()
    assert "<title>Workbench | Claim tracker</title>" in page
    assert '<div id="site-name"><a href="/admin/">Claim tracker</a></div>' in page
    assert 'rel="icon" href="/static/pages/favicon.svg"' in page
    assert finders.find("pages/favicon.svg")


def test_the_public_pages_carry_the_same_favicon():
    page = render_to_string("pages/base.html")
    assert '<link rel="icon" href="/static/pages/favicon.svg" type="image/svg+xml">' in page


def test_editor_sees_every_tile_with_its_count(client, editor, reviewer):
    make_workload(reviewer)
    client.force_login(editor)
    shown = tiles(client.get(INDEX))
    assert {key: count for key, (count, _) in shown.items()} == {
        "due_today": 1,
        "overdue": 2,
        "drafts": 1,
        "failed": 1,
    }


def test_reviewer_sees_their_own_queue_but_no_drafts(client, reviewer):
    make_workload(reviewer)
    other = UserFactory(username="other-reviewer", groups=[REVIEWERS])
    ClaimFactory(status=Status.DUE, window_start=None, due_on=TODAY - timedelta(days=1), reviewer=other)
    client.force_login(reviewer)
    shown = tiles(client.get(INDEX))
    assert {key: count for key, (count, _) in shown.items()} == {
        "due_today": 1,
        "overdue": 3,
        "mine": 1,
        "failed": 1,
    }


def test_viewer_sees_only_the_claim_counts(client, viewer, reviewer):
    make_workload(reviewer)
    client.force_login(viewer)
    response = client.get(INDEX)
    assert set(tiles(response)) == {"due_today", "overdue"}
    assert b"notification" not in response.content.split(b'id="content-main"')[0].lower()


@pytest.mark.parametrize("persona", ["editor", "reviewer"])
def test_each_tile_links_to_a_list_with_exactly_its_claims(client, reviewer, editor, persona):
    make_workload(reviewer, scale=2)
    user = {"editor": editor, "reviewer": reviewer}[persona]
    client.force_login(user)
    for key, (count, url) in tiles(client.get(INDEX)).items():
        listed = client.get(url)
        assert listed.status_code == 200, key
        assert listed.context["cl"].result_count == count, key


def test_the_failed_notification_warning_stays(client, editor):
    NotificationFactory(status=Notification.Status.FAILED)
    client.force_login(editor)
    assert "1 notification failed" in client.get(INDEX).content.decode()


@pytest.mark.parametrize("persona", ["editor", "reviewer", "viewer"])
def test_the_dashboard_takes_a_fixed_number_of_queries(client, editor, reviewer, viewer, persona):
    user = {"editor": editor, "reviewer": reviewer, "viewer": viewer}[persona]
    client.force_login(user)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INDEX).status_code == 200
        return len(queries)

    make_workload(reviewer, scale=1)
    few = count_queries()
    make_workload(reviewer, scale=20)
    assert count_queries() == few
    assert few <= 8  # session, user, permissions, one aggregate, failed count, the recent-actions box


# --- proposing claims from an article's page -----------------------------------------


@pytest.fixture
def article():
    article = ArticleFactory(body=ARTICLE_BODY, published_on=date(2025, 2, 1))
    article.authors.add(AuthorFactory(name="Jane Analyst"))
    return article


def propose_url(article):
    return reverse("admin:claims_article_propose", args=[article.pk])


def proposals_url(article):
    return reverse("admin:claims_article_proposals", args=[article.pk])


def test_editor_gets_a_propose_button_on_the_article_page(client, editor, article):
    client.force_login(editor)
    page = client.get(reverse("admin:claims_article_change", args=[article.pk])).content.decode()
    assert f'action="{propose_url(article)}"' in page
    assert "Propose claims" in page


@pytest.mark.parametrize("persona", ["reviewer", "viewer"])
def test_others_get_no_propose_button_and_are_refused(client, reviewer, viewer, article, persona):
    client.force_login({"reviewer": reviewer, "viewer": viewer}[persona])
    page = client.get(reverse("admin:claims_article_change", args=[article.pk])).content.decode()
    assert "Propose claims" not in page
    assert client.post(propose_url(article)).status_code == 403
    assert client.get(proposals_url(article)).status_code == 403
    assert not Claim.objects.exists()


def test_anonymous_is_sent_to_log_in_from_the_proposal_pages(client, article):
    for url in (propose_url(article), proposals_url(article)):
        response = client.post(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_propose_is_post_only_and_needs_the_csrf_token(editor, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(propose_url(article)).status_code == 405
    assert client.post(propose_url(article)).status_code == 403
    assert not Claim.objects.exists()


def test_proposing_makes_drafts_and_shows_each_beside_its_sentence(client, editor, article):
    client.force_login(editor)
    response = client.post(propose_url(article), follow=True)

    assert response.redirect_chain[-1][0] == proposals_url(article)
    drafts = list(Claim.objects.filter(article=article))
    assert len(drafts) == 2 and all(c.status == Status.DRAFT for c in drafts)
    page = response.content.decode()
    assert "2 draft claim(s) proposed." in page
    for claim in drafts:
        assert f"<mark>{claim.quote}</mark>" in page
        assert reverse("admin:claims_claim_change", args=[claim.pk]) in page
    # The sentence is shown in its context: the neighbouring sentences are on the page.
    assert "The government held talks in January." in page
    assert "The ministers met again in March." in page

    again = client.post(propose_url(article), follow=True)
    assert "Nothing new" in again.content.decode()
    assert Claim.objects.filter(article=article).count() == 2


def test_a_text_over_the_cap_is_a_message_not_an_error(client, editor, article, settings):
    settings.PROPOSALS_MAX_TEXT_CHARS = 50
    client.force_login(editor)
    response = client.post(propose_url(article), follow=True)
    assert response.status_code == 200
    assert "claims are proposed from texts of at most 50" in response.content.decode()
    assert not Claim.objects.exists()


def test_a_long_text_goes_to_the_worker_and_the_page_says_so(client, editor, article, settings):
    from config.celery import app

    settings.PROPOSALS_SYNC_MAX_CHARS = 50
    client.force_login(editor)
    app.conf.task_always_eager = True  # the worker's run, inline
    try:
        response = client.post(propose_url(article), follow=True)
    finally:
        app.conf.task_always_eager = False
    assert response.redirect_chain[-1][0] == proposals_url(article)
    assert "the worker proposes the drafts in the background" in response.content.decode()
    assert article.claims.filter(status=Status.DRAFT).count() == 2


def test_accept_publishes_and_reject_withdraws_with_the_reason(client, editor, article):
    accepted, rejected, untouched = ClaimFactory.create_batch(3, article=article, status=Status.DRAFT)
    client.force_login(editor)

    client.post(proposals_url(article), {"claim": accepted.pk, "decision": "accept"})
    client.post(proposals_url(article), {"claim": rejected.pk, "decision": "reject"})

    accepted.refresh_from_db(), rejected.refresh_from_db(), untouched.refresh_from_db()
    statuses = (accepted.status, rejected.status, untouched.status)
    assert statuses == (Status.OPEN, Status.WITHDRAWN, Status.DRAFT)
    assert rejected.history.first().history_change_reason == "Withdrawn: Rejected proposal"
    assert accepted.history.first().history_user == editor
    page = client.get(proposals_url(article)).content.decode()
    assert f'id="proposal-{untouched.pk}"' in page
    assert f'id="proposal-{accepted.pk}"' not in page


def test_accept_all_publishes_only_this_articles_drafts(client, editor, article):
    drafts = ClaimFactory.create_batch(3, article=article, status=Status.DRAFT)
    elsewhere = ClaimFactory(status=Status.DRAFT)
    client.force_login(editor)

    response = client.post(
        proposals_url(article),
        {"claim": [c.pk for c in drafts] + [elsewhere.pk], "decision": "accept"},
        follow=True,
    )

    assert "Published: 3 claim(s)." in response.content.decode()
    assert set(Claim.objects.filter(article=article).values_list("status", flat=True)) == {Status.OPEN}
    elsewhere.refresh_from_db()
    assert elsewhere.status == Status.DRAFT


def test_reject_all_and_a_second_click_says_already_handled(client, editor, article):
    drafts = ClaimFactory.create_batch(2, article=article, status=Status.DRAFT)
    data = {"claim": [c.pk for c in drafts], "decision": "reject"}
    client.force_login(editor)
    client.post(proposals_url(article), data)
    again = client.post(proposals_url(article), data, follow=True)
    assert "Already handled" in again.content.decode()
    assert set(Claim.objects.values_list("status", flat=True)) == {Status.WITHDRAWN}


def test_a_decision_without_a_claim_is_a_message(client, editor, article):
    client.force_login(editor)
    response = client.post(proposals_url(article), {"decision": "accept"}, follow=True)
    assert response.status_code == 200
    assert "Choose a proposal" in response.content.decode()


def test_the_review_page_takes_a_fixed_number_of_queries(client, editor, article):
    client.force_login(editor)

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(proposals_url(article)).status_code == 200
        return len(queries)

    ClaimFactory.create_batch(2, article=article, status=Status.DRAFT)
    few = count_queries()
    ClaimFactory.create_batch(20, article=article, status=Status.DRAFT)
    assert count_queries() == few


# --- the Publish button on a draft ------------------------------------------------------


def publish_url(claim):
    return reverse("admin:claims_claim_publish", args=[claim.pk])


def test_editor_publishes_a_draft_from_its_page(client, editor):
    draft = ClaimFactory(status=Status.DRAFT)
    client.force_login(editor)
    page = client.get(draft.get_admin_url()).content.decode()
    assert f'<form method="post" action="{publish_url(draft)}">' in page
    assert 'class="publish">Publish</button>' in page

    response = client.post(publish_url(draft), follow=True)

    draft.refresh_from_db()
    assert draft.status == Status.OPEN
    assert "Published; the claim is open" in response.content.decode()
    assert f'action="{publish_url(draft)}"' not in response.content.decode()


def test_publishing_an_open_claim_is_a_warning_not_a_change(client, editor):
    claim = ClaimFactory(status=Status.OPEN)
    versions = claim.history.count()
    client.force_login(editor)
    response = client.post(publish_url(claim), follow=True)
    assert "Cannot publish a claim that is open" in response.content.decode()
    assert claim.history.count() == versions


@pytest.mark.parametrize("persona", ["reviewer", "viewer"])
def test_others_cannot_see_or_publish_a_draft(client, reviewer, viewer, persona):
    draft = ClaimFactory(status=Status.DRAFT)
    client.force_login({"reviewer": reviewer, "viewer": viewer}[persona])
    assert client.post(publish_url(draft)).status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize("persona", ["reviewer", "viewer"])
def test_others_get_no_publish_button_on_an_open_claim(client, reviewer, viewer, persona):
    claim = ClaimFactory(status=Status.OPEN)
    client.force_login({"reviewer": reviewer, "viewer": viewer}[persona])
    assert 'class="publish"' not in client.get(claim.get_admin_url()).content.decode()
    assert client.post(publish_url(claim)).status_code == 403


def test_publish_is_post_only_and_needs_the_csrf_token(editor):
    draft = ClaimFactory(status=Status.DRAFT)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.get(publish_url(draft)).status_code == 405
    assert client.post(publish_url(draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_anonymous_publish_goes_to_the_login_page(client):
    draft = ClaimFactory(status=Status.DRAFT)
    response = client.post(publish_url(draft))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


# --- the workflow forms ---------------------------------------------------------------


def test_workflow_forms_are_admin_forms_with_a_cancel_link(client, reviewer, editor):
    due = ClaimFactory(status=Status.DUE, window_start=None, due_on=TODAY - timedelta(days=2))
    client.force_login(reviewer)
    page = client.get(reverse("admin:claims_claim_record_outcome", args=[due.pk])).content.decode()
    assert '<fieldset class="module aligned">' in page
    assert '<div class="submit-row">' in page
    assert f'<a href="{due.get_admin_url()}" class="closelink">Cancel</a>' in page

    client.force_login(editor)
    page = client.get(reverse("admin:claims_claim_correct", args=[due.pk])).content.decode()
    assert f'<a href="{due.get_admin_url()}" class="closelink">Cancel</a>' in page


def test_the_extend_action_form_cancels_back_to_the_list(client, editor):
    claim = ClaimFactory(status=Status.OPEN)
    client.force_login(editor)
    changelist = reverse("admin:claims_claim_changelist")
    response = client.post(
        changelist + "?status__exact=open", {"action": "extend_deadline", "_selected_action": [claim.pk]}
    )
    page = response.content.decode()
    assert 'class="closelink">Cancel</a>' in page
    assert f'href="{changelist}?status__exact=open"' in page


def test_the_claim_list_has_six_narrow_columns_and_truncates_statements(client, reviewer):
    ClaimFactory(status=Status.OPEN, statement="A very long statement " * 10)
    client.force_login(reviewer)
    response = client.get(reverse("admin:claims_claim_changelist"))
    assert response.context["cl"].list_display[1:] == [
        "short_statement",
        "status",
        "due_on",
        "claimant_names",
        "probability_percent",
        "reviewer",
    ]
    assert response.context["cl"].list_per_page == 50
    assert ("A very long statement " * 10)[:79] + "…</a>" in response.content.decode()


def test_article_is_still_listed_after_the_mixin(client, editor, article):
    client.force_login(editor)
    assert client.get(reverse("admin:claims_article_changelist")).status_code == 200
    assert Article.objects.count() == 1
