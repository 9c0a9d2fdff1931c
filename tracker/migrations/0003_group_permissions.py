from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate);
    # create the tracker's now so the groups can be given them.
    app_config = apps.get_app_config("tracker")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    from tracker.roles import grant_group_permissions

    grant_group_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0002_periodic_tasks"),
        ("claims", "0002_groups"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
