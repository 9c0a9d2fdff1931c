"""POST /api/claims/import/: editors only; a preview with ?dry_run=1; row errors and bad files are 400s."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Claim

pytestmark = pytest.mark.django_db
URL = "/api/claims/import/"
GOOD = (
    "publication,article_title,published_on,status,quote,statement,due_on,precision,claimants\n"
    "Analyst,A piece,2025-01-15,open,It will rain by 2030.,It rains by 2030.,2030-12-31,year,Ann Aro\n"
)


def upload(text: str | bytes, name: str = "claims.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, "text/csv")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 401),
        ("outsider", 403),
        ("viewer", 403),
        ("reviewer", 403),
        ("editor", 200),
        ("admin_user", 200),
    ],
)
def test_only_editors_may_import(role, expected, api, request):
    user = None if role == "anonymous" else request.getfixturevalue(role)

    response = api(user).post(f"{URL}?dry_run=1", {"file": upload(GOOD)}, format="multipart")

    assert response.status_code == expected, response.content
    assert not Claim.objects.exists()


def test_the_preview_lists_the_rows_and_the_import_writes_them(api, editor):
    preview = api(editor).post(f"{URL}?dry_run=1", {"file": upload(GOOD)}, format="multipart")

    assert preview.status_code == 200
    assert preview.json()["written"] is False and preview.json()["format"] == "tracker"
    assert preview.json()["results"][0] | {"note": ""} == {
        "row": 2,
        "action": "create",
        "article": "A piece",
        "statement": "It rains by 2030.",
        "status": "open",
        "note": "",
    }
    assert not Claim.objects.exists()

    response = api(editor).post(URL, {"file": upload(GOOD)}, format="multipart")

    assert response.status_code == 201 and response.json()["written"] is True
    claim = Claim.objects.get()
    assert claim.status == Claim.Status.OPEN and claim.history.get().history_user == editor


def test_a_bad_row_is_a_400_naming_row_and_column_and_nothing_is_written(api, editor):
    bad = GOOD + "Analyst,A piece,2025-01-15,open,It may snow.,It snows.,someday,day,Ann Aro\n"

    response = api(editor).post(URL, {"file": upload(bad)}, format="multipart")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 3, "column": "due_on", "message": "Not a date: 'someday'; write YYYY-MM-DD."}
    ]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "file"),
        ({"file": upload(b"\x00\xff\xfe garbage")}, "file"),
        ({"file": upload("a,b\n1,2\n")}, "format"),
        ({"file": upload(GOOD), "format": "excel"}, "format"),
        ({"file": upload(GOOD), "format": "fatebook"}, "format"),
    ],
)
def test_bad_input_is_a_400_with_a_field_message(body, field, api, editor):
    response = api(editor).post(URL, body, format="multipart")

    assert response.status_code == 400
    assert field in response.json()


def test_bad_dry_run_flag_and_too_big_file_are_400s(api, editor, settings):
    response = api(editor).post(f"{URL}?dry_run=maybe", {"file": upload(GOOD)}, format="multipart")
    assert response.status_code == 400
    settings.CLAIMS_IMPORT_MAX_BYTES = 50
    response = api(editor).post(URL, {"file": upload(GOOD)}, format="multipart")
    assert response.status_code == 400 and "over the limit" in response.json()["file"][0]
