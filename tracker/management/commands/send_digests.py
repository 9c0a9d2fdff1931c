from django.core.management.base import BaseCommand

from tracker.services.digests import digests_send


class Command(BaseCommand):
    help = "Write today's due-claim digests to the outbox and queue them for delivery."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would get a digest; write and send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        digests = digests_send(dry_run=dry_run)
        for digest in digests:
            self.stdout.write(
                f"{digest.recipient.email}: {len(digest.due)} due, {len(digest.overdue)} overdue, "
                f"{len(digest.coming_due)} coming due, {len(digest.escalated)} escalated"
            )
        verb = "Would send" if dry_run else "Queued"
        self.stdout.write(f"{verb} {len(digests)} digest(s).")
