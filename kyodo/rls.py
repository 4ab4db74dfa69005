"""Row-level security on PostgreSQL: the database's own wall between cities.

Every table of a city-owned model (a `city` column) gets a policy that shows and accepts only
the rows of the city named by the session setting `kyodo.city_id`, which the portal sets before
each statement (`kyodo.tenancy`). The join tables of many-to-many relations between city-owned
models show a row only when its owner row is visible. With no city set, nothing is visible.

Policies bind the roles that do not own the tables: the portal connects as an application role
(`manage.py grant_app_role`), while migrations run as the owner, to which the policies do not
apply (no FORCE), so that they can move every city's rows. See the README, "Cities as tenants".
"""

from __future__ import annotations

POLICY = "kyodo_city"
CITY_MATCHES = "city_id = NULLIF(current_setting('kyodo.city_id', true), '')::bigint"


def city_tables(apps) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The tables with a city column, and the join tables (table, owner column, owner table) of
    many-to-many fields declared on city-owned models."""
    owned, joins = [], []
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed:
            continue
        if any(f.name == "city" for f in opts.local_fields):
            owned.append(opts.db_table)
            for field in opts.local_many_to_many:
                through = field.remote_field.through._meta
                if through.auto_created:
                    joins.append((through.db_table, field.m2m_column_name(), opts.db_table))
    return sorted(owned), sorted(joins)


def policies_sql(apps, quote) -> list[str]:
    owned, joins = city_tables(apps)
    statements = []
    for table in owned:
        t = quote(table)
        statements += [
            f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS {POLICY} ON {t}",
            f"CREATE POLICY {POLICY} ON {t} USING ({CITY_MATCHES}) WITH CHECK ({CITY_MATCHES})",
        ]
    for table, column, owner in joins:
        t = quote(table)
        visible_owner = f"EXISTS (SELECT 1 FROM {quote(owner)} o WHERE o.id = {t}.{quote(column)})"
        statements += [
            f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY",
            f"DROP POLICY IF EXISTS {POLICY} ON {t}",
            f"CREATE POLICY {POLICY} ON {t} USING ({visible_owner}) WITH CHECK ({visible_owner})",
        ]
    return statements


def apply_policies(apps, schema_editor) -> None:
    """A migration step (PostgreSQL only): every city table gets its policy. Run again by a
    later migration whenever a city-owned model is added."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    for statement in policies_sql(apps, connection.ops.quote_name):
        schema_editor.execute(statement)


def grant_sql(role: str, quote) -> list[str]:
    r = quote(role)
    return [
        f"GRANT USAGE ON SCHEMA public TO {r}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r}",
    ]
