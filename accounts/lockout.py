"""Who is logging in, and what a locked-out login gets (axes' hooks)."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from rest_framework.throttling import BaseThrottle

API_PREFIX = "/api/"


def client_address(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the address the throttles use too, so lock and throttle agree.

    X-Forwarded-For counts only behind TRUSTED_PROXY_COUNT proxies (DRF's NUM_PROXIES);
    otherwise a client could name any address it likes and dodge both."""
    return BaseThrottle().get_ident(request)


def lockout_message() -> str:
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = int(cooloff.total_seconds() // 60) if cooloff else 0
    duration = (
        f"for {minutes} minutes after the last failure" if minutes else "until an administrator lifts it"
    )
    return (
        f"Too many failed logins for this account from this address: locked {duration}. "
        "An administrator can lift the lock (Axes > Access attempts)."
    )


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: answer 429 with a Retry-After, never an HTML page to an API client."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": lockout_message()}, status=status)
    else:
        response = HttpResponse(lockout_message(), status=status, content_type="text/plain; charset=utf-8")
    if settings.AXES_COOLOFF_TIME:
        response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
