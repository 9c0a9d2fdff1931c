"""What each role may do with the tracker's models, added to the groups in claims.roles.

Added (not set) by tracker/migrations/0003_group_permissions.py, so the claims
app's own grants stay as they are.
"""

from claims.roles import EDITORS, REVIEWERS

GROUP_PERMISSIONS: dict[str, list[str]] = {
    # Editors get escalations and look after delivery.
    EDITORS: ["tracker.view_notification", "tracker.resend_notification"],
    # Reviewers can see what was sent to whom (and whether it arrived).
    REVIEWERS: ["tracker.view_notification"],
}


def grant_group_permissions(apps) -> None:
    """Give each group the tracker permissions above (idempotent)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
