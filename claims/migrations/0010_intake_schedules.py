"""Beat entries for the intake: poll the feeds, re-read quoted articles (tracker/schedules.py)."""

from django.db import migrations


def create_schedules(apps, schema_editor):
    from tracker.schedules import create_intake_schedules

    create_intake_schedules(apps)


def delete_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(
        task__in=["claims.tasks.poll_feeds", "claims.tasks.recheck_quoted_articles"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_intake"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
