"""Fetch a URL within limits: timeouts, a size cap, a few redirects, an expected content type.

Every way a fetch can go wrong ends in ``FetchError`` with a reason an editor
can read and whether trying again later may help (timeouts, 5xx, 429).
"""

from dataclasses import dataclass

import httpx
from django.conf import settings
from django.core.validators import URLValidator

# What can be imported: the API's and the admin's URL fields check it before anything is recorded.
web_url_validator = URLValidator(schemes=["http", "https"], message="Enter an http or https address.")

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
)


class FetchError(Exception):
    def __init__(self, reason: str, *, transient: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    status: int
    content: bytes
    content_type: str
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _client() -> httpx.Client:
    return httpx.Client(
        follow_redirects=True,
        max_redirects=settings.INTAKE_MAX_REDIRECTS,
        timeout=httpx.Timeout(settings.INTAKE_TIMEOUT_SECONDS),
        headers={"User-Agent": settings.INTAKE_USER_AGENT},
    )


def fetch(url: str, *, accept: tuple[str, ...] = HTML_TYPES, headers: dict | None = None) -> Fetched:
    """GET ``url``; return the body, or raise FetchError. A 304 is returned, with no body."""
    limit = settings.INTAKE_MAX_BYTES
    try:
        with _client() as client, client.stream("GET", url, headers=headers or {}) as response:
            if response.status_code == 304:
                return Fetched(str(response.url), 304, b"", "")
            if response.status_code >= 400:
                transient = response.status_code >= 500 or response.status_code == 429
                raise FetchError(
                    f"The site answered {response.status_code} {response.reason_phrase}.", transient=transient
                )
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if accept and content_type not in accept:
                raise FetchError(f"Not a web page: the site sent {content_type or 'no content type'}.")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(_too_big(limit))
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:  # a missing or false Content-Length: stop reading at the cap
                    raise FetchError(_too_big(limit))
                chunks.append(chunk)
            return Fetched(
                str(response.url),
                response.status_code,
                b"".join(chunks),
                content_type,
                etag=response.headers.get("etag", ""),
                last_modified=response.headers.get("last-modified", ""),
            )
    except httpx.TimeoutException as exc:
        raise FetchError(
            f"The site did not answer within {settings.INTAKE_TIMEOUT_SECONDS} s.", transient=True
        ) from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"More than {settings.INTAKE_MAX_REDIRECTS} redirects.") from exc
    except httpx.UnsupportedProtocol as exc:
        raise FetchError("Only http and https addresses can be imported.") from exc
    except httpx.TransportError as exc:  # refused, reset, DNS: often passing
        raise FetchError(f"Could not reach the site ({exc.__class__.__name__}).", transient=True) from exc
    except httpx.InvalidURL as exc:
        raise FetchError(f"Not a valid address: {exc}.") from exc


def _too_big(limit: int) -> str:
    return f"The page is larger than {limit:,} bytes (INTAKE_MAX_BYTES)."
