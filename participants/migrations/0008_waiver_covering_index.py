"""The access queryset's waiver check reads an organisation's waivers from one index (PostgreSQL only).

The check "an active waiver names the organisation" is planned as one hash of that organisation's
waivers; with the dates and id in the index, the hash is built without reading the table
(docs/drift.md, "Skalning"). SQLite has no covering indexes and needs none at demo size.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS waiver_by_organisation_covering ON participants_secrecywaiver "
    "(organisation_id, participant_id) INCLUDE (valid_from, valid_to, id)"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS waiver_by_organisation_covering")


class Migration(migrations.Migration):
    dependencies = [("participants", "0007_search_text_and_list_indexes")]

    operations = [migrations.RunPython(create, drop)]
