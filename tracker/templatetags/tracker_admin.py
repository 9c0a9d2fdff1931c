"""The failed-notification count on the admin dashboard."""

from django import template

from tracker.services.delivery import failed_notification_count

register = template.Library()


@register.simple_tag(takes_context=True)
def failed_notifications(context) -> int:
    """Return the failed count for someone who may see the outbox, else 0 (no query)."""
    request = context.get("request")
    if request is None or not request.user.has_perm("tracker.view_notification"):
        return 0
    return failed_notification_count()


@register.simple_tag(takes_context=True)
def admin_dashboard(context) -> list:
    """Return the dashboard tiles for the logged-in user (claims.admin.dashboard)."""
    from claims.admin.dashboard import dashboard_tiles  # the admin is loaded by then

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    return dashboard_tiles(request.user)
