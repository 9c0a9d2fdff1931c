"""A page's main text and metadata (trafilatura), and its language (py3langid).

trafilatura keeps the article and drops the chrome (navigation, scripts,
footers, comment threads); py3langid ships its model inside the package, so
telling the language needs no network.
"""

import hashlib
import re
from dataclasses import dataclass
from datetime import date

import py3langid
import trafilatura

# Enough text to tell the language reliably; reading the whole of a long page adds nothing.
LANGUAGE_SAMPLE_CHARS = 3000
# Less than this is a menu, a paywall notice or an error page, not an article (and too short to
# tell its language).
MIN_TEXT_CHARS = 200
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


@dataclass(frozen=True)
class Page:
    title: str
    text: str
    authors: list[str]
    published_on: date | None
    canonical_url: str
    sitename: str
    language: str


def read_page(html: str | bytes, *, url: str) -> Page | None:
    """Return the page's main text and metadata, or None when it has no article text."""
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    if document is None or len((document.text or "").strip()) < MIN_TEXT_CHARS:
        return None
    authors = [name.strip() for name in (document.author or "").split(";") if name.strip()]
    return Page(
        title=(document.title or "").strip(),
        text=document.text.strip(),
        authors=authors,
        published_on=_date(document.date),
        canonical_url=document.url or "",
        sitename=(document.sitename or "").strip(),
        language=py3langid.classify(document.text[:LANGUAGE_SAMPLE_CHARS])[0],
    )


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def normalized(text: str) -> str:
    """Text as compared across fetches: typographic quotes and runs of white space made plain."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def text_digest(text: str) -> str:
    return hashlib.sha256(normalized(text).encode()).hexdigest()


def raw_digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
