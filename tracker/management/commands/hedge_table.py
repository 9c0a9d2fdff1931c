"""Print the site-wide hedge-word table and the CLAIMS_HEDGE_PROBABILITIES it proposes."""

import json

from django.core.management.base import BaseCommand

from claims.models import Claim
from tracker.scorecards import site_hedge_table

LINE = "{:<18} {:>5} {:>3} {:>4} {:>6} {:>5}  {:<12} {}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


class Command(BaseCommand):
    help = (
        "Print, for each hedge phrase of the estimative scale, how often the resolved claims that used "
        "it came true (with the 95% Wilson interval) against the scale's number, and the numbers the "
        "evidence proposes for CLAIMS_HEDGE_PROBABILITIES (docs/scoring.md)."
    )

    def handle(self, *args, **options):
        published = Claim.objects.exclude(status__in=[Claim.Status.DRAFT, Claim.Status.WITHDRAWN])
        rows = site_hedge_table(claims=published)
        self.stdout.write(
            LINE.format("hedge", "scale", "n", "true", "partly", "share", "95% interval", "proposed")
        )
        for row in rows:
            low, high = row["interval"]
            cells = (row["hedge"], _percent(row["scale_probability"]), row["claims"], row["true"])
            cells += (row["partly_true"], _percent(row["share"]), f"{_percent(low)}–{_percent(high)}")
            self.stdout.write(LINE.format(*cells, _percent(row["proposed_probability"])))
        proposed = {row["hedge"]: row["proposed_probability"] for row in rows if row["proposed_probability"]}
        self.stdout.write(f"CLAIMS_HEDGE_PROBABILITIES proposal: {json.dumps(proposed)}")
