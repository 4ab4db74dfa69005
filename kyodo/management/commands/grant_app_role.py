"""Grant the portal's application role what it needs (row-level security binds it; see kyodo.rls)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from kyodo.rls import grant_sql


class Command(BaseCommand):
    help = ("Run as the tables' owner after migrate: lets the application role (created by the DBA, "
            "without BYPASSRLS) read and write the tables, under the cities' row-level security.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="the PostgreSQL role the portal connects as, e.g. kyodo_app")

    def handle(self, *args, role: str, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("Row-level security and roles exist on PostgreSQL only.")
        with connection.cursor() as cursor:
            for statement in grant_sql(role, connection.ops.quote_name):
                cursor.execute(statement)
        self.stdout.write(self.style.SUCCESS(f"Granted the tables to {role}."))
