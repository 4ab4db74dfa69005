"""The admin site: every page reads rows through the visibility rules (`kyodo.visibility`).

Each ModelAdmin registered here, the project's and third parties' alike, is given the scoping of
`ScopedAdmin`, and a model without a visibility rule cannot be registered. So the change list,
the change/history/delete pages, inlines, the choices of form fields and list filters, the
autocomplete and raw-id popups (which are change lists of the related model), actions and search
all show a user only the rows the portal would show them, and let them change only the rows the
rule allows. Superusers keep everything.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.db.models.base import ModelBase

from . import visibility


class ScopedInline:
    """An inline's rows are the child rows the user may see (a consultation's case notes, a
    review's responses), whatever the parent shows."""

    def get_queryset(self, request):
        return visibility.visible(request.user, super().get_queryset(request))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return _scoped_field(super().formfield_for_dbfield(db_field, request, **kwargs), request)


class ScopedAdmin:
    def get_queryset(self, request):
        return visibility.visible(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or visibility.can_see(request.user, obj))

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or visibility.can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or visibility.can_change(request.user, obj))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not visibility.keeps_everything(request.user, self.model):
            # Bulk deletion checks the model permission only, not each row's rule.
            actions.pop("delete_selected", None)
        return actions

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return _scoped_field(super().formfield_for_dbfield(db_field, request, **kwargs), request)

    def get_inline_instances(self, request, obj=None):
        return [_scope_instance(inline, ScopedInline) for inline in super().get_inline_instances(request, obj)]


def _scoped_field(formfield, request):
    """A choice of related rows offers (and accepts) only rows the user may see."""
    queryset = getattr(formfield, "queryset", None)
    if queryset is not None and visibility.has_rule(queryset.model):
        formfield.queryset = visibility.visible(request.user, queryset)
    return formfield


_scoped_classes: dict[type, type] = {}


def scoped(admin_class: type, mixin: type = ScopedAdmin) -> type:
    if issubclass(admin_class, mixin):
        return admin_class
    if admin_class not in _scoped_classes:
        _scoped_classes[admin_class] = type(admin_class.__name__, (mixin, admin_class), {
            "__module__": admin_class.__module__, "__doc__": admin_class.__doc__,
        })
    return _scoped_classes[admin_class]


def _scope_instance(inline: InlineModelAdmin, mixin: type) -> InlineModelAdmin:
    inline.__class__ = scoped(type(inline), mixin)
    return inline


class KyodoAdminSite(admin.AdminSite):
    """A city's admin, at /admin/ on the city's host: its administrators and its staff (by their
    postings there), and the platform's administrators."""

    def has_permission(self, request) -> bool:
        from accounts.roles import roles_of

        user = request.user
        if not user.is_active:
            return False
        roles = roles_of(user)
        return user.is_superuser or roles.admin or roles.is_city_staff

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else list(model_or_iterable)
        for model in models:
            if not model._meta.swapped:  # (Django ignores a swapped-out model such as auth.User)
                visibility.rule_for(model)  # ImproperlyConfigured when the model has no rule
        super().register(models, scoped(admin_class or admin.ModelAdmin), **options)
