"""Print the claims the extractor proposes for an article's text."""

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction import propose_claims


class Command(BaseCommand):
    help = "Propose forward-looking claims from an article's text."

    def add_arguments(self, parser):
        parser.add_argument("--text", required=True, help="A UTF-8 text file with the article body.")
        parser.add_argument("--published", required=True, help="Publication date, YYYY-MM-DD.")
        parser.add_argument("--author", action="append", default=[], help="An author's name (repeatable).")
        parser.add_argument("--json", action="store_true", help="Print a JSON list.")

    def handle(self, *args, text, published, author, **options):
        try:
            published_on = date.fromisoformat(published)
            body = Path(text).read_text(encoding="utf-8")
        except (ValueError, OSError) as error:
            raise CommandError(error) from error
        proposals = propose_claims(body, published_on, author)
        if options["json"]:
            self.stdout.write(_dumps([p.as_json() for p in proposals]))
            return
        for p in proposals:
            window = f"{p.window_start or '…'} → {p.due_on}{' (inferred)' if p.deadline_inferred else ''}"
            self.stdout.write(f"- {p.claim}\n    kind={p.kind} hedge={p.hedge!r} p={p.probability} {window}")
            if p.condition:
                self.stdout.write(f"    if: {p.condition}")
            self.stdout.write(f"    claimant: {p.claimant}")
        self.stdout.write(f"{len(proposals)} candidate claims.")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
