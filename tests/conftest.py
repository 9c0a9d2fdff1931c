"""Shared fixtures: the named personas every test can ask for."""

import copy
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test.utils import override_settings
from rest_framework.test import APIClient

from claims.roles import EDITORS, REVIEWERS, VIEWERS
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords with MD5: PBKDF2 costs half a second per persona."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _own_cache_keys():
    """Give this run its own cache key prefix: a Redis cache may be shared with other runs."""
    caches = copy.deepcopy(django_settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex[:12]}"
    with override_settings(CACHES=caches):
        yield


def clear_cache() -> None:
    """Empty the cache; on Redis delete only this run's keys (``clear()`` would flush the database)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        client = backend._cache.get_client(write=True)
        for key in client.scan_iter(f"{backend.key_prefix}:*"):
            client.delete(key)
    else:
        backend.clear()


@pytest.fixture
def fresh_cache(db):
    """Throttle counts live in the cache; one test's requests must not throttle the next.
    (The database cache needs the database; a transactional test's flush leaves it alone.)"""
    clear_cache()
    yield
    clear_cache()


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


@pytest.fixture
def api():
    """Return a function giving an APIClient logged in as ``user`` (or anonymous)."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return client_for
