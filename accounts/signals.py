"""A new password or a deactivation revokes the user's API tokens.

Compared before the save, acted on after it, so a failed save revokes nothing.
Bulk ``QuerySet.update()`` bypasses these signals: change passwords and
``is_active`` through ``save()`` (the admin, ``set_password``, ``changepassword``).
"""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.services import user_tokens_revoke

CREDENTIAL_FIELDS = {"password", "is_active"}


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def note_credential_change(sender, instance, update_fields=None, **kwargs):
    instance._revoke_tokens = False
    if instance.pk is None or (update_fields is not None and not CREDENTIAL_FIELDS & set(update_fields)):
        return
    old = sender._default_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if old is None:
        return
    deactivated = old["is_active"] and not instance.is_active
    instance._revoke_tokens = deactivated or password_changed(instance, old["password"])


def password_changed(user, old_hash: str) -> bool:
    """Whether the password itself changed, not just its hash: Django re-hashes a password
    at login when the hasher's cost goes up, and that must not log the user out."""
    if user.password == old_hash:
        return False
    raw = getattr(user, "_password", None)
    return raw is None or not check_password(raw, old_hash)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def revoke_tokens_after_credential_change(sender, instance, **kwargs):
    if getattr(instance, "_revoke_tokens", False):
        user_tokens_revoke(user=instance)
        instance._revoke_tokens = False
