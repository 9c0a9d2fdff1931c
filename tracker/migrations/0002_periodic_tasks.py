"""Create the beat schedule (tracker/schedules.py); the admin owns it afterwards."""

from django.db import migrations


def create_schedules(apps, schema_editor):
    from tracker.schedules import create_default_schedules

    create_default_schedules(apps)


def delete_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__startswith="tracker.tasks.").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0001_notification"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
