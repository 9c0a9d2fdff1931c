"""DRF's JSON parser with a nesting limit: 50,000 nested brackets are a 400, not a RecursionError."""

import io
import re

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKET = re.compile(rb"[\[\]{}]")
OPENING = frozenset(b"[{")


def json_too_deep(raw: bytes, limit: int) -> bool:
    """Return True if ``raw`` nests arrays and objects deeper than ``limit`` (strings skipped).

    Checked before parsing, so the decoder never recurses that deep.
    """
    depth = 0
    for match in BRACKET.finditer(STRING.sub(b"", raw)):
        if match.group()[0] in OPENING:
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        limit = settings.API_JSON_MAX_DEPTH
        if json_too_deep(raw, limit):
            raise ParseError(f"JSON parse error - nested deeper than {limit} levels.")
        return super().parse(io.BytesIO(raw), media_type, parser_context)
