"""Shared fixtures: the named personas every test can ask for."""

import pytest

from claims.roles import EDITORS, REVIEWERS, VIEWERS
from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", groups=[EDITORS])


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", groups=[REVIEWERS])


@pytest.fixture
def viewer(db):
    return UserFactory(username="viewer", groups=[VIEWERS])


@pytest.fixture
def outsider(db):
    """A logged-in user with no role."""
    return UserFactory(username="outsider", is_staff=False)
