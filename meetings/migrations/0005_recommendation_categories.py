from django.db import migrations

from meetings.models import ensure_standard_categories


def add_categories(apps, schema_editor):
    ensure_standard_categories(apps.get_model("meetings", "RecommendationCategory"), apps.get_model("insikt", "Organisation"))


class Migration(migrations.Migration):
    dependencies = [
        ("insikt", "0002_organisations"),
        ("meetings", "0004_recommendations"),
    ]

    operations = [
        migrations.RunPython(add_categories, migrations.RunPython.noop),
    ]
