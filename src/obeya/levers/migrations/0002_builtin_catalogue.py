"""Load the built-in catalogue of levers (obeya.levers.catalogue) into the database."""

from django.db import migrations


def load_catalogue(apps, schema_editor):
    from obeya.levers.catalogue import sync_builtin_rows

    sync_builtin_rows(apps.get_model("levers", "Lever"))


class Migration(migrations.Migration):
    dependencies = [("levers", "0001_initial")]

    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
