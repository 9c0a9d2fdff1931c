"""What a locked-out login gets: JSON for the API, plain text for the admin (axes' hook)."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse

API_PREFIX = "/api/"


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"Too many failed logins for this account from this address: locked for {minutes} minutes "
        "after the last failure. An administrator can lift the lock (Axes > Access attempts)."
    )


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: answer 429 with a Retry-After, never an HTML page to an API client."""
    status = settings.AXES_HTTP_RESPONSE_CODE
    if request.path.startswith(API_PREFIX):
        response = JsonResponse({"detail": lockout_message()}, status=status)
    else:
        response = HttpResponse(lockout_message(), status=status, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
