"""The benchmark at a tiny size, as CI runs it: it completes and the project's answers equal raw SQL's.

No timing is asserted: figures depend on the machine (docs/benchmarks.md).
"""

import pytest
from django.utils import timezone

from benchmarks.bench import bench_run, format_table
from benchmarks.dataset import dataset_load

pytestmark = [pytest.mark.bench, pytest.mark.django_db]


def quiet(*_args) -> None:
    pass


def test_bench_measures_every_path_and_the_project_agrees_with_raw_sql(tmp_path):
    dataset = dataset_load(2000, today=timezone.localdate(), log=quiet)
    report = bench_run(dataset, runs=0, plans_dir=tmp_path, log=quiet)

    assert report["mismatches"] == []
    paths = {row["path"]: row for row in report["paths"]}
    # Where both sides compute the same thing the bench compares them, and they agree.
    compared = [name for name, row in paths.items() if row["check"] == "equal"]
    scorecards = {f"API scorecards by {group}" for group in ("claimant", "tag", "publication", "year")}
    assert {"flag due claims", "CSV export", *scorecards} <= set(compared)
    assert paths["flag due claims"]["answer"] == "20"  # 1 % of the claims were open past their date
    assert all(row["queries"] > 0 for name, row in paths.items() if not name.startswith("extract"))
    assert any(tmp_path.glob("flag-due-claims-*.txt")), "the EXPLAIN plans are saved"
    assert format_table(report).count("\n") == len(paths) + 1
