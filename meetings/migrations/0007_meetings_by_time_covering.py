"""The start page's "meetings this week" from one index (PostgreSQL only).

The count keeps the week's meetings that the user booked or attends; with who booked, the status and
the participant in the index, the week's meetings are filtered without reading the table: at 200,000
participants 7 ms instead of 53 (docs/drift.md, "Skalning"). SQLite has no covering indexes and needs
none at demo size.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS meeting_by_time_covering ON meetings_meeting "
    "(starts_at) INCLUDE (booked_by_id, status, participant_id, id)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS meeting_by_time_covering")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0006_work_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
