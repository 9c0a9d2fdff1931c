"""URLs of the leaderboard and the claimant, publication and tag pages (pages/board.py)."""

from django.urls import path

from pages import board

urlpatterns = [
    path("scorecards/", board.leaderboard, name="scorecards"),
    path("claimants/<int:pk>/", board.group_page, {"group": "claimant"}, name="claimant"),
    path("publications/<int:pk>/", board.group_page, {"group": "publication"}, name="publication"),
    path("tags/<int:pk>/", board.group_page, {"group": "tag"}, name="tag"),
]
