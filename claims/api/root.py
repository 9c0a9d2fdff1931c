"""GET /api/: the browsable API root, listing the list endpoints of claims.api and tracker.api."""

from rest_framework.permissions import AllowAny
from rest_framework.routers import APIRootView

# Name shown -> URL name; the router's own names (claims.api.urls) and tracker.api.urls'.
ENDPOINTS = {
    "claims": "claim-list",
    "outcomes": "outcome-list",
    "articles": "article-list",
    "authors": "author-list",
    "publications": "publication-list",
    "tags": "tag-list",
    "scorecards": "scorecard-list",
    "schema": "schema",
    "docs": "api-docs",
}


class ApiRootView(APIRootView):
    """The endpoints of this API. Each one says who may read it; the list itself is public."""

    permission_classes = [AllowAny]
    api_root_dict = ENDPOINTS
