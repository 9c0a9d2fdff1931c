"""Revoking API tokens: the one place that deletes them (API, signals, admin actions)."""

from django.contrib.auth.models import AbstractBaseUser
from knox.models import get_token_model


def user_tokens_revoke(*, user: AbstractBaseUser) -> int:
    """Revoke every API token of ``user``; return how many there were."""
    deleted, _ = get_token_model().objects.filter(user=user).delete()
    return deleted


def token_revoke(*, token) -> None:
    """Revoke one API token (the one a request was made with)."""
    token.delete()
