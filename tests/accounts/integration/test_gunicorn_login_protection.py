"""Lockout and throttle hold across gunicorn workers: both live in shared stores.

gunicorn runs with two sync workers against the test database and Redis as
the cache. A sync worker serves one connection at a time, so holding a worker
on a half-sent request sends every other request to the other one; the access
log's pid column shows which worker answered each attempt.
"""

import json
import os
import signal
import socket
import subprocess
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from axes.models import AccessAttempt

from tests.factories import UserFactory
from tests.tracker.integration.harness import BASE_DIR, free_port, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

GUNICORN = str(BASE_DIR / ".venv" / "bin" / "gunicorn")
# What the test polls until the server answers: the web process's own health probe (database, cache).
HEALTH_PATH = "/healthz/web"
TOKEN_PATH = "/api/auth/token/"
PASSWORD = "correct-horse-battery"
FAILURE_LIMIT = 5
LOCKED = "Too many failed logins for this account"
THROTTLED = "Request was throttled."


class Gunicorn:
    def __init__(self, env: dict[str, str], logdir):
        self.port = free_port()
        self.env = env
        self.access_log = logdir / "access.log"
        self.error_log = logdir / "error.log"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}"),
                *("--workers", "2", "--timeout", "60", "--no-control-socket"),
                *("--access-logfile", str(self.access_log), "--error-logfile", str(self.error_log)),
                *("--access-logformat", "%(p)s %({x-attempt}i)s %(s)s"),
            ],
            cwd=BASE_DIR,
            env=self.env,
            start_new_session=True,
        )
        wait_until(self._healthy, timeout=60, message=f"gunicorn answers {HEALTH_PATH}", interval=0.3)
        wait_until(
            lambda: self.error_log.read_text().count("Booting worker") >= 2,
            timeout=30,
            message="both workers are up",
        )

    def _healthy(self) -> bool:
        assert self.process.poll() is None, self.error_log.read_text()
        try:
            with urllib.request.urlopen(self.url(HEALTH_PATH), timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def pids_by_attempt(self) -> dict[str, str]:
        lines = (line.split() for line in self.access_log.read_text().splitlines())
        return {attempt: pid for pid, attempt, _status in lines if attempt != "-"}

    def hold_a_worker(self) -> socket.socket:
        """Occupy the next free worker with a request whose headers never end (until released)."""
        held = socket.create_connection(("127.0.0.1", self.port))
        held.sendall(f"GET {HEALTH_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode())
        return held

    @staticmethod
    def release(held: socket.socket) -> None:
        held.sendall(b"X-Attempt: hold\r\nConnection: close\r\n\r\n")
        while held.recv(65536):
            pass
        held.close()


def token_login(server: Gunicorn, username: str, password: str, attempt: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        server.url(TOKEN_PATH),
        data=urllib.parse.urlencode({"username": username, "password": password}).encode(),
        headers={"X-Attempt": attempt},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


@pytest.fixture
def server(database_url, machine_redis_url, tmp_path):
    import redis

    prefix = f"gunicorn-test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "CACHE_URL": machine_redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "DEBUG": "false",
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOGIN_FAILURE_LIMIT": str(FAILURE_LIMIT),
        # One good login, ten wrong ones, two right ones while locked; the next is one too many.
        "API_THROTTLE_TOKEN": "13/minute",
    }
    server = Gunicorn(env, tmp_path)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        print("--- gunicorn access log ---\n" + server.access_log.read_text())
        print("--- gunicorn error log (tail) ---\n" + server.error_log.read_text()[-3000:])
        client = redis.Redis.from_url(machine_redis_url)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)


@pytest.fixture
def users(settings):
    # The server hashes with Django's default (PBKDF2), not the tests' MD5.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    for name in ("alice", "bob"):
        user = UserFactory(username=name)
        user.set_password(PASSWORD)
        user.save()


def test_lockout_and_throttle_hold_across_two_gunicorn_workers(users, server):
    # The server authenticates a right password at all (so the 429s below are the lock).
    assert token_login(server, "bob", PASSWORD, "bob")[0] == 200

    answers = {}
    held = server.hold_a_worker()  # worker A: busy; wrong logins 1-3 go to worker B
    for n in range(1, 4):
        answers[f"wrong-{n}"] = token_login(server, "alice", f"guess-{n}", f"wrong-{n}")
    held_b = server.hold_a_worker()  # now worker B is busy ...
    server.release(held)  # ... and A is free: wrong logins 4-7 and a right one go to A
    for n in range(4, 8):
        answers[f"wrong-{n}"] = token_login(server, "alice", f"guess-{n}", f"wrong-{n}")
    answers["right-a"] = token_login(server, "alice", PASSWORD, "right-a")
    held = server.hold_a_worker()  # A busy again; B free: wrong logins 8-10 and a right one
    server.release(held_b)
    for n in range(8, 11):
        answers[f"wrong-{n}"] = token_login(server, "alice", f"guess-{n}", f"wrong-{n}")
    answers["right-b"] = token_login(server, "alice", PASSWORD, "right-b")
    server.release(held)

    statuses = {attempt: status for attempt, (status, _) in answers.items()}
    assert [statuses[f"wrong-{n}"] for n in range(1, 11)] == [400] * (FAILURE_LIMIT - 1) + [429] * 6
    for attempt in ("wrong-5", "wrong-10", "right-a", "right-b"):
        assert answers[attempt][1]["detail"].startswith(LOCKED), attempt

    pids = server.pids_by_attempt()
    worker_a, worker_b = pids["wrong-4"], pids["wrong-1"]
    assert worker_a != worker_b
    # Failures counted by both workers added up to the lock: 1-3 on B, 4 and 5 on A ...
    assert {pids[f"wrong-{n}"] for n in (1, 2, 3)} == {worker_b}
    assert {pids[f"wrong-{n}"] for n in (4, 5, 6, 7)} == {worker_a}
    # ... and each worker refuses the right password while the lock holds.
    assert (pids["right-a"], pids["right-b"]) == (worker_a, worker_b)
    assert AccessAttempt.objects.get(username="alice").failures_since_start == FAILURE_LIMIT

    # Both workers' requests count against one rate (Redis): the 14th in the minute is throttled.
    status, body = token_login(server, "bob", PASSWORD, "throttled")
    assert status == 429
    assert body["detail"].startswith(THROTTLED)
