"""Throttle counts live in a cache every process shares: Redis when configured, else the database."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection

from tests.tracker.integration.harness import BASE_DIR

SHOW_CACHE = (
    "from django.conf import settings; c = settings.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"
)


def cache_setting(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", SHOW_CACHE],
        cwd=BASE_DIR,
        env=clean | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_the_cache_is_the_database_unless_redis_is_configured():
    assert cache_setting() == "django.core.cache.backends.db.DatabaseCache django_cache"
    assert cache_setting(REDIS_URL="redis://r:6379/0") == (
        "django.core.cache.backends.redis.RedisCache redis://r:6379/0"
    )
    # A cache of its own, apart from the broker's database.
    assert cache_setting(REDIS_URL="redis://r:6379/0", CACHE_URL="redis://r:6379/1") == (
        "django.core.cache.backends.redis.RedisCache redis://r:6379/1"
    )


@pytest.mark.django_db
def test_migrate_creates_the_database_cache_table(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
    }
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS django_cache")  # none when the run caches in Redis
    call_command("migrate", verbosity=0)
    assert "django_cache" in connection.introspection.table_names()
