"""The three roles, as Django groups, and what each may do.

The groups are created by data migrations (claims 0002, tracker 0003) and kept
in step after every migrate or flush (claims.apps) from this one table; the
admin and the API check the permissions, never the names.
"""

from django.contrib.auth.management import create_permissions

EDITORS = "Editors"
REVIEWERS = "Reviewers"
VIEWERS = "Viewers"

_CONTENT = ["publication", "author", "tag", "article"]
_VIEW_ALL = [f"claims.view_{model}" for model in [*_CONTENT, "claim", "outcome", "claimcorrection"]]

GROUP_PERMISSIONS: dict[str, list[str]] = {
    # Editors enter articles and claims, publish and withdraw them; no verdicts.
    EDITORS: [
        *_VIEW_ALL,
        *(f"claims.{action}_{model}" for model in _CONTENT for action in ("add", "change")),
        "claims.add_claim",
        "claims.change_claim",
        "claims.edit_claim_text",
        # Editors bring articles in by URL and from the publications' feeds (claims/intake/).
        *(f"claims.{action}_feed" for action in ("view", "add", "change", "delete")),
        "claims.view_intakerecord",
        "claims.add_intakerecord",
        "claims.view_quotechange",
        # Editors get escalations and look after delivery.
        "tracker.view_notification",
        "tracker.resend_notification",
    ],
    # Reviewers record outcomes and take claims; they cannot rewrite what was claimed.
    REVIEWERS: [
        *_VIEW_ALL,
        "claims.change_claim",
        "claims.record_outcome",
        "claims.add_outcome",
        "claims.change_outcome",
        # Reviewers can see what was sent to whom (and whether it arrived).
        "tracker.view_notification",
    ],
    VIEWERS: list(_VIEW_ALL),
}


def sync_groups(apps) -> None:
    """Create the groups and give each exactly its permissions (idempotent).

    Works on a migration's historical ``apps`` too: permissions of models that
    do not exist yet at that point in the migration graph are skipped, and the
    post_migrate sync at the end of ``migrate`` grants them.
    """
    # Permissions are normally created after all migrations (post_migrate, one
    # app at a time); create them all now so every group can be given its own.
    for app_config in apps.get_app_configs():
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perms in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = Permission.objects.none()
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted |= Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        group.permissions.set(wanted)


# --- who may be given claims to review ------------------------------------------

RECORD_OUTCOME = "claims.record_outcome"
EDIT_TEXT = "claims.edit_claim_text"


def assignable_reviewers():
    """Return the users a claim may be assigned to: active, holding ``record_outcome``
    through a group (Reviewers) or as their own permission.

    Superuser status alone does not count: ``has_perm`` is always true for a
    superuser, but an account nobody put in Reviewers is not on the review rota.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    app_label, codename = RECORD_OUTCOME.split(".")
    perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=perm) | Q(user_permissions__in=perm))
        .distinct()
    )


def may_review(user) -> bool:
    """Return True if claims may be assigned to ``user`` (see assignable_reviewers)."""
    return user is not None and assignable_reviewers().filter(pk=user.pk).exists()
