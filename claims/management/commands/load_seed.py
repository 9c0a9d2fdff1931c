"""Load the seed articles and claims; `make run` calls it on every start, so it is idempotent."""

from django.core.management.base import BaseCommand

from claims.services.seed import DEFAULT_SEED_PATH, seed_load


class Command(BaseCommand):
    help = "Load the seed articles and their labelled claims (open). Running it again adds nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            default=DEFAULT_SEED_PATH,
            help=f"A seed file in the same format (default: {DEFAULT_SEED_PATH}).",
        )

    def handle(self, *args, path, **options):
        report = seed_load(path=path)
        self.stdout.write(f"Seed {path}:\n{report.summary()}")
