"""The access log is append-only in the database itself, whatever path writes to it.

A trigger refuses UPDATE and DELETE on PostgreSQL and SQLite alike. Removing entries older than
the retention period (at least five years) is a deliberate act by the database owner, who drops
the trigger for the purpose (see docs/drift.md).
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
    """
    CREATE TRIGGER insikt_accesslog_no_truncate
    BEFORE TRUNCATE ON insikt_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION insikt_access_log_is_append_only();
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS insikt_accesslog_no_truncate ON insikt_accesslog;",
    "DROP TRIGGER IF EXISTS insikt_accesslog_append_only ON insikt_accesslog;",
    "DROP FUNCTION IF EXISTS insikt_access_log_is_append_only();",
]
SQLITE = [
    """CREATE TRIGGER insikt_accesslog_no_update BEFORE UPDATE ON insikt_accesslog
       BEGIN SELECT RAISE(ABORT, 'insikt_accesslog is append-only'); END;""",
    """CREATE TRIGGER insikt_accesslog_no_delete BEFORE DELETE ON insikt_accesslog
       BEGIN SELECT RAISE(ABORT, 'insikt_accesslog is append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS insikt_accesslog_no_update;",
    "DROP TRIGGER IF EXISTS insikt_accesslog_no_delete;",
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
            run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
