"""Import an article from its URL, now, in this process; print how it went."""

from django.core.management.base import BaseCommand, CommandError

from claims.models import IntakeRecord
from claims.services.intake import url_import


class Command(BaseCommand):
    help = "Fetch a page, read its main text and metadata, and import it as an article (once)."

    def add_arguments(self, parser):
        parser.add_argument("url", nargs="+", help="The page's address (several may be given).")

    def handle(self, *args, url, **options):
        failed = 0
        for address in url:
            intake = url_import(url=address)
            self.stdout.write(f"{address}: {intake.get_status_display()}. {intake.reason}")
            failed += intake.status == IntakeRecord.Status.FAILED
        if failed:
            raise CommandError(f"{failed} of {len(url)} import(s) failed.")
