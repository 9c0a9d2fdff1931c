"""Create the demo accounts `make run` prints: an admin and one user per role."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from claims.roles import EDITORS, REVIEWERS, VIEWERS

DEMO_USERS = [
    ("admin", None),
    ("editor", EDITORS),
    ("reviewer", REVIEWERS),
    ("viewer", VIEWERS),
]
DEMO_PASSWORD = "demo-password"


class Command(BaseCommand):
    help = "Create demo users (admin, editor, reviewer, viewer) for a local run. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Create them even with DEBUG off (a production site)."
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            # A known superuser password on a public site is an open door.
            raise CommandError(
                "Refusing to create demo users with a known password while DEBUG is false; "
                "use --force on a throwaway site, or createsuperuser."
            )
        User = get_user_model()
        for username, group_name in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@example.org", "is_staff": True},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_superuser = group_name is None
                user.save()
            if group_name:
                user.groups.add(Group.objects.get(name=group_name))
        self.stdout.write(
            f"Demo users (password {DEMO_PASSWORD!r}): "
            f"{', '.join(name for name, _ in DEMO_USERS)} -- log in at /admin/"
        )
