"""Fixtures for login and token tests: a user with a known password, an API client."""

import pytest
from rest_framework.test import APIClient

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fresh_throttle_counts(fresh_cache):
    pass


@pytest.fixture
def alice(db):
    user = UserFactory(username="alice", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def get_token(api_client):
    """Return a function logging ``username`` in through the token endpoint; it returns the token."""

    def get(username: str = "alice", password: str = PASSWORD) -> str:
        response = api_client.post("/api/auth/token/", {"username": username, "password": password})
        assert response.status_code == 200, response.content
        return response.json()["token"]

    return get


def authorized(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client
