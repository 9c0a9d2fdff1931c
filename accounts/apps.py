from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    """API tokens, login lockout and the cache they share across processes."""

    name = "accounts"

    def ready(self):
        from accounts import signals  # noqa: F401  (connects the token revocation receivers)

        post_migrate.connect(create_cache_table, sender=self)


def create_cache_table(using, **kwargs):
    """Create the database cache's table on every migrate, so no deploy step can forget it
    (a no-op when the cache is Redis or the table exists)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
