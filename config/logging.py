"""Logging helpers referenced from settings.LOGGING."""

import logging


class ClientErrorsAsWarnings(logging.Filter):
    """Log refused requests as one warning line, without a traceback.

    A 403 (PermissionDenied in a view) or a suspicious request (bad Host header,
    CSRF failure, oversized form) is the client's doing, not a fault to debug:
    Django logs some of them with the exception attached, and DisallowedHost at
    ERROR level, which floods the log (and an alerting rule) on every scan.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("django.security.") or getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
            if record.levelno > logging.WARNING:
                record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
