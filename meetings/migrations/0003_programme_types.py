from django.db import migrations

# A sensible starting list; the project leader keeps it up to date in the admin.
PROGRAMME_TYPES = [
    "Rusta och matcha",
    "Arbetsträning",
    "Lönebidrag",
    "Nystartsjobb",
    "Arbetsmarknadsutbildning",
    "Extratjänst",
    "Praktik",
    "Jobbspår",
    "Kommunal arbetsmarknadsinsats",
    "Arbetslivsinriktad rehabilitering",
    "SFI/Komvux",
    "Folkhögskola",
    "Annat",
]


def add_programme_types(apps, schema_editor):
    ProgrammeType = apps.get_model("meetings", "ProgrammeType")
    for position, name in enumerate(PROGRAMME_TYPES, start=1):
        ProgrammeType.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_attendees_and_history_review"),
    ]

    operations = [
        migrations.RunPython(add_programme_types, migrations.RunPython.noop),
    ]
