"""Real parts for the integration tests: an SMTP server, a Redis server, a Celery worker.

Nothing here stands in for a component: the worker is `celery -A config worker`
in its own process group, the broker is Redis, the mail goes over SMTP to
aiosmtpd, and both processes share the PostgreSQL test database.
"""

import asyncio
import email
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller

BASE_DIR = Path(__file__).resolve().parents[3]
CELERY = str(BASE_DIR / ".venv" / "bin" / "celery")
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, *, timeout: float, message: str, interval: float = 0.1):
    """Poll ``condition`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout}s waiting until {message}")
        time.sleep(interval)


class SmtpInbox:
    """An aiosmtpd server that keeps what it accepts; it can be stopped, restarted and slowed."""

    def __init__(self):
        self.port = free_port()
        self.messages: list[email.message.Message] = []
        self.stall_from_rcpt: int | None = None  # stall the Nth conversation and those after
        self.rcpts_started = 0
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._controller = None

    # aiosmtpd handler hooks ------------------------------------------------
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            self.rcpts_started += 1
            stall = self.stall_from_rcpt is not None and self.rcpts_started >= self.stall_from_rcpt
        if stall:
            # Holds the client mid-conversation (nothing accepted yet) for 30 s or until released.
            for _ in range(600):
                if self._released.is_set():
                    break
                await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    # control ---------------------------------------------------------------
    def release(self) -> None:
        """Stop stalling: held conversations go on, new ones are not held."""
        self.stall_from_rcpt = None
        self._released.set()

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def received(self) -> Counter:
        """How many messages each address has received."""
        with self._lock:
            return Counter(message["To"] for message in self.messages)

    def bodies_for(self, address: str) -> list[str]:
        with self._lock:
            found = [m for m in self.messages if m["To"] == address]
        return [
            part.get_payload(decode=True).decode()
            for m in found
            for part in m.walk()
            if not part.is_multipart()
        ]


class RedisServer:
    """A private redis-server on a free port, so a test can stop it without touching anyone else's."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        args = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [*args, "--dir", str(self.workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_until(self._answers, timeout=10, message="redis-server answers")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class HungBroker:
    """A TCP server that accepts connections and never answers: a broker that hangs."""

    def __init__(self):
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._clients: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:  # closed by stop()
                return
            self._clients.append(client)  # held open, never read, never answered

    def stop(self) -> None:
        self._server.close()
        for client in self._clients:
            client.close()


class Worker:
    """`celery -A config worker` as a subprocess in its own process group."""

    ready_marker = " ready."

    def __init__(self, env: dict[str, str], logdir: Path, name: str = "worker"):
        self.env = env
        self.logdir = logdir
        self.name = name
        self.runs = 0
        self.process = None
        self.log_path = None

    def command(self) -> list[str]:
        return [
            *(CELERY, "-A", "config", "worker", "-l", "info", "--concurrency", "1", "-P", "prefork"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            *("-n", f"{self.name}-{os.getpid()}@%h"),
        ]

    def start(self, timeout: float = 60) -> None:
        self.runs += 1
        self.log_path = self.logdir / f"{self.name}-{self.runs}.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(
            lambda: self.ready_marker in self.log() or self.process.poll() is not None,
            timeout=timeout,
            message=f"the {self.name} is ready",
        )
        assert self.process.poll() is None, f"{self.name} exited:\n{self.log()}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL the whole process group: the main process and its pool children, no cleanup."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None


class Beat(Worker):
    """`celery -A config beat`: the scheduler, reading its entries from the database."""

    ready_marker = "beat: Starting..."

    def __init__(self, env: dict[str, str], logdir: Path):
        super().__init__(env, logdir, name="beat")

    def command(self) -> list[str]:
        return [CELERY, "-A", "config", "beat", "-l", "info", "--pidfile", str(self.logdir / "beat.pid")]
