"""The city as tenant: one deployment serves many cities, and no city's rows reach another.

- **The current city** is set once per request (`CityMiddleware`, from the host name) or per
  task (`kyodo.celery`, from a header the publishing side adds), in a context variable. Code
  that works for several cities in turn (beat's periodic work, the demo loader) activates each
  with `activate(city)`.
- **Every city-owned row** (`CityOwned`) carries its city; a new row takes the current city
  (the field's default), and the default manager reads only the current city's rows. A query
  made with no city active raises `NoCity` rather than reading every city.
- **On PostgreSQL, a second wall**: row-level security on every city-owned table, with the
  current city passed to the database as the setting `kyodo.city_id` before each statement
  (`install_database_city`), so a query that bypasses the manager (raw SQL, `_base_manager`)
  still sees only the current city's rows when the portal connects with its application role.
  See the README, "Cities as tenants".
"""

from __future__ import annotations

import contextvars
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from .models import City

_current: contextvars.ContextVar[City | None] = contextvars.ContextVar("kyodo_city", default=None)


class NoCity(RuntimeError):
    """A city's data was read or written with no city active: a programming error."""


def current_city() -> City:
    city = _current.get()
    if city is None:
        raise NoCity("no city is active: activate one with kyodo.tenancy.activate(city)")
    return city


def current_city_or_none() -> City | None:
    return _current.get()


def current_city_id() -> int:
    """The default of every `city` field: a new row belongs to the current city."""
    return current_city().pk


@contextmanager
def activate(city: City | None) -> Iterator[City | None]:
    token = _current.set(city)
    try:
        yield city
    finally:
        _current.reset(token)


def each_city() -> Iterator[City]:
    """The cities a periodic task works for: the current one when a city is active (a task
    published for one city), else every active city in turn, each activated while it is worked on."""
    city = _current.get()
    if city is not None:
        yield city
        return
    from .models import City

    for city in City.objects.active():
        with activate(city):
            yield city


class CurrentCity(models.Expression):
    """The current city's id, read when the query is compiled to SQL, not when it is built: a
    queryset made at import time (a form field's or a filter's choices) reads the city of the
    request that runs it."""

    output_field = models.BigIntegerField()

    def as_sql(self, compiler, connection):
        return "%s", [current_city_id()]


class CityManager(models.Manager):
    """Reads the current city's rows only."""

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().filter(city_id=CurrentCity())


class CityOwned(models.Model):
    """A row that belongs to exactly one city."""

    city = models.ForeignKey(
        "kyodo.City", verbose_name="city", on_delete=models.PROTECT, default=current_city_id, editable=False,
        related_name="+",
    )

    objects = CityManager()

    class Meta:
        abstract = True


def unique_in_city(*fields: str, name: str) -> models.UniqueConstraint:
    """What was unique platform-wide is unique within a city (a ward's name, an agreement number)."""
    return models.UniqueConstraint(fields=["city", *fields], name=name)


def city_manager(queryset_class: type[models.QuerySet]) -> CityManager:
    """The default manager of a city-owned model with its own QuerySet methods."""
    return CityManager.from_queryset(queryset_class)()


# --- The database's wall (PostgreSQL) ------------------------------------------------------------
SETTING = "kyodo.city_id"
_known: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _pass_city_to_database(execute, sql, params, many, context):
    """Before each statement, make sure the session's `kyodo.city_id` is the current city.

    A value set outside any transaction stays for the session, so it is remembered and not set
    again; a value set inside a transaction is not remembered (a rollback would undo it)."""
    from psycopg.pq import TransactionStatus

    raw = context["connection"].connection
    if raw.info.transaction_status == TransactionStatus.INERROR:
        # A statement failed (e.g. a unique index refused a concurrent insert): only the
        # rollback to the savepoint can run now, and it needs no city.
        return execute(sql, params, many, context)
    city = _current.get()
    want = "" if city is None else str(city.pk)
    if _known.get(raw) != want:
        # Outside a transaction only in autocommit mode: otherwise this statement opens one.
        idle = raw.autocommit and raw.info.transaction_status == TransactionStatus.IDLE
        raw.execute("SELECT set_config(%s, %s, false)", [SETTING, want])
        if idle:
            _known[raw] = want
        else:
            _known.pop(raw, None)
    return execute(sql, params, many, context)


def install_database_city(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: PostgreSQL connections pass the current city on."""
    if connection.vendor == "postgresql" and _pass_city_to_database not in connection.execute_wrappers:
        connection.execute_wrappers.append(_pass_city_to_database)


def cache_key(key: str, key_prefix: str, version: int) -> str:
    """Every cache key carries the current city (CACHES' KEY_FUNCTION): a city's cached pages,
    counts and throttles are its own."""
    city = _current.get()
    return f"{key_prefix}:{version}:{city.pk if city is not None else '-'}:{key}"
