"""SQLite rebuilds a table to add a column with a foreign key (the city), and the rebuilt table
has lost its triggers: put back the immutability triggers of 0002 (PostgreSQL's are kept)."""

from importlib import import_module

from django.db import migrations

triggers = import_module("agreements.migrations.0002_immutability_triggers")


def sqlite_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in triggers.SQLITE_FORWARD:
            schema_editor.execute(statement.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS", 1))


class Migration(migrations.Migration):
    dependencies = [("agreements", "0009_file_names_with_the_city")]

    operations = [migrations.RunPython(sqlite_again, migrations.RunPython.noop)]
