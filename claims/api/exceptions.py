"""Errors from services reach API clients as 400s with field messages, never 500s."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.views import exception_handler as drf_exception_handler


def field_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    """Return a Django ValidationError as DRF's {field: [messages]}; whole-object errors
    (including ClaimTransitionError) go under ``non_field_errors``."""
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if field == "__all__" else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {"non_field_errors": exc.messages}


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = serializers.ValidationError(field_errors(exc))
    return drf_exception_handler(exc, context)
