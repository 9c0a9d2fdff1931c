"""Score the claim extractor against a labelled set (see docs/extraction.md for the counting)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.extraction.evaluation import evaluate


class Command(BaseCommand):
    help = "Print sentence precision/recall, window and kind accuracy and speed against labelled claims."

    def add_arguments(self, parser):
        parser.add_argument("labels", help="A labels JSON file (schema: ../shared/extraction/README.md).")
        parser.add_argument("--source", help="The article text, if not found from the labels' source_file.")
        parser.add_argument("--verbose", action="store_true", help="List misses and errors.")

    def handle(self, *args, labels, source=None, verbose=False, **options):
        try:
            scores = evaluate(Path(labels), Path(source) if source else None)
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(error) from error
        s = scores
        lines = [
            f"labelled claim sentences: {s.labelled_sentences}, proposed sentences: {s.proposed_sentences}",
            f"sentence recall:            {s.recall:.3f} ({s.recalled_sentences}/{s.labelled_sentences})",
            f"sentence precision:         {s.precision:.3f} ({s.true_positives}/{s.proposed_sentences})",
            f"sentence precision, judged: {s.precision_judged:.3f} ({s.true_positives}/{s.judged_proposed}"
            f" proposed that are labelled claims or negatives; {s.negatives_proposed} negatives proposed)",
            f"windows exact:              {s.windows_exact_rate:.3f} ({s.windows_exact}/{s.recalled_claims}"
            " recalled claims)",
            f"windows within 31 days:     {s.windows_near_rate:.3f} ({s.windows_near}/{s.recalled_claims})",
            f"reversed not_before:        {s.reversed_not_before}",
            f"kind accuracy:              {s.kind_accuracy:.3f} ({s.kinds_correct}/{s.recalled_claims})",
            f"time:                       {s.ms_per_2000_words:.1f} ms per 2,000 words ({s.words} words)",
        ]
        self.stdout.write("\n".join(lines))
        if verbose:
            for title, items in [
                ("missed", s.misses),
                ("proposed, not labelled as claims", s.false_positives),
                ("window errors", s.window_errors),
                ("kind errors", s.kind_errors),
            ]:
                self.stdout.write(f"\n{title} ({len(items)}):")
                self.stdout.write("\n".join(f"  - {item}" for item in items))
