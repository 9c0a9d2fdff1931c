"""CSV and JSON-LD renderers that are safe to open in a spreadsheet or embed in a page."""

import csv
import io
from collections.abc import Iterable, Iterator

from rest_framework.renderers import BaseRenderer, JSONRenderer

# OWASP "CSV Injection": a cell starting with one of these is a formula to
# Excel, LibreOffice and Google Sheets (=HYPERLINK(...), +cmd|...).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Return a text cell a spreadsheet shows as text: a leading ' if it could start a formula.

    Only text is touched; numbers and dates the export writes itself are left as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class CSVRenderer(BaseRenderer):
    """Render a list of rows (the first being the header) as CSV, every cell formula-safe."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b"".join(csv_lines(data or [], self.charset))


def csv_lines(rows: Iterable[list], charset: str = "utf-8") -> Iterator[bytes]:
    """Yield each row as an encoded CSV line, every cell formula-safe (for streaming responses)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
        yield buffer.getvalue().encode(charset)
        buffer.seek(0)
        buffer.truncate()


# What Django's json_script escapes: the document can then sit inside a
# <script type="application/ld+json"> element without closing it early.
JSON_HTML_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_for_html(text: str) -> str:
    """Escape <, > and & in serialised JSON (still the same JSON value)."""
    return text.translate(JSON_HTML_ESCAPES)


class JSONLDRenderer(JSONRenderer):
    """JSON-LD with <, > and & escaped, so a ClaimReview can be pasted into a <script> tag."""

    media_type = "application/ld+json"
    format = "jsonld"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rendered = super().render(data, accepted_media_type, renderer_context)
        return json_for_html(rendered.decode()).encode()
