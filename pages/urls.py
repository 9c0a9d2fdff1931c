"""URLs of the public pages. Public when API_ANONYMOUS_READ is on, login-only otherwise."""

from django.urls import include, path

urlpatterns: list = [
    path("", include("pages.claim_urls")),
]
