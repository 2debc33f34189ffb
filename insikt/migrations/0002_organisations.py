from django.db import migrations

from insikt.models import ensure_standard_organisations


def create_organisations(apps, schema_editor):
    ensure_standard_organisations(apps.get_model("insikt", "Organisation"), apps.get_model("auth", "Group"))


class Migration(migrations.Migration):
    dependencies = [("insikt", "0001_initial")]
    operations = [migrations.RunPython(create_organisations, migrations.RunPython.noop)]
