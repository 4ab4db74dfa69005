"""The admin site: every page reads rows through the visibility rules (`kyodo.visibility`).

Each ModelAdmin registered here, the project's and third parties' alike, is given the scoping of
`ScopedAdmin`, and a model without a visibility rule cannot be registered. So the change list,
the change/history/delete pages, inlines, the choices of form fields and list filters, the
autocomplete and raw-id popups (which are change lists of the related model), actions and search
all show a user only the rows the portal would show them, and let them change only the rows the
rule allows. Superusers keep everything. The view-on-site redirect and the index's recent actions
read through the rules too (Django's read every city's rows, whatever the rules).
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.contenttypes.models import ContentType
from django.db.models.base import ModelBase
from django.http import Http404, HttpResponseRedirect
from django.urls import path
from django.utils.functional import SimpleLazyObject

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


RECENT_ACTIONS = 10  # as many as the index lists


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

    def get_log_entries(self, request):
        """The index's recent actions. Django's admin log is one table for every city: of the user's
        last actions, only those on rows they may see here (through the rules) are listed, not their
        work in another city's admin (a consultation is named by its summary). An entry of a deleted
        row names no city and is left out. Read only by a page that lists it (every admin page's
        context carries it)."""
        return SimpleLazyObject(lambda: self._recent_actions_here(request))

    def _recent_actions_here(self, request):
        entries = super().get_log_entries(request)
        here = []
        for entry in entries.filter(user=request.user)[:RECENT_ACTIONS]:
            model = entry.content_type.model_class()
            if model in self._registry and visibility.visible(request.user, model).filter(pk=entry.object_id).exists():
                here.append(entry.pk)
        return entries.filter(pk__in=here)

    def get_urls(self):
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        return [
            path("r/<int:content_type_id>/<path:object_id>/", self.admin_view(self.view_on_site), name="view_on_site"),
            *urls,
        ]

    def view_on_site(self, request, content_type_id: int, object_id: str) -> HttpResponseRedirect:
        """The object's page on the portal, for an object the user may see in this admin: Django's
        own redirect reads the object with its model's base manager, which answers for an id of any
        city and outside the user's scope (a redirect for a row, a 404 for none)."""
        content_type = ContentType.objects.filter(pk=content_type_id).first()
        model_admin = self._registry.get(content_type.model_class() if content_type is not None else None)
        obj = model_admin.get_object(request, object_id) if model_admin is not None else None
        seen = obj is not None and model_admin.has_view_or_change_permission(request, obj)
        if not seen or not hasattr(obj, "get_absolute_url"):
            raise Http404
        return HttpResponseRedirect(obj.get_absolute_url())
