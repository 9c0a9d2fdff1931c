"""The production Procfile's web process: gunicorn, two workers, the documented environment.

Smoke test of what an operator deploys: /healthz answers a probe, WhiteNoise
serves the collected static files, and the HTTPS settings behave behind a TLS
terminator (X-Forwarded-Proto). Runs with the test's PostgreSQL database.
"""

import os
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.config.test_production_settings import PRODUCTION_ENV
from tests.tracker.integration.harness import BASE_DIR, free_port, wait_until
from tracker.services.flagging import claims_flag_due

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]
GUNICORN = str(BASE_DIR / ".venv" / "bin" / "gunicorn")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, **headers) -> tuple[int, dict, bytes]:
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def gunicorn(database_url, machine_redis_url, tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "CELERY_BROKER_URL"}}
    env |= PRODUCTION_ENV | {
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": machine_redis_url,  # /healthz connects to the broker
        "STATIC_ROOT": str(tmp_path / "static"),
        "VAR_DIR": str(tmp_path / "var"),
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 -- held open for the server's lifetime
    process = subprocess.Popen(
        [GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "2"]
        + ["--no-control-socket"],  # gunicorn's default socket path is shared by every instance
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until(
            lambda: process.poll() is not None or _answers(url),
            timeout=60,
            message="gunicorn answers",
        )
        assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
        print((tmp_path / "gunicorn.log").read_text()[-3000:])
        shutil.rmtree(tmp_path / "static", ignore_errors=True)


def _answers(url: str) -> bool:
    try:
        get(f"{url}/healthz/web")
        return True
    except OSError:
        return False


def test_gunicorn_serves_health_static_files_and_https_behind_a_proxy(gunicorn):
    claims_flag_due()  # what beat would have done: the flag job has run

    # A load balancer's probe: plain HTTP, not redirected; several polls hit both workers.
    for _ in range(6):
        status, headers, body = get(f"{gunicorn}/healthz", Accept="application/json")
        assert status == 200, body

    # Collected static files, compressed, from WhiteNoise.
    https = {"X-Forwarded-Proto": "https"}
    status, headers, _ = get(f"{gunicorn}/static/admin/css/base.css", **https, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"

    # Plain HTTP is redirected to HTTPS; through the TLS terminator the page is served with HSTS and CSP.
    status, headers, _ = get(f"{gunicorn}/admin/login/")
    assert status == 301
    assert headers["Location"] == f"https://{gunicorn.removeprefix('http://')}/admin/login/"
    status, headers, _ = get(f"{gunicorn}/admin/login/", **https)
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "Secure" in headers["Set-Cookie"]
