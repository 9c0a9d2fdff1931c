"""API tokens expire, can be revoked, and die with a password change or a deactivation."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils.dateparse import parse_datetime
from knox.models import AuthToken

from tests.accounts.conftest import PASSWORD, authorized

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def works(token: str) -> bool:
    status = authorized(token).get("/api/auth/tokens/").status_code  # GET: 405 when authenticated
    assert status in {401, 405}, status
    return status == 405


def test_the_token_endpoint_answers_a_token_and_its_expiry(alice, api_client, settings):
    with time_machine.travel(NOW, tick=False):
        response = api_client.post("/api/auth/token/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry"}
    assert settings.REST_KNOX["TOKEN_TTL"] == timedelta(hours=24)  # API_TOKEN_TTL_HOURS's default
    assert parse_datetime(body["expiry"]) == NOW + timedelta(hours=24)
    # Stored hashed: the token itself is nowhere in the database.
    assert not AuthToken.objects.filter(digest=body["token"]).exists()


def test_a_token_works_until_it_expires(alice, get_token):
    with time_machine.travel(NOW, tick=False):
        token = get_token()
    with time_machine.travel(NOW + timedelta(hours=23, minutes=59), tick=False):
        assert works(token)
    with time_machine.travel(NOW + timedelta(hours=24, seconds=1), tick=False):
        response = authorized(token).delete("/api/auth/tokens/")
        assert response.status_code == 401
        assert response.json() == {"detail": "Invalid token."}
    assert not AuthToken.objects.exists()  # knox deletes an expired token when it is presented


def test_the_lifetime_comes_from_api_token_ttl_hours(alice, get_token, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(hours=2)}
    with time_machine.travel(NOW, tick=False):
        token = get_token()
    with time_machine.travel(NOW + timedelta(hours=2, seconds=1), tick=False):
        assert not works(token)


def test_bad_credentials_are_a_400_with_a_message(alice, api_client):
    response = api_client.post("/api/auth/token/", {"username": "alice", "password": "wrong"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Unable to log in with the given username and password."]}
    assert api_client.post("/api/auth/token/", {"username": "alice"}).json() == {
        "password": ["This field is required."]
    }


def test_a_stale_token_sent_along_does_not_block_logging_in(alice, api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token stale-or-expired")
    response = api_client.post("/api/auth/token/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200


def test_delete_revokes_the_token_it_is_sent_with_and_only_that_one(alice, get_token):
    laptop, script = get_token(), get_token()
    assert authorized(laptop).delete("/api/auth/token/").status_code == 204
    assert not works(laptop)
    assert works(script)


def test_revoking_all_tokens_logs_out_everywhere(alice, get_token):
    laptop, script = get_token(), get_token()
    assert authorized(laptop).delete("/api/auth/tokens/").status_code == 204
    assert not works(laptop)
    assert not works(script)


def test_revoking_needs_a_token(api_client, alice):
    assert api_client.delete("/api/auth/token/").status_code == 401
    assert api_client.delete("/api/auth/tokens/").status_code == 401


def test_a_password_change_revokes_all_of_the_users_tokens(alice, get_token, admin_user):
    token = get_token()
    other = get_token()
    alice.set_password("a-new-password-123")
    alice.save()
    assert not works(token)
    assert not works(other)
    assert AuthToken.objects.filter(user=alice).count() == 0


def test_a_password_change_in_the_admin_revokes_tokens(alice, get_token, admin_client):
    token = get_token()
    response = admin_client.post(
        f"/admin/auth/user/{alice.pk}/password/",
        {"password1": "A-new-password-789", "password2": "A-new-password-789", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content
    assert not works(token)


def test_saving_the_user_without_changing_the_password_keeps_tokens(alice, get_token):
    token = get_token()
    alice.first_name = "Alice"
    alice.save()
    # Re-hashing the same password (Django does so at login when the hasher's cost rises).
    alice.set_password(PASSWORD)
    alice.save(update_fields=["password"])
    assert works(token)


def test_deactivating_a_user_revokes_their_tokens(alice, get_token):
    token = get_token()
    alice.is_active = False
    alice.save()
    assert AuthToken.objects.filter(user=alice).count() == 0
    alice.is_active = True
    alice.save()
    assert not works(token)  # reactivation does not bring old tokens back


def test_other_users_keep_their_tokens(alice, get_token, viewer):
    viewer.set_password(PASSWORD)
    viewer.save()
    theirs = get_token("viewer")
    alice.set_password("a-new-password-123")
    alice.save()
    assert works(theirs)
