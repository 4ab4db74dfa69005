"""A signed agreement version can never change, and signatures are append-only.

Enforced in the database so that no code path (admin, shell, raw SQL) can alter what was
signed. PostgreSQL gets PL/pgSQL triggers (RunSQL with reverse_sql); SQLite, the development
default, gets equivalent SQLite triggers. Each operation runs only on its own vendor.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION agreements_signed_version_immutable() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM agreements_signature WHERE version_id = OLD.id) THEN
        RAISE EXCEPTION 'agreement version % is signed and cannot be changed or deleted', OLD.id
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER agreements_version_immutable
    BEFORE UPDATE OR DELETE ON agreements_agreementversion
    FOR EACH ROW EXECUTE FUNCTION agreements_signed_version_immutable();

CREATE OR REPLACE FUNCTION agreements_signature_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'signatures are append-only (signature %)', OLD.id
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER agreements_signature_append_only
    BEFORE UPDATE OR DELETE ON agreements_signature
    FOR EACH ROW EXECUTE FUNCTION agreements_signature_append_only();
"""

PG_REVERSE = """
DROP TRIGGER IF EXISTS agreements_signature_append_only ON agreements_signature;
DROP FUNCTION IF EXISTS agreements_signature_append_only();
DROP TRIGGER IF EXISTS agreements_version_immutable ON agreements_agreementversion;
DROP FUNCTION IF EXISTS agreements_signed_version_immutable();
"""

SQLITE_FORWARD = [
    """CREATE TRIGGER agreements_version_no_update BEFORE UPDATE ON agreements_agreementversion
       WHEN EXISTS (SELECT 1 FROM agreements_signature WHERE version_id = OLD.id)
       BEGIN SELECT RAISE(ABORT, 'agreement version is signed and cannot be changed'); END""",
    """CREATE TRIGGER agreements_version_no_delete BEFORE DELETE ON agreements_agreementversion
       WHEN EXISTS (SELECT 1 FROM agreements_signature WHERE version_id = OLD.id)
       BEGIN SELECT RAISE(ABORT, 'agreement version is signed and cannot be deleted'); END""",
    """CREATE TRIGGER agreements_signature_no_update BEFORE UPDATE ON agreements_signature
       BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END""",
    """CREATE TRIGGER agreements_signature_no_delete BEFORE DELETE ON agreements_signature
       BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END""",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS agreements_version_no_update",
    "DROP TRIGGER IF EXISTS agreements_version_no_delete",
    "DROP TRIGGER IF EXISTS agreements_signature_no_update",
    "DROP TRIGGER IF EXISTS agreements_signature_no_delete",
]


class PostgresRunSQL(migrations.RunSQL):
    """RunSQL that only runs on PostgreSQL (the SQL is PL/pgSQL)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def sqlite_forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def sqlite_reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [
        PostgresRunSQL(PG_FORWARD, reverse_sql=PG_REVERSE),
        migrations.RunPython(sqlite_forward, sqlite_reverse),
    ]
