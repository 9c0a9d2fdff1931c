"""Repeated wrong passwords lock a username out from that address, on the admin and the API;
an administrator sees the lock and lifts it; the token endpoint is throttled."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from rest_framework.throttling import ScopedRateThrottle

from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"
ADMIN_LOGIN = "/admin/login/?next=/admin/"


def token_login(client, password, username="alice", format="multipart"):
    return client.post(TOKEN_URL, {"username": username, "password": password}, format=format)


def admin_login(client, password, username="alice"):
    return client.post(ADMIN_LOGIN, {"username": username, "password": password})


@pytest.mark.parametrize("body", ["multipart", "json"])
def test_the_api_locks_out_after_the_failure_limit_with_a_json_429(alice, api_client, settings, body):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    statuses = [token_login(api_client, f"guess-{i}", format=body).status_code for i in range(limit)]
    assert statuses == [400] * (limit - 1) + [429]
    locked = token_login(api_client, PASSWORD, format=body)  # the right password, too late
    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/json"
    assert locked.json()["detail"].startswith("Too many failed logins for this account")
    assert locked["Retry-After"] == str(30 * 60)


def test_the_lock_is_per_username_and_address(alice, api_client, viewer):
    viewer.set_password(PASSWORD)
    viewer.save()
    for i in range(5):
        token_login(api_client, f"guess-{i}")
    assert token_login(api_client, PASSWORD, username="viewer").status_code == 200
    elsewhere = type(api_client)(REMOTE_ADDR="203.0.113.9")
    assert token_login(elsewhere, PASSWORD).status_code == 200


def test_the_lock_ends_after_the_cooloff(alice, api_client):
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        for i in range(5):
            token_login(api_client, f"guess-{i}")
    with time_machine.travel("2026-03-02 09:29Z", tick=False):
        assert token_login(api_client, PASSWORD).status_code == 429
    with time_machine.travel("2026-03-02 09:31Z", tick=False):
        assert token_login(api_client, PASSWORD).status_code == 200


def test_the_admin_login_locks_out_too(alice, client):
    statuses = [admin_login(client, f"guess-{i}").status_code for i in range(5)]
    assert statuses == [200] * 4 + [429]  # the admin re-shows its form on a failure
    locked = admin_login(client, PASSWORD)
    assert locked.status_code == 429
    assert locked["Content-Type"].startswith("text/plain")
    assert "Too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_on_the_admin_and_the_api_add_up(alice, client, api_client):
    for i in range(3):
        admin_login(client, f"guess-{i}")
    for i in range(2):
        token_login(api_client, f"guess-{i}")
    assert admin_login(client, PASSWORD).status_code == 429


def test_a_success_resets_the_count(alice, api_client):
    for i in range(4):
        token_login(api_client, f"guess-{i}")
    assert token_login(api_client, PASSWORD).status_code == 200
    for i in range(4):
        assert token_login(api_client, f"again-{i}").status_code == 400


def test_an_administrator_sees_the_lock_and_lifts_it_in_the_admin(alice, api_client, admin_user):
    for i in range(5):
        token_login(api_client, f"guess-{i}")
    admin = Client()
    admin.force_login(admin_user)
    listing = admin.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "alice" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="alice")
    assert attempt.failures_since_start == 5
    response = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert token_login(api_client, PASSWORD).status_code == 200


def test_an_operator_lifts_it_with_axes_reset_username(alice, client):
    for i in range(5):
        admin_login(client, f"guess-{i}")
    call_command("axes_reset_username", "alice")
    response = admin_login(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_the_token_endpoint_is_throttled_per_address(alice, api_client, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth_token": "3/minute"})
    # Different usernames, so the lockout (per username) never trips.
    statuses = [token_login(api_client, "guess", username=f"user-{i}").status_code for i in range(3)]
    assert statuses == [400, 400, 400]
    throttled = token_login(api_client, PASSWORD)
    assert throttled.status_code == 429
    assert throttled.json()["detail"].startswith("Request was throttled.")
    assert int(throttled["Retry-After"]) <= 60
    with time_machine.travel(timedelta(seconds=61)):  # from now
        assert token_login(api_client, PASSWORD).status_code == 200



def test_a_forged_forwarded_for_neither_dodges_the_throttle_nor_the_lock(alice, api_client, monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth_token": "6/minute"})
    statuses = [
        api_client.post(
            TOKEN_URL, {"username": "alice", "password": f"guess-{i}"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{i}"
        ).status_code
        for i in range(7)
    ]
    assert statuses == [400] * 4 + [429] * 3
    assert AccessAttempt.objects.get(username="alice").ip_address == "127.0.0.1"
    assert api_client.post(TOKEN_URL, {"username": "x", "password": "y"}).json()["detail"].startswith(
        "Request was throttled."
    )


def test_behind_trusted_proxies_the_client_address_comes_from_x_forwarded_for(alice, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = Client()  # every request arrives from the proxy's address, 127.0.0.1
    for i in range(5):
        proxy.post(
            TOKEN_URL, {"username": "alice", "password": f"guess-{i}"}, HTTP_X_FORWARDED_FOR="198.51.100.7"
        )
    assert AccessAttempt.objects.get(username="alice").ip_address == "198.51.100.7"
    other_client = proxy.post(
        TOKEN_URL, {"username": "alice", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="forged, 203.0.113.5"
    )
    assert other_client.status_code == 200


def test_with_no_cooloff_the_lock_holds_until_lifted(alice, api_client, settings):
    settings.AXES_COOLOFF_TIME = None  # LOGIN_COOLOFF_MINUTES=0
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        for i in range(5):
            token_login(api_client, f"guess-{i}")
    with time_machine.travel("2026-04-02 09:00Z", tick=False):
        locked = token_login(api_client, PASSWORD)
    assert locked.status_code == 429
    assert "locked until an administrator lifts it" in locked.json()["detail"]
    call_command("axes_reset_username", "alice")
    assert token_login(api_client, PASSWORD).status_code == 200
