from django.urls import path

from tracker import views

urlpatterns = [
    path("scorecards/", views.scorecard_page, name="scorecards"),
]
