"""Import claims from a CSV file: this tracker's export, Fatebook's or PredictionBook's."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from claims.services.imports import claims_import_csv
from claims.spreadsheets import FORMATS


class Command(BaseCommand):
    help = "Import claims from a CSV file; nothing is written unless every row is good."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file.")
        parser.add_argument("--dry-run", action="store_true", help="Check and list the rows; write nothing.")
        parser.add_argument(
            "--format", choices=FORMATS, help="The file's layout (read from its header if left out)."
        )
        parser.add_argument("--user", help="Username the history names; needed to record verdicts.")

    def handle(self, *args, file, dry_run, format, user, **options):
        by = None
        if user:
            by = get_user_model().objects.filter(username=user, is_active=True).first()
            if by is None:
                raise CommandError(f"No active user {user!r}.")
        try:
            report = claims_import_csv(data=Path(file).read_bytes(), by=by, dry_run=dry_run, format=format)
        except OSError as exc:
            raise CommandError(exc) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for result in report.results:
            if options["verbosity"] > 1 or result.action != "create":
                note = f" — {result.note}" if result.note else ""
                self.stdout.write(f"row {result.row}: {result.action} {result.statement[:70]!r}{note}")
        for error in report.errors:
            self.stderr.write(f"row {error.row}, {error.column or 'row'}: {error.message}")
        if report.errors:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
