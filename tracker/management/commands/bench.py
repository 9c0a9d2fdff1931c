"""Load the synthetic claim set into a scratch PostgreSQL database and measure the hot paths.

    python manage.py bench [--claims N] [--json FILE] [--runs R] [--keep]

The work is benchmarks/bench.py; this command only creates (and drops) the
scratch database, so the configured one is never touched.
"""

import time
import warnings
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_test_environment
from django.utils import timezone

from benchmarks.bench import bench_run, format_table, write_json
from benchmarks.dataset import FULL_SIZE, dataset_existing, dataset_load

VAR = Path(settings.BASE_DIR) / "var" / "bench"


class Command(BaseCommand):
    help = "Measure the hot paths against raw SQL on a synthetic set in a scratch PostgreSQL database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--claims", type=int, default=FULL_SIZE, help="Claims to load (other counts scale)."
        )
        parser.add_argument(
            "--json", type=Path, help="Write the results here (default var/bench/bench-N.json)."
        )
        parser.add_argument(
            "--runs", type=int, help="Timed runs per path (default 5, 3 from 500,000 claims)."
        )
        parser.add_argument("--plans", type=Path, help="EXPLAIN plans folder (default var/bench/plans/N/).")
        parser.add_argument("--database", default="bench_scratch", help="Name of the scratch database.")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Keep the scratch database, and reuse it if it is already loaded.",
        )
        parser.add_argument(
            "--export-claims", type=int, help="Export only the N claims due first (default: all of them)."
        )
        parser.add_argument("--only", help="Measure only the paths whose name contains this.")
        parser.add_argument(
            "--budget", type=float, default=120.0, help="Stop repeating a path after this many seconds."
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The bench needs PostgreSQL (it creates and drops its own scratch database there): "
                "set DATABASE_URL=postgres://user@host:5432/anydb."
            )
        name, claims = options["database"], options["claims"]
        if name == connection.settings_dict["NAME"]:
            raise CommandError(f"{name} is the configured database; the bench only writes to a scratch one.")
        if claims < 100:
            raise CommandError("--claims must be at least 100.")
        runs = options["runs"] or (3 if claims >= 500_000 else 5)
        out = options["json"] or VAR / f"bench-{claims}.json"
        plans = options["plans"] or VAR / "plans" / str(claims)

        original = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})["NAME"] = name
        self.stdout.write(f"Scratch database {name}: migrating ...")
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=options["keep"]
        )
        setup_test_environment(debug=False)  # testserver host, in-memory mail, no query log kept
        warnings.filterwarnings("ignore", "No directory at", UserWarning)  # whitenoise: nothing collected
        try:
            today = timezone.localdate()
            dataset = dataset_existing(today) if options["keep"] else None
            if dataset is not None and dataset.spec.claims != claims:
                raise CommandError(
                    f"{name} holds {dataset.spec.claims} claims, not {claims}: drop it or leave --keep."
                )
            if dataset is None:
                self.stdout.write(f"Loading {claims:,} claims ...")
                start = time.perf_counter()
                dataset = dataset_load(claims, today=today, log=self.stdout.write)
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")  # the visibility map, as a live database has it
                dataset.load_seconds["total"] = time.perf_counter() - start
                self.stdout.write(f"Loaded in {dataset.load_seconds['total']:.0f} s.")
            self.stdout.write(f"Measuring ({runs} timed runs each, after one counted run) ...")
            report = bench_run(
                dataset,
                runs=runs,
                plans_dir=plans,
                export_claims=options["export_claims"],
                only=options["only"],
                budget=options["budget"],
                log=self.stdout.write,
            )
        finally:
            connection.creation.destroy_test_db(original, verbosity=0, keepdb=options["keep"])
        write_json(report, out)
        spec = report["dataset"]["spec"]
        self.stdout.write(
            f"\n{spec['claims']:,} claims, {spec['claimants']:,} claimants, "
            f"{spec['publications']} publications, "
            f"{spec['articles']:,} articles, {spec['tags']} tags; medians of {runs} runs; "
            f"peak memory = {report['memory']}\n"
        )
        self.stdout.write(format_table(report))
        self.stdout.write(f"\nJSON: {out}\nEXPLAIN plans: {plans}/")
        if report["mismatches"]:
            raise CommandError(
                f"The project's answer differs from raw SQL's in: {', '.join(report['mismatches'])}"
            )
