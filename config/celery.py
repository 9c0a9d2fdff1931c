"""The Celery app: configured from Django settings (CELERY_*), tasks found in the apps."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("claim_tracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def publisher_connection():
    """A broker connection for publishing from a request: it fails fast instead of hanging.

    Short socket timeouts (Redis) and no reconnect loop: without ``max_retries``
    kombu keeps reconnecting, sleeping 2 s between tries, for the whole connect
    timeout, and redis-py waits ``socket_timeout`` on a broker that accepts
    the connection and never answers. Use with ``apply_async(connection=...,
    retry=False)`` and treat an exception as "not queued".
    """
    from django.conf import settings

    timeout = settings.CELERY_PUBLISH_TIMEOUT_SECONDS
    return app.connection_for_write(
        transport_options={"socket_timeout": timeout, "socket_connect_timeout": timeout, "max_retries": 0}
    )
