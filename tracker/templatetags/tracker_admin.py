"""The admin dashboard's tiles (claims.admin.dashboard), failed notifications among them."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def admin_dashboard(context) -> list:
    """Return the dashboard tiles for the logged-in user; the failed-notification tile
    only for someone who may see the outbox (no query otherwise)."""
    from claims.admin.dashboard import dashboard_tiles  # the admin is loaded by then

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return dashboard_tiles(request.user)
