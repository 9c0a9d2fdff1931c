"""URLs of the home, claim, search and login pages (included from pages/urls.py)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from pages import claim_views

urlpatterns = [
    path("", claim_views.home, name="home"),
    path("claims/<int:pk>/", claim_views.claim_page, name="claim-page"),
    path("claims/<int:pk>/<slug:slug>/", claim_views.claim_page, name="claim-page-slug"),
    path("search/", claim_views.search, name="search"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="pages/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
]
