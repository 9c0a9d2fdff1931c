from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from claims.api.root import ApiRootView
from tracker.health import HealthView, WebHealthView

urlpatterns = [
    # Health probes (tracker/health.py): the whole system, and this web process only.
    path("healthz", HealthView.as_view(), name="healthz"),
    path("healthz/web", WebHealthView.as_view(), name="healthz-web"),
    path("admin/", admin.site.urls),
    path("api/", ApiRootView.as_view(), name="api-root"),
    path("api/auth/", include("accounts.urls")),
    path("api/", include("claims.api.urls")),
    path("api/", include("tracker.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("", include("pages.urls")),
    path("", include("tracker.calendar_urls")),  # calendar feeds (issue 11)
]
