from django.core.management.base import BaseCommand

from tracker.services.flagging import claims_flag_due


class Command(BaseCommand):
    help = "Flag open claims whose due date has passed (what beat runs every few minutes)."

    def handle(self, *args, **options):
        flagged = claims_flag_due()
        self.stdout.write(f"Flagged {flagged} claim(s) as due.")
