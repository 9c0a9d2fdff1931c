from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def _sync_role_groups(sender, apps=global_apps, **kwargs):
    # The data migration creates the groups; this puts them back after a
    # `flush` (which transactional tests run), since flush emits post_migrate
    # (without `apps`: then the live registry is the right one).
    from claims.roles import sync_groups

    sync_groups(apps)


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self) -> None:
        post_migrate.connect(_sync_role_groups, sender=self)
