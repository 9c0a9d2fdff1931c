"""Fuzz the live API with schemathesis, using the project's own OpenAPI schema.

A bounded number of examples per operation; the run fails on any server error
or any response that does not match the schema.
"""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from knox.models import AuthToken
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from claims.models import Claim
from claims.roles import EDITORS, REVIEWERS, VIEWERS
from tests.factories import ArticleFactory, ClaimFactory, OutcomeFactory, TagFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "20"))
# The coverage phase (boundary values for every parameter) passes too but takes ~4 minutes;
# set SCHEMATHESIS_PHASES=coverage,fuzzing,stateful to include it.
PHASES = os.environ.get("SCHEMATHESIS_PHASES", "fuzzing,stateful")
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


def seed() -> str:
    """Create a few claims in every state and return the token of a user with all roles."""
    user = UserFactory(username="fuzzer", groups=[EDITORS, REVIEWERS, VIEWERS])
    tag = TagFactory()
    article = ArticleFactory()
    for status in (Claim.Status.DRAFT, Claim.Status.OPEN, Claim.Status.DUE, Claim.Status.WITHDRAWN):
        ClaimFactory(article=article, status=status, tags=[tag])
    for verdict in ("true", "false", "partly_true", "unresolvable"):
        OutcomeFactory(claim__article=article, verdict=verdict, reviewer=user, known_on=date(2025, 5, 1))
    ClaimFactory(article=article, status=Claim.Status.OPEN, kind=Claim.Kind.CONDITIONAL, condition="If so")
    _, token = AuthToken.objects.create(user=user)
    return token


def test_schemathesis_finds_no_server_errors_and_no_schema_violations(live_server, tmp_path, monkeypatch):
    rates = {"user": "100000/hour", "anon": "100000/hour"}
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)
    token = seed()
    report = tmp_path / "report.json"
    # The live server listens on localhost's IPv4 address; name it as such.
    base_url = live_server.url.replace("://localhost:", "://127.0.0.1:")
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{base_url}/api/schema/",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--phases",
        PHASES,
        "--max-examples",
        str(MAX_EXAMPLES),
        "--workers",
        "1",
        "--seed",
        "1",
        "--header",
        f"Authorization: Token {token}",
        "--generation-database",
        "none",
        "--report",
        "json",
        "--report-json-path",
        str(report),
        "--no-color",
        # Revoking tokens would log the fuzzer out for the rest of the run (tests/accounts covers them).
        "--exclude-by",
        "method == 'DELETE' and path matches '^/api/auth/'",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    print(result.stdout[-6000:])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    summary = json.loads(report.read_text())
    assert summary["operations"]["tested"] == summary["operations"]["total"] >= 30
    assert summary["test_cases"]["generated"] > 0
    assert summary["test_cases"]["with_failures"] == 0
    assert summary["errors"] == []
