"""Structured logs: one JSON object a line with LOG_FORMAT=json; refused requests are one warning line."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from pythonjsonlogger.json import JsonFormatter

from config.logging import ClientErrorsAsWarnings
from tests.factories import UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]

# Two refused requests no database is needed for: a forged Host header (Django logs
# it at ERROR with a traceback) and a POST without a CSRF token.
REFUSED_REQUESTS = """
import django, logging
django.setup()
from django.test import Client
print(Client().get("/scorecards/", HTTP_HOST="evil.example").status_code)
print(Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"}).status_code)
logging.getLogger("tracker").info("digest sent", extra={"notification_id": 7})
"""


def test_log_format_json_writes_one_json_object_a_line_and_refusals_as_warnings():
    env = os.environ | {"LOG_FORMAT": "json", "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", REFUSED_REQUESTS], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["400", "403"]
    records = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]

    by_logger = {record["logger"]: record for record in records}
    host = by_logger["django.security.DisallowedHost"]
    assert host["level"] == "WARNING"
    assert "evil.example" in host["message"]
    assert "exc_info" not in host
    csrf = by_logger["django.security.csrf"]
    assert csrf["level"] == "WARNING"
    assert csrf["message"].startswith("Forbidden (CSRF cookie not set.)")
    assert csrf["status_code"] == 403
    assert by_logger["tracker"]["notification_id"] == 7
    assert all({"time", "level", "logger", "message"} <= record.keys() for record in records)


def test_a_permission_denied_403_is_a_warning_without_a_traceback(client, db):
    """Django logs PermissionDenied with the exception attached; the filter drops it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    json_format = dict(settings.LOGGING["formatters"]["json"])
    json_format.pop("()")
    handler.setFormatter(JsonFormatter(**json_format))
    handler.addFilter(ClientErrorsAsWarnings())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        # Staff, but no permission on claims: the admin raises PermissionDenied.
        client.force_login(UserFactory(username="staff-no-perms", is_staff=True))
        response = client.get("/admin/claims/claim/")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 403
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["level"] == "WARNING"
    assert record["message"] == "Forbidden (Permission denied): /admin/claims/claim/"
    assert "exc_info" not in record
