"""Production by default: the settings a process starts with when nobody says "development".

Each test starts a fresh `manage.py` process, because settings are read once at import.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
DEV_SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production"


def documented_production_env() -> dict[str, str]:
    """The environment block in docs/operations.md, with a real key: the tests check what the docs say."""
    text = (BASE_DIR / "docs" / "operations.md").read_text()
    block = text.split("## The production environment", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    env = {}
    for line in block.splitlines():
        if line := line.split("#", 1)[0].strip():
            name, _, value = line.partition("=")
            env[name] = value
    return env | {"SECRET_KEY": "k7Qv2pX9-production-like-key-for-the-test-Zr4tWm8Ys1Ld6Nh3Bc0"}


PRODUCTION_ENV = documented_production_env()


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Start from this process's environment without the settings under test.
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", *PRODUCTION_ENV}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_documented_production_environment_passes_the_deploy_check():
    assert {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "TRUST_X_FORWARDED_PROTO"} <= PRODUCTION_ENV.keys()
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_a_real_key_alone_is_not_enough_for_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=PRODUCTION_ENV["SECRET_KEY"])
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY is not set; it is required when DEBUG is false."),
        ({"SECRET_KEY": ""}, "SECRET_KEY is not set; it is required when DEBUG is false."),
        (
            {"SECRET_KEY": DEV_SECRET_KEY},
            "SECRET_KEY is the development key; set a secret one when DEBUG is false.",
        ),
        (
            {"SECRET_KEY": DEV_SECRET_KEY, "DEBUG": "false"},
            "SECRET_KEY is the development key; set a secret one when DEBUG is false.",
        ),
    ],
    ids=["unset", "empty", "dev-key", "dev-key-debug-false"],
)
def test_without_debug_the_app_refuses_to_start_without_a_secret_key(env, message):
    result = manage("check", **env)
    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == f"django.core.exceptions.ImproperlyConfigured: {message}"


def test_development_is_a_choice_debug_true_runs_on_the_dev_key():
    code = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"
    result = manage("shell", "--verbosity", "0", "--command", code, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", DEV_SECRET_KEY]
