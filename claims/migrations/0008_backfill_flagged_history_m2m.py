"""Give the flag job's old history rows the claimants and tags they were written without.

Before this release the flag job's bulk history rows had no m2m rows, so each
read as "claimants and tags became []" and the next row put them back. The
flag job changes only the status, so a flagged row's claimants and tags are
those of the claim's row just before it: copy them. Rows that already have
m2m rows are left alone, so running it twice adds nothing.
"""

from django.db import migrations

OLD_REASONS = ("Flagged due", "Flagged due by the tracker")
M2M = (("HistoricalClaim_claimants", "author_id"), ("HistoricalClaim_tags", "tag_id"))


def backfill(apps, schema_editor):
    HistoricalClaim = apps.get_model("claims", "HistoricalClaim")
    flagged = HistoricalClaim.objects.filter(history_change_reason__in=OLD_REASONS).order_by("history_id")
    for model_name, target in M2M:
        Model = apps.get_model("claims", model_name)
        new_rows = []
        for row in flagged.exclude(history_id__in=Model.objects.values("history_id")).iterator():
            before = (
                # history_id, not history_date: rows of one transaction can share a timestamp.
                HistoricalClaim.objects.filter(id=row.id, history_id__lt=row.history_id)
                .order_by("-history_id")
                .first()
            )
            if before is None:
                continue
            for link in Model.objects.filter(history_id=before.history_id).values("id", "claim_id", target):
                new_rows.append(Model(history_id=row.history_id, **link))
        Model.objects.bulk_create(new_rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("claims", "0007_history_reason_text")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
