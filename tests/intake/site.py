"""A real HTTP server on 127.0.0.1 that a test fills with pages and feeds (no internet).

``site.route(path, body, ...)`` serves one answer, or a list of answers in turn
(the last repeats); ``site.requests`` keeps each request's path and headers, so
a test can check that a poll sent If-None-Match. An answer whose status is 304
is sent only when the client's If-None-Match matches the route's ETag.
"""

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Answer:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering: a slow site
    etag: str = ""  # answer 304 to a request that already has it


class Site:
    def __init__(self):
        self.routes: dict[str, list[Answer]] = {}
        self.requests: list[tuple[str, dict]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                site.requests.append((self.path, dict(self.headers)))
                answers = site.routes.get(self.path) or [Answer(b"not found", 404, "text/plain")]
                answer = answers.pop(0) if len(answers) > 1 else answers[0]
                time.sleep(answer.delay)
                if answer.etag and self.headers.get("If-None-Match") == answer.etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(answer.status)
                self.send_header("Content-Type", answer.content_type)
                self.send_header("Content-Length", str(len(answer.body)))
                if answer.etag:
                    self.send_header("ETag", answer.etag)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                # The client may give up first (size cap, timeout).
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(answer.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def route(self, path: str, *answers: Answer | str | bytes, **kwargs) -> str:
        """Serve ``answers`` at ``path`` (a str or bytes is an HTML page, with ``kwargs``); return the URL."""
        self.routes[path] = [
            a if isinstance(a, Answer) else Answer(a.encode() if isinstance(a, str) else a, **kwargs)
            for a in answers
        ]
        return self.url(path)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def article_page(
    *paragraphs: str, title="The Caspian outlook", authors="Jane Roe; John Doe", date="2025-02-21"
):
    """An article page with the chrome trafilatura must drop: navigation, a script, a footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><title>{title} | Caspian Analyst</title>
<meta name="author" content="{authors}"><meta property="article:published_time" content="{date}">
<meta property="og:site_name" content="Caspian Analyst"></head><body>
<nav><a href="/">Home</a> <a href="/about">About us</a>
<a href="/subscribe">Subscribe to our newsletter</a></nav>
<script>var teaser = "The regime will certainly collapse by 2027.";</script>
<article><h1>{title}</h1>{body}</article>
<footer>Copyright 2025 Caspian Analyst. All rights reserved. Our staff will answer within 2 days.</footer>
</body></html>"""


FORECASTS = (
    "The summit ended without a communique, and the delegations went home on Friday evening.",
    "A referendum on the new constitution will not take place before late 2026.",
    "Some Russian experts suggest that Moscow will reopen the corridor by the end of 2026.",
)
