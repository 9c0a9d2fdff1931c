"""API fixtures: authenticated clients per persona, and a throttle cache cleared per test."""

import pytest
from rest_framework.test import APIClient

from claims.roles import EDITORS, REVIEWERS, VIEWERS
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_throttle_counts(fresh_cache):
    pass


@pytest.fixture
def api():
    """Return a function giving an APIClient logged in as ``user`` (or anonymous)."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for


@pytest.fixture
def all_roles(db):
    return UserFactory(username="all-roles", groups=[EDITORS, REVIEWERS, VIEWERS])
