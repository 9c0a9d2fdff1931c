from django.urls import path

from tracker.api import views

urlpatterns = [
    path("scorecards/", views.ScorecardListView.as_view(), name="scorecard-list"),
    path("scorecards/export/", views.ScorecardExportView.as_view(), name="scorecard-export"),
    path("scorecards/hedges/", views.HedgeTableView.as_view(), name="scorecard-hedges"),
    path("scorecards/hedges/export/", views.HedgeExportView.as_view(), name="scorecard-hedges-export"),
    path("scorecards/claimants/<int:pk>/", views.ClaimantScorecardView.as_view(), name="scorecard-claimant"),
]
