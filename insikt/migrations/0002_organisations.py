from django.db import migrations

# Frozen here: a migration must not change when the model's constants do.
ORGANISATIONS = [
    ("af", "Arbetsförmedlingen", "AF", True),
    ("ama", "Malmö stad – Arbetsmarknadsavdelningen", "Malmö stad AMA", True),
    ("eb", "Malmö stad – Ekonomiskt bistånd", "Ekonomiskt bistånd", True),
    ("region", "Region Skåne", "Region Skåne", False),
    ("fk", "Försäkringskassan", "Försäkringskassan", False),
]


def create_organisations(apps, schema_editor):
    Organisation = apps.get_model("insikt", "Organisation")
    Group = apps.get_model("auth", "Group")
    for code, name, short_name, has_staff in ORGANISATIONS:
        if not Organisation.objects.filter(code=code).exists():
            group, _ = Group.objects.get_or_create(name=f"Organisation: {code}")
            Organisation.objects.create(code=code, name=name, short_name=short_name, has_staff=has_staff, group=group)


class Migration(migrations.Migration):
    dependencies = [("insikt", "0001_initial")]
    operations = [migrations.RunPython(create_organisations, migrations.RunPython.noop)]
