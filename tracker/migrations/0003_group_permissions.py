from django.db import migrations


def grant(apps, schema_editor):
    # The tracker's permissions (claims.roles lists them) can be granted now.
    from claims.roles import sync_groups

    sync_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0002_periodic_tasks"),
        ("claims", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
