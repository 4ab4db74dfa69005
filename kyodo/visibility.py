"""Which rows a user may see and change, declared once per model.

Every app declares, in its `permissions.py`, a rule for each of its models: a function that
narrows a queryset to the rows a user may see (`see`) and one for the rows they may change
(`change`). The rules are written from the same role facts and permission functions as the
portal's pages, and every door reads rows through them: the portal's lists, every page of the
admin (change lists, change/history/delete pages, inlines, form choices, list filters,
autocomplete and raw-id popups, actions, search) and the exports.

Child rows (events, scores, attachments, versions, comments, contacts) follow their parent
with `follows`, narrowed further where the portal hides more of them.

Platform administrators (superusers) keep everything; a city's administrators keep every row of
their city (the city-owned tables are already scoped to the current city, `kyodo.tenancy`) and,
of the platform's own tables (accounts), what the rule gives them. A model without a rule cannot
be registered in the admin (`kyodo.adminsite`), so a new model is never shown by default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.utils.module_loading import autodiscover_modules

from .tenancy import CityOwned

Narrow = Callable[[Any, QuerySet], QuerySet]


def everyone(user, qs: QuerySet) -> QuerySet:
    """Reference data every user may read (wards, fields of activity, the city's rules)."""
    return qs


def nobody(user, qs: QuerySet) -> QuerySet:
    """Rows only superusers see or change: through the admin, or only through the services."""
    return qs.none()


@dataclass(frozen=True)
class Rule:
    see: Narrow
    change: Narrow = nobody


_rules: dict[type[Model], Rule] = {}
_discovered = False


def declare(model: type[Model], *, see: Narrow, change: Narrow = nobody) -> None:
    """The rule for `model`: which rows a user sees, which they change (by default: none)."""
    _rules[model] = Rule(see=see, change=change)


def rule_for(model: type[Model]) -> Rule:
    global _discovered
    if not _discovered:
        autodiscover_modules("permissions")
        _discovered = True
    model = model._meta.concrete_model
    try:
        return _rules[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model._meta.label} has no visibility rule: declare one with kyodo.visibility.declare() "
            f"in {model._meta.app_label}/permissions.py"
        ) from None


def has_rule(model: type[Model]) -> bool:
    try:
        rule_for(model)
    except ImproperlyConfigured:
        return False
    return True


def _queryset(model_or_qs: type[Model] | QuerySet) -> QuerySet:
    if isinstance(model_or_qs, QuerySet):
        return model_or_qs
    return model_or_qs._default_manager.all()


def _is_signed_in(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def keeps_everything(user, model: type[Model]) -> bool:
    """Superusers everywhere; a city's administrators in their city's own tables."""
    if not _is_signed_in(user):
        return False
    if user.is_superuser:
        return True
    from accounts.roles import roles_of

    return issubclass(model, CityOwned) and roles_of(user).admin


def visible(user, model_or_qs: type[Model] | QuerySet) -> QuerySet:
    """The rows of `model_or_qs` that `user` may see."""
    qs = _queryset(model_or_qs)
    if keeps_everything(user, qs.model):
        return qs
    rule = rule_for(qs.model)
    if not _is_signed_in(user):
        # Visitors read public rows through the public pages' own selectors (published calls,
        # the register); through this door they get reference data only.
        return qs if rule.see is everyone else qs.none()
    return rule.see(user, qs)


def changeable(user, model_or_qs: type[Model] | QuerySet) -> QuerySet:
    """The rows of `model_or_qs` that `user` may change."""
    qs = _queryset(model_or_qs)
    if keeps_everything(user, qs.model):
        return qs
    if not _is_signed_in(user):
        return qs.none()
    return rule_for(qs.model).change(user, qs)


def can_see(user, obj: Model) -> bool:
    return visible(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def can_change(user, obj: Model) -> bool:
    return changeable(user, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def follows(path: str, parent: type[Model], *, change: bool = False, also: Narrow | None = None) -> Narrow:
    """A child's rule: the rows whose parent (reached by `path`) the user may see (or, with
    `change=True`, change), narrowed further by `also` where the portal hides more."""

    def narrow(user, qs: QuerySet) -> QuerySet:
        parents = (changeable if change else visible)(user, parent)
        qs = qs.filter(**{f"{path}__in": parents.values("pk")})
        return also(user, qs) if also is not None else qs

    return narrow


def own(field: str) -> Narrow:
    """Rows that are the user's own (their e-mail addresses, their postings)."""
    return lambda user, qs: qs.filter(**{field: user})
