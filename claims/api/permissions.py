"""Permission checks per view action, on the claims.* permissions (never group names)."""

from django.conf import settings
from rest_framework.permissions import BasePermission


class ActionPermissions(BasePermission):
    """Allow an action when the user has every permission the view lists for it.

    Views declare ``action_permissions = {"list": ("claims.view_claim",), ...}``;
    an action missing from the map is refused. Actions in ``public_actions`` are
    also open to everyone when ``API_ANONYMOUS_READ`` is on (the view's queryset
    then shows them resolved claims only).
    """

    def has_permission(self, request, view) -> bool:
        if not hasattr(view, request.method.lower()):
            return True  # no such method here: let the view answer 405
        action = getattr(view, "action", None) or request.method.lower()
        if request.method == "OPTIONS":
            action = "metadata"
        required = view.action_permissions.get(action)
        if not required:
            return False
        if request.user.has_perms(required):
            return True
        return settings.API_ANONYMOUS_READ and action in getattr(view, "public_actions", ())


def model_permissions(model: str, *, app: str = "claims") -> dict[str, tuple[str, ...]]:
    """Return the usual read/create/update permission map for a model."""
    view = (f"{app}.view_{model}",)
    change = (f"{app}.change_{model}",)
    return {
        "metadata": view,
        "list": view,
        "retrieve": view,
        "create": (f"{app}.add_{model}",),
        "update": change,
        "partial_update": change,
    }
