"""API fixtures: authenticated clients per persona, and a throttle cache cleared per test."""

import pytest

from claims.roles import EDITORS, REVIEWERS, VIEWERS
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_throttle_counts(fresh_cache):
    pass


@pytest.fixture
def all_roles(db):
    return UserFactory(username="all-roles", groups=[EDITORS, REVIEWERS, VIEWERS])
