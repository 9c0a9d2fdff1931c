from django.urls import path

from accounts import views

urlpatterns = [
    path("token/", views.TokenView.as_view(), name="api-token"),
    path("tokens/", views.TokensView.as_view(), name="api-tokens"),
]
