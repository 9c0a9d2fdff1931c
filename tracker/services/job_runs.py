"""A record of when each periodic job last finished, for /healthz."""

from datetime import datetime

from tracker.models import JobRun


def job_run_record(*, name: str, finished_at: datetime) -> None:
    """Upsert the job's row in one statement, so concurrent runs never collide on the insert."""
    JobRun.objects.bulk_create(
        [JobRun(name=name, finished_at=finished_at)],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["finished_at"],
    )


def job_run_last(*, name: str) -> datetime | None:
    return JobRun.objects.filter(name=name).values_list("finished_at", flat=True).first()
