"""Shared fixtures: the named personas every test can ask for."""

import pytest

from claims.roles import EDITORS, REVIEWERS, VIEWERS
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords with MD5: PBKDF2 costs half a second per persona."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
