"""create_demo_users: a known password is for a local run only."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_refuses_when_debug_is_false(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to create demo users .* while DEBUG is false"):
        call_command("create_demo_users")
    assert not get_user_model().objects.filter(username="admin").exists()


def test_force_creates_them_even_when_debug_is_false(settings):
    settings.DEBUG = False
    call_command("create_demo_users", "--force")
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("demo-password")


def test_creates_them_in_development(settings):
    settings.DEBUG = True
    call_command("create_demo_users")
    call_command("create_demo_users")  # idempotent
    names = set(get_user_model().objects.values_list("username", flat=True))
    assert names == {"admin", "editor", "reviewer", "viewer"}
