from django.urls import path

from tracker.api import views

urlpatterns = [
    path("scorecards/", views.ScorecardListView.as_view(), name="scorecard-list"),
    path("scorecards/claimants/<int:pk>/", views.ClaimantScorecardView.as_view(), name="scorecard-claimant"),
]
