"""The doors to the import: the API endpoint and the admin's "Add from URL", for every role.

The request only records and enqueues (after commit); the worker does the fetching.
"""

import pytest
from django.urls import reverse

from claims.models import IntakeRecord
from claims.roles import EDITORS, REVIEWERS, VIEWERS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "https://analyst.example.org/2025/outlook"


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_superuser=True)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        (None, 401),
        ("outsider", 403),
        ("viewer", 403),
        ("reviewer", 403),
        ("editor", 202),
        ("admin_user", 202),
    ],
)
def test_the_api_import_is_for_editors(request, api, django_capture_on_commit_callbacks, persona, status):
    user = request.getfixturevalue(persona) if persona else None
    with django_capture_on_commit_callbacks() as queued:
        response = api(user).post("/api/intake/", {"url": URL}, format="json")
    assert response.status_code == status
    if status == 202:
        assert response.json()["status"] == "pending"
        assert IntakeRecord.objects.get(pk=response.json()["id"]).requested_by == user
        assert len(queued) == 1  # the import task, sent once the record is committed
    else:
        assert not IntakeRecord.objects.exists() and not queued


@pytest.mark.parametrize("url", ["not a url", "ftp://example.org/file", "", "https://" + "a" * 600 + ".org"])
def test_a_bad_url_is_a_400_with_the_field(api, editor, url):
    response = api(editor).post("/api/intake/", {"url": url}, format="json")
    assert response.status_code == 400
    assert "url" in response.json()


def test_the_api_lists_the_records_to_editors_only(api, editor, viewer):
    IntakeRecord.objects.create(url=URL, status=IntakeRecord.Status.FAILED, reason="The site answered 404.")
    assert api(viewer).get("/api/intake/").status_code == 403
    (record,) = api(editor).get("/api/intake/").json()["results"]
    assert (record["status"], record["reason"]) == ("failed", "The site answered 404.")


def test_add_from_url_in_the_admin(client, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    assert "Add from URL" in client.get(reverse("admin:claims_article_changelist")).content.decode()
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("admin:claims_intakerecord_add"), {"url": URL})
    assert response.status_code == 302
    intake = IntakeRecord.objects.get()
    assert (intake.url, intake.requested_by, intake.status) == (URL, editor, "pending")
    assert len(queued) == 1
    assert client.get(reverse("admin:claims_intakerecord_change", args=[intake.pk])).status_code == 200


@pytest.mark.parametrize("group", [REVIEWERS, VIEWERS])
def test_only_editors_add_from_url(client, group):
    client.force_login(UserFactory(groups=[group]))
    assert "Add from URL" not in client.get(reverse("admin:claims_article_changelist")).content.decode()
    assert client.post(reverse("admin:claims_intakerecord_add"), {"url": URL}).status_code == 403
    assert not IntakeRecord.objects.exists()


def test_editing_an_article_text_enqueues_its_proposals(client, django_capture_on_commit_callbacks):
    from tests.factories import ArticleFactory

    editor = UserFactory(groups=[EDITORS])
    article = ArticleFactory()
    client.force_login(editor)
    data = {
        "publication": article.publication_id,
        "title": article.title,
        "url": "",
        "published_on": "2025-01-15",
        "authors": [a.pk for a in article.authors.all()],
        "body": "A referendum will not take place before late 2026.",
        "claims-TOTAL_FORMS": 0,
        "claims-INITIAL_FORMS": 0,
        "_save": "Save",
    }
    with django_capture_on_commit_callbacks() as queued:
        response = client.post(reverse("admin:claims_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert len(queued) == 1


def test_an_article_written_through_the_api_gets_its_proposals_from_the_worker(
    api, editor, django_capture_on_commit_callbacks
):
    from tests.factories import AuthorFactory, PublicationFactory

    data = {
        "publication": PublicationFactory().pk,
        "title": "Outlook",
        "published_on": "2025-02-21",
        "authors": [AuthorFactory().pk],
        "body": "A referendum will not take place before late 2026.",
    }
    with django_capture_on_commit_callbacks() as queued:
        created = api(editor).post("/api/articles/", data, format="json")
    assert created.status_code == 201 and created.json()["proposal_notes"] == ""
    assert len(queued) == 1
    url = f"/api/articles/{created.json()['id']}/"
    with django_capture_on_commit_callbacks() as queued:
        assert api(editor).patch(url, {"title": "Outlook, revised"}, format="json").status_code == 200
    assert not queued  # the text did not change: nothing to propose again
