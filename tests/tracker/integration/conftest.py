"""Fixtures that wire real processes to the test database (PostgreSQL only)."""

import os
import uuid
from urllib.parse import quote

import pytest
from django.db import connection
from kombu import pools

from config.celery import app as celery_app
from tests.tracker.integration.harness import SmtpInbox, Worker

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/5"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True)
def _needs_postgres(request):
    if connection.vendor != "postgresql":
        reason = (
            "integration tests need PostgreSQL (DATABASE_URL=postgres://...): the worker process "
            "cannot see SQLite's in-memory test database"
        )
        if _in_ci():
            pytest.fail(reason)  # CI must run them, never skip them
        pytest.skip(reason)


@pytest.fixture
def database_url(transactional_db) -> str:
    """The test database, as a URL another process can use."""
    s = connection.settings_dict
    credentials = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        credentials += ":" + quote(s["PASSWORD"], safe="")
    return f"postgres://{credentials}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def smtp():
    inbox = SmtpInbox()
    inbox.start()
    yield inbox
    inbox.stop()


@pytest.fixture
def broker_prefix() -> str:
    """A key prefix of our own, so concurrent test runs on one Redis never share a queue."""
    return f"tracker-test-{uuid.uuid4().hex[:12]}:"


@pytest.fixture
def machine_redis_url() -> str:
    return os.environ.get("TRACKER_TEST_REDIS_URL", DEFAULT_REDIS_URL)


def _publish_to(url: str | None, prefix: str | None) -> None:
    conf = celery_app.conf
    conf.broker_url = url
    conf.broker_transport_options = (
        {
            "global_keyprefix": prefix,
            "socket_connect_timeout": 2,
            "socket_timeout": 5,
            "visibility_timeout": 3600,
        }
        if url
        else {}
    )
    # Drop pooled connections made with the old broker settings (kombu pools
    # are keyed by host, not by transport options).
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def publish_to(broker_prefix):
    """Point this process's Celery app (what on_commit hooks publish with) at a broker."""
    saved = celery_app.conf.broker_url, dict(celery_app.conf.broker_transport_options or {})

    def switch(url: str) -> None:
        _publish_to(url, broker_prefix)

    yield switch
    celery_app.conf.broker_url = saved[0]
    _publish_to(saved[0], None)
    celery_app.conf.broker_transport_options = saved[1]


@pytest.fixture
def worker_env(database_url, smtp, broker_prefix):
    """The environment of a worker process: same database, SMTP server and queue as the test."""

    def env(broker_url: str) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_REDIS_KEY_PREFIX": broker_prefix,
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_TIMEOUT": "5",
            # Short clocks so outages and kills recover within seconds.
            "NOTIFICATION_RETRY_BASE_SECONDS": "1",
            "NOTIFICATION_RETRY_MAX_SECONDS": "2",
            "NOTIFICATION_LEASE_SECONDS": "3",
            "NOTIFICATION_GIVE_UP_AFTER_SECONDS": "600",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "LOG_LEVEL": "INFO",
        }

    return env


@pytest.fixture
def start_worker(worker_env, tmp_path):
    """Start workers on a broker; stop them (and say what they logged) at the end."""
    workers = []

    def start(broker_url: str, name: str = "worker", **env: str) -> Worker:
        worker = Worker(worker_env(broker_url) | env, tmp_path, name=name)
        workers.append(worker)
        worker.start()
        return worker

    yield start
    for worker in workers:
        worker.stop()
        print(f"--- {worker.name} log (last run) ---\n{worker.log()[-5000:]}")


@pytest.fixture
def machine_redis(machine_redis_url, broker_prefix, publish_to):
    """The machine's Redis, our own key prefix; our keys are removed afterwards."""
    import redis

    publish_to(machine_redis_url)
    yield machine_redis_url
    client = redis.Redis.from_url(machine_redis_url)
    for key in client.scan_iter(f"{broker_prefix}*"):
        client.delete(key)
