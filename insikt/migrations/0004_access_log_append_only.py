"""The access log is append-only in the database itself, whatever path writes to it.

On PostgreSQL (production) a trigger refuses UPDATE and DELETE of single rows, whatever path
writes. TRUNCATE stays possible for the table owner only: it is how the test runner empties
tables, and removing entries past the retention period (at least five years) is a deliberate act
by the database owner (see docs/drift.md). SQLite is the local demo database; there the model
and queryset guards apply.
"""

from django.db import migrations

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION insikt_access_log_is_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'insikt_accesslog is append-only';
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER insikt_accesslog_append_only
    BEFORE UPDATE OR DELETE ON insikt_accesslog
    FOR EACH ROW EXECUTE FUNCTION insikt_access_log_is_append_only();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS insikt_accesslog_append_only ON insikt_accesslog;",
    "DROP FUNCTION IF EXISTS insikt_access_log_is_append_only();",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("insikt", "0003_registers_participants")]
    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRESQL}),
            run({"postgresql": POSTGRESQL_REVERSE}),
        )
    ]
