"""Bulk loading with PostgreSQL's COPY (psycopg 3), driven by the Django models.

Rows are dicts keyed by field attname; a field a row leaves out gets the model's default (so a
column another engineer adds with a default does not break the loader). Primary keys are
allocated here, in Python, so related rows can point at them without reading them back."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.db import connection, models
from django.utils import timezone


class IdAllocator:
    """Hands out primary keys above the table's current maximum; `finish` moves the sequence."""

    def __init__(self) -> None:
        self.next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model], count: int) -> range:
        if model not in self.next:
            with connection.cursor() as cur:
                cur.execute(f'SELECT COALESCE(MAX("{model._meta.pk.column}"), 0) FROM "{model._meta.db_table}"')
                self.next[model] = cur.fetchone()[0] + 1
        start = self.next[model]
        self.next[model] = start + count
        return range(start, start + count)


def reset_sequences(models_: Iterable[type[models.Model]]) -> None:
    sql = connection.ops.sequence_reset_sql(_NoStyle(), list(models_))
    with connection.cursor() as cur:
        for statement in sql:
            cur.execute(statement)


class _NoStyle:
    def __getattr__(self, name: str):
        return lambda text: text


def _default(field: models.Field, now) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.JSONField):
        return {}
    return field.get_default()


def copy_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """COPY `rows` into `model`'s table. Returns the number of rows written."""
    fields = [f for f in model._meta.concrete_fields]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    now = timezone.now()
    defaults = {f.attname: _default(f, now) for f in fields if not (f.primary_key and f.attname == "id")}
    prep = [(f.attname, f) for f in fields]
    count = 0
    raw = connection.connection  # the psycopg connection under Django's wrapper
    with raw.cursor() as cur, cur.copy(f'COPY "{model._meta.db_table}" ({columns}) FROM STDIN') as cp:
        for row in rows:
            values = []
            for attname, field in prep:
                value = row[attname] if attname in row else defaults.get(attname)
                values.append(field.get_db_prep_save(value, connection) if value is not None else None)
            cp.write_row(values)
            count += 1
    return count


class Timer:
    """Collects how long each loading step took and how many rows it wrote."""

    def __init__(self) -> None:
        self.steps: list[dict[str, Any]] = []

    def step(self, name: str):
        timer = self

        class _Step:
            rows = 0

            def __enter__(self_inner):
                self_inner.t0 = time.perf_counter()
                print(f"  … {name}", flush=True)
                return self_inner

            def __exit__(self_inner, *exc):
                seconds = time.perf_counter() - self_inner.t0
                timer.steps.append({"step": name, "rows": self_inner.rows, "seconds": round(seconds, 2)})
                if exc[0] is None:
                    print(f"    {self_inner.rows:>9,} rows in {seconds:6.1f} s", flush=True)
                return False

        return _Step()
