"""Tracker fixtures: unit tests run Celery tasks inline (eager) with the locmem mail outbox.

Integration tests (tests/tracker/integration/) use a real worker instead.
"""

import socket

import pytest

from config.celery import app as celery_app


@pytest.fixture(autouse=True)
def _celery_eager_for_unit_tests(request):
    if request.node.get_closest_marker("integration"):
        yield
        return
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = False


@pytest.fixture
def closed_smtp(settings):
    """Point Django's SMTP backend at a port nothing listens on: a real connection error."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2
    return port
