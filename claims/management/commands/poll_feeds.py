"""Poll the publications' feeds now and import each new item in this process."""

from django.core.management.base import BaseCommand

from claims.services.feeds import feeds_poll


class Command(BaseCommand):
    help = "Poll every active feed (conditional GET) and import the new items, each once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Leave the imports to the worker instead of running them here.",
        )

    def handle(self, *args, queue, **options):
        results = feeds_poll(inline=not queue)
        for result in results:
            self.stdout.write(f"{result.feed.url}: {result.feed.last_result}")
        self.stdout.write(f"{sum(r.new for r in results)} new item(s) from {len(results)} feed(s).")
