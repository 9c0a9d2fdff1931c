"""API tokens: log in for one (throttled, watched by axes), revoke it, revoke all of yours.

Tokens are django-rest-knox's: stored hashed, with an expiry (REST_KNOX["TOKEN_TTL"]).
"""

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from knox import views as knox_views
from knox.auth import TokenAuthentication
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.services import token_revoke, user_tokens_revoke

BAD_CREDENTIALS = "Unable to log in with the given username and password."


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(trim_whitespace=False, write_only=True, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expiry = serializers.DateTimeField(allow_null=True, help_text="When the token stops working.")


class TokenView(knox_views.LoginView):
    """POST: username and password for a new token. DELETE: revoke the token the request carries."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_token"
    serializer_class = LoginSerializer

    def get_authenticators(self):
        # Logging in needs no credentials, and a stale token sent along must not block it.
        if getattr(self.request, "method", None) == "POST":
            return []
        return [TokenAuthentication()]

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(
        summary="Get an API token",
        description="Exchange a username and password for a token that expires (see `expiry`); "
        "send it as `Authorization: Token <token>`. Throttled per client address; after "
        "repeated failures for one username from one address, logins are locked out (429).",
        request=LoginSerializer,
        responses={200: TokenSerializer},
        tags=["auth"],
    )
    def post(self, request, format=None):
        credentials = LoginSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        # axes records failures on Django's request, which its middleware turns into the lockout answer.
        user = authenticate(request._request, **credentials.validated_data)
        if user is None:
            raise ValidationError({"non_field_errors": [BAD_CREDENTIALS]})
        request.user = user
        return super().post(request, format)

    @extend_schema(
        summary="Revoke this token",
        description="Revoke the token this request is authenticated with (log out).",
        request=None,
        responses={204: None},
        tags=["auth"],
    )
    def delete(self, request, format=None):
        token_revoke(token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokensView(APIView):
    """Revoke every token of the requesting user (log out everywhere)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Revoke all my tokens",
        description="Revoke every API token of the requesting user, on every device and script.",
        request=None,
        responses={204: None},
        tags=["auth"],
    )
    def delete(self, request, format=None):
        user_tokens_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
