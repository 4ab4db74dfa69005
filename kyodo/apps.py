from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KyodoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kyodo"
    verbose_name = _("City rules")

    def ready(self) -> None:
        from django.contrib import admin

        for model_admin in admin.site._registry.values():
            _select_related_in_change_list(model_admin)


def _select_related_in_change_list(model_admin) -> None:
    """Join the foreign keys a change list shows. Django does so only for non-null keys when
    `list_select_related` is unset, so a nullable one (an actor, a ward) cost a query per row."""
    if model_admin.list_select_related is not False:
        return
    opts = model_admin.model._meta
    related = []
    for name in model_admin.list_display:
        if not isinstance(name, str):
            continue
        try:
            field = opts.get_field(name)
        except Exception:  # noqa: BLE001 - a method or an admin column, not a field
            continue
        if field.many_to_one or field.one_to_one:
            related.append(name)
    if related:
        model_admin.list_select_related = tuple(related)
