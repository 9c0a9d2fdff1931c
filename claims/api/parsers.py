"""DRF's JSON parser with a nesting limit: 50,000 nested brackets are a 400, not a RecursionError."""

import io
import re
from itertools import accumulate

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
# Each bracket as a signed byte: +1 opens a level, -1 (0xff) closes one.
DEPTH_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")


def json_too_deep(raw: bytes, limit: int) -> bool:
    """Return True if ``raw`` nests arrays and objects deeper than ``limit`` (strings skipped).

    Checked before parsing, so the decoder never recurses that deep; the
    running depth is summed in C (accumulate over signed bytes), so a body at
    the size limit costs a fraction of a second, not a Python loop per bracket.
    """
    brackets = NOT_BRACKET.sub(b"", STRING.sub(b"", raw))
    if len(brackets) <= limit:
        return False
    return max(accumulate(memoryview(brackets.translate(DEPTH_STEPS)).cast("b"))) > limit


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        limit = settings.API_JSON_MAX_DEPTH
        if json_too_deep(raw, limit):
            raise ParseError(f"JSON parse error - nested deeper than {limit} levels.")
        return super().parse(io.BytesIO(raw), media_type, parser_context)
