"""Re-read the pages of articles with open claims now and record quotes that changed."""

from django.core.management.base import BaseCommand

from claims.services.rechecks import articles_recheck


class Command(BaseCommand):
    help = "Re-read articles with open claims not checked in INTAKE_RECHECK_DAYS; record changed quotes."

    def handle(self, *args, **options):
        self.stdout.write(f"{articles_recheck()} changed quote(s) recorded.")
