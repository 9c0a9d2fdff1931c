"""URLs of the public pages. Public when API_ANONYMOUS_READ is on, login-only otherwise."""

from django.urls import include, path

urlpatterns: list = [
    # Leaderboard, claimant, publication and tag pages (issue 11, pub-board).
    path("", include("pages.board_urls")),
    # Home, claim pages, search, login (issue 11, pub-claim).
    path("", include("pages.claim_urls")),
]
