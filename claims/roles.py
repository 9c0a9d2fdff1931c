"""The three roles, as Django groups, and what each may do.

The groups are created by a data migration (claims/migrations/0002_groups.py)
from this table; the admin and the API check the permissions, never the names.
"""

EDITORS = "Editors"
REVIEWERS = "Reviewers"
VIEWERS = "Viewers"

_CONTENT = ["publication", "author", "tag", "article"]
_VIEW_ALL = [f"claims.view_{model}" for model in [*_CONTENT, "claim", "outcome"]]

GROUP_PERMISSIONS: dict[str, list[str]] = {
    # Editors enter articles and claims, publish and withdraw them; no verdicts.
    EDITORS: [
        *_VIEW_ALL,
        *(f"claims.{action}_{model}" for model in _CONTENT for action in ("add", "change")),
        "claims.add_claim",
        "claims.change_claim",
        "claims.edit_claim_text",
    ],
    # Reviewers record outcomes and take claims; they cannot rewrite what was claimed.
    REVIEWERS: [
        *_VIEW_ALL,
        "claims.change_claim",
        "claims.record_outcome",
        "claims.add_outcome",
        "claims.change_outcome",
    ],
    VIEWERS: list(_VIEW_ALL),
}


def sync_groups(apps) -> None:
    """Create the groups and give each exactly its permissions (idempotent)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(wanted)
