"""The claims list's "Import CSV" page: editors upload, see the preview with each row's errors, confirm."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Claim

pytestmark = pytest.mark.django_db
URL = "/admin/claims/claim/import/"
GOOD = (
    "publication,article_title,published_on,status,quote,statement,due_on,precision,claimants\n"
    "Analyst,A piece,2025-01-15,open,It will rain by 2030.,It rains by 2030.,2030-12-31,year,Ann Aro\n"
)


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("claims.csv", text.encode(), "text/csv")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("outsider", 302),
        ("viewer", 403),
        ("reviewer", 403),
        ("editor", 200),
        ("admin_user", 200),
    ],
)
def test_only_editors_get_the_import_page(role, expected, client, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))

    page = client.get(URL)
    upload_answer = client.post(URL, {"file": upload(GOOD)})

    assert (page.status_code, upload_answer.status_code) == (expected, expected)
    if expected == 302:
        assert "/admin/login/" in page["Location"]
    assert not Claim.objects.exists()


def test_the_list_links_to_the_page_for_editors_only(client, editor, reviewer):
    client.force_login(editor)
    assert URL.encode() in client.get("/admin/claims/claim/").content
    client.force_login(reviewer)
    assert URL.encode() not in client.get("/admin/claims/claim/").content


def test_upload_previews_then_confirm_imports(client, editor):
    client.force_login(editor)

    preview = client.post(URL, {"file": upload(GOOD)})

    assert preview.status_code == 200 and not Claim.objects.exists()
    assert b"Preview: nothing is written until you confirm" in preview.content
    assert preview.context["report"].count("create") == 1
    pending = preview.context["pending"]
    assert f'name="pending" value="{pending}"' in preview.content.decode()

    confirmed = client.post(URL, {"pending": pending, "format": "tracker", "confirm": "Import"})

    assert confirmed.status_code == 302 and confirmed["Location"] == "/admin/claims/claim/"
    assert Claim.objects.get().statement == "It rains by 2030."


def test_a_bad_row_shows_its_row_column_and_message_and_offers_no_confirm(client, editor):
    client.force_login(editor)
    bad = GOOD + "Analyst,A piece,2025-01-15,open,It may snow.,It snows.,2024-01-01,day,Ann Aro\n"

    page = client.post(URL, {"file": upload(bad)})

    assert page.status_code == 200
    html = page.content.decode()
    assert "1 error: nothing was imported" in html
    assert (
        "<td>3</td><td>due_on</td><td>A claim cannot fall due before its article (2025-01-15).</td>" in html
    )
    assert 'name="confirm"' not in html
    assert not Claim.objects.exists()


def test_an_unreadable_file_is_a_form_error_not_a_500(client, editor):
    client.force_login(editor)

    page = client.post(URL, {"file": upload("name,age\nAnn,3\n")})
    empty = client.post(URL, {})

    assert page.status_code == empty.status_code == 200
    assert "matches none of the layouts" in page.content.decode()
    assert "Choose a CSV file." in empty.content.decode()


def test_only_the_uploader_can_confirm_a_preview(client, editor, django_user_model):
    client.force_login(editor)
    pending = client.post(URL, {"file": upload(GOOD)}).context["pending"]
    other = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(other)

    page = client.post(URL, {"pending": pending, "confirm": "Import"})

    assert "The preview has expired; upload the file again." in page.content.decode()
    assert not Claim.objects.exists()
