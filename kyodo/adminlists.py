"""Admin change lists that stay fast at a city's scale (hundreds of thousands of rows).

Applied to every ModelAdmin of the portal's apps when the app registry is ready (`apps.py`):

- **Joins for what a row shows.** The foreign keys in `list_display` are joined, and so is
  what their `__str__` reads (a model names that in `STR_RELATED`), so a page of 100 rows is
  one query rather than one per row and column.
- **Newest first by primary key** unless the admin sets an ordering or the model is a short,
  hand-ordered list (ordered by `order` or name, and not the rows of a parent record). Sorting a large table by an unindexed
  column (`-created_at`, a joined `order`) made PostgreSQL sort every row to show 100; columns
  stay sortable by clicking their header.
- **No second count.** `show_full_result_count = False`, and where PostgreSQL's planner expects
  a large result its estimate replaces `COUNT(*)`; the pager then says "about". Small results
  (most filtered lists) are counted exactly.
- **50 rows a page** rather than Django's 100: rendering a row's cells, not the database, was
  most of a change list's time once the queries were fixed.
- **Relation filters offer only the rows the user may see** (`kyodo.visibility`) and join what
  their labels read (a department's label includes its parent).
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

ESTIMATE_FROM_ROWS = 10_000
LIST_PER_PAGE = 50  # Django's 100 rows cost ~1 ms each to render, whatever the database does
PORTAL_APPS = {"accounts", "partners", "projects", "agreements", "reviews", "cases", "kyodo"}


def str_related(model, prefix: str = "", depth: int = 0) -> list[str]:
    """The relations `str(obj)` reads, as select_related paths (a model's `STR_RELATED`, followed)."""
    paths: list[str] = []
    if depth > 3:
        return paths
    for name in getattr(model, "STR_RELATED", ()):
        path = f"{prefix}{name}"
        paths.append(path)
        target = model
        for part in name.split("__"):
            target = target._meta.get_field(part).related_model
        if target is not model:  # a department's label reads its parent's name, not its label
            paths.extend(str_related(target, f"{path}__", depth + 1))
    return paths


class EstimatedCountPaginator(Paginator):
    """Counts exactly unless PostgreSQL's planner expects at least ESTIMATE_FROM_ROWS rows, where
    its estimate is used: a change list's pager, not a statistic, and `COUNT(*)` over a few
    hundred thousand rows was most of the page's time."""

    estimated = False

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if getattr(qs, "query", None) is not None and connections[qs.db].vendor == "postgresql":
            estimate = planner_rows(qs)
            if estimate >= ESTIMATE_FROM_ROWS:
                self.estimated = True
                return estimate
        return super().count


def planner_rows(qs) -> int:
    try:
        sql, params = qs.order_by().query.sql_with_params()
    except EmptyResultSet:  # a filter Django knows matches nothing (e.g. `pk__in=[]`)
        return 0
    with connections[qs.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A relation filter whose choices are the related rows the user may see, joined with what
    their labels read."""

    def field_choices(self, field, request, model_admin):
        from . import visibility

        qs = field.related_model._default_manager.all()
        labels_read = str_related(field.related_model)
        if labels_read:  # (with no names, select_related joins every relation there is)
            qs = qs.select_related(*labels_read)
        qs = visibility.visible(request.user, qs)
        limit = getattr(field, "get_limit_choices_to", lambda: None)()
        if limit:
            qs = qs.complex_filter(limit)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            qs = qs.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in qs]


def _select_related(model_admin) -> None:
    if model_admin.list_select_related is not False:
        return
    opts = model_admin.model._meta
    related: list[str] = []
    for name in model_admin.list_display:
        if name == "__str__":
            related.extend(str_related(model_admin.model))
            continue
        if not isinstance(name, str):
            continue
        try:
            field = opts.get_field(name)
        except FieldDoesNotExist:  # a method or an admin column, not a field
            continue
        if field.many_to_one or field.one_to_one:
            related.append(name)
            related.extend(str_related(field.related_model, f"{name}__"))
    if related:
        model_admin.list_select_related = tuple(dict.fromkeys(related))


def _ordering(model_admin) -> None:
    """Keep the model's own ordering for short hand-ordered lists (wards, fields, departments:
    ordered by `order` or name, and not rows of a parent record); newest first otherwise."""
    if model_admin.ordering:
        return
    opts = model_admin.model._meta
    first = str(opts.ordering[0]).lstrip("-") if opts.ordering else ""
    # (Every city-owned row has a city: that relation does not make it a parent's row.)
    child = any(f.many_to_one and not f.null and f.name != "city" for f in opts.get_fields() if f.concrete)
    if first in {"order", "name", "name_kana"} and not child:
        return
    model_admin.ordering = ("-pk",)


def tune(site=admin.site) -> None:
    admin.FieldListFilter.register(lambda f: f.remote_field, ScopedRelatedFieldListFilter, take_priority=True)
    for model, model_admin in site._registry.items():
        if model._meta.app_label not in PORTAL_APPS:
            continue
        _select_related(model_admin)
        _ordering(model_admin)
        model_admin.show_full_result_count = False
        if model_admin.list_per_page == admin.ModelAdmin.list_per_page:
            model_admin.list_per_page = LIST_PER_PAGE
        if model_admin.paginator is Paginator:
            model_admin.paginator = EstimatedCountPaginator
