"""Database helpers that work on both PostgreSQL (production, tests) and SQLite (the local
default)."""

from __future__ import annotations

from django.db import connection
from django.db.migrations import RunSQL
from django.db.models import Aggregate, CharField, Value
from django.db.models.functions import Coalesce


class _SQLiteGroupConcat(Aggregate):
    function = "GROUP_CONCAT"
    output_field = CharField()

    def __init__(self, expression, delimiter: str, distinct: bool = False, **extra):
        self.delimiter = delimiter
        super().__init__(expression, distinct=distinct, **extra)
        self.allow_distinct = True

    def as_sql(self, compiler, conn, **extra_context):
        sql, params = super().as_sql(compiler, conn, **extra_context)
        if self.distinct:
            # SQLite allows no separator with DISTINCT: join with commas, then swap them.
            return f"REPLACE({sql}, ',', %s)", (*params, self.delimiter)
        return sql[:-1] + ", %s)", (*params, self.delimiter)


_SQLiteGroupConcat.allow_distinct = True


def string_agg(expression, delimiter: str, *, distinct: bool = False, order_by=None):
    """Join the values of `expression` over the group with `delimiter` ('' when none).

    PostgreSQL: STRING_AGG (ordered if asked). SQLite: GROUP_CONCAT, unordered — the local
    default only, where the order of names in an export does not matter."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.aggregates import StringAgg

        return StringAgg(expression, delimiter, distinct=distinct, order_by=order_by, default=Value(""))
    return Coalesce(_SQLiteGroupConcat(expression, delimiter, distinct=distinct), Value(""))


class PostgresOnlySQL(RunSQL):
    """A migration's raw SQL that only PostgreSQL runs (SQLite, the local default, skips it):
    extensions and index kinds SQLite lacks, such as pg_trgm's trigram indexes."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_index(table: str, column: str, name: str) -> PostgresOnlySQL:
    """A pg_trgm GIN index on UPPER(column): what `icontains` compiles to on PostgreSQL
    (`UPPER(col) LIKE UPPER('%…%')`), so a contains-search of three characters or more is an
    index lookup rather than a scan. Works for Japanese with a UTF-8 ctype (C.UTF-8, ja_JP.UTF-8)."""
    return PostgresOnlySQL(
        [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            f'CREATE INDEX IF NOT EXISTS {name} ON "{table}" USING gin (UPPER("{column}") gin_trgm_ops)',
        ],
        reverse_sql=[f"DROP INDEX IF EXISTS {name}"],
    )
